package api

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

// Health data sent to PRIMA is kept encrypted wherever it is stored: patient
// fields, idempotency replays, message bodies (outbound and inbound) and
// appointment notes. The raw tables never hold one of the values in clear,
// while every read through the API still shows it.
func TestHealthDataIsNeverStoredInClear(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		a.clock.Set(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)) // 10:00 in Jakarta
		secrets := map[string]string{
			"diagnosis":        "Karsinoma mammae sinistra XQ7",
			"notes":            "Alergi cisplatin XQ8",
			"cancer_stage":     "IIIB-XQ9",
			"message":          "Jangan lupa kemoterapi besok XQ10",
			"inbound":          "Saya demam tinggi setelah kemo XQ11",
			"appointment note": "Bawa hasil biopsi XQ12",
		}
		r := a.do("POST", "/api/v1/patients", map[string]any{"name": "Siti", "phone": "0812-3456-7890", "consent": "granted",
			"diagnosis": secrets["diagnosis"], "notes": secrets["notes"], "cancer_stage": secrets["cancer_stage"]},
			a.admin, "Idempotency-Key", "create-siti-private")
		a.ok(r, 201)
		var p Patient
		r.decode(&p)
		// The replay still answers with the decrypted record.
		again := a.do("POST", "/api/v1/patients", map[string]any{"name": "Siti", "phone": "0812-3456-7890", "consent": "granted",
			"diagnosis": secrets["diagnosis"], "notes": secrets["notes"], "cancer_stage": secrets["cancer_stage"]},
			a.admin, "Idempotency-Key", "create-siti-private")
		a.ok(again, 201)
		if again.hdr.Get("Idempotent-Replayed") != "true" || !strings.Contains(string(again.body), secrets["diagnosis"]) {
			t.Fatalf("replay: %s", again.body)
		}

		msg := a.do("POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": secrets["message"]}, a.admin)
		a.ok(msg, 201)
		var sent MessageDetail
		msg.decode(&sent)
		in := fakeprovider.GOWAMessageEvent(fakeprovider.WAIncoming{ID: "3EB0PRIV", From: "+6281234567890", Body: secrets["inbound"]})
		a.ok(a.send(fakeprovider.GOWAWebhookRequest("/api/v1/hooks/gowa", gowaSecret, in)), 200)
		ap := a.createAppointmentAs(a.admin, map[string]any{"patient_id": p.ID, "starts_at": "2026-11-30T02:00:00Z",
			"notes": secrets["appointment note"]})

		for what, value := range secrets {
			if where := testutil.TablesContaining(t, d, value); len(where) > 0 {
				t.Errorf("the %s is stored in clear in %v", what, where)
			}
		}

		// Every read still shows the values.
		var detail MessageDetail
		a.do("GET", "/api/v1/messages/"+sent.ID, nil, a.admin).decode(&detail)
		if detail.Body != secrets["message"] {
			t.Errorf("message body read back: %q", detail.Body)
		}
		var inbound MessageList
		a.do("GET", "/api/v1/messages?direction=inbound", nil, a.admin).decode(&inbound)
		if len(inbound.Data) != 1 || inbound.Data[0].Body != secrets["inbound"] {
			t.Errorf("inbound message read back: %+v", inbound.Data)
		}
		var got Appointment
		a.do("GET", "/api/v1/appointments/"+ap.ID, nil, a.admin).decode(&got)
		if got.Notes == nil || *got.Notes != secrets["appointment note"] {
			t.Errorf("appointment notes read back: %v", got.Notes)
		}
		// The dispatcher opens the body it hands over (this app's channels end
		// it as failed: no provider configured), and the log still reads it.
		a.ok(a.do("POST", "/api/v1/cron/trigger", nil, a.cfg.CronSecret), 200)
		a.do("GET", "/api/v1/messages/"+sent.ID, nil, a.admin).decode(&detail)
		if detail.Status == "queued" || detail.Body != secrets["message"] {
			t.Errorf("after the tick: %s %q", detail.Status, detail.Body)
		}
	})
}

// An identical message to the same patient within the duplicate window is
// still recognised with bodies encrypted (each seal of the same text differs).
func TestDuplicateSuppressionWorksOnEncryptedBodies(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC))
		p := a.createPatientAs(a.admin, map[string]any{"name": "Budi", "phone": "0812-3456-7891", "consent": "granted"})
		var first, second, other MessageDetail
		a.do("POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": "Kontrol besok jam 9"}, a.admin).decode(&first)
		a.do("POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": "Kontrol besok jam 9"}, a.admin).decode(&second)
		a.do("POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": "Kontrol lusa jam 9"}, a.admin).decode(&other)
		if first.Status != "queued" || second.Status != "skipped" || second.SkipReason == nil || *second.SkipReason != "duplicate" ||
			other.Status != "queued" {
			t.Fatalf("first %s, identical %s (%v), different %s", first.Status, second.Status, second.SkipReason, other.Status)
		}
	})
}

// Stored replays are purged by the tick once they are older than 24 hours.
func TestIdempotencyRecordsArePurgedByTheTick(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC))
		a.ok(a.do("POST", "/api/v1/patients", map[string]any{"name": "Siti", "phone": "0812-3456-7890", "diagnosis": "Ca mammae"},
			a.admin, "Idempotency-Key", "purge-me"), 201)
		count := func() (n int64) {
			d.Gorm.Raw("SELECT count(*) FROM idempotency_keys").Scan(&n)
			return n
		}
		a.ok(a.do("POST", "/api/v1/cron/trigger", nil, a.cfg.CronSecret), 200)
		if count() != 1 {
			t.Fatalf("a fresh record must stay: %d", count())
		}
		a.clock.Advance(25 * time.Hour)
		a.ok(a.do("POST", "/api/v1/cron/trigger", nil, a.cfg.CronSecret), 200)
		if count() != 0 {
			t.Fatalf("a record older than 24 h must be purged by the tick: %d left", count())
		}
	})
}

// A list of patients is one audit event naming the ids it showed.
func TestPatientListReadsAreAuditedOncePerRequest(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		p1 := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-7890", "diagnosis": "Ca mammae"})
		p2 := a.createPatientAs(a.admin, map[string]any{"name": "Budi", "phone": "0812-3456-7891"})
		a.ok(a.do("GET", "/api/v1/patients?per_page=10", nil, a.admin), 200)
		a.ok(a.do("GET", "/api/v1/patients?search=nobody-matches", nil, a.admin), 200)

		var list AuditEventList
		a.do("GET", "/api/v1/audit-events?action=patient.list", nil, a.admin).decode(&list)
		if len(list.Data) != 1 {
			t.Fatalf("one list read with rows, one event: %+v", list.Data)
		}
		ev := list.Data[0]
		if ev.ActorID == nil || *ev.ActorID != a.adminID || ev.ResourceType != "patient" || len(ev.ResourceIDs) != 2 ||
			!slices.Contains(ev.ResourceIDs, p1.ID) || !slices.Contains(ev.ResourceIDs, p2.ID) || ev.RequestID == "" {
			t.Fatalf("list event: %+v", ev)
		}
		// Asking who saw a patient finds the list read too.
		a.do("GET", "/api/v1/audit-events?resource_id="+p1.ID, nil, a.admin).decode(&list)
		found := false
		for _, e := range list.Data {
			found = found || e.Action == "patient.list"
		}
		if !found {
			t.Fatalf("the list read is not found by the patient's id: %+v", list.Data)
		}
		if where := testutil.TablesContaining(t, d, "Ca mammae"); len(where) > 0 {
			t.Fatalf("diagnosis in clear: %v", where)
		}
	})
}
