package api

import (
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

// STOP revokes consent with exactly one confirmation, and the next reminder
// is skipped as opted out: the provider receives nothing but the confirmation.
func TestStopRevokesConsentWithOneConfirmation(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		testutil.NoQuietHours(t, d)
		a.clock.Set(morning.Add(-time.Hour))
		gowa := fakeprovider.NewGOWA(t)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		rem := a.createReminderAs(a.admin, medicationBody(p.ID))
		a.clock.Set(morning)
		a.ok(a.inbound(patientPhone, "STOP"), 200)
		a.ok(a.inbound(patientPhone, "stop"), 200) // said twice: still one confirmation
		a.process()
		var got Patient
		a.do("GET", "/api/v1/patients/"+p.ID, nil, a.admin).decode(&got)
		if got.Consent != "revoked" || got.ConsentSource == nil || *got.ConsentSource != "reply" {
			t.Fatalf("consent after STOP: %s %v", got.Consent, got.ConsentSource)
		}
		if n := a.count("SELECT count(*) FROM audit_events WHERE action = 'patient.consent' AND resource_id = ?", p.ID); n != 1 {
			t.Fatalf("%d consent changes audited, want 1", n)
		}
		a.drainTo(gowa)
		if reqs := gowa.Requests(); len(reqs) != 1 || !strings.Contains(reqs[0].Message, "tidak akan menerima pesan lagi") {
			t.Fatalf("the provider got %+v, want the one confirmation", reqs)
		}
		// The next dose is due: skipped, opted out; the provider gets nothing more.
		a.clock.Set(time.Date(2026, 11, 23, 1, 0, 30, 0, time.UTC))
		a.tickReminders()
		a.drainTo(gowa)
		if n := len(gowa.Requests()); n != 1 {
			t.Fatalf("after STOP the provider got %d messages", n)
		}
		// Yesterday's dose (never sent, the server was down) is too late; today's is opted out.
		var skipped []string
		d.Gorm.Raw("SELECT skip_reason FROM messages WHERE source = 'reminder' AND status = 'skipped' ORDER BY created_at, skip_reason").Scan(&skipped)
		if strings.Join(skipped, ",") != "opted_out,too_late" && strings.Join(skipped, ",") != "too_late,opted_out" {
			t.Fatalf("the reminders after STOP: %v (reminder %s)", skipped, rem.ID)
		}
	})
}

// Red-flag symptoms are urgent by the rules alone, with the language model
// never asked: the conversation is flagged, the assigned volunteer notified,
// and the safety answer names the emergency number, even at night.
func TestUrgentSymptomsAlertStaffWithoutTheLanguageModel(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		llm := testutil.NewFakeOpenAI(t)
		a := newTestApp(t, d, func(c *config.Config) { c.GOWA.WebhookSecret = gowaSecret }, withAI(llm.BaseURL()))
		a.enableAI()
		a.clock.Set(time.Date(2026, 11, 22, 16, 0, 0, 0, time.UTC)) // 23:00 in Jakarta: quiet hours
		gowa := fakeprovider.NewGOWA(t)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted",
			"assigned_volunteer_id": a.volunteerID})
		a.ok(a.inbound(patientPhone, "demam tinggi setelah kemo"), 200)
		a.process()
		if n := llm.Calls(); n != 0 {
			t.Fatalf("the language model was asked %d times about an urgent message", n)
		}
		var list ConversationList
		a.do("GET", "/api/v1/conversations", nil, a.volunteer).decode(&list)
		if len(list.Data) != 1 || list.Data[0].Flag == nil || *list.Data[0].Flag != "urgent" || *list.Data[0].LastIntent != "urgent" {
			t.Fatalf("the volunteer's inbox: %+v", list.Data)
		}
		var notes NotificationList
		a.do("GET", "/api/v1/notifications", nil, a.volunteer).decode(&notes)
		if notes.Unread != 1 || notes.Data[0].Kind != "urgent_message" || *notes.Data[0].PatientID != p.ID {
			t.Fatalf("the volunteer's notifications: %+v", notes)
		}
		a.drainTo(gowa)
		reqs := gowa.Requests()
		if len(reqs) != 1 || !strings.Contains(reqs[0].Message, "112 / 119") {
			t.Fatalf("the safety answer at night: %+v", reqs)
		}
		// "tidak demam" is not urgent.
		a.ok(a.inbound(patientPhone, "saya tidak demam, terima kasih"), 200)
		a.process()
		var in MessageList
		a.do("GET", "/api/v1/messages?direction=inbound&sort=created_at", nil, a.admin).decode(&in)
		if last := in.Data[len(in.Data)-1]; last.Intent == nil || *last.Intent == "urgent" {
			t.Fatalf("a negated symptom: %+v", last.Intent)
		}
	})
}

// When the rules are unsure and AI is on, the language model decides; when
// it fails (500, garbage, too slow) the rules' answer stands and the message
// is never dropped. The model sees the text and the first name only.
func TestTheLanguageModelHelpsAndItsFailuresFallBackToRules(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		llm := testutil.NewFakeOpenAI(t)
		a := newTestApp(t, d, func(c *config.Config) { c.GOWA.WebhookSecret = gowaSecret }, withAI(llm.BaseURL()))
		a.enableAI()
		a.clock.Set(morning)
		a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted",
			"diagnosis": "Kanker payudara stadium II"})
		const unsure = "hmm gimana ya nanti dulu deh kayaknya"
		llm.ReplyJSON(`{"intent":"not_yet","confidence":0.91}`)
		a.ok(a.inbound(patientPhone, unsure), 200)
		a.process()
		last := a.lastInbound()
		if last.IntentSource == nil || *last.IntentSource != "llm" || *last.Intent != "not_yet" {
			t.Fatalf("with a working model: %v %v", last.Intent, last.IntentSource)
		}
		for _, r := range llm.Requests() {
			raw := string(r.Body)
			if strings.Contains(raw, "812") || strings.Contains(raw, "Kanker") || strings.Contains(raw, "Rahmawati") {
				t.Fatalf("the model was sent patient data: %s", raw)
			}
			if !strings.Contains(raw, "Siti") {
				t.Fatalf("the model was not given the first name: %s", raw)
			}
		}
		for _, fail := range []func(){func() { llm.FailWith(500) }, llm.Garbage, func() { llm.FailWith(0); llm.Slow(3 * time.Second) }} {
			fail()
			a.ok(a.inbound(patientPhone, unsure+" lagi"), 200)
			start := time.Now()
			a.process()
			if time.Since(start) > 5*time.Second {
				t.Fatal("a slow model held the worker past its timeout")
			}
			last := a.lastInbound()
			if last.Intent == nil || last.IntentSource == nil || *last.IntentSource != "rules" {
				t.Fatalf("after a model failure the message has intent %v from %v", last.Intent, last.IntentSource)
			}
		}
	})
}

// enableAI switches AI on for tenant A.
func (a *testApp) enableAI() {
	a.t.Helper()
	var st map[string]any
	a.do("GET", "/api/v1/settings", nil, a.admin).decode(&st)
	a.ok(a.do("PATCH", "/api/v1/settings", map[string]any{"ai_enabled": true, "version": st["version"]}, a.admin), 200)
}

// lastInbound is the newest inbound message in tenant A's log.
func (a *testApp) lastInbound() Message {
	a.t.Helper()
	var in MessageList
	a.do("GET", "/api/v1/messages?direction=inbound&per_page=1", nil, a.admin).decode(&in)
	if len(in.Data) == 0 {
		a.t.Fatal("no inbound message")
	}
	return in.Data[0]
}

// A question is answered from the clinic's published articles when AI is on
// and the model is confident, marked AI-written; otherwise a volunteer is asked.
func TestQuestionsAreAnsweredFromTheClinicsArticles(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		llm := testutil.NewFakeOpenAI(t)
		a := newTestApp(t, d, func(c *config.Config) { c.GOWA.WebhookSecret = gowaSecret }, withAI(llm.BaseURL()))
		a.clock.Set(morning)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		a.ok(a.do("POST", "/api/v1/articles", map[string]any{"title": "Minum tamoxifen", "language": "id", "published": true,
			"body_markdown": "Tamoxifen boleh diminum sebelum atau sesudah makan, pada jam yang sama setiap hari."}, a.admin), 201)
		llm.ReplyJSON(`{"answerable":true,"answer":"Tamoxifen boleh diminum sebelum atau sesudah makan, pada jam yang sama setiap hari.","sources":[1]}`)
		const question = "Apakah tamoxifen boleh diminum sebelum makan?"
		// AI off for the clinic: a volunteer will reply, and the model is never asked.
		a.ok(a.inbound(patientPhone, question), 200)
		a.process()
		if n := llm.Calls(); n != 0 {
			t.Fatalf("AI is off, yet the model was asked %d times", n)
		}
		a.enableAI()
		a.ok(a.inbound(patientPhone, question+" "), 200)
		a.process()
		var list MessageList
		a.do("GET", "/api/v1/messages?patient_id="+p.ID+"&direction=outbound&sort=created_at", nil, a.admin).decode(&list)
		if len(list.Data) != 2 || list.Data[0].AIGenerated || !strings.Contains(list.Data[0].Body, "Relawan") ||
			!list.Data[1].AIGenerated || !strings.Contains(list.Data[1].Body, "sesudah makan") {
			t.Fatalf("answers: %+v", list.Data)
		}
		var asked bool
		for _, r := range llm.Requests() {
			asked = asked || strings.Contains(string(r.Body), "jam yang sama setiap hari")
		}
		if !asked {
			t.Fatal("the model was not given the article")
		}
	})
}
