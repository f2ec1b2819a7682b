package api

import (
	"slices"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// TestDatesOutsideTheSupportedYearsAreRefusedAndListsKeepWorking writes dates
// and instants outside 1900–2200 into every resource that has them. Each write
// is a 400 naming the field, and every list still answers 200 afterwards (an
// instant in the year 10000 once made a tenant's appointment list fail for good).
func TestDatesOutsideTheSupportedYearsAreRefusedAndListsKeepWorking(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
		// West of UTC, so late evening local time on 9999-12-31 is the year 10000 in UTC.
		p := a.createPatientAs(a.admin, map[string]any{"name": "Ana Souza", "phone": "0812-3456-7890", "timezone": "America/Los_Angeles"})
		ap := a.createAppointmentAs(a.admin, map[string]any{"patient_id": p.ID, "starts_at": "2026-12-01T09:00:00-08:00"})
		rem := a.createReminderAs(a.admin, medicationBody(p.ID))
		schedule := func(kv ...any) map[string]any {
			s := map[string]any{"frequency": "daily", "times": []string{"23:00"}, "start_date": "2026-11-22"}
			for i := 0; i+1 < len(kv); i += 2 {
				s[kv[i].(string)] = kv[i+1]
			}
			return s
		}
		reminderWith := func(s map[string]any) map[string]any {
			b := medicationBody(p.ID)
			b["schedule"] = s
			return b
		}
		cases := []struct {
			name, method, path string
			body               map[string]any
			field              string
		}{
			{"appointment in the year 10000 UTC", "POST", "/api/v1/appointments",
				map[string]any{"patient_id": p.ID, "starts_at": "9999-12-31T23:00:00-05:00"}, "starts_at"},
			{"appointment after 2200", "POST", "/api/v1/appointments",
				map[string]any{"patient_id": p.ID, "starts_at": "2201-01-01T00:00:00Z"}, "starts_at"},
			{"appointment before 1900", "POST", "/api/v1/appointments",
				map[string]any{"patient_id": p.ID, "starts_at": "1899-12-31T12:00:00Z"}, "starts_at"},
			{"appointment moved to the year 10000", "PATCH", "/api/v1/appointments/" + ap.ID,
				map[string]any{"starts_at": "9999-12-31T20:00:00-08:00"}, "starts_at"},
			{"patient born before 1900", "POST", "/api/v1/patients",
				map[string]any{"name": "Old", "phone": "0812-3456-7891", "birth_date": "1899-12-31"}, "birth_date"},
			{"patient visit after 2200", "POST", "/api/v1/patients",
				map[string]any{"name": "Late", "phone": "0812-3456-7892", "last_visit_date": "2201-01-01"}, "last_visit_date"},
			{"patient surgery in 9999", "PATCH", "/api/v1/patients/" + p.ID,
				map[string]any{"last_surgery_date": "9999-12-31"}, "last_surgery_date"},
			{"reminder starting on 9999-12-31", "POST", "/api/v1/reminders",
				reminderWith(schedule("start_date", "9999-12-31")), "schedule.start_date"},
			{"reminder ending after 2200", "POST", "/api/v1/reminders",
				reminderWith(schedule("end_date", "2201-01-01")), "schedule.end_date"},
			{"reminder once in 2300", "POST", "/api/v1/reminders",
				reminderWith(schedule("frequency", "once", "date", "2300-01-01", "start_date", "")), "schedule.date"},
			{"reminder moved to 9999", "PATCH", "/api/v1/reminders/" + rem.ID,
				map[string]any{"schedule": schedule("start_date", "9999-12-31")}, "schedule.start_date"},
			{"schedule preview in 9999", "POST", "/api/v1/reminders/preview",
				map[string]any{"patient_id": p.ID, "schedule": schedule("start_date", "9999-12-31")}, "schedule.start_date"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				r := a.do(c.method, c.path, c.body, a.admin)
				a.ok(r, 400)
				if got := r.fieldErrors(); !slices.Contains(got, c.field) {
					t.Errorf("fields %v, want %s", got, c.field)
				}
			})
		}
		for _, list := range []string{"/api/v1/appointments", "/api/v1/patients", "/api/v1/reminders",
			"/api/v1/reminders/" + rem.ID + "/occurrences", "/api/v1/appointments/" + ap.ID, "/api/v1/reminders/" + rem.ID} {
			a.ok(a.do("GET", list, nil, a.admin), 200)
		}
	})
}
