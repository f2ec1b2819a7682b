package api

import (
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// The simulation and the notifications refuse bad input, other tenants'
// patients and other people's notifications, and write nothing.
func TestSimulationAndNotificationsRefuseBadInput(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		a.clock.Set(morning)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted",
			"assigned_volunteer_id": a.volunteerID})
		theirs := a.createPatientAs(a.otherAdmin, map[string]any{"name": "Other", "phone": "0812-3456-7899", "consent": "granted"})
		for _, c := range []struct {
			body  any
			field string
		}{
			{map[string]any{"patient_id": p.ID}, "body"},
			{map[string]any{"patient_id": p.ID, "body": 7}, "body"},
			{map[string]any{"patient_id": p.ID, "body": "  "}, "body"},
			{map[string]any{"patient_id": p.ID, "body": strings.Repeat("x", 4097)}, "body"},
			{map[string]any{"patient_id": p.ID, "body": "a\x00b"}, "body"},
			{map[string]any{"patient_id": "nope", "body": "halo"}, "patient_id"},
			{map[string]any{"patient_id": p.ID, "body": "halo", "extra": true}, "extra"},
		} {
			r := a.do("POST", "/api/v1/dev/simulate-inbound", c.body, a.admin)
			if r.code != 400 {
				t.Fatalf("%v: %d %s", c.body, r.code, r.body)
			}
			if f := r.fieldErrors(); len(f) == 0 || f[0] != c.field {
				t.Fatalf("%v: fields %v, want %s", c.body, f, c.field)
			}
		}
		a.ok(a.do("POST", "/api/v1/dev/simulate-inbound", map[string]any{"patient_id": theirs.ID, "body": "halo"}, a.admin), 404)
		a.ok(a.do("POST", "/api/v1/dev/simulate-inbound", map[string]any{"patient_id": p.ID, "body": "halo"}, a.developer), 403)
		if n := a.count("SELECT count(*) FROM messages WHERE direction = 'inbound'"); n != 0 {
			t.Fatalf("refused simulations stored %d messages", n)
		}

		// An urgent message notifies the volunteer; nobody else can read or mark it.
		a.ok(a.do("POST", "/api/v1/dev/simulate-inbound", map[string]any{"patient_id": p.ID, "body": "nyeri dada, sesak napas"}, a.volunteer), 202)
		a.process()
		var notes NotificationList
		a.do("GET", "/api/v1/notifications", nil, a.volunteer).decode(&notes)
		if len(notes.Data) != 1 || notes.Unread != 1 {
			t.Fatalf("the volunteer's notifications: %+v", notes)
		}
		id := notes.Data[0].ID
		for _, who := range []string{a.admin, a.otherAdmin, a.developer} {
			a.ok(a.do("POST", "/api/v1/notifications/"+id+"/read", nil, who), 404)
		}
		a.ok(a.do("POST", "/api/v1/notifications/not-an-id/read", nil, a.volunteer), 404)
		a.ok(a.do("POST", "/api/v1/notifications/"+id+"/read", nil, a.volunteer), 204)
		a.do("GET", "/api/v1/notifications", nil, a.volunteer).decode(&notes)
		if notes.Unread != 0 || notes.Data[0].ReadAt == nil {
			t.Fatalf("after reading: %+v", notes)
		}
	})
}
