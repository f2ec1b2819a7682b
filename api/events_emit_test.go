package api

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// subscribeAll subscribes the tenant to every event type through the API
// and makes the services record them.
func (a *testApp) subscribeAll() {
	a.t.Helper()
	a.ok(a.do("POST", "/api/v1/event-subscriptions", map[string]any{"url": "https://hooks.example.org/prima", "events": events.Types}, a.admin), 201)
	a.deps.Conversations.SetEvents(a.events.recorder)
	a.deps.Reminders.SetEvents(a.events.recorder)
	a.deps.Patients.SetEvents(a.events.recorder)
}

// recordedEvents are the recorded events of typ, oldest first; no event
// payload may hold any of phi.
func (a *testApp) recordedEvents(typ string, phi ...string) []events.Data {
	a.t.Helper()
	var raw []string
	if err := a.db.Gorm.Raw("SELECT CAST(payload AS text) FROM events").Scan(&raw).Error; err != nil {
		a.t.Fatal(err)
	}
	for _, js := range raw {
		for _, s := range phi {
			if strings.Contains(js, s) {
				a.t.Fatalf("event payload %s holds %q", js, s)
			}
		}
	}
	var rows []events.Record
	if err := a.db.Gorm.Where("type = ?", typ).Order("created_at, id").Find(&rows).Error; err != nil {
		a.t.Fatal(err)
	}
	out := make([]events.Data, len(rows))
	for i, r := range rows {
		out[i] = r.Payload.V
	}
	return out
}

// The conversation pipeline records what a patient's replies did: a dose
// confirmed, an urgent message flagged, consent revoked by STOP; staff
// withdrawing consent through the API and a carrier opt-out record
// patient.opted_out too. Ids and states only.
func TestRepliesAndConsentChangesRecordEvents(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		a.subscribeAll()
		a.clock.Set(morning.Add(-time.Hour))
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted",
			"diagnosis": "Kanker payudara"})
		rem := a.createReminderAs(a.admin, medicationBody(p.ID))
		a.clock.Set(morning)
		a.tickReminders()
		phi := []string{"Siti", "6281234567890", "Tamoxifen", "minum", "demam", "Kanker"}

		a.ok(a.inbound(patientPhone, "sudah minum obat"), 200)
		a.process()
		occ := a.occurrencesOf(a.admin, rem.ID)
		got := a.recordedEvents(events.TypeOccurrenceConfirmed, phi...)
		if len(got) != 1 || got[0]["occurrence_id"] != occ[0].ID || got[0]["reminder_id"] != rem.ID || got[0]["patient_id"] != p.ID ||
			got[0]["confirmed_by"] != "patient" || got[0]["late"] != false {
			t.Fatalf("occurrence.confirmed: %v", got)
		}

		a.clock.Advance(time.Minute)
		a.ok(a.inbound(patientPhone, "demam tinggi setelah kemo"), 200)
		a.process()
		var urgentID string
		a.db.Gorm.Raw("SELECT id FROM messages WHERE direction = 'inbound' AND intent = 'urgent'").Scan(&urgentID)
		got = a.recordedEvents(events.TypeConversationFlagged, phi...)
		if len(got) != 1 || got[0]["patient_id"] != p.ID || got[0]["flag"] != "urgent" || got[0]["message_id"] != urgentID || urgentID == "" {
			t.Fatalf("conversation.flagged: %v (urgent message %q)", got, urgentID)
		}

		a.clock.Advance(time.Minute)
		a.ok(a.inbound(patientPhone, "STOP"), 200)
		a.process()
		a.ok(a.inbound(patientPhone, "STOP"), 200) // already revoked: nothing changes
		a.process()
		got = a.recordedEvents(events.TypePatientOptedOut, phi...)
		if len(got) != 1 || got[0]["patient_id"] != p.ID || got[0]["consent"] != "revoked" || got[0]["source"] != "reply" {
			t.Fatalf("patient.opted_out by STOP: %v", got)
		}

		// Staff: granted again, then declined through the API.
		q := a.createPatientAs(a.admin, map[string]any{"name": "Budi Santoso", "phone": "0812-1111-2222", "consent": "granted"})
		a.ok(a.do("PATCH", "/api/v1/patients/"+q.ID, map[string]any{"name": "Budi S."}, a.admin), 200)
		a.ok(a.do("PATCH", "/api/v1/patients/"+q.ID, map[string]any{"consent": "declined"}, a.admin), 200)
		got = a.recordedEvents(events.TypePatientOptedOut, append(phi, "Budi", "6281211112222")...)
		if len(got) != 2 || got[1]["patient_id"] != q.ID || got[1]["consent"] != "declined" || got[1]["source"] != "staff" {
			t.Fatalf("patient.opted_out by staff: %v", got)
		}

		// A carrier opt-out of another patient's phone.
		r := a.createPatientAs(a.admin, map[string]any{"name": "Dewi Lestari", "phone": "0812-3333-4444", "consent": "granted"})
		if n, err := a.deps.Conversations.Unsubscribe(context.Background(), "+6281233334444", a.clock.Now()); err != nil || n != 1 {
			t.Fatalf("unsubscribe: %d, %v", n, err)
		}
		got = a.recordedEvents(events.TypePatientOptedOut, append(phi, "Dewi", "6281233334444")...)
		if len(got) != 3 || got[2]["patient_id"] != r.ID || got[2]["source"] != "unsubscribe" {
			t.Fatalf("patient.opted_out by unsubscribe: %v", got)
		}
	})
}

// A message that needs a person (here a patient asking to move their
// appointment) flags the conversation needs_reply and records one
// conversation.flagged; further messages while it stays flagged record none,
// and after staff resolve it the next one records another.
func TestANeedsReplyFlagRecordsOneEvent(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		a.subscribeAll()
		a.clock.Set(morning)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		phi := []string{"Siti", "6281234567890", "jadwal"}
		a.ok(a.inbound(patientPhone, "bisa ganti jadwal kontrol?"), 200)
		a.process()
		got := a.recordedEvents(events.TypeConversationFlagged, phi...)
		if len(got) != 1 || got[0]["patient_id"] != p.ID || got[0]["flag"] != "needs_reply" {
			t.Fatalf("conversation.flagged after a reschedule request: %v", got)
		}
		a.clock.Advance(time.Minute)
		a.ok(a.inbound(patientPhone, "mau ganti jadwal minggu depan"), 200)
		a.process()
		if got := a.recordedEvents(events.TypeConversationFlagged, phi...); len(got) != 1 {
			t.Fatalf("still flagged, yet %d events", len(got))
		}
		a.ok(a.do("POST", "/api/v1/conversations/"+p.ID+"/resolve", nil, a.admin), 200)
		a.clock.Advance(time.Minute)
		a.ok(a.inbound(patientPhone, "bisa ganti jadwal kontrol lagi?"), 200)
		a.process()
		if got := a.recordedEvents(events.TypeConversationFlagged, phi...); len(got) != 2 {
			t.Fatalf("flagged again after resolving, yet %d events", len(got))
		}
	})
}

// A message whose work keeps failing is given up after its last attempt,
// with its conversation flagged needs_reply: that records conversation.flagged.
func TestAGivenUpMessageRecordsAFlaggedEvent(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		a.subscribeAll()
		a.clock.Set(morning)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		a.ok(a.inbound(patientPhone, "halo"), 200)
		// The stored body cannot be opened (a key this server lost): every attempt fails.
		if err := d.Gorm.Exec("UPDATE messages SET body = 'enc:v1:lost:AAAA' WHERE direction = 'inbound'").Error; err != nil {
			t.Fatal(err)
		}
		if err := d.Gorm.Exec("UPDATE inbound_jobs SET attempts = 4").Error; err != nil {
			t.Fatal(err)
		}
		a.process()
		if n := a.count("SELECT count(*) FROM inbound_jobs WHERE status = 'failed'"); n != 1 {
			t.Fatalf("%d jobs given up, want 1", n)
		}
		got := a.recordedEvents(events.TypeConversationFlagged, "Siti", "6281234567890", "halo")
		if len(got) != 1 || got[0]["patient_id"] != p.ID || got[0]["flag"] != "needs_reply" {
			t.Fatalf("conversation.flagged after giving up: %v", got)
		}
	})
}
