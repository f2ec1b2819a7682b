package reminder

import (
	"context"
	"time"

	"github.com/prima-health/prima/internal/adherence"
	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/content"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/template"
	"gorm.io/gorm"
)

// TickStore is the set-based side of the store that ticks and sends use. Its
// methods run one statement per call (or per chunk of rows), never one per row.
type TickStore interface {
	// ClaimDue locks and returns up to limit active reminders due at or before
	// now, earliest first, passing over rows another transaction holds.
	ClaimDue(ctx context.Context, now time.Time, limit int) ([]Reminder, error)
	// LockReminders locks and returns the live reminders of the tenant with the
	// given ids (of patients assigned to volunteer, when given).
	LockReminders(ctx context.Context, tenantID, volunteer string, ids []string) ([]Reminder, error)
	// LockDueBefore locks and returns up to limit active reminders of the tenant
	// due before before, in id order after afterID.
	LockDueBefore(ctx context.Context, tenantID, volunteer string, before time.Time, afterID string, limit int) ([]Reminder, error)
	// LockAppointmentReminders locks and returns the active reminders of an appointment.
	LockAppointmentReminders(ctx context.Context, tenantID, appointmentID string) ([]Reminder, error)
	// Refs loads what messages of the reminders need: patients (live ones),
	// tenants, templates (deleted ones too: a reminder keeps its text) and
	// appointments (deleted ones too, so the caller can tell).
	Refs(ctx context.Context, rs []Reminder) (Refs, error)
	// InsertOccurrences inserts occurrences, skipping any whose (reminder_id,
	// due_at) exists, and returns how many it inserted.
	InsertOccurrences(ctx context.Context, os []Occurrence) (int64, error)
	// Advance stores each reminder's next due time and how far it is materialised.
	Advance(ctx context.Context, steps []Step) error
	// Deactivate stops reminders: inactive, nothing due.
	Deactivate(ctx context.Context, ids []string, now time.Time) error
	// MarkMissed resolves pending medication occurrences whose window closed
	// before now: skipped when their message was skipped, missed otherwise;
	// turns missed ones whose message was skipped since (SkippedLookback) into
	// skipped; and moves their adherence, in one transaction, in which it
	// calls missed (when not nil) with the doses that became missed. It
	// returns how many were missed.
	MarkMissed(ctx context.Context, now time.Time, missed func(tx *gorm.DB, doses []MissedDose) error) (int64, error)
	// RebuildAdherence recomputes the adherence rollup of a tenant ("" for all)
	// from the occurrences.
	RebuildAdherence(ctx context.Context, tenantID string, now time.Time) error
	// Writers is how many materialising transactions are worth running side by
	// side when want are asked for (one on SQLite).
	Writers(want int) int
}

// Refs are the rows a batch of reminders refers to, by id.
type Refs struct {
	Patients     map[string]patient.Patient
	Tenants      map[string]TenantRef
	Templates    map[string]template.Template
	Appointments map[string]appointment.Appointment
	// ArticleSlugs are the slugs of the articles the templates' {{link}}
	// names, by article id; BaseURL (set by the service) makes their URLs.
	ArticleSlugs map[string]string
	BaseURL      string
}

// link is the value of {{link}} a template gives: its linked article's
// public URL, "" when it links none (or the article is gone).
func (r Refs) link(t *template.Template) string {
	if t == nil || t.LinkArticleID == nil {
		return ""
	}
	slug, ok := r.ArticleSlugs[*t.LinkArticleID]
	if !ok {
		return ""
	}
	return content.PublicArticleURL(r.BaseURL, slug)
}

// TenantRef is what messages need of a tenant.
type TenantRef struct {
	ID           string
	Name         string
	ChannelOrder ChannelOrder
}

// Step is where a reminder stands after a tick or a send.
type Step struct {
	ID                string
	NextDueAt         *time.Time // nil: nothing more is due
	MaterializedUntil time.Time
}

// Writers is how many materialising transactions may run side by side.
func (s *gormStore) Writers(want int) int { return s.dbx.Writers(want) }

// idsPerStatement bounds the ids of one IN list: a default batch's in one
// statement, far below both databases' parameter limits.
const idsPerStatement = 1000

func chunks[T any](xs []T, n int) [][]T {
	var out [][]T
	for len(xs) > n {
		out = append(out, xs[:n])
		xs = xs[n:]
	}
	if len(xs) > 0 {
		out = append(out, xs)
	}
	return out
}

func (s *gormStore) ClaimDue(ctx context.Context, now time.Time, limit int) ([]Reminder, error) {
	var out []Reminder
	err := s.db.WithContext(ctx).Raw(`SELECT * FROM reminders
WHERE is_active AND next_due_at <= ? AND deleted_at IS NULL
ORDER BY next_due_at LIMIT ?`+s.dbx.SkipLocked(), now.UTC(), limit).Scan(&out).Error
	return out, err
}

func (s *gormStore) LockReminders(ctx context.Context, tenantID, volunteer string, ids []string) ([]Reminder, error) {
	var out []Reminder
	for _, part := range chunks(ids, idsPerStatement) {
		q := `SELECT * FROM reminders WHERE tenant_id = ? AND id IN ? AND deleted_at IS NULL
AND patient_id IN (SELECT id FROM patients WHERE tenant_id = ? AND deleted_at IS NULL`
		args := []any{tenantID, part, tenantID}
		if volunteer != "" {
			q += " AND assigned_volunteer_id = ?"
			args = append(args, volunteer)
		}
		var batch []Reminder
		if err := s.db.WithContext(ctx).Raw(q+") ORDER BY id"+s.dbx.ForUpdate(), args...).Scan(&batch).Error; err != nil {
			return nil, err
		}
		out = append(out, batch...)
	}
	return out, nil
}

func (s *gormStore) LockDueBefore(ctx context.Context, tenantID, volunteer string, before time.Time, afterID string, limit int) ([]Reminder, error) {
	q := `SELECT * FROM reminders WHERE tenant_id = ? AND is_active AND next_due_at < ? AND deleted_at IS NULL`
	args := []any{tenantID, before.UTC()}
	if afterID != "" {
		q += " AND id > ?"
		args = append(args, afterID)
	}
	q += " AND patient_id IN (SELECT id FROM patients WHERE tenant_id = ? AND deleted_at IS NULL"
	args = append(args, tenantID)
	if volunteer != "" {
		q += " AND assigned_volunteer_id = ?"
		args = append(args, volunteer)
	}
	args = append(args, limit)
	var out []Reminder
	err := s.db.WithContext(ctx).Raw(q+") ORDER BY id LIMIT ?"+s.dbx.ForUpdate(), args...).Scan(&out).Error
	return out, err
}

func (s *gormStore) LockAppointmentReminders(ctx context.Context, tenantID, appointmentID string) ([]Reminder, error) {
	var out []Reminder
	err := s.db.WithContext(ctx).Raw(`SELECT * FROM reminders
WHERE tenant_id = ? AND appointment_id = ? AND is_active AND deleted_at IS NULL ORDER BY id`+s.dbx.ForUpdate(),
		tenantID, appointmentID).Scan(&out).Error
	return out, err
}

func (s *gormStore) Refs(ctx context.Context, rs []Reminder) (Refs, error) {
	refs := Refs{Patients: map[string]patient.Patient{}, Tenants: map[string]TenantRef{},
		Templates: map[string]template.Template{}, Appointments: map[string]appointment.Appointment{}, ArticleSlugs: map[string]string{}}
	var patientIDs, tenantIDs, templateIDs, appointmentIDs []string
	seen := map[string]bool{}
	add := func(list *[]string, id string) {
		if !seen[id] {
			seen[id] = true
			*list = append(*list, id)
		}
	}
	for _, r := range rs {
		add(&patientIDs, r.PatientID)
		add(&tenantIDs, r.TenantID)
		if r.TemplateID != nil {
			add(&templateIDs, *r.TemplateID)
		}
		if r.AppointmentID != nil {
			add(&appointmentIDs, *r.AppointmentID)
		}
	}
	q := s.db.WithContext(ctx)
	for _, part := range chunks(patientIDs, idsPerStatement) {
		var ps []patient.Patient
		if err := q.Select(patientColumns).Where("id IN ?", part).Find(&ps).Error; err != nil {
			return Refs{}, err
		}
		for _, p := range ps {
			refs.Patients[p.ID] = p
		}
	}
	for _, part := range chunks(tenantIDs, idsPerStatement) {
		var ts []TenantRef
		if err := q.Table("tenants").Select("id, name, channel_order").Where("id IN ?", part).Scan(&ts).Error; err != nil {
			return Refs{}, err
		}
		for _, t := range ts {
			refs.Tenants[t.ID] = t
		}
	}
	for _, part := range chunks(templateIDs, idsPerStatement) {
		var ts []template.Template
		if err := q.Unscoped().Where("id IN ?", part).Find(&ts).Error; err != nil {
			return Refs{}, err
		}
		for _, t := range ts {
			refs.Templates[t.ID] = t
		}
	}
	// The articles {{link}} points at: one more statement, only when a template links one.
	var articleIDs []string
	for _, t := range refs.Templates {
		if t.LinkArticleID != nil {
			add(&articleIDs, *t.LinkArticleID)
		}
	}
	for _, part := range chunks(articleIDs, idsPerStatement) {
		var rows []struct{ ID, Slug string }
		if err := q.Table("articles").Select("id, slug").Where("id IN ?", part).Scan(&rows).Error; err != nil {
			return Refs{}, err
		}
		for _, a := range rows {
			refs.ArticleSlugs[a.ID] = a.Slug
		}
	}
	for _, part := range chunks(appointmentIDs, idsPerStatement) {
		var as []appointment.Appointment
		if err := q.Unscoped().Where("id IN ?", part).Find(&as).Error; err != nil {
			return Refs{}, err
		}
		for _, a := range as {
			refs.Appointments[a.ID] = a
		}
	}
	return refs, nil
}

// occurrenceInsertColumns are the columns InsertOccurrences writes, in the order of occurrenceRow.
var occurrenceInsertColumns = []string{"id", "tenant_id", "reminder_id", "patient_id", "reminder_type", "due_at", "confirm_by",
	"state", "skip_reason", "message_id", "confirmed_at", "confirmed_by", "confirmed_by_user_id", "created_at", "updated_at"}

func occurrenceRow(o Occurrence) []any {
	return []any{o.ID, o.TenantID, o.ReminderID, o.PatientID, o.ReminderType, o.DueAt.UTC(), o.ConfirmBy.UTC(),
		o.State, nullable(o.SkipReason), nullable(o.MessageID), nullableTime(o.ConfirmedAt), nullable(o.ConfirmedBy),
		nullable(o.ConfirmedByUserID), o.CreatedAt.UTC(), o.UpdatedAt.UTC()}
}

func nullable(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func nullableTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func (s *gormStore) InsertOccurrences(ctx context.Context, os []Occurrence) (int64, error) {
	if len(os) == 0 {
		return 0, nil
	}
	rows := make([][]any, len(os))
	for i, o := range os {
		rows[i] = occurrenceRow(o)
	}
	return s.dbx.BulkInsert(s.db.WithContext(ctx), "occurrences", occurrenceInsertColumns, rows, "reminder_id", "due_at")
}

// stepColumns are what Advance sets, matched on the reminder's id.
var (
	reminderKey = db.BulkColumn{Name: "id", PGType: "uuid"}
	stepColumns = []db.BulkColumn{{Name: "next_due_at", PGType: "timestamptz"}, {Name: "materialized_until", PGType: "timestamptz"}}
)

func (s *gormStore) Advance(ctx context.Context, steps []Step) error {
	if len(steps) == 0 {
		return nil
	}
	rows := make([][]any, len(steps))
	for i, st := range steps {
		rows[i] = []any{st.ID, nullableTime(st.NextDueAt), st.MaterializedUntil.UTC()}
	}
	_, err := s.dbx.BulkUpdate(s.db.WithContext(ctx), "reminders", reminderKey, stepColumns, rows)
	return err
}

func (s *gormStore) Deactivate(ctx context.Context, ids []string, now time.Time) error {
	for _, part := range chunks(ids, idsPerStatement) {
		err := s.db.WithContext(ctx).Model(&Reminder{}).Where("id IN ?", part).
			Updates(map[string]any{"is_active": false, "next_due_at": nil, "updated_at": now}).Error
		if err != nil {
			return err
		}
	}
	return nil
}

// SkippedLookback is how far back MarkMissed looks for reminder messages the
// outbox skipped after their dose was marked missed. A tick gap longer than
// this leaves such doses missed until RebuildAdherence.
const SkippedLookback = 2 * time.Hour

// doseRow is a medication occurrence an update changed, as adherence needs it.
type doseRow struct {
	TenantID, PatientID string
	Day                 int64
}

// missedRow is a dose that became missed: what adherence and its event need.
type missedRow struct {
	ID, ReminderID, TenantID, PatientID string
	Day                                 int64
}

func (s *gormStore) MarkMissed(ctx context.Context, now time.Time, onMissed func(tx *gorm.DB, doses []MissedDose) error) (int64, error) {
	now = now.UTC()
	day := s.dbx.EpochDay("due_at")
	// The same predicate as the partial index occurrences_awaiting, so only open doses are read.
	// Their messages are looked up one by one (a correlated subquery): as a
	// join, the planner hashed the whole messages table (a parallel seq scan
	// of a million rows, 300 ms) to check the few doses whose window closed.
	const open = "state = 'pending' AND reminder_type = 'medication' AND confirm_by < ?"
	var missed int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Exec(`UPDATE occurrences SET state = 'skipped', updated_at = ?,
  skip_reason = (SELECT m.skip_reason FROM messages m WHERE m.id = occurrences.message_id)
WHERE `+open+` AND (SELECT m.status FROM messages m WHERE m.id = occurrences.message_id) = 'skipped'`,
			now, now).Error
		if err != nil {
			return err
		}
		var newly []missedRow
		err = tx.Raw(`UPDATE occurrences SET state = 'missed', updated_at = ? WHERE `+open+
			` RETURNING id, reminder_id, tenant_id, patient_id, `+day+` AS day`, now, now).Scan(&newly).Error
		if err != nil {
			return err
		}
		missed = int64(len(newly))
		// A missed dose whose message the outbox skipped since never reached the
		// patient: skipped, as Occurrence.Effective shows it. Found from the
		// messages' side (messages_reminder_skipped), so a tick reads only the
		// recently skipped ones.
		var unsent []doseRow
		err = tx.Raw(`UPDATE occurrences SET state = 'skipped', updated_at = ?,
  skip_reason = (SELECT m.skip_reason FROM messages m WHERE m.id = occurrences.message_id)
WHERE state = 'missed' AND reminder_type = 'medication'
  AND id IN (SELECT `+s.dbx.Typed("source_id", "uuid")+` FROM messages
             WHERE status = 'skipped' AND source = 'reminder' AND updated_at >= ?)
  AND EXISTS (SELECT 1 FROM messages m WHERE m.id = occurrences.message_id AND m.status = 'skipped')
RETURNING tenant_id, patient_id, `+day+` AS day`, now, now.Add(-SkippedLookback)).Scan(&unsent).Error
		if err != nil {
			return err
		}
		moves := make([]adherence.Move, 0, len(newly)+len(unsent))
		for _, r := range newly {
			moves = append(moves, adherence.Move{TenantID: r.TenantID, PatientID: r.PatientID, Day: r.Day,
				From: StatePending, To: StateMissed})
		}
		for _, r := range unsent {
			moves = append(moves, adherence.Move{TenantID: r.TenantID, PatientID: r.PatientID, Day: r.Day,
				From: StateMissed, To: StateSkipped})
		}
		if err := adherence.Record(tx, s.dbx, moves); err != nil {
			return err
		}
		if onMissed == nil || len(newly) == 0 {
			return nil
		}
		doses := make([]MissedDose, len(newly))
		for i, r := range newly {
			doses[i] = MissedDose{ID: r.ID, TenantID: r.TenantID, ReminderID: r.ReminderID, PatientID: r.PatientID}
		}
		return onMissed(tx, doses)
	})
	return missed, err
}

// RebuildAdherence settles every missed medication dose whose message was
// skipped (whenever that happened) and recounts the adherence rollup of
// tenantID ("" for all tenants), in one transaction.
func (s *gormStore) RebuildAdherence(ctx context.Context, tenantID string, now time.Time) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		q := `UPDATE occurrences SET state = 'skipped', updated_at = ?,
  skip_reason = (SELECT m.skip_reason FROM messages m WHERE m.id = occurrences.message_id)
WHERE state = 'missed' AND EXISTS (SELECT 1 FROM messages m WHERE m.id = occurrences.message_id AND m.status = 'skipped')`
		args := []any{now.UTC()}
		if tenantID != "" {
			q += " AND tenant_id = ?"
			args = append(args, tenantID)
		}
		if err := tx.Exec(q, args...).Error; err != nil {
			return err
		}
		return adherence.Recount(tx, s.dbx, tenantID)
	})
}

var _ TickStore = (*gormStore)(nil)
