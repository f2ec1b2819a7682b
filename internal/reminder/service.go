package reminder

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/schedule"
	"gorm.io/gorm"
)

// Outbox queues messages inside the caller's transaction (outbox.Outbox).
type Outbox interface {
	Enqueue(ctx context.Context, tx *gorm.DB, n outbox.NewMessage) (outbox.Message, error)
}

// BatchOutbox is an outbox that can also queue many messages with a few
// statements, with Enqueue's semantics for each (duplicate suppression, dedupe
// keys) and the results in the order given. When the outbox has it, ticks
// queue each batch's messages with one call instead of one call per message.
type BatchOutbox interface {
	EnqueueMany(ctx context.Context, tx *gorm.DB, ns []outbox.NewMessage) ([]outbox.Message, error)
}

// Options tune the service.
type Options struct {
	// BatchSize is how many due reminders one tick transaction claims (default 1000).
	BatchSize int
	// Workers is how many tick transactions materialise side by side when more
	// than a batch is due (default 2; always one on SQLite).
	Workers int
	// Logger reports messages that could not be rendered; nil is slog.Default().
	Logger *slog.Logger
	// BaseURL is PRIMA_BASE_URL: a template's {{link}} to an article is its
	// public page under it.
	BaseURL string
}

// Service manages reminders and their occurrences, and runs the reminder side
// of a tick (Materialize, MarkMissed).
type Service struct {
	store   Store
	outbox  Outbox
	clock   clock.Clock
	batch   int
	workers int
	log     *slog.Logger
	baseURL string
	events  Events // nil: no outbound events
}

// NewService builds the reminder service.
func NewService(store Store, outbox Outbox, clk clock.Clock, opts Options) *Service {
	if clk == nil {
		clk = clock.System{}
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 1000
	}
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Service{store: store, outbox: outbox, clock: clk, batch: opts.BatchSize, workers: min(opts.Workers, MaxWorkers),
		log: opts.Logger, baseURL: opts.BaseURL}
}

// Filter narrows a listing.
type Filter struct {
	PatientID     string
	Type          string
	AppointmentID string
	IsActive      *bool
	Sort          string // -created_at (default), created_at, next_due_at, -next_due_at
	Page, PerPage int    // from 1; 1…100, default 50
}

// Paging defaults.
const (
	DefaultPerPage = 50
	MaxPerPage     = 100
)

func forbidden(what string) error { return fmt.Errorf("%s: %w", what, errs.ErrForbidden) }

// visibleTo is "" for every patient of the tenant, or the user id a
// volunteer's patients are assigned to.
func visibleTo(a identity.Actor) (string, error) {
	switch a.Role {
	case identity.RoleAdmin, identity.RoleDeveloper:
		return "", nil
	case identity.RoleVolunteer:
		return a.UserID, nil
	}
	return "", forbidden("unknown role")
}

func requireWrite(a identity.Actor) error {
	if !a.CanWrite() {
		return forbidden("this role only reads reminders")
	}
	return nil
}

// patient reads a live patient the actor may see; anything else is not found.
func (s *Service) patient(ctx context.Context, a identity.Actor, id string) (patient.Patient, error) {
	scope, err := visibleTo(a)
	if err != nil {
		return patient.Patient{}, err
	}
	if !ids.Valid(id) {
		return patient.Patient{}, errs.ErrNotFound
	}
	p, err := s.store.Patient(ctx, a.TenantID, id)
	if err != nil {
		return patient.Patient{}, err
	}
	if scope != "" && (p.AssignedVolunteerID == nil || *p.AssignedVolunteerID != scope) {
		return patient.Patient{}, errs.ErrNotFound
	}
	return p, nil
}

// patientField reads the patient a request body names: missing is a field
// error; one the actor cannot see is not found, as everywhere else.
func (s *Service) patientField(ctx context.Context, a identity.Actor, fe *errs.Fields, id string) (patient.Patient, bool, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		fe.Add("patient_id", "is required")
		return patient.Patient{}, false, nil
	}
	p, err := s.patient(ctx, a, id)
	if err != nil {
		return patient.Patient{}, false, err
	}
	return p, true, nil
}

// load reads one reminder the actor may see, and its patient.
func (s *Service) load(ctx context.Context, a identity.Actor, id string) (Reminder, patient.Patient, error) {
	if _, err := visibleTo(a); err != nil {
		return Reminder{}, patient.Patient{}, err
	}
	if !ids.Valid(id) {
		return Reminder{}, patient.Patient{}, errs.ErrNotFound
	}
	r, err := s.store.Get(ctx, a.TenantID, id)
	if err != nil {
		return Reminder{}, patient.Patient{}, err
	}
	p, err := s.patient(ctx, a, r.PatientID)
	if err != nil {
		return Reminder{}, patient.Patient{}, err
	}
	r.PatientName, r.PatientTimezone = p.Name, p.Timezone
	return r, p, nil
}

// nextDue is the reminder's first due instant strictly after after, or nil.
func nextDue(r Reminder, p patient.Patient, ap *appointment.Appointment, after time.Time) *time.Time {
	if !r.IsActive {
		return nil
	}
	loc := zone(p.Timezone)
	if r.Type == TypeAppointment {
		if ap == nil || !ap.Live() {
			return nil
		}
		for _, t := range schedule.AppointmentTimes(r.Schedule.Offsets, ap.StartsAt, loc) {
			if t.After(after) {
				return &t
			}
		}
		return nil
	}
	if t, ok := schedule.Next(r.Schedule.Spec(), loc, after); ok {
		return &t
	}
	return nil
}

// Create saves a reminder for a patient the actor may see. It is due from now
// on: a start_date in the past creates nothing for the days gone by.
func (s *Service) Create(ctx context.Context, a identity.Actor, in Input) (Reminder, error) {
	if err := requireWrite(a); err != nil {
		return Reminder{}, err
	}
	var fe errs.Fields
	p, _, err := s.patientField(ctx, a, &fe, in.PatientID)
	if err != nil {
		return Reminder{}, err
	}
	now := s.now()
	r := Reminder{ID: ids.New(), TenantID: a.TenantID, PatientID: strings.TrimSpace(in.PatientID),
		ConfirmationWindowMinutes: DefaultConfirmationWindow, TTLMinutes: DefaultTTL, IsActive: true,
		CreatedAt: now, UpdatedAt: now, Version: 1, PatientName: p.Name, PatientTimezone: p.Timezone}
	if a.UserID != "" {
		r.CreatedBy = &a.UserID
	}
	ap := &applier{fe: fe}
	typ := in.Type
	ap.apply(&r, Patch{Type: &typ, TemplateID: in.TemplateID, Message: in.Message, Medication: in.Medication,
		Dose: in.Dose, AppointmentID: in.AppointmentID, Schedule: in.Schedule, ConfirmationWindowMinutes: in.ConfirmationWindowMinutes,
		TTLMinutes: in.TTLMinutes, IsActive: in.IsActive})
	if in.ChannelOrder != nil {
		order := in.ChannelOrder
		ap.apply(&r, Patch{ChannelOrder: &order})
	}
	if in.Schedule == nil {
		ap.fe.Add("schedule", "is required")
	}
	// The whole-object rules run even when a field failed, so the client sees every problem at once.
	appt, err := s.check(ctx, &ap.fe, &r, p)
	if err != nil {
		return Reminder{}, err
	}
	if err := ap.fe.Err(); err != nil {
		return Reminder{}, err
	}
	if !r.IsActive {
		r.PausedAt = &now
	}
	r.MaterializedUntil = &now
	r.NextDueAt = nextDue(r, p, appt, now)
	err = s.store.InTx(ctx, func(tx Store) error {
		if err := tx.Create(ctx, r); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionCreate,
			ResourceType: ResourceType, ResourceID: r.ID, Changes: ap.changed})
	})
	if err != nil {
		return Reminder{}, err
	}
	return r, nil
}

// Get returns one reminder.
func (s *Service) Get(ctx context.Context, a identity.Actor, id string) (Reminder, error) {
	r, _, err := s.load(ctx, a, id)
	return r, err
}

// List returns one page of the reminders the actor may see and the number of matches.
func (s *Service) List(ctx context.Context, a identity.Actor, f Filter) ([]Reminder, int64, error) {
	scope, err := visibleTo(a)
	if err != nil {
		return nil, 0, err
	}
	var fe errs.Fields
	q := Query{PatientID: strings.TrimSpace(f.PatientID), Type: strings.TrimSpace(f.Type),
		AppointmentID: strings.TrimSpace(f.AppointmentID), IsActive: f.IsActive, VisibleTo: scope,
		Sort: strings.TrimSpace(f.Sort), Page: f.Page, PerPage: f.PerPage}
	if q.PatientID != "" && !ids.Valid(q.PatientID) {
		fe.Add("patient_id", "must be a patient id")
	}
	if q.AppointmentID != "" && !ids.Valid(q.AppointmentID) {
		fe.Add("appointment_id", "must be an appointment id")
	}
	if q.Type != "" && !slices.Contains(Types, q.Type) {
		fe.Add("type", "must be one of "+strings.Join(Types, ", "))
	}
	if q.Sort == "" {
		q.Sort = "-created_at"
	}
	if _, ok := sortOrders[q.Sort]; !ok {
		fe.Add("sort", "must be one of created_at, -created_at, next_due_at, -next_due_at")
	}
	if err := fe.Err(); err != nil {
		return nil, 0, err
	}
	q.Page, q.PerPage = pageOf(q.Page, q.PerPage)
	return s.store.List(ctx, a.TenantID, q)
}

func pageOf(page, perPage int) (int, int) {
	if page < 1 {
		page = 1
	}
	switch {
	case perPage <= 0:
		perPage = DefaultPerPage
	case perPage > MaxPerPage:
		perPage = MaxPerPage
	}
	return page, perPage
}

// Update applies a patch with optimistic concurrency: a stale Version is a
// conflict. A new schedule, type or appointment takes effect from now (nothing
// is created for the time before); is_active false pauses, true resumes.
func (s *Service) Update(ctx context.Context, a identity.Actor, id string, pt Patch) (Reminder, error) {
	if err := requireWrite(a); err != nil {
		return Reminder{}, err
	}
	cur, p, err := s.load(ctx, a, id)
	if err != nil {
		return Reminder{}, err
	}
	if pt.Version != nil && *pt.Version != cur.Version {
		return Reminder{}, fmt.Errorf("reminder changed since version %d: %w", *pt.Version, errs.ErrConflict)
	}
	r := cur
	r.ChannelOrder = slices.Clone(cur.ChannelOrder)
	ap := &applier{}
	ap.apply(&r, pt)
	if err := ap.fe.Err(); err != nil {
		return Reminder{}, err
	}
	if len(ap.changed) == 0 {
		return cur, nil
	}
	appt, err := s.check(ctx, &ap.fe, &r, p)
	if err != nil {
		return Reminder{}, err
	}
	if err := ap.fe.Err(); err != nil {
		return Reminder{}, err
	}
	now := s.now()
	if ap.has("schedule") || ap.has("type") || ap.has("appointment_id") || ap.has("is_active") {
		s.retime(&r, p, appt, now)
	}
	r.Version = cur.Version + 1
	r.UpdatedAt = now
	err = s.store.InTx(ctx, func(tx Store) error {
		if err := tx.Update(ctx, r, cur.Version); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionUpdate,
			ResourceType: ResourceType, ResourceID: r.ID, Changes: ap.changed})
	})
	if err != nil {
		return Reminder{}, err
	}
	return r, nil
}

// retime makes a changed or resumed reminder due from now on: nothing is
// created for the time before now (a resume never back-fills the pause).
func (s *Service) retime(r *Reminder, p patient.Patient, appt *appointment.Appointment, now time.Time) {
	if r.IsActive {
		r.PausedAt = nil
	} else if r.PausedAt == nil {
		r.PausedAt = &now
	}
	r.MaterializedUntil = &now
	r.NextDueAt = nextDue(*r, p, appt, now)
}

// Pause stops a reminder until it is resumed; pausing a paused reminder changes nothing.
func (s *Service) Pause(ctx context.Context, a identity.Actor, id string) (Reminder, error) {
	return s.setActive(ctx, a, id, false)
}

// Resume restarts a paused reminder from now: what fell due while it was paused is not sent.
func (s *Service) Resume(ctx context.Context, a identity.Actor, id string) (Reminder, error) {
	return s.setActive(ctx, a, id, true)
}

func (s *Service) setActive(ctx context.Context, a identity.Actor, id string, active bool) (Reminder, error) {
	if err := requireWrite(a); err != nil {
		return Reminder{}, err
	}
	cur, p, err := s.load(ctx, a, id)
	if err != nil {
		return Reminder{}, err
	}
	if cur.IsActive == active {
		return cur, nil
	}
	var appt *appointment.Appointment
	if active && cur.Type == TypeAppointment && cur.AppointmentID != nil {
		ap, err := s.store.Appointment(ctx, a.TenantID, *cur.AppointmentID)
		if err != nil && !errors.Is(err, errs.ErrNotFound) {
			return Reminder{}, err
		}
		if err != nil || !ap.Live() {
			return Reminder{}, errs.Conflict("the reminder's appointment is no longer scheduled")
		}
		appt = &ap
	}
	now := s.now()
	r := cur
	r.IsActive = active
	s.retime(&r, p, appt, now)
	r.Version = cur.Version + 1
	r.UpdatedAt = now
	action := ActionPause
	if active {
		action = ActionResume
	}
	err = s.store.InTx(ctx, func(tx Store) error {
		if err := tx.Update(ctx, r, cur.Version); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: action,
			ResourceType: ResourceType, ResourceID: r.ID, Changes: []string{"is_active"}})
	})
	if err != nil {
		return Reminder{}, err
	}
	return r, nil
}

// Delete soft-deletes a reminder: nothing more is sent; its occurrences stay.
// A non-nil version that is not the stored one is a conflict.
func (s *Service) Delete(ctx context.Context, a identity.Actor, id string, version *int) error {
	if err := requireWrite(a); err != nil {
		return err
	}
	cur, _, err := s.load(ctx, a, id)
	if err != nil {
		return err
	}
	if err := errs.CheckVersion("reminder", version, cur.Version); err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Store) error {
		if err := tx.SoftDelete(ctx, a.TenantID, id, cur.Version, now); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionDelete,
			ResourceType: ResourceType, ResourceID: id})
	})
}

// now is the clock's time at the precision both databases keep (microseconds).
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }
