package reminder

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/prima-health/prima/internal/adherence"
	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/template"
	"gorm.io/gorm"
)

// Store persists reminders and occurrences. Every method is scoped by tenant
// where a tenant is given; soft-deleted rows are invisible.
type Store interface {
	// InTx runs fn with a store bound to one transaction.
	InTx(ctx context.Context, fn func(tx Store) error) error
	// With binds the store to a transaction another store opened.
	With(tx *gorm.DB) Store
	// DB is the handle the store works on (the transaction inside InTx), for
	// the outbox, which writes messages in the same transaction.
	DB() *gorm.DB

	Get(ctx context.Context, tenantID, id string) (Reminder, error)
	// List returns one page, each reminder with its patient's name and time
	// zone, and the number of matches: two statements.
	List(ctx context.Context, tenantID string, q Query) ([]Reminder, int64, error)
	Create(ctx context.Context, r Reminder) error
	// Update writes every mutable column of r if the stored version is expectVersion.
	Update(ctx context.Context, r Reminder, expectVersion int) error
	// SoftDelete deletes and deactivates a reminder.
	SoftDelete(ctx context.Context, tenantID, id string, expectVersion int, now time.Time) error

	// Patient reads a live patient: the fields messages and scoping need.
	Patient(ctx context.Context, tenantID, id string) (patient.Patient, error)
	// Appointment reads a live appointment.
	Appointment(ctx context.Context, tenantID, id string) (appointment.Appointment, error)
	// Template reads a live template.
	Template(ctx context.Context, tenantID, id string) (template.Template, error)
	// ArticleSlug is the slug of an article of the tenant (a template's {{link}}).
	ArticleSlug(ctx context.Context, tenantID, id string) (string, error)
	// TenantName is the clinic's name, the {{clinic}} of messages.
	TenantName(ctx context.Context, tenantID string) (string, error)

	// Occurrences returns one page of a reminder's occurrences, newest first, with their messages' status.
	Occurrences(ctx context.Context, tenantID, reminderID string, page, perPage int) ([]Occurrence, int64, error)
	// Occurrence reads one occurrence with its message's status.
	Occurrence(ctx context.Context, tenantID, id string) (Occurrence, error)
	// LatestOpen is the patient's most recent pending or missed medication
	// occurrence due in [from, to], or errs.ErrNotFound.
	LatestOpen(ctx context.Context, tenantID, patientID string, from, to time.Time) (Occurrence, error)
	// OpenForMessage is the patient's unconfirmed medication dose whose
	// reminder was messageID (ErrNotFound when there is none).
	OpenForMessage(ctx context.Context, tenantID, patientID, messageID string) (Occurrence, error)
	// Confirm records a confirmation if the occurrence is still in one of the
	// states given, and the dose's adherence with it (inside InTx).
	Confirm(ctx context.Context, o Occurrence, fromStates []string) (bool, error)

	TickStore
	Audit(ctx context.Context, now time.Time, e audit.Entry) error
}

// Query narrows a listing. Values are already validated by the service.
type Query struct {
	PatientID     string
	Type          string
	AppointmentID string
	IsActive      *bool
	VisibleTo     string // only patients assigned to this user (volunteers)
	Sort          string
	Page, PerPage int
}

type gormStore struct {
	db  *gorm.DB
	dbx *db.DB
}

var _ Store = (*gormStore)(nil)

// NewStore returns the GORM store.
func NewStore(d *db.DB) Store { return &gormStore{db: d.Gorm, dbx: d} }

func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return errs.ErrNotFound
	}
	return err
}

func (s *gormStore) InTx(ctx context.Context, fn func(tx Store) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(&gormStore{db: tx, dbx: s.dbx})
	})
}

func (s *gormStore) With(tx *gorm.DB) Store { return &gormStore{db: tx, dbx: s.dbx} }

func (s *gormStore) DB() *gorm.DB { return s.db }

func (s *gormStore) Get(ctx context.Context, tenantID, id string) (Reminder, error) {
	var r Reminder
	err := s.db.WithContext(ctx).Where("tenant_id = ? AND id = ?", tenantID, id).Take(&r).Error
	return r, notFound(err)
}

// sortOrders maps sort keys to ORDER BY clauses, each ending in a unique
// tie-breaker; columns are qualified, as the page is joined with patients.
var sortOrders = map[string]string{
	"created_at":   "reminders.created_at ASC, reminders.id ASC",
	"-created_at":  "reminders.created_at DESC, reminders.id DESC",
	"next_due_at":  "reminders.next_due_at IS NULL, reminders.next_due_at ASC, reminders.id ASC",
	"-next_due_at": "reminders.next_due_at IS NULL, reminders.next_due_at DESC, reminders.id DESC",
}

// livePatients limits q to reminders of live patients (assigned to volunteer, when given).
func livePatients(q *gorm.DB, column, tenantID, volunteer string) *gorm.DB {
	live := column + " IN (SELECT id FROM patients WHERE tenant_id = ? AND deleted_at IS NULL"
	if volunteer != "" {
		return q.Where(live+" AND assigned_volunteer_id = ?)", tenantID, volunteer)
	}
	return q.Where(live+")", tenantID)
}

// filtered is the listing's query over reminders; its columns are qualified,
// as the page is joined with patients.
func (s *gormStore) filtered(ctx context.Context, tenantID string, q Query) *gorm.DB {
	tx := s.db.WithContext(ctx).Model(&Reminder{}).Where("reminders.tenant_id = ?", tenantID)
	tx = livePatients(tx, "reminders.patient_id", tenantID, q.VisibleTo)
	if q.PatientID != "" {
		tx = tx.Where("reminders.patient_id = ?", q.PatientID)
	}
	if q.Type != "" {
		tx = tx.Where("reminders.type = ?", q.Type)
	}
	if q.AppointmentID != "" {
		tx = tx.Where("reminders.appointment_id = ?", q.AppointmentID)
	}
	if q.IsActive != nil {
		tx = tx.Where("reminders.is_active = ?", *q.IsActive)
	}
	return tx
}

func (s *gormStore) List(ctx context.Context, tenantID string, q Query) ([]Reminder, int64, error) {
	var total int64
	if err := s.filtered(ctx, tenantID, q).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []Reminder{}
	if total == 0 || (q.Page-1)*q.PerPage >= int(total) {
		return out, total, nil
	}
	order, ok := sortOrders[q.Sort]
	if !ok {
		order = sortOrders["-created_at"]
	}
	// The patient's name and time zone come with the page, in the same statement.
	err := s.filtered(ctx, tenantID, q).
		Select("reminders.*, p.name AS patient_name, p.timezone AS patient_timezone").
		Joins("JOIN patients p ON p.id = reminders.patient_id AND p.tenant_id = reminders.tenant_id").
		Order(order).Limit(q.PerPage).Offset((q.Page - 1) * q.PerPage).Find(&out).Error
	return out, total, err
}

func (s *gormStore) Create(ctx context.Context, r Reminder) error {
	return s.db.WithContext(ctx).Create(&r).Error
}

// columns are the mutable columns of r, as a map so that GORM writes zero
// values and keeps the service's updated_at.
func columns(r Reminder) map[string]any {
	return map[string]any{
		"type": r.Type, "template_id": r.TemplateID, "message": r.Message, "medication": r.Medication, "dose": r.Dose,
		"appointment_id": r.AppointmentID, "schedule": r.Schedule, "channel_order": r.ChannelOrder,
		"confirmation_window_minutes": r.ConfirmationWindowMinutes, "ttl_minutes": r.TTLMinutes, "is_active": r.IsActive,
		"paused_at": r.PausedAt, "next_due_at": r.NextDueAt, "materialized_until": r.MaterializedUntil,
		"updated_at": r.UpdatedAt, "version": r.Version,
	}
}

func (s *gormStore) Update(ctx context.Context, r Reminder, expectVersion int) error {
	res := s.db.WithContext(ctx).Model(&Reminder{}).
		Where("tenant_id = ? AND id = ? AND version = ?", r.TenantID, r.ID, expectVersion).Updates(columns(r))
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return s.whyNotChanged(ctx, r.TenantID, r.ID, expectVersion)
	}
	return nil
}

func (s *gormStore) SoftDelete(ctx context.Context, tenantID, id string, expectVersion int, now time.Time) error {
	res := s.db.WithContext(ctx).Model(&Reminder{}).
		Where("tenant_id = ? AND id = ? AND version = ?", tenantID, id, expectVersion).
		Updates(map[string]any{"deleted_at": now, "is_active": false, "next_due_at": nil, "updated_at": now,
			"version": gorm.Expr("version + 1")})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return s.whyNotChanged(ctx, tenantID, id, expectVersion)
	}
	return nil
}

// whyNotChanged tells a vanished row (not found) from a stale version (conflict).
func (s *gormStore) whyNotChanged(ctx context.Context, tenantID, id string, expectVersion int) error {
	if _, err := s.Get(ctx, tenantID, id); err != nil {
		return err
	}
	return fmt.Errorf("reminder changed since version %d: %w", expectVersion, errs.ErrConflict)
}

// patientColumns are what messages, scoping and send-now's checks need of a patient.
const patientColumns = "id, tenant_id, name, phone, language, timezone, attributes, assigned_volunteer_id, preferred_channel, " +
	"consent, is_active"

func (s *gormStore) Patient(ctx context.Context, tenantID, id string) (patient.Patient, error) {
	var p patient.Patient
	err := s.db.WithContext(ctx).Select(patientColumns).Where("tenant_id = ? AND id = ?", tenantID, id).Take(&p).Error
	return p, notFound(err)
}

func (s *gormStore) Appointment(ctx context.Context, tenantID, id string) (appointment.Appointment, error) {
	var a appointment.Appointment
	err := s.db.WithContext(ctx).Where("tenant_id = ? AND id = ?", tenantID, id).Take(&a).Error
	return a, notFound(err)
}

func (s *gormStore) Template(ctx context.Context, tenantID, id string) (template.Template, error) {
	var t template.Template
	err := s.db.WithContext(ctx).Where("tenant_id = ? AND id = ?", tenantID, id).Take(&t).Error
	return t, notFound(err)
}

func (s *gormStore) ArticleSlug(ctx context.Context, tenantID, id string) (string, error) {
	var slugs []string
	err := s.db.WithContext(ctx).Table("articles").Where("tenant_id = ? AND id = ?", tenantID, id).Limit(1).Pluck("slug", &slugs).Error
	if err != nil {
		return "", err
	}
	if len(slugs) == 0 {
		return "", errs.ErrNotFound
	}
	return slugs[0], nil
}

func (s *gormStore) TenantName(ctx context.Context, tenantID string) (string, error) {
	var names []string
	err := s.db.WithContext(ctx).Table("tenants").Where("id = ?", tenantID).Limit(1).Pluck("name", &names).Error
	if err != nil || len(names) == 0 {
		return "", err
	}
	return names[0], nil
}

// occurrenceColumns select an occurrence with its message's status (alias o, m).
const occurrenceColumns = "o.*, m.status AS message_status, m.skip_reason AS message_skip_reason"

func (s *gormStore) occurrences(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Table("occurrences AS o").Select(occurrenceColumns).
		Joins("LEFT JOIN messages m ON m.id = o.message_id")
}

func (s *gormStore) Occurrences(ctx context.Context, tenantID, reminderID string, page, perPage int) ([]Occurrence, int64, error) {
	var total int64
	err := s.db.WithContext(ctx).Model(&Occurrence{}).Where("tenant_id = ? AND reminder_id = ?", tenantID, reminderID).
		Count(&total).Error
	if err != nil {
		return nil, 0, err
	}
	out := []Occurrence{}
	if total == 0 || (page-1)*perPage >= int(total) {
		return out, total, nil
	}
	err = s.occurrences(ctx).Where("o.tenant_id = ? AND o.reminder_id = ?", tenantID, reminderID).
		Order("o.due_at DESC, o.id DESC").Limit(perPage).Offset((page - 1) * perPage).Scan(&out).Error
	return out, total, err
}

func (s *gormStore) Occurrence(ctx context.Context, tenantID, id string) (Occurrence, error) {
	var out []Occurrence
	if err := s.occurrences(ctx).Where("o.tenant_id = ? AND o.id = ?", tenantID, id).Limit(1).Scan(&out).Error; err != nil {
		return Occurrence{}, err
	}
	if len(out) == 0 {
		return Occurrence{}, errs.ErrNotFound
	}
	return out[0], nil
}

func (s *gormStore) OpenForMessage(ctx context.Context, tenantID, patientID, messageID string) (Occurrence, error) {
	var out []Occurrence
	err := s.occurrences(ctx).
		Where("o.tenant_id = ? AND o.patient_id = ? AND o.message_id = ? AND o.reminder_type = ? AND o.state IN ?",
			tenantID, patientID, messageID, TypeMedication, []string{StatePending, StateMissed}).
		Limit(1).Scan(&out).Error
	if err != nil {
		return Occurrence{}, err
	}
	if len(out) == 0 {
		return Occurrence{}, errs.ErrNotFound
	}
	return out[0], nil
}

func (s *gormStore) LatestOpen(ctx context.Context, tenantID, patientID string, from, to time.Time) (Occurrence, error) {
	var out []Occurrence
	err := s.occurrences(ctx).
		Where("o.tenant_id = ? AND o.patient_id = ? AND o.reminder_type = ? AND o.state IN ? AND o.due_at >= ? AND o.due_at <= ?",
			tenantID, patientID, TypeMedication, []string{StatePending, StateMissed}, from.UTC(), to.UTC()).
		Order("o.due_at DESC, o.id DESC").Limit(1).Scan(&out).Error
	if err != nil {
		return Occurrence{}, err
	}
	if len(out) == 0 {
		return Occurrence{}, errs.ErrNotFound
	}
	return out[0], nil
}

// Confirm runs inside InTx: it reads the state the occurrence leaves under the
// row's lock (SQLite: the transaction's write lock), changes it, and moves a
// medication dose's adherence with it.
func (s *gormStore) Confirm(ctx context.Context, o Occurrence, fromStates []string) (bool, error) {
	q := s.db.WithContext(ctx)
	var prev []string
	err := q.Raw("SELECT state FROM occurrences WHERE tenant_id = ? AND id = ?"+s.dbx.ForUpdate(), o.TenantID, o.ID).
		Scan(&prev).Error
	if err != nil || len(prev) == 0 || !slices.Contains(fromStates, prev[0]) {
		return false, err
	}
	res := q.Model(&Occurrence{}).
		Where("tenant_id = ? AND id = ? AND state = ?", o.TenantID, o.ID, prev[0]).
		Updates(map[string]any{"state": o.State, "skip_reason": nil, "confirmed_at": o.ConfirmedAt,
			"confirmed_by": o.ConfirmedBy, "confirmed_by_user_id": o.ConfirmedByUserID, "updated_at": o.UpdatedAt})
	if res.Error != nil || res.RowsAffected != 1 {
		return false, res.Error
	}
	if o.ReminderType != TypeMedication {
		return true, nil
	}
	return true, adherence.Record(q, s.dbx, []adherence.Move{{TenantID: o.TenantID, PatientID: o.PatientID,
		Day: adherence.Day(o.DueAt), From: prev[0], To: o.State}})
}

func (s *gormStore) Audit(ctx context.Context, now time.Time, e audit.Entry) error {
	return audit.Write(ctx, s.db, now, e)
}
