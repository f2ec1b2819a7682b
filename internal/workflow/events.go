package workflow

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/workflow/flow"
	"gorm.io/gorm"
)

// Reply advances the patient's executions waiting for a reply, in tx (the
// transaction that records what the reply meant). It reports whether an
// execution took the reply, so the conversation need not answer it itself.
func (s *Service) Reply(ctx context.Context, tx *gorm.DB, tenantID, patientID, messageID, intent string, at time.Time) (bool, error) {
	var execs []Execution
	err := tx.WithContext(ctx).Raw("SELECT * FROM workflow_executions WHERE tenant_id = ? AND patient_id = ? AND status = 'waiting' AND waiting = 'reply'"+
		s.db.ForUpdate(), tenantID, patientID).Scan(&execs).Error
	if err != nil || len(execs) == 0 {
		return false, err
	}
	now := s.now()
	ts, err := s.transitions(ctx, tx, execs, func(Execution) flow.Event {
		return flow.Event{Kind: flow.EventReply, At: at, Intent: intent, MessageID: messageID}
	})
	if err != nil {
		return false, err
	}
	moved, _, err := s.applyAll(ctx, tx, ts, now)
	return moved > 0, err
}

// Keyword starts the tenant's active inbound_keyword workflows whose keyword
// the message is (or begins with), in tx; it reports whether one started.
func (s *Service) Keyword(ctx context.Context, tx *gorm.DB, tenantID, patientID, messageID, body string, at time.Time) (bool, error) {
	words := keywordText(body)
	if words == "" {
		return false, nil
	}
	var ws []Workflow
	if err := tx.WithContext(ctx).Where("tenant_id = ? AND is_active AND deleted_at IS NULL AND trigger_type = ?", tenantID, TriggerInboundKeyword).
		Find(&ws).Error; err != nil {
		return false, err
	}
	var reqs []startRequest
	for _, w := range ws {
		if !slices.ContainsFunc(w.Trigger.V.Keywords, func(k string) bool {
			k = keywordText(k)
			return k != "" && (words == k || strings.HasPrefix(words, k+" "))
		}) {
			continue
		}
		v, err := s.version(ctx, tx, w.ID, w.Version)
		if err != nil {
			return false, err
		}
		reqs = append(reqs, startRequest{TenantID: tenantID, WorkflowID: w.ID, Version: v, PatientID: patientID,
			EventKey: "message:" + messageID, Day0: at, Context: map[string]any{"trigger": map[string]any{"message_id": messageID}}})
	}
	if len(reqs) == 0 {
		return false, nil
	}
	out, _, err := s.startMany(ctx, tx, reqs, s.now())
	return len(out) > 0, err
}

// keywordText is a message's words, lower case, punctuation dropped.
func keywordText(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	return strings.Join(f, " ")
}

// AppointmentChanged moves the executions an appointment started with it,
// in tx: a new start moves day 0 and the calendar delay being waited on; a
// status other than scheduled (for the appointment trigger) or deletion
// cancels them.
func (s *Service) AppointmentChanged(ctx context.Context, tx *gorm.DB, a appointment.Appointment, now time.Time) error {
	var execs []Execution
	err := tx.WithContext(ctx).Raw(`SELECT e.* FROM workflow_executions e JOIN workflows w ON w.id = e.workflow_id
WHERE e.tenant_id = ? AND e.trigger_event_id = ? AND w.trigger_type = ? AND e.status IN ('running','waiting')`,
		a.TenantID, "appointment:"+a.ID, TriggerAppointment).Scan(&execs).Error
	if err != nil || len(execs) == 0 {
		return err
	}
	people, err := s.patients(ctx, tx, []string{a.PatientID})
	if err != nil {
		return err
	}
	w, ok := people[a.PatientID]
	gone := a.DeletedAt.Valid || a.Status != "scheduled" || !ok
	for _, e := range execs {
		if gone {
			if err := s.cancel(ctx, tx, e, "the appointment was "+orDeleted(a), now); err != nil {
				return err
			}
			continue
		}
		day0 := a.StartsAt.In(w.zone).Format(time.DateOnly)
		if day0 == e.Day0 {
			continue
		}
		next := e.NextRunAt
		if e.Waiting == "delay" {
			v, err := s.version(ctx, tx, e.WorkflowID, e.WorkflowVersion)
			if err != nil {
				return err
			}
			if n, ok := findNode(v.Graph.V, e.CurrentNodeID); ok {
				if d, err := n.Delay(); err == nil && d.Calendar() {
					e.Day0 = day0
					next = calendarWake(e, w, d)
				}
			}
		}
		if err := tx.WithContext(ctx).Exec(`UPDATE workflow_executions SET day0 = ?, next_run_at = ?, state_version = state_version + 1,
claim_token = NULL, claimed_until = NULL, updated_at = ? WHERE id = ? AND state_version = ?`, day0, utcPtr(next), now, e.ID, e.StateVersion).Error; err != nil {
			return err
		}
	}
	return nil
}

func orDeleted(a appointment.Appointment) string {
	if a.DeletedAt.Valid {
		return "deleted"
	}
	return a.Status
}

// calendarWake is when a calendar delay ends for e (day 0 + days at the time of day, in the patient's zone).
func calendarWake(e Execution, w who, d flow.Delay) *time.Time {
	day0, err := time.ParseInLocation(time.DateOnly, e.Day0, w.zone)
	if err != nil {
		return e.NextRunAt
	}
	var h, m int
	if _, err := fmtSscan(d.TimeOfDay, &h, &m); err != nil {
		return e.NextRunAt
	}
	at := time.Date(day0.Year(), day0.Month(), day0.Day()+d.Days, h, m, 0, 0, w.zone).UTC()
	return &at
}
