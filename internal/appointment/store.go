package appointment

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"gorm.io/gorm"
)

// Store persists appointments. Every method is scoped by tenant; soft-deleted
// rows are invisible.
type Store interface {
	// InTx runs fn with a store bound to one transaction.
	InTx(ctx context.Context, fn func(tx Store) error) error
	// DB is the handle the store works on (the transaction inside InTx), for
	// cooperating stores that must commit with it.
	DB() *gorm.DB
	Get(ctx context.Context, tenantID, id string) (Appointment, error)
	// List returns one page, each appointment with its patient's name, and the
	// number of matches: two statements.
	List(ctx context.Context, tenantID string, q Query) ([]Appointment, int64, error)
	Create(ctx context.Context, a Appointment) error
	// Update writes every mutable column of a if the stored version is expectVersion.
	Update(ctx context.Context, a Appointment, expectVersion int) error
	SoftDelete(ctx context.Context, tenantID, id string, expectVersion int, now time.Time) error
	// Patient reads the live patient an appointment is for.
	Patient(ctx context.Context, tenantID, id string) (PatientRef, error)
	Audit(ctx context.Context, now time.Time, e audit.Entry) error
}

// PatientRef is what appointments need to know about a patient.
type PatientRef struct {
	ID                  string
	Name                string
	Timezone            string
	AssignedVolunteerID *string
}

// Query narrows a listing. Values are already validated by the service.
type Query struct {
	PatientID     string
	Status        string
	From, To      *time.Time // starts_at in [From, To)
	VisibleTo     string     // only patients assigned to this user (volunteers)
	Sort          string     // one of the sort keys
	Page, PerPage int
}

type gormStore struct{ db *gorm.DB }

var _ Store = (*gormStore)(nil)

// NewStore returns the GORM store.
func NewStore(d *db.DB) Store { return NewSealedStore(d, nil) }

func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return errs.ErrNotFound
	}
	return err
}

func (s *gormStore) InTx(ctx context.Context, fn func(tx Store) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(&gormStore{db: tx})
	})
}

func (s *gormStore) DB() *gorm.DB { return s.db }

func (s *gormStore) Get(ctx context.Context, tenantID, id string) (Appointment, error) {
	var a Appointment
	err := s.db.WithContext(ctx).Where("tenant_id = ? AND id = ?", tenantID, id).Take(&a).Error
	return a, notFound(err)
}

// sortOrders maps sort keys to ORDER BY clauses, each ending in a unique
// tie-breaker; columns are qualified, as the page is joined with patients.
var sortOrders = map[string]string{
	"starts_at":   "appointments.starts_at ASC, appointments.id ASC",
	"-starts_at":  "appointments.starts_at DESC, appointments.id DESC",
	"created_at":  "appointments.created_at ASC, appointments.id ASC",
	"-created_at": "appointments.created_at DESC, appointments.id DESC",
}

// filtered is the listing's query over appointments; its columns are
// qualified, as the page is joined with patients.
func (s *gormStore) filtered(ctx context.Context, tenantID string, q Query) *gorm.DB {
	tx := s.db.WithContext(ctx).Model(&Appointment{}).Where("appointments.tenant_id = ?", tenantID)
	// Appointments of deleted patients leave the lists with them.
	live := "SELECT id FROM patients WHERE tenant_id = ? AND deleted_at IS NULL"
	if q.VisibleTo != "" {
		tx = tx.Where("appointments.patient_id IN ("+live+" AND assigned_volunteer_id = ?)", tenantID, q.VisibleTo)
	} else {
		tx = tx.Where("appointments.patient_id IN ("+live+")", tenantID)
	}
	if q.PatientID != "" {
		tx = tx.Where("appointments.patient_id = ?", q.PatientID)
	}
	if q.Status != "" {
		tx = tx.Where("appointments.status = ?", q.Status)
	}
	if q.From != nil {
		tx = tx.Where("appointments.starts_at >= ?", q.From.UTC())
	}
	if q.To != nil {
		tx = tx.Where("appointments.starts_at < ?", q.To.UTC())
	}
	return tx
}

func (s *gormStore) List(ctx context.Context, tenantID string, q Query) ([]Appointment, int64, error) {
	var total int64
	if err := s.filtered(ctx, tenantID, q).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []Appointment{}
	if total == 0 || (q.Page-1)*q.PerPage >= int(total) {
		return out, total, nil
	}
	order, ok := sortOrders[q.Sort]
	if !ok {
		order = sortOrders["starts_at"]
	}
	// The patient's name comes with the page, in the same statement.
	err := s.filtered(ctx, tenantID, q).Select("appointments.*, p.name AS patient_name").
		Joins("JOIN patients p ON p.id = appointments.patient_id AND p.tenant_id = appointments.tenant_id").
		Order(order).Limit(q.PerPage).Offset((q.Page - 1) * q.PerPage).Find(&out).Error
	return out, total, err
}

func (s *gormStore) Create(ctx context.Context, a Appointment) error {
	return s.db.WithContext(ctx).Create(&a).Error
}

func (s *gormStore) Update(ctx context.Context, a Appointment, expectVersion int) error {
	res := s.db.WithContext(ctx).Model(&Appointment{}).
		Where("tenant_id = ? AND id = ? AND version = ?", a.TenantID, a.ID, expectVersion).
		Updates(map[string]any{
			"starts_at": a.StartsAt, "timezone": a.Timezone, "status": a.Status, "surgery_type": a.SurgeryType,
			"doctor": a.Doctor, "location": a.Location, "notes": a.Notes, "updated_at": a.UpdatedAt, "version": a.Version,
		})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return s.whyNotChanged(ctx, a.TenantID, a.ID, expectVersion)
	}
	return nil
}

func (s *gormStore) SoftDelete(ctx context.Context, tenantID, id string, expectVersion int, now time.Time) error {
	res := s.db.WithContext(ctx).Model(&Appointment{}).
		Where("tenant_id = ? AND id = ? AND version = ?", tenantID, id, expectVersion).
		Updates(map[string]any{"deleted_at": now, "updated_at": now, "version": gorm.Expr("version + 1")})
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
	return fmt.Errorf("appointment changed since version %d: %w", expectVersion, errs.ErrConflict)
}

func (s *gormStore) Patient(ctx context.Context, tenantID, id string) (PatientRef, error) {
	var rows []PatientRef
	err := s.db.WithContext(ctx).Table("patients").Select("id, name, timezone, assigned_volunteer_id").
		Where("tenant_id = ? AND id = ? AND deleted_at IS NULL", tenantID, id).Limit(1).Scan(&rows).Error
	if err != nil {
		return PatientRef{}, err
	}
	if len(rows) == 0 {
		return PatientRef{}, errs.ErrNotFound
	}
	return rows[0], nil
}

func (s *gormStore) Audit(ctx context.Context, now time.Time, e audit.Entry) error {
	return audit.Write(ctx, s.db, now, e)
}
