// Package reminder keeps a tenant's reminders (medication doses, appointment
// reminders, custom messages), turns their schedules into occurrences — one
// row per due instant, unique per reminder — with one outbox message each, and
// records confirmations and adherence.
//
// # Ticks
//
// Materialize claims the reminders whose stored next_due_at has passed
// (indexed, so a tick with nothing due reads nothing), creates their
// occurrences for (materialized_until, now] in the patient's time zone,
// queues one message per new occurrence in the same transaction, and advances
// next_due_at and materialized_until. The unique (reminder_id, due_at) key, the
// message dedupe key and row claims (FOR UPDATE SKIP LOCKED on PostgreSQL, the
// single writer on SQLite) make ticks idempotent and safe to run concurrently.
// When more than a batch is due, a tick runs several claiming transactions side
// by side on PostgreSQL (Options.Workers); each batch reads its patients,
// tenants, templates and appointments once and writes its occurrences and next
// due times with a few multi-row statements (db.BulkInsert, db.BulkUpdate).
// A tick after downtime creates every occurrence it missed (up to MaxCatchUp
// back); each message carries a send-before of due_at + ttl, so the dispatcher
// skips doses that are too late to help.
//
// MarkMissed turns pending medication occurrences whose confirmation window
// has closed into missed ones.
//
// # Roles
//
// Admins see and change every reminder of the tenant; volunteers those of the
// patients assigned to them; developers read.
package reminder

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/schedule"
	"gorm.io/gorm"
)

// Types of reminder.
const (
	TypeMedication  = "medication"
	TypeAppointment = "appointment"
	TypeCustom      = "custom"
)

// Types lists every type.
var Types = []string{TypeMedication, TypeAppointment, TypeCustom}

// States of an occurrence.
const (
	StatePending   = "pending"   // sent or about to be; no confirmation yet
	StateConfirmed = "confirmed" // confirmed within the confirmation window
	StateLate      = "late"      // confirmed after the window
	StateMissed    = "missed"    // a medication dose not confirmed within the window
	StateSkipped   = "skipped"   // never reached the patient (see SkipReason)
)

// Who confirmed an occurrence.
const (
	ConfirmedByPatient = "patient"
	ConfirmedByStaff   = "staff"
)

// SkipRender is the skip reason of an occurrence whose message could not be
// rendered (a variable lost its value after the reminder was saved).
const SkipRender = "render_failed"

// ResourceType names reminders in the audit log; ResourceOccurrence names occurrences.
const (
	ResourceType       = "reminder"
	ResourceOccurrence = "occurrence"
)

// Audit actions.
const (
	ActionCreate  = "reminder.create"
	ActionUpdate  = "reminder.update"
	ActionDelete  = "reminder.delete"
	ActionPause   = "reminder.pause"
	ActionResume  = "reminder.resume"
	ActionSendNow = "reminder.send_now"
	ActionConfirm = "occurrence.confirm"
)

// Defaults and limits of the per-reminder windows, in minutes.
const (
	DefaultConfirmationWindow = 120
	DefaultTTL                = 180
	MaxConfirmationWindow     = 24 * 60
	MaxTTL                    = 24 * 60
)

// MaxCatchUp bounds how far back a tick after downtime creates occurrences:
// older ones could never be delivered in time anyway.
const MaxCatchUp = 7 * 24 * time.Hour

// Reminder is one row of the reminders table. Exactly one of TemplateID and
// Message is set. ChannelOrder nil means the tenant's order.
type Reminder struct {
	ID                        string `gorm:"primaryKey"`
	TenantID                  string
	PatientID                 string
	Type                      string
	TemplateID                *string
	Message                   *string
	Medication                *string
	Dose                      *string
	AppointmentID             *string
	Schedule                  Schedule
	ChannelOrder              ChannelOrder
	ConfirmationWindowMinutes int
	TTLMinutes                int `gorm:"column:ttl_minutes"`
	IsActive                  bool
	PausedAt                  *time.Time
	NextDueAt                 *time.Time
	MaterializedUntil         *time.Time
	CreatedBy                 *string
	CreatedAt                 time.Time
	UpdatedAt                 time.Time
	DeletedAt                 gorm.DeletedAt
	Version                   int

	// Read with the reminder by List and the service's single reads, never
	// written: the patient's name and time zone, so that a list shows them
	// without a read per row.
	PatientName     string `gorm:"->"`
	PatientTimezone string `gorm:"->"`
}

// TableName is the reminders table.
func (Reminder) TableName() string { return "reminders" }

// ConfirmationWindow is how long after its due time a dose may be confirmed on time.
func (r Reminder) ConfirmationWindow() time.Duration {
	return time.Duration(r.ConfirmationWindowMinutes) * time.Minute
}

// TTL is how long after its due time a message is still worth sending.
func (r Reminder) TTL() time.Duration { return time.Duration(r.TTLMinutes) * time.Minute }

// Occurrence is one due instant of a reminder: a dose, a visit reminder.
type Occurrence struct {
	ID                string `gorm:"primaryKey"`
	TenantID          string
	ReminderID        string
	PatientID         string
	ReminderType      string
	DueAt             time.Time
	ConfirmBy         time.Time // due_at + the reminder's confirmation window when it was created
	State             string
	SkipReason        *string
	MessageID         *string
	ConfirmedAt       *time.Time
	ConfirmedBy       *string
	ConfirmedByUserID *string
	CreatedAt         time.Time
	UpdatedAt         time.Time

	// Read with the occurrence from its message (nil without one).
	MessageStatus     *string `gorm:"->;-:migration"`
	MessageSkipReason *string `gorm:"->;-:migration"`
}

// TableName is the occurrences table.
func (Occurrence) TableName() string { return "occurrences" }

// Effective is the occurrence as people should see it: an unconfirmed
// occurrence whose message the outbox skipped (too late, no consent, …) is
// skipped, with the message's reason, whatever a tick had recorded.
func (o Occurrence) Effective() Occurrence {
	if (o.State == StatePending || o.State == StateMissed) && o.MessageStatus != nil && *o.MessageStatus == outbox.StatusSkipped {
		o.State = StateSkipped
		if o.SkipReason == nil {
			o.SkipReason = o.MessageSkipReason
		}
	}
	return o
}

// OccurrenceKey names an occurrence by its reminder and due instant, the
// pair that is unique; its message's dedupe key is "occ:" + OccurrenceKey.
func OccurrenceKey(reminderID string, due time.Time) string {
	return reminderID + "@" + due.UTC().Format(time.RFC3339Nano)
}

// Schedule is a schedule.Spec kept as JSON in a text (SQLite) or jsonb (PostgreSQL) column.
type Schedule schedule.Spec

// Spec returns the schedule as the engine's type.
func (s Schedule) Spec() schedule.Spec { return schedule.Spec(s) }

// Value writes the schedule as JSON text.
func (s Schedule) Value() (driver.Value, error) {
	b, err := json.Marshal(schedule.Spec(s))
	return string(b), err
}

// Scan reads the JSON schedule.
func (s *Schedule) Scan(v any) error {
	b, err := jsonBytes(v)
	if err != nil {
		return err
	}
	var spec schedule.Spec
	if len(bytes.TrimSpace(b)) > 0 {
		if err := json.Unmarshal(b, &spec); err != nil {
			return fmt.Errorf("reminder: schedule column: %w", err)
		}
	}
	*s = Schedule(spec)
	return nil
}

// ChannelOrder is a JSON array of channel names, or NULL (nil): the tenant's order.
type ChannelOrder []string

// GormDataType names the column kind for GORM (a nil order has no value to infer it from).
func (ChannelOrder) GormDataType() string { return "json" }

// Value writes the order as JSON text, or NULL when nil.
func (c ChannelOrder) Value() (driver.Value, error) {
	if c == nil {
		return nil, nil
	}
	b, err := json.Marshal([]string(c))
	return string(b), err
}

// Scan reads a JSON array or NULL.
func (c *ChannelOrder) Scan(v any) error {
	b, err := jsonBytes(v)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(b)) == 0 || string(bytes.TrimSpace(b)) == "null" {
		*c = nil
		return nil
	}
	var out []string
	if err := json.Unmarshal(b, &out); err != nil {
		return fmt.Errorf("reminder: channel_order column: %w", err)
	}
	*c = out
	return nil
}

func jsonBytes(v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		return []byte(x), nil
	case []byte:
		return x, nil
	default:
		return nil, fmt.Errorf("reminder: cannot scan %T as JSON", v)
	}
}
