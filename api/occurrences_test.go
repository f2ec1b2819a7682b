package api

import (
	"math"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func TestSendNowAndStaffConfirmation(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(time.Date(2026, 11, 21, 23, 0, 0, 0, time.UTC)) // 06:00 in Jakarta
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-7890", "consent": "granted",
			"assigned_volunteer_id": a.volunteerID})
		rem := a.createReminderAs(a.admin, medicationBody(p.ID))

		// The 08:00 dose is due today: send-now without ids queues one extra message at once.
		r := a.do("POST", "/api/v1/reminders/send-now", nil, a.volunteer, "Idempotency-Key", "send-1")
		a.ok(r, 200)
		var res SendNowResult
		r.decode(&res)
		if res.Queued != 1 {
			t.Fatalf("queued %d", res.Queued)
		}
		again := a.do("POST", "/api/v1/reminders/send-now", nil, a.volunteer, "Idempotency-Key", "send-1")
		a.ok(again, 200)
		if again.hdr.Get("Idempotent-Replayed") != "true" {
			t.Fatal("a repeated send-now was not replayed")
		}
		// The schedule is untouched: the tick makes the 08:00 dose.
		a.clock.Set(time.Date(2026, 11, 22, 1, 0, 30, 0, time.UTC))
		a.tickReminders()
		os := a.occurrencesOf(a.volunteer, rem.ID)
		if len(os) != 1 || os[0].State != "pending" || !os[0].DueAt.Equal(time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC)) {
			t.Fatalf("occurrences: %+v", os)
		}

		// Confirm within the window: confirmed; the developer may not; another tenant sees nothing.
		a.clock.Set(time.Date(2026, 11, 22, 1, 30, 0, 0, time.UTC))
		today := os[0].ID
		a.ok(a.do("POST", "/api/v1/occurrences/"+today+"/confirm", nil, a.developer), 403)
		a.ok(a.do("POST", "/api/v1/occurrences/"+today+"/confirm", nil, a.otherAdmin), 404)
		a.ok(a.do("POST", "/api/v1/occurrences/123/confirm", nil, a.admin), 404)
		r = a.do("POST", "/api/v1/occurrences/"+today+"/confirm", nil, a.volunteer)
		a.ok(r, 200)
		var o Occurrence
		r.decode(&o)
		if o.State != "confirmed" || *o.ConfirmedBy != "staff" || *o.ConfirmedByUserID != a.volunteerID || o.ConfirmedAt == nil {
			t.Fatalf("confirmed: %+v", o)
		}
		// Tomorrow's dose, confirmed a day after its window: late.
		a.clock.Set(time.Date(2026, 11, 23, 1, 0, 30, 0, time.UTC))
		a.tickReminders()
		a.clock.Set(time.Date(2026, 11, 24, 0, 59, 0, 0, time.UTC))
		a.tickReminders()
		var tomorrow string
		for _, x := range a.occurrencesOf(a.admin, rem.ID) {
			if x.DueAt.Equal(time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)) {
				tomorrow = x.ID
				if x.State != "missed" {
					t.Fatalf("unconfirmed after the window: %+v", x)
				}
			}
		}
		r = a.do("POST", "/api/v1/occurrences/"+tomorrow+"/confirm", nil, a.admin)
		a.ok(r, 200)
		r.decode(&o)
		if o.State != "late" {
			t.Fatalf("late: %+v", o)
		}
	})
}

// Adherence (confirmed ÷ due medication doses) is on the patient list and the
// patient page; null when nothing was due.
func TestAdherenceOnPatientListAndDetail(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) // 07:00 in Jakarta
		a.clock.Set(start)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-7890", "consent": "granted"})
		idle := a.createPatientAs(a.admin, map[string]any{"name": "Budi", "phone": "0813-3456-7890", "consent": "granted"})
		body := medicationBody(p.ID)
		body["schedule"] = map[string]any{"frequency": "daily", "times": []string{"08:00"}, "start_date": "2026-11-01"}
		rem := a.createReminderAs(a.admin, body)
		// Twenty days: confirm the doses of days 0–9 and 15–17; the others are missed.
		for day := range 20 {
			a.clock.Set(start.Add(time.Duration(day)*24*time.Hour + time.Hour + 30*time.Second)) // 08:00:30
			a.tickReminders()
			if day < 10 || (day >= 15 && day < 18) {
				os := a.occurrencesOf(a.admin, rem.ID)
				a.ok(a.do("POST", "/api/v1/occurrences/"+os[0].ID+"/confirm", nil, a.admin), 200)
			}
		}
		// Day 20, 12:00 in Jakarta: today's dose is missed too (its window closed at 10:00).
		a.clock.Set(start.Add(20*24*time.Hour + 5*time.Hour))
		a.tickReminders()
		// 30 days: 21 due, 13 confirmed. 7 days (days 14–20): 7 due, 3 confirmed.
		want7, want30 := 3.0/7.0, 13.0/21.0
		var list PatientList
		r := a.do("GET", "/api/v1/patients?sort=name", nil, a.admin)
		a.ok(r, 200)
		r.decode(&list)
		for _, x := range list.Data {
			switch x.ID {
			case p.ID:
				if x.Adherence7d == nil || x.Adherence30d == nil || math.Abs(*x.Adherence7d-want7) > 1e-9 || math.Abs(*x.Adherence30d-want30) > 1e-9 {
					t.Fatalf("list adherence %v %v, want %v %v", x.Adherence7d, x.Adherence30d, want7, want30)
				}
			case idle.ID:
				if x.Adherence7d != nil || x.Adherence30d != nil {
					t.Fatalf("nothing was due, adherence %v %v", x.Adherence7d, x.Adherence30d)
				}
			}
		}
		var one Patient
		r = a.do("GET", "/api/v1/patients/"+p.ID, nil, a.admin)
		a.ok(r, 200)
		r.decode(&one)
		if one.Adherence7d == nil || math.Abs(*one.Adherence7d-want7) > 1e-9 || math.Abs(*one.Adherence30d-want30) > 1e-9 {
			t.Fatalf("detail adherence %v %v", one.Adherence7d, one.Adherence30d)
		}
	})
}
