package patientrights

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/errs"
	"gorm.io/gorm"
)

// Confirmation is the word an erasure request must carry.
const Confirmation = "ERASE"

// Counts are the rows an erasure changed, by kind. A second erasure of the
// same patient finds nothing left and counts zeros.
type Counts struct {
	Patient            int64 // the patient row, anonymised and soft-deleted
	Messages           int64 // messages whose body, phone or error text was removed
	MessagesCancelled  int64 // queued messages that will never be sent
	MessageAttempts    int64 // attempts whose provider error text was removed
	Appointments       int64
	Reminders          int64
	WorkflowExecutions int64 // context emptied; running ones cancelled
	WorkflowSteps      int64 // step details removed
	WebhookCalls       int64 // inbound webhook payloads removed
	IdempotencyRecords int64 // stored first responses deleted
	Notifications      int64 // staff notifications deleted
	InboundJobs        int64
	UnknownSenders     int64
	Files              int64 // the photo, when it was an upload of this server
	Other              map[string]int64
}

// Summary is the outcome of an erasure.
type Summary struct {
	PatientID     string
	ErasedAt      time.Time
	AlreadyErased bool // an earlier erasure had removed everything already
	Counts        Counts
}

// Erase removes the patient's health data for good (admins only; confirm
// must be Confirmation). What statistics count is kept without it: message
// rows (channel, status, times; no body, no phone), occurrences and the
// adherence rollup, campaign recipients, workflow executions (no context).
// The patient row stays as an anonymised, soft-deleted tombstone, so its id
// still joins and a new patient with the same phone is a new patient. Queued
// messages are skipped, running workflow executions cancelled, reminders
// stopped. Erasing an erased patient is not an error: it runs again (finding
// nothing) and says so.
func (s *Service) Erase(ctx context.Context, a identity.Actor, id, confirm string) (Summary, error) {
	if err := authorize(a); err != nil {
		return Summary{}, err
	}
	if strings.TrimSpace(confirm) != Confirmation {
		return Summary{}, errs.Invalid("confirm", "must be "+Confirmation)
	}
	g := s.db.Gorm
	p, erased, err := s.load(ctx, g, a.TenantID, id)
	if err != nil {
		return Summary{}, err
	}
	sub := Subject{TenantID: a.TenantID, PatientID: p.ID, Phone: p.Phone, Name: p.Name}
	if p.ExternalID != nil {
		sub.ExternalID = *p.ExternalID
	}
	// The long walk over sealed copies reads outside the transaction; the
	// transaction reads again only what was written since it began.
	scanStart := s.now().Add(-time.Second)
	hits, err := s.findSealed(ctx, g, sub, time.Time{})
	if err != nil {
		return Summary{}, err
	}
	now := s.now()
	out := Summary{PatientID: p.ID, ErasedAt: now, AlreadyErased: erased}
	err = g.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		late, err := s.findSealed(ctx, tx, sub, scanStart)
		if err != nil {
			return err
		}
		hits.idempotency = append(hits.idempotency, late.idempotency...)
		hits.webhooks = append(hits.webhooks, late.webhooks...)
		c, err := s.erase(ctx, tx, sub, now, hits)
		if err != nil {
			return err
		}
		if p.PhotoURL != nil && s.files != nil {
			removed, err := s.files.RemoveURL(ctx, *p.PhotoURL)
			if err != nil {
				return fmt.Errorf("remove the patient's photo: %w", err)
			}
			if removed {
				c.Files = 1
			}
		}
		out.Counts = c
		return s.audit(ctx, tx, a, ActionErase, p.ID)
	})
	if err != nil {
		return Summary{}, err
	}
	if s.onErase != nil {
		s.onErase(a.TenantID)
	}
	return out, nil
}

// step is one statement of the erasure and the count it adds to.
type step struct {
	count *int64
	sql   string
	args  []any
}

// erase runs every statement of the erasure in tx.
func (s *Service) erase(ctx context.Context, tx *gorm.DB, sub Subject, now time.Time, hits sealedHits) (Counts, error) {
	var c Counts
	t, pid := sub.TenantID, sub.PatientID
	ownMessages := "SELECT id FROM messages WHERE tenant_id = ? AND patient_id = ?"
	ownExecutions := "SELECT id FROM workflow_executions WHERE tenant_id = ? AND patient_id = ?"
	steps := []step{
		// The tombstone: nothing that tells who the patient was. Language, time
		// zone, consent and the assigned volunteer stay (statistics group by them).
		{&c.Patient, `UPDATE patients SET name = '', phone = '', email = NULL, birth_date = NULL, gender = NULL,
			diagnosis = '', cancer_stage = '', notes = '', tags = '[]', attributes = '{}', external_id = NULL,
			consent_source = NULL, preferred_channel = NULL, quiet_hours_start = NULL, quiet_hours_end = NULL,
			last_visit_date = NULL, last_surgery_date = NULL, photo_url = NULL, is_active = ?,
			deleted_at = COALESCE(deleted_at, ?), updated_at = ?, version = version + 1
			WHERE tenant_id = ? AND id = ? AND (name <> '' OR phone <> '' OR email IS NOT NULL OR birth_date IS NOT NULL
			OR gender IS NOT NULL OR diagnosis <> '' OR cancer_stage <> '' OR notes <> '' OR tags <> '[]' OR attributes <> '{}'
			OR external_id IS NOT NULL OR photo_url IS NOT NULL OR last_visit_date IS NOT NULL OR last_surgery_date IS NOT NULL
			OR deleted_at IS NULL OR is_active = ?)`, []any{false, now, now, t, pid, true}},
		// Never send to an erased patient.
		{&c.MessagesCancelled, `UPDATE messages SET status = ?, skip_reason = ?, next_attempt_at = NULL, updated_at = ?,
			version = version + 1 WHERE tenant_id = ? AND patient_id = ? AND status = ?`,
			[]any{outbox.StatusSkipped, outbox.SkipPatientInactive, now, t, pid, outbox.StatusQueued}},
		{&c.Messages, `UPDATE messages SET body = '', body_hash = '', to_phone = NULL, kakao_parameters = '{}', error_message = NULL
			WHERE tenant_id = ? AND patient_id = ? AND (body <> '' OR body_hash IS NULL OR body_hash <> '' OR to_phone IS NOT NULL
			OR error_message IS NOT NULL OR kakao_parameters <> '{}')`, []any{t, pid}},
		{&c.MessageAttempts, `UPDATE message_attempts SET error_message = NULL
			WHERE tenant_id = ? AND error_message IS NOT NULL AND message_id IN (` + ownMessages + `)`, []any{t, t, pid}},
		{&c.Appointments, `UPDATE appointments SET surgery_type = NULL, doctor = NULL, location = NULL, notes = NULL,
			deleted_at = COALESCE(deleted_at, ?), updated_at = ?, version = version + 1
			WHERE tenant_id = ? AND patient_id = ? AND (surgery_type IS NOT NULL OR doctor IS NOT NULL OR location IS NOT NULL
			OR notes IS NOT NULL OR deleted_at IS NULL)`, []any{now, now, t, pid}},
		{&c.Reminders, `UPDATE reminders SET message = CASE WHEN message IS NULL THEN NULL ELSE '' END, medication = NULL, dose = NULL,
			is_active = ?, next_due_at = NULL, deleted_at = COALESCE(deleted_at, ?), updated_at = ?, version = version + 1
			WHERE tenant_id = ? AND patient_id = ? AND (message <> '' OR medication IS NOT NULL OR dose IS NOT NULL
			OR is_active = ? OR deleted_at IS NULL)`, []any{false, now, now, t, pid, true}},
		{&c.Notifications, `DELETE FROM notifications WHERE tenant_id = ? AND (patient_id = ? OR execution_id IN (` + ownExecutions + `))`,
			[]any{t, pid, t, pid}},
		{&c.WorkflowSteps, `UPDATE workflow_steps SET detail = NULL
			WHERE tenant_id = ? AND detail IS NOT NULL AND execution_id IN (` + ownExecutions + `)`, []any{t, t, pid}},
		// Running executions stop; state_version moves so that a timer set
		// for the old state does nothing.
		{&c.WorkflowExecutions, `UPDATE workflow_executions SET context = '{}',
			finished_at = CASE WHEN status IN ('running','waiting') THEN ? ELSE finished_at END,
			status = CASE WHEN status IN ('running','waiting') THEN 'cancelled' ELSE status END,
			next_run_at = NULL, waiting = '', claim_token = NULL, claimed_until = NULL,
			state_version = state_version + 1, updated_at = ?
			WHERE tenant_id = ? AND patient_id = ? AND (context <> '{}' OR status IN ('running','waiting'))`, []any{now, now, t, pid}},
		{&c.InboundJobs, `UPDATE inbound_jobs SET status = CASE WHEN status = 'pending' THEN 'done' ELSE status END,
			finished_at = COALESCE(finished_at, ?), last_error = NULL, claim_token = NULL, claimed_until = NULL
			WHERE tenant_id = ? AND patient_id = ? AND (status = 'pending' OR last_error IS NOT NULL)`, []any{now, t, pid}},
	}
	if sub.Phone != "" {
		steps = append(steps,
			// Test messages sent to the number without naming the patient.
			step{&c.Messages, `UPDATE messages SET body = '', body_hash = '', to_phone = NULL, error_message = NULL
				WHERE tenant_id = ? AND patient_id IS NULL AND to_phone = ?`, []any{t, sub.Phone}},
			step{&c.UnknownSenders, `DELETE FROM unknown_senders WHERE phone = ? AND (tenant_id = ? OR tenant_id IS NULL)`,
				[]any{sub.Phone, t}},
		)
	}
	for _, st := range steps {
		res := tx.WithContext(ctx).Exec(st.sql, st.args...)
		if res.Error != nil {
			return c, res.Error
		}
		*st.count += res.RowsAffected
	}
	var err error
	if c.IdempotencyRecords, c.WebhookCalls, err = scrubSealed(ctx, tx, t, hits); err != nil {
		return c, err
	}
	for _, x := range s.extra {
		kind, n, err := x.ErasePatient(ctx, tx, sub)
		if err != nil {
			return c, fmt.Errorf("erase %s: %w", kind, err)
		}
		if c.Other == nil {
			c.Other = map[string]int64{}
		}
		c.Other[kind] += n
	}
	return c, nil
}
