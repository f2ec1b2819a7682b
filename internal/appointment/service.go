package appointment

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
)

// Linked is told, inside the transaction that changes an appointment, that its
// start, status or existence changed, so that what depends on it (appointment
// reminders) changes in the same commit. a is the appointment as it now is
// (DeletedAt set when it was deleted).
type Linked interface {
	AppointmentChanged(ctx context.Context, tx *gorm.DB, a Appointment, now time.Time) error
}

// LinkedAll tells each of its members, in order.
type LinkedAll []Linked

// AppointmentChanged tells every member; the first error stops.
func (l LinkedAll) AppointmentChanged(ctx context.Context, tx *gorm.DB, a Appointment, now time.Time) error {
	for _, m := range l {
		if err := m.AppointmentChanged(ctx, tx, a, now); err != nil {
			return err
		}
	}
	return nil
}

// Service manages appointments.
type Service struct {
	store  Store
	clock  clock.Clock
	linked Linked
}

// NewService builds the appointment service. linked may be nil.
func NewService(store Store, clk clock.Clock, linked Linked) *Service {
	if clk == nil {
		clk = clock.System{}
	}
	return &Service{store: store, clock: clk, linked: linked}
}

// Filter narrows a listing.
type Filter struct {
	PatientID     string
	Status        string
	From, To      *time.Time // starts_at in [From, To)
	Sort          string     // starts_at (default), -starts_at, created_at, -created_at
	Page, PerPage int        // from 1; 1…100, default 50
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
		return forbidden("this role only reads appointments")
	}
	return nil
}

// patient reads a live patient the actor may see; anything else is not found.
func (s *Service) patient(ctx context.Context, a identity.Actor, id string) (PatientRef, error) {
	scope, err := visibleTo(a)
	if err != nil {
		return PatientRef{}, err
	}
	if !ids.Valid(id) {
		return PatientRef{}, errs.ErrNotFound
	}
	p, err := s.store.Patient(ctx, a.TenantID, id)
	if err != nil {
		return PatientRef{}, err
	}
	if scope != "" && (p.AssignedVolunteerID == nil || *p.AssignedVolunteerID != scope) {
		return PatientRef{}, errs.ErrNotFound
	}
	return p, nil
}

// load reads one appointment the actor may see; everything else is not found.
func (s *Service) load(ctx context.Context, a identity.Actor, id string) (Appointment, error) {
	if _, err := visibleTo(a); err != nil {
		return Appointment{}, err
	}
	if !ids.Valid(id) {
		return Appointment{}, errs.ErrNotFound
	}
	ap, err := s.store.Get(ctx, a.TenantID, id)
	if err != nil {
		return Appointment{}, err
	}
	p, err := s.patient(ctx, a, ap.PatientID)
	if err != nil {
		return Appointment{}, err
	}
	ap.PatientName = p.Name
	return ap, nil
}

// Create books an appointment for a patient the actor may see.
func (s *Service) Create(ctx context.Context, a identity.Actor, in Input) (Appointment, error) {
	if err := requireWrite(a); err != nil {
		return Appointment{}, err
	}
	var fe errs.Fields
	pid := strings.TrimSpace(in.PatientID)
	var p PatientRef
	if pid == "" {
		fe.Add("patient_id", "is required")
	} else {
		// A patient the actor cannot see is not found, as everywhere else.
		var err error
		if p, err = s.patient(ctx, a, pid); err != nil {
			return Appointment{}, err
		}
	}
	now := s.now()
	ap := Appointment{ID: ids.New(), TenantID: a.TenantID, PatientID: pid, Timezone: p.Timezone, Status: StatusScheduled,
		CreatedAt: now, UpdatedAt: now, Version: 1, PatientName: p.Name}
	app := &applier{fe: fe}
	app.apply(&ap, Patch{StartsAt: &in.StartsAt, Timezone: in.Timezone, Status: in.Status, SurgeryType: in.SurgeryType,
		Doctor: in.Doctor, Location: in.Location, Notes: in.Notes})
	if err := app.fe.Err(); err != nil {
		return Appointment{}, err
	}
	if ap.Timezone == "" {
		ap.Timezone = "UTC"
	}
	err := s.store.InTx(ctx, func(tx Store) error {
		if err := tx.Create(ctx, ap); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionCreate,
			ResourceType: ResourceType, ResourceID: ap.ID, Changes: app.changed})
	})
	if err != nil {
		return Appointment{}, err
	}
	return ap, nil
}

// Get returns one appointment.
func (s *Service) Get(ctx context.Context, a identity.Actor, id string) (Appointment, error) {
	return s.load(ctx, a, id)
}

// List returns one page of the appointments the actor may see and the number of matches.
func (s *Service) List(ctx context.Context, a identity.Actor, f Filter) ([]Appointment, int64, error) {
	scope, err := visibleTo(a)
	if err != nil {
		return nil, 0, err
	}
	var fe errs.Fields
	q := Query{PatientID: strings.TrimSpace(f.PatientID), Status: strings.TrimSpace(f.Status), From: f.From, To: f.To,
		VisibleTo: scope, Sort: strings.TrimSpace(f.Sort), Page: f.Page, PerPage: f.PerPage}
	if q.PatientID != "" && !ids.Valid(q.PatientID) {
		fe.Add("patient_id", "must be a patient id")
	}
	if q.Status != "" && !slices.Contains(Statuses, q.Status) {
		fe.Add("status", "must be one of "+strings.Join(Statuses, ", "))
	}
	if q.Sort == "" {
		q.Sort = "starts_at"
	}
	if _, ok := sortOrders[q.Sort]; !ok {
		fe.Add("sort", "must be one of starts_at, -starts_at, created_at, -created_at")
	}
	if q.From != nil && q.To != nil && !q.To.After(*q.From) {
		fe.Add("to", "must be after from")
	}
	if err := fe.Err(); err != nil {
		return nil, 0, err
	}
	if q.Page < 1 {
		q.Page = 1
	}
	switch {
	case q.PerPage <= 0:
		q.PerPage = DefaultPerPage
	case q.PerPage > MaxPerPage:
		q.PerPage = MaxPerPage
	}
	return s.store.List(ctx, a.TenantID, q)
}

// Update applies a patch with optimistic concurrency: a stale Version is a
// conflict. A new start or status is passed to Linked in the same transaction
// (a new start retimes the appointment's reminders; any status but scheduled
// stops them).
func (s *Service) Update(ctx context.Context, a identity.Actor, id string, pt Patch) (Appointment, error) {
	if err := requireWrite(a); err != nil {
		return Appointment{}, err
	}
	cur, err := s.load(ctx, a, id)
	if err != nil {
		return Appointment{}, err
	}
	if pt.Version != nil && *pt.Version != cur.Version {
		return Appointment{}, fmt.Errorf("appointment changed since version %d: %w", *pt.Version, errs.ErrConflict)
	}
	ap := cur
	app := &applier{}
	app.apply(&ap, pt)
	if err := app.fe.Err(); err != nil {
		return Appointment{}, err
	}
	if len(app.changed) == 0 {
		return cur, nil
	}
	now := s.now()
	ap.Version = cur.Version + 1
	ap.UpdatedAt = now
	timing := slices.Contains(app.changed, "starts_at") || slices.Contains(app.changed, "status")
	err = s.store.InTx(ctx, func(tx Store) error {
		if err := tx.Update(ctx, ap, cur.Version); err != nil {
			return err
		}
		if timing && s.linked != nil {
			if err := s.linked.AppointmentChanged(ctx, tx.DB(), ap, now); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionUpdate,
			ResourceType: ResourceType, ResourceID: ap.ID, Changes: app.changed})
	})
	if err != nil {
		return Appointment{}, err
	}
	return ap, nil
}

// Delete soft-deletes an appointment; its reminders stop in the same
// transaction. A non-nil version that is not the stored one is a conflict.
func (s *Service) Delete(ctx context.Context, a identity.Actor, id string, version *int) error {
	if err := requireWrite(a); err != nil {
		return err
	}
	cur, err := s.load(ctx, a, id)
	if err != nil {
		return err
	}
	if err := errs.CheckVersion("appointment", version, cur.Version); err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Store) error {
		if err := tx.SoftDelete(ctx, a.TenantID, id, cur.Version, now); err != nil {
			return err
		}
		if s.linked != nil {
			gone := cur
			gone.DeletedAt = gorm.DeletedAt{Time: now, Valid: true}
			if err := s.linked.AppointmentChanged(ctx, tx.DB(), gone, now); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionDelete,
			ResourceType: ResourceType, ResourceID: id})
	})
}

// now is the clock's time at the precision both databases keep (microseconds).
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }
