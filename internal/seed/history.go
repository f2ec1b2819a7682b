package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/prima-health/prima/internal/adherence"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
)

// HistoryDays is how far back the demo clinic's history goes.
const HistoryDays = 14

// dailyDose is a daily medication reminder of the demo, as history needs it.
type dailyDose struct {
	reminderID, patientID, name, language, timezone, channel string
	medication, dose                                         string
	times                                                    []string
	// missEvery makes every n-th dose missed (0: none), lateEvery every n-th late.
	missEvery, lateEvery int
}

// history is what the demo's last fortnight wrote: one reminder message per
// dose, mostly delivered and read, a reply for each confirmation, a few late
// and missed doses, a failover and a failed message, so that the dashboard's
// charts and the patient pages show something on first start.
type history struct {
	messages, attempts, occurrences [][]any
}

// demoHistory writes HistoryDays of past doses of the daily reminders, ending
// yesterday, and rebuilds the tenant's adherence rollup from them.
func demoHistory(ctx context.Context, d *db.DB, bodies outbox.Bodies, tenantID string, doses []dailyDose, now time.Time) error {
	h := &history{}
	for _, dd := range doses {
		loc, err := time.LoadLocation(dd.timezone)
		if err != nil {
			return err
		}
		today := now.In(loc)
		n := 0
		for day := HistoryDays; day >= 1; day-- {
			date := today.AddDate(0, 0, -day)
			for _, hhmm := range dd.times {
				var hh, mm int
				if _, err := fmt.Sscanf(hhmm, "%d:%d", &hh, &mm); err != nil {
					return err
				}
				due := time.Date(date.Year(), date.Month(), date.Day(), hh, mm, 0, 0, loc).UTC()
				n++
				if err := h.dose(bodies, tenantID, dd, due, n); err != nil {
					return err
				}
			}
		}
	}
	return d.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, w := range []struct {
			table string
			cols  []string
			rows  [][]any
		}{
			{"messages", historyMessageColumns, h.messages},
			{"message_attempts", historyAttemptColumns, h.attempts},
			{"occurrences", historyOccurrenceColumns, h.occurrences},
		} {
			if _, err := d.BulkInsert(tx, w.table, w.cols, w.rows); err != nil {
				return fmt.Errorf("demo history %s: %w", w.table, err)
			}
		}
		// The demo's patients were registered before their history began.
		registered := now.AddDate(0, 0, -HistoryDays-1).UTC()
		if err := tx.Exec("UPDATE patients SET created_at = ? WHERE tenant_id = ?", registered, tenantID).Error; err != nil {
			return err
		}
		if err := tx.Exec("UPDATE audit_events SET created_at = ? WHERE tenant_id = ? AND action = 'patient.create'",
			registered, tenantID).Error; err != nil {
			return err
		}
		return adherence.Recount(tx, d, tenantID)
	})
}

var (
	historyMessageColumns = []string{"id", "tenant_id", "patient_id", "direction", "channel", "channel_order", "channel_index",
		"status", "body", "body_hash", "source", "source_id", "provider_message_id", "automated", "priority", "error_code",
		"error_message", "channel_attempts", "total_attempts", "created_at", "updated_at", "sent_at", "delivered_at", "read_at",
		"failed_at", "version"}
	historyAttemptColumns = []string{"id", "message_id", "tenant_id", "attempt_no", "channel", "status", "error_code",
		"error_message", "provider_message_id", "started_at", "finished_at"}
	historyOccurrenceColumns = []string{"id", "tenant_id", "reminder_id", "patient_id", "reminder_type", "due_at", "confirm_by",
		"state", "message_id", "confirmed_at", "confirmed_by", "created_at", "updated_at"}
)

// dose writes one past dose: its occurrence, its message with attempts, and
// the patient's reply when the dose was confirmed.
func (h *history) dose(bodies outbox.Bodies, tenantID string, dd dailyDose, due time.Time, n int) error {
	occID, msgID := ids.New(), ids.New()
	sent := due.Add(4 * time.Second)
	delivered := sent.Add(9 * time.Second)
	var read *time.Time
	if n%3 != 0 {
		r := delivered.Add(time.Duration(3+n%20) * time.Minute)
		read = &r
	}
	state, status := "confirmed", "delivered"
	if read != nil {
		status = "read"
	}
	switch {
	case dd.missEvery > 0 && n%dd.missEvery == 0:
		state = "missed"
	case dd.lateEvery > 0 && n%dd.lateEvery == 0:
		state = "late"
	}
	body := reminderText(dd)
	order := outbox.StringList{dd.channel, "sms"}
	channel, index := dd.channel, 0
	attempts := []attempt{{dd.channel, "sent", "", sent}}
	var failedAt *time.Time
	switch {
	case n == 5 && dd.channel == "kakao":
		// AlimTalk refused the template: failed over to SMS, delivered there.
		attempts = []attempt{{"kakao", "failed", "-3012", sent}, {"sms", "sent", "", sent.Add(2 * time.Second)}}
		channel, index, status, read = "sms", 1, "delivered", nil
	case n == 9 && dd.missEvery > 0:
		// Every channel failed: the log says so, and the dose is missed.
		attempts = []attempt{{dd.channel, "failed", "INVALID_JID", sent}, {"sms", "failed", "30", sent.Add(2 * time.Second)}}
		f := sent.Add(2 * time.Second)
		channel, index, status, read, failedAt, state = "sms", 1, "failed", nil, &f, "missed"
	}
	sealed, err := bodies.Seal(body)
	if err != nil {
		return err
	}
	hash := bodies.Digest(body)
	var sentAt, deliveredAt *time.Time
	var provider, errCode, errMsg *string
	if status != "failed" {
		sentAt, deliveredAt = &attempts[len(attempts)-1].at, &delivered
		p := "demo-" + msgID[len(msgID)-12:]
		provider = &p
	} else {
		c, m := "30", "the number cannot receive messages"
		errCode, errMsg = &c, &m
	}
	h.messages = append(h.messages, []any{msgID, tenantID, dd.patientID, outbox.Outbound, channel, order, index, status, sealed, hash,
		outbox.SourceReminder, occID, provider, true, outbox.PriorityNormal, errCode, errMsg, len(attempts), len(attempts),
		due, delivered, sentAt, deliveredAt, read, failedAt, 1})
	for i, a := range attempts {
		st := a.status
		var code, msg *string
		if a.code != "" {
			c, m := a.code, "refused by the provider"
			code, msg = &c, &m
		}
		finished := a.at.Add(700 * time.Millisecond)
		var prov *string
		if st == "sent" {
			prov = provider
		}
		h.attempts = append(h.attempts, []any{ids.New(), msgID, tenantID, i + 1, a.channel, st, code, msg, prov, a.at, finished})
	}
	confirmBy := due.Add(2 * time.Hour)
	var confirmedAt *time.Time
	var confirmedBy *string
	switch state {
	case "confirmed", "late":
		at := delivered.Add(time.Duration(10+n%50) * time.Minute)
		if state == "late" {
			at = confirmBy.Add(40 * time.Minute)
		}
		confirmedAt = &at
		by := "patient"
		confirmedBy = &by
		if err := h.reply(bodies, tenantID, dd, at); err != nil {
			return err
		}
	}
	h.occurrences = append(h.occurrences, []any{occID, tenantID, dd.reminderID, dd.patientID, "medication", due, confirmBy, state,
		msgID, confirmedAt, confirmedBy, due, confirmBy})
	return nil
}

type attempt struct {
	channel, status, code string
	at                    time.Time
}

// reply records the patient's confirming answer.
func (h *history) reply(bodies outbox.Bodies, tenantID string, dd dailyDose, at time.Time) error {
	text := map[string]string{"id": "YA, sudah minum", "ko": "네 먹었어요", "en": "YES, taken"}[dd.language]
	sealed, err := bodies.Seal(text)
	if err != nil {
		return err
	}
	id := ids.New()
	provider := "demo-in-" + id[len(id)-12:]
	channel := dd.channel
	if channel == "kakao" { // AlimTalk carries no replies: Korean patients answer by SMS
		channel = "sms"
	}
	h.messages = append(h.messages, []any{id, tenantID, dd.patientID, outbox.Inbound, channel, outbox.StringList{channel}, 0,
		outbox.StatusReceived, sealed, bodies.Digest(text), outbox.SourceInbound, nil, provider, false, outbox.PriorityNormal, nil, nil,
		0, 0, at, at, nil, nil, nil, nil, 1})
	return nil
}

func reminderText(dd dailyDose) string {
	first := dd.name
	for i, r := range dd.name {
		if r == ' ' {
			first = dd.name[:i]
			break
		}
	}
	switch dd.language {
	case "ko":
		return first + "님, " + dd.medication + " " + dd.dose + " 복용할 시간입니다. 드셨으면 네 라고 답해 주세요."
	case "en":
		return "Hello " + first + ", it is time to take " + dd.medication + " " + dd.dose + ". Reply YES once you have."
	}
	return "Halo " + first + ", saatnya minum " + dd.medication + " " + dd.dose + ". Balas YA jika sudah minum."
}
