// Package messaging is the read and request side of the message log: listing,
// detail with the attempt trail, stats, retries, sends by hand and test
// messages, and the inbox of messages patients send. The engine that sends
// (enqueue, claim, send, record, recover, receipts) is package outbox.
package messaging

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
)

// KnownChannels are the channels a message can travel on.
var KnownChannels = []string{"whatsapp", "kakao", "sms", "log"}

// Audit vocabulary of the message log.
const (
	ActionMessageSend  = "message.send"
	ActionMessageTest  = "message.test"
	ActionMessageRetry = "message.retry"
	ResourceMessage    = "message"
)

// Paging of the message log.
const (
	DefaultPerPage = 50
	MaxPerPage     = 100
)

// PatientScope answers whether an actor may see a patient: admins and
// developers see every live patient of their tenant, volunteers only those
// assigned to them.
type PatientScope interface {
	// Visible returns the name of the patient, or errs.ErrNotFound when the
	// patient does not exist, was deleted, or is not the actor's to see.
	Visible(ctx context.Context, a identity.Actor, patientID string) (name string, err error)
}

// Service is the message log as staff and integrations see it: the filtered
// list, one message with its failover trail, statistics, retries of failed
// messages, and messages sent by hand. Sending itself is the dispatcher's.
type Service struct {
	db     *db.DB
	outbox *outbox.Outbox
	clock  clock.Clock
	scope  PatientScope
	bodies outbox.Bodies // bodies are stored sealed
}

// NewService builds the service; a nil scope reads the patients table.
func NewService(d *db.DB, o *outbox.Outbox, c clock.Clock, scope PatientScope) *Service {
	if c == nil {
		c = clock.System{}
	}
	if scope == nil {
		scope = NewDBPatientScope(d)
	}
	bodies := outbox.NewBodies(nil)
	if o != nil {
		bodies = o.Bodies()
	}
	return &Service{db: d, outbox: o, clock: c, scope: scope, bodies: bodies}
}

// View is a message of the log with its patient's name ("" without a patient).
type View struct {
	outbox.Message

	PatientName string
}

// Detail is one message with every attempt, oldest first: the failover trail.
type Detail struct {
	View
	Attempts []outbox.Attempt
}

// Filter narrows the message log.
type Filter struct {
	PatientID string
	Channel   string
	Status    string
	Direction string
	Source    string
	Search    string     // the patient's name contains it (any case); bodies are encrypted at rest, so not searchable
	From, To  *time.Time // created_at in [From, To)
	Sort      string     // -created_at (default) or created_at
	Page      int        // from 1
	PerPage   int        // 1…100, default 50
}

// Known values, for validation.
var (
	statuses   = []string{outbox.StatusQueued, outbox.StatusSending, outbox.StatusSent, outbox.StatusDelivered, outbox.StatusRead, outbox.StatusFailed, outbox.StatusSkipped, outbox.StatusReceived}
	directions = []string{outbox.Outbound, outbox.Inbound}
	sources    = []string{outbox.SourceReminder, outbox.SourceWorkflow, outbox.SourceCampaign, outbox.SourceManual, outbox.SourceAutoReply, outbox.SourceConsent,

		// scopeOf says which messages an actor sees: "" for every message of the
		// tenant, or the user id whose assigned patients' messages a volunteer sees.
		outbox.SourceInbound, outbox.SourceTest}
)

func scopeOf(a identity.Actor) (string, error) {
	switch a.Role {
	case identity.RoleAdmin, identity.RoleDeveloper:
		return "", nil
	case identity.RoleVolunteer:
		if a.UserID == "" {
			return "", errs.ErrForbidden
		}
		return a.UserID, nil
	}
	return "", fmt.Errorf("unknown role: %w", errs.ErrForbidden)
}

// visibleOnly limits q (over "messages AS m") to what a volunteer may see:
// messages of live patients assigned to them. Messages without a patient (tests)
// are for admins and developers only.
func visibleOnly(q *gorm.DB, volunteerID string) *gorm.DB {
	if volunteerID == "" {
		return q
	}
	return q.Where(`EXISTS (SELECT 1 FROM patients vp WHERE vp.id = m.patient_id AND vp.tenant_id = m.tenant_id
		AND vp.assigned_volunteer_id = ? AND vp.deleted_at IS NULL)`, volunteerID)
}

// validate checks a filter and fills in the paging defaults.
func (f *Filter) validate() error {
	var fe errs.Fields
	f.PatientID, f.Channel, f.Status = strings.TrimSpace(f.PatientID), strings.TrimSpace(f.Channel), strings.TrimSpace(f.Status)
	f.Direction, f.Source, f.Search = strings.TrimSpace(f.Direction), strings.TrimSpace(f.Source), strings.TrimSpace(f.Search)
	if f.PatientID != "" && !ids.Valid(f.PatientID) {
		fe.Add("patient_id", "must be a patient id")
	}
	oneOf(&fe, "channel", f.Channel, KnownChannels)
	oneOf(&fe, "status", f.Status, statuses)
	oneOf(&fe, "direction", f.Direction, directions)
	oneOf(&fe, "source", f.Source, sources)
	if len([]rune(f.Search)) > 200 {
		fe.Add("search", "must be at most 200 characters")
	}
	if f.From != nil && f.To != nil && !f.From.Before(*f.To) {
		fe.Add("to", "must be after from")
	}
	switch f.Sort {
	case "":
		f.Sort = "-created_at"
	case "-created_at", "created_at":
	default:
		fe.Add("sort", "must be created_at or -created_at")
	}
	if f.Page < 1 {
		f.Page = 1
	}
	switch {
	case f.PerPage <= 0:
		f.PerPage = DefaultPerPage
	case f.PerPage > MaxPerPage:
		f.PerPage = MaxPerPage
	}
	return fe.Err()
}

func oneOf(fe *errs.Fields, field, v string, allowed []string) {
	if v != "" && !slices.Contains(allowed, v) {
		fe.Add(field, "must be one of "+strings.Join(allowed, ", "))
	}
}

// List returns one page of the messages the actor may see, newest first, and
// the number of matches: two SQL statements whatever the page size. Attempts
// are not loaded (Get has them).
func (s *Service) List(ctx context.Context, a identity.Actor, f Filter) ([]View, int64, error) {
	volunteer, err := scopeOf(a)
	if err != nil {
		return nil, 0, err
	}
	if err := f.validate(); err != nil {
		return nil, 0, err
	}
	base := func() *gorm.DB {
		q := s.db.Gorm.WithContext(ctx).Table("messages AS m").Where("m.tenant_id = ?", a.TenantID)
		q = visibleOnly(q, volunteer)
		for _, eq := range [][2]string{{"m.patient_id", f.PatientID}, {"m.channel", f.Channel}, {"m.status", f.Status},
			{"m.direction", f.Direction}, {"m.source", f.Source}} {
			if eq[1] != "" {
				q = q.Where(eq[0]+" = ?", eq[1])
			}
		}
		if f.From != nil {
			q = q.Where("m.created_at >= ?", f.From.UTC())
		}
		if f.To != nil {
			q = q.Where("m.created_at < ?", f.To.UTC())
		}
		if f.Search != "" {
			like := "%" + db.EscapeLike(strings.ToLower(f.Search)) + "%"
			q = q.Where(`EXISTS (SELECT 1 FROM patients sp WHERE sp.id = m.patient_id
				AND sp.tenant_id = m.tenant_id AND lower(sp.name) LIKE ? ESCAPE '\')`, like)
		}
		return q
	}
	var total int64
	if err := base().Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []View{}
	if total == 0 || int64((f.Page-1)*f.PerPage) >= total {
		return out, total, nil
	}
	order := "m.created_at DESC, m.id DESC"
	if f.Sort == "created_at" {
		order = "m.created_at ASC, m.id ASC"
	}
	err = base().Select("m.*, COALESCE(p.name, '') AS patient_name").
		Joins("LEFT JOIN patients p ON p.id = m.patient_id AND p.tenant_id = m.tenant_id").
		Order(order).Limit(f.PerPage).Offset((f.Page - 1) * f.PerPage).Scan(&out).Error
	for i := range out {
		out[i].Body = s.bodies.MustOpen(out[i].Body)
	}
	return out, total, err
}

// Get returns one message the actor may see with its attempts in order.
func (s *Service) Get(ctx context.Context, a identity.Actor, id string) (Detail, error) {
	volunteer, err := scopeOf(a)
	if err != nil {
		return Detail{}, err
	}
	return s.detail(ctx, s.db.Gorm, a.TenantID, id, volunteer)
}

func (s *Service) detail(ctx context.Context, q *gorm.DB, tenantID, id, volunteer string) (Detail, error) {
	if !ids.Valid(id) {
		return Detail{}, errs.ErrNotFound
	}
	var views []View
	err := visibleOnly(q.WithContext(ctx).Table("messages AS m").Where("m.tenant_id = ? AND m.id = ?", tenantID, id), volunteer).
		Select("m.*, COALESCE(p.name, '') AS patient_name").
		Joins("LEFT JOIN patients p ON p.id = m.patient_id AND p.tenant_id = m.tenant_id").
		Limit(1).Scan(&views).Error
	if err != nil {
		return Detail{}, err
	}
	if len(views) == 0 {
		return Detail{}, errs.ErrNotFound
	}
	d := Detail{View: views[0], Attempts: []outbox.Attempt{}}
	d.Body = s.bodies.MustOpen(d.Body)
	err = q.WithContext(ctx).Where("tenant_id = ? AND message_id = ?", tenantID, id).
		Order("attempt_no ASC, started_at ASC, id ASC").Find(&d.Attempts).Error
	return d, err
}

// DBPatientScope answers visibility questions from the patients table.
type DBPatientScope struct{ db *gorm.DB }

// NewDBPatientScope returns the scope over the database.
func NewDBPatientScope(d *db.DB) *DBPatientScope { return &DBPatientScope{db: d.Gorm} }

var _ PatientScope = (*DBPatientScope)(nil)

// Visible implements PatientScope.
func (p *DBPatientScope) Visible(ctx context.Context, a identity.Actor, patientID string) (string, error) {
	volunteer, err := scopeOf(a)
	if err != nil {
		return "", err
	}
	if !ids.Valid(patientID) {
		return "", errs.ErrNotFound
	}
	q := p.db.WithContext(ctx).Table("patients").
		Where("tenant_id = ? AND id = ? AND deleted_at IS NULL", a.TenantID, patientID)
	if volunteer != "" {
		q = q.Where("assigned_volunteer_id = ?", volunteer)
	}
	var names []string
	if err := q.Limit(1).Pluck("name", &names).Error; err != nil {
		return "", err
	}
	if len(names) == 0 {
		return "", errs.ErrNotFound
	}
	return names[0], nil
}

// notFound maps GORM's missing row to errs.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return errs.ErrNotFound
	}
	return err
}
