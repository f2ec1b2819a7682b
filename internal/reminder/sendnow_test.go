package reminder_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/testutil"
)

// Send-now queues one extra message at once and leaves the schedule alone:
// the tick still makes and sends the scheduled dose.
func TestSendNow(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, time.Date(2026, 11, 21, 23, 0, 0, 0, time.UTC)) // 06:00 WIB
		p := e.patient(patientOpts{volunteer: e.vol.UserID})
		today := e.medication(p, daily("2026-11-22", "", "08:00", "20:00"))
		other := e.patient(patientOpts{name: "Budi"})
		tomorrow := e.medication(other, daily("2026-11-23", "", "08:00"))
		paused := e.medication(other, daily("2026-11-22", "", "09:00"))
		_, err := e.svc.Pause(ctx, e.admin, paused.ID)
		must(t, err)
		phoneless := e.patient(patientOpts{name: "Ani"})
		must(t, d.Gorm.Exec(`UPDATE patients SET phone = '' WHERE id = ?`, phoneless).Error)
		noPhone := e.medication(phoneless, daily("2026-11-22", "", "08:00"))

		out, err := e.svc.SendNow(ctx, e.admin, nil) // everything due today: the first and the phoneless patient's
		must(t, err)
		if len(out) != 2 {
			t.Fatalf("outcomes %+v", out)
		}
		for _, o := range out {
			switch o.ReminderID {
			case today.ID:
				if o.Status != reminder.SendQueued || o.MessageID == "" || o.PatientName != "Siti Rahma" {
					t.Fatalf("due today: %+v", o)
				}
			case noPhone.ID:
				if o.Status != reminder.SendSkipped || o.Reason != reminder.SkipNoPhone || o.MessageID != "" {
					t.Fatalf("no phone: %+v", o)
				}
			default:
				t.Fatalf("not due today: %+v", o)
			}
		}
		msgs := e.messages(p)
		if len(msgs) != 1 || !msgs[0].NextAttemptAt.Equal(e.clock.Now()) || msgs[0].Priority != outbox.PriorityInteractive ||
			msgs[0].Automated || *msgs[0].SourceID != today.ID || *msgs[0].CreatedBy != e.admin.UserID ||
			!msgs[0].SendBefore.Equal(e.clock.Now().Add(180*time.Minute)) {
			t.Fatalf("messages %+v", msgs)
		}
		if r := e.reload(today.ID); !r.NextDueAt.Equal(time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC)) {
			t.Fatalf("next_due_at %v, want 08:00 WIB still", r.NextDueAt)
		}
		if len(e.occurrences(today.ID)) != 0 {
			t.Fatal("send-now made an occurrence")
		}
		// The tick makes the 08:00 dose and sends it, though the extra message said the same.
		e.clock.Set(time.Date(2026, 11, 22, 1, 0, 30, 0, time.UTC))
		// (and the phoneless patient's dose, whose message the dispatcher will skip).
		if occ, msg := e.tick(); occ != 2 || msg != 2 {
			t.Fatalf("the tick made %d occurrences and %d messages, want 2 and 2", occ, msg)
		}
		if msgs := e.messages(p); len(msgs) != 2 || msgs[1].Status != outbox.StatusQueued || !msgs[1].Automated {
			t.Fatalf("the scheduled dose: %+v", msgs)
		}

		// By id: any active reminder, whatever day its next dose; a volunteer cannot
		// reach another's patient; developers cannot send; an empty selection is refused.
		if _, err := e.svc.SendNow(ctx, e.vol, []string{tomorrow.ID}); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("a volunteer sent another patient's reminder: %v", err)
		}
		if _, err := e.svc.SendNow(ctx, e.dev, []string{tomorrow.ID}); err == nil {
			t.Fatal("a developer sent")
		}
		if _, err := e.svc.SendNow(ctx, e.admin, []string{}); err == nil {
			t.Fatal("an empty selection sent")
		}
		out, err = e.svc.SendNow(ctx, e.admin, []string{paused.ID, tomorrow.ID, paused.ID})
		must(t, err)
		if len(out) != 2 || out[0].ReminderID != paused.ID || out[0].Reason != reminder.SkipPaused ||
			out[1].ReminderID != tomorrow.ID || out[1].Status != reminder.SendQueued || len(e.messages(other)) != 1 {
			t.Fatalf("by id: %+v", out)
		}
		if len(e.occurrences(tomorrow.ID)) != 0 ||
			!e.reload(tomorrow.ID).NextDueAt.Equal(time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)) {
			t.Fatal("send-now by id moved the schedule")
		}
		e.clock.Set(time.Date(2026, 11, 23, 1, 0, 30, 0, time.UTC))
		e.tick()
		if os := e.occurrences(tomorrow.ID); len(os) != 1 || len(e.messages(other)) != 2 {
			t.Fatalf("tomorrow's dose: %d occurrences, %d messages; want 1 and 2", len(os), len(e.messages(other)))
		}
	})
}
