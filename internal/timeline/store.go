package timeline

import (
	"context"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"gorm.io/gorm"
)

// Store reads the rows a timeline is made of. Each method is one statement,
// returns at most limit rows newest first, and only rows after the cursor
// (nil: from the newest).
type Store interface {
	// Patient reads the live patient, only when assigned to volunteerID if
	// that is not empty; errs.ErrNotFound otherwise.
	Patient(ctx context.Context, tenantID, patientID, volunteerID string) (patientRow, error)
	Events(ctx context.Context, tenantID, patientID string, c *key, limit int) ([]eventRow, error)
	Messages(ctx context.Context, tenantID, patientID string, c *key, limit int) ([]messageRow, error)
	// Occurrences orders by due_at, or with confirmed by confirmed_at (only confirmed ones).
	Occurrences(ctx context.Context, tenantID, patientID string, confirmed bool, c *key, limit int) ([]occurrenceRow, error)
}

type patientRow struct {
	CreatedAt time.Time
	// HasCreateEvent is false for patients that came in by a CSV import,
	// whose one audit event names the whole file.
	HasCreateEvent bool
}

type eventRow struct {
	ID          string
	Action      string
	Changes     string
	ActorUserID *string
	ActorName   string
	CreatedAt   time.Time
}

// messageRow leaves the body out: it is read, and opened, only through the
// message log (GET /messages/{id}).
type messageRow struct {
	ID          string
	Direction   string
	Channel     string
	Status      string
	SkipReason  *string
	Source      string
	SourceID    *string
	Automated   bool
	AIGenerated bool `gorm:"column:ai_generated"`
	CreatedBy   *string
	ActorName   string
	CreatedAt   time.Time
}

type occurrenceRow struct {
	ID                string
	ReminderID        string
	ReminderType      string
	Medication        *string
	DueAt             time.Time
	State             string
	SkipReason        *string
	MessageID         *string
	MessageStatus     *string
	MessageSkipReason *string
	ConfirmedAt       *time.Time
	ConfirmedBy       *string
	ConfirmedByUserID *string
	ConfirmedByName   string
}

type gormStore struct{ db *gorm.DB }

// NewStore returns the store over the database.
func NewStore(d *db.DB) Store { return &gormStore{db: d.Gorm} }

var _ Store = (*gormStore)(nil)

// patientEventActions are the audit events of a patient a timeline shows (reads are not).
var patientEventActions = []string{audit.ActionPatientCreate, audit.ActionPatientUpdate, audit.ActionPatientDelete}

func (s *gormStore) Patient(ctx context.Context, tenantID, patientID, volunteerID string) (patientRow, error) {
	q := `SELECT p.created_at, EXISTS (SELECT 1 FROM audit_events a WHERE a.tenant_id = p.tenant_id
			AND a.resource_type = 'patient' AND a.resource_id = ? AND a.action = ?) AS has_create_event
		FROM patients p WHERE p.tenant_id = ? AND p.id = ? AND p.deleted_at IS NULL`
	args := []any{patientID, audit.ActionPatientCreate, tenantID, patientID}
	if volunteerID != "" {
		q += " AND p.assigned_volunteer_id = ?"
		args = append(args, volunteerID)
	}
	var rows []patientRow
	if err := s.db.WithContext(ctx).Raw(q+" LIMIT 1", args...).Scan(&rows).Error; err != nil {
		return patientRow{}, err
	}
	if len(rows) == 0 {
		return patientRow{}, errs.ErrNotFound
	}
	return rows[0], nil
}

func (s *gormStore) Events(ctx context.Context, tenantID, patientID string, c *key, limit int) ([]eventRow, error) {
	cond, args := olderThan("a.created_at", "a.id", rankPatient, c)
	var out []eventRow
	err := s.db.WithContext(ctx).Raw(`SELECT a.id, a.action, a.changes, a.actor_user_id, COALESCE(u.name, '') AS actor_name, a.created_at
		FROM audit_events a LEFT JOIN users u ON u.id = a.actor_user_id
		WHERE a.tenant_id = ? AND a.resource_type = 'patient' AND a.resource_id = ? AND a.action IN ?`+cond+`
		ORDER BY a.created_at DESC, a.id DESC LIMIT ?`,
		append(append([]any{tenantID, patientID, patientEventActions}, args...), limit)...).Scan(&out).Error
	return out, err
}

func (s *gormStore) Messages(ctx context.Context, tenantID, patientID string, c *key, limit int) ([]messageRow, error) {
	cond, args := olderThan("m.created_at", "m.id", rankMessage, c)
	var out []messageRow
	err := s.db.WithContext(ctx).Raw(`SELECT m.id, m.direction, m.channel, m.status, m.skip_reason, m.source, m.source_id,
			m.automated, m.ai_generated, m.created_by, COALESCE(u.name, '') AS actor_name, m.created_at
		FROM messages m LEFT JOIN users u ON u.id = m.created_by
		WHERE m.tenant_id = ? AND m.patient_id = ?`+cond+`
		ORDER BY m.created_at DESC, m.id DESC LIMIT ?`,
		append(append([]any{tenantID, patientID}, args...), limit)...).Scan(&out).Error
	return out, err
}

func (s *gormStore) Occurrences(ctx context.Context, tenantID, patientID string, confirmed bool, c *key, limit int) ([]occurrenceRow, error) {
	at, rank, only := "o.due_at", rankOccurrence, ""
	if confirmed {
		at, rank, only = "o.confirmed_at", rankConfirmation, " AND o.confirmed_at IS NOT NULL"
	}
	cond, args := olderThan(at, "o.id", rank, c)
	var out []occurrenceRow
	err := s.db.WithContext(ctx).Raw(`SELECT o.id, o.reminder_id, o.reminder_type, r.medication, o.due_at, o.state, o.skip_reason,
			o.message_id, m.status AS message_status, m.skip_reason AS message_skip_reason,
			o.confirmed_at, o.confirmed_by, o.confirmed_by_user_id, COALESCE(u.name, '') AS confirmed_by_name
		FROM occurrences o
		LEFT JOIN reminders r ON r.id = o.reminder_id
		LEFT JOIN messages m ON m.id = o.message_id AND m.tenant_id = o.tenant_id
		LEFT JOIN users u ON u.id = o.confirmed_by_user_id
		WHERE o.tenant_id = ? AND o.patient_id = ?`+only+cond+`
		ORDER BY `+at+` DESC, o.id DESC LIMIT ?`,
		append(append([]any{tenantID, patientID}, args...), limit)...).Scan(&out).Error
	return out, err
}
