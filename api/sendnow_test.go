package api

import (
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func (a *testApp) sendNow(token string, ids ...string) SendNowResult {
	a.t.Helper()
	var body any
	if ids != nil {
		body = map[string]any{"ids": ids}
	}
	r := a.do("POST", "/api/v1/reminders/send-now", body, token)
	a.ok(r, 200)
	var res SendNowResult
	r.decode(&res)
	return res
}

func (a *testApp) messagesOf(patientID string) []Message {
	a.t.Helper()
	r := a.do("GET", "/api/v1/messages?sort=created_at&per_page=100&patient_id="+patientID, nil, a.admin)
	a.ok(r, 200)
	var list MessageList
	r.decode(&list)
	return list.Data
}

func (a *testApp) reminder(token, id string) Reminder {
	a.t.Helper()
	r := a.do("GET", "/api/v1/reminders/"+id, nil, token)
	a.ok(r, 200)
	var rem Reminder
	r.decode(&rem)
	return rem
}

// Send now sends one extra message at once and leaves the schedule alone: the
// scheduled doses are neither consumed nor suppressed as duplicates of it, and
// it is not suppressed as a duplicate of a scheduled dose.
func TestSendNowSendsOneExtraMessageAndKeepsTheSchedule(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(time.Date(2026, 11, 22, 0, 55, 0, 0, time.UTC)) // 07:55 in Jakarta
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-7890", "consent": "granted"})
		rem := a.createReminderAs(a.admin, medicationBody(p.ID)) // daily at 08:00
		today := time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC)
		tomorrow := today.Add(24 * time.Hour)

		// 07:55: one extra message, reported queued; the 08:00 dose is still to come.
		res := a.sendNow(a.admin, rem.ID)
		if res.Queued != 1 || res.Skipped != 0 || len(res.Results) != 1 {
			t.Fatalf("send-now: %+v", res)
		}
		got := res.Results[0]
		if got.ReminderID != rem.ID || got.PatientID != p.ID || got.PatientName != "Siti" || got.Status != "queued" ||
			got.Reason != nil || got.MessageID == nil {
			t.Fatalf("outcome: %+v", got)
		}
		msgs := a.messagesOf(p.ID)
		if len(msgs) != 1 || msgs[0].ID != *got.MessageID || msgs[0].Status != "queued" || msgs[0].Source != "reminder" ||
			msgs[0].Automated || msgs[0].CreatedBy == nil || *msgs[0].CreatedBy != a.adminID {
			t.Fatalf("messages: %+v", msgs)
		}
		if r := a.reminder(a.admin, rem.ID); r.NextDueAt == nil || !r.NextDueAt.Equal(today) {
			t.Fatalf("next_due_at moved: %v", r.NextDueAt)
		}
		if os := a.occurrencesOf(a.admin, rem.ID); len(os) != 0 {
			t.Fatalf("send-now made occurrences: %+v", os)
		}

		// 08:00: the tick sends the scheduled dose, five minutes after the identical extra text.
		a.clock.Set(today.Add(30 * time.Second))
		if occ, msg := a.tickReminders(); occ != 1 || msg != 1 {
			t.Fatalf("tick at 08:00: %d occurrences, %d messages", occ, msg)
		}

		// 08:06: send now again, minutes after the scheduled dose: sent, and tomorrow's dose stays.
		a.clock.Set(today.Add(6 * time.Minute))
		// A volunteer not assigned the patient finds nothing to send.
		a.ok(a.do("POST", "/api/v1/reminders/send-now", map[string]any{"ids": []string{rem.ID}}, a.volunteer), 404)
		res = a.sendNow(a.admin, rem.ID)
		if res.Queued != 1 || res.Results[0].Status != "queued" {
			t.Fatalf("send-now after the dose: %+v", res)
		}
		// A second click at once is the same text to the same patient: skipped as a duplicate, and says so.
		res = a.sendNow(a.admin, rem.ID)
		if res.Queued != 0 || res.Skipped != 1 || res.Results[0].Status != "skipped" || res.Results[0].Reason == nil ||
			*res.Results[0].Reason != "duplicate" {
			t.Fatalf("second click: %+v", res)
		}
		if r := a.reminder(a.admin, rem.ID); r.NextDueAt == nil || !r.NextDueAt.Equal(tomorrow) {
			t.Fatalf("next_due_at %v, want tomorrow's 08:00", r.NextDueAt)
		}
		os := a.occurrencesOf(a.admin, rem.ID)
		if len(os) != 1 || !os[0].DueAt.Equal(today) || os[0].MessageStatus == nil || *os[0].MessageStatus == "skipped" {
			t.Fatalf("occurrences after the sends: %+v", os)
		}

		// Tomorrow 08:00: the tick sends tomorrow's dose.
		a.clock.Set(tomorrow.Add(30 * time.Second))
		if occ, msg := a.tickReminders(); occ != 1 || msg != 1 {
			t.Fatalf("tick tomorrow: %d occurrences, %d messages", occ, msg)
		}
		os = a.occurrencesOf(a.admin, rem.ID)
		if len(os) != 2 || !os[0].DueAt.Equal(tomorrow) || os[0].State != "pending" || os[0].MessageStatus == nil ||
			*os[0].MessageStatus != "queued" {
			t.Fatalf("tomorrow's occurrence: %+v", os)
		}
		skipped := 0
		for _, m := range a.messagesOf(p.ID) {
			if m.Status == "skipped" {
				skipped++
			}
		}
		if n := len(a.messagesOf(p.ID)); n != 5 || skipped != 1 {
			t.Fatalf("%d messages, %d skipped; want 5 (two extra, two scheduled, one duplicate click) and 1", n, skipped)
		}
	})
}

// Send now says, per reminder, why nothing was sent; without ids it takes the
// reminders with a dose still due today in the patient's time zone.
func TestSendNowReportsWhyNothingWasSent(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(time.Date(2026, 11, 21, 23, 0, 0, 0, time.UTC)) // 06:00 in Jakarta
		patient := func(name, phone, consent string) Patient {
			return a.createPatientAs(a.admin, map[string]any{"name": name, "phone": phone, "consent": consent,
				"assigned_volunteer_id": a.volunteerID})
		}
		ok := a.createReminderAs(a.admin, medicationBody(patient("Siti", "0812-3456-7801", "granted").ID))
		pending := a.createReminderAs(a.admin, medicationBody(patient("Budi", "0812-3456-7802", "pending").ID))
		revokedP := patient("Ani", "0812-3456-7803", "granted")
		revoked := a.createReminderAs(a.admin, medicationBody(revokedP.ID))
		a.ok(a.do("PATCH", "/api/v1/patients/"+revokedP.ID, map[string]any{"consent": "revoked"}, a.admin), 200)
		inactiveP := patient("Dewi", "0812-3456-7804", "granted")
		inactive := a.createReminderAs(a.admin, medicationBody(inactiveP.ID))
		a.ok(a.do("PATCH", "/api/v1/patients/"+inactiveP.ID, map[string]any{"is_active": false}, a.admin), 200)
		paused := a.createReminderAs(a.admin, medicationBody(patient("Rina", "0812-3456-7805", "granted").ID))
		a.ok(a.do("POST", "/api/v1/reminders/"+paused.ID+"/pause", nil, a.admin), 200)
		later := medicationBody(patient("Joko", "0812-3456-7806", "granted").ID)
		later["schedule"] = map[string]any{"frequency": "daily", "times": []string{"08:00"}, "start_date": "2026-11-25"}
		notToday := a.createReminderAs(a.admin, later)

		want := map[string]string{ok.ID: "", pending.ID: "no_consent", revoked.ID: "opted_out", inactive.ID: "patient_inactive",
			paused.ID: "paused", notToday.ID: ""}
		res := a.sendNow(a.volunteer, ok.ID, pending.ID, revoked.ID, inactive.ID, paused.ID, notToday.ID)
		if res.Queued != 2 || res.Skipped != 4 || len(res.Results) != 6 {
			t.Fatalf("by id: %+v", res)
		}
		for i, o := range res.Results {
			reason := ""
			if o.Reason != nil {
				reason = *o.Reason
			}
			if reason != want[o.ReminderID] || (reason == "") != (o.Status == "queued") {
				t.Fatalf("result %d: %+v, want reason %q", i, o, want[o.ReminderID])
			}
		}
		// The results follow the order of the ids.
		if res.Results[0].ReminderID != ok.ID || res.Results[5].ReminderID != notToday.ID {
			t.Fatalf("order: %+v", res.Results)
		}

		// Without ids: only the active reminders due today (the paused one and the one from the 25th are left out).
		a.clock.Advance(11 * time.Minute) // past the duplicate window of the first sends
		res = a.sendNow(a.volunteer)
		if res.Queued != 1 || res.Skipped != 3 || len(res.Results) != 4 {
			t.Fatalf("due today: %+v", res)
		}
		for _, o := range res.Results {
			if o.ReminderID == paused.ID || o.ReminderID == notToday.ID {
				t.Fatalf("not due today, yet reported: %+v", o)
			}
		}
		// Nothing moved: every reminder still has its next dose where it was.
		for _, id := range []string{ok.ID, pending.ID, revoked.ID, notToday.ID} {
			if len(a.occurrencesOf(a.admin, id)) != 0 {
				t.Fatalf("send-now made occurrences for %s", id)
			}
		}
		if r := a.reminder(a.admin, notToday.ID); r.NextDueAt == nil ||
			!r.NextDueAt.Equal(time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)) {
			t.Fatalf("next_due_at of the later reminder: %v", r.NextDueAt)
		}
	})
}
