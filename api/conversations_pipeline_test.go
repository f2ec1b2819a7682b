package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

const patientPhone = "+6281234567890"

// morning is 08:30 in Jakarta on the first day of the test reminders.
var morning = time.Date(2026, 11, 22, 1, 30, 0, 0, time.UTC)

// autoReplies are the automated answers queued to a patient, oldest first.
func (a *testApp) autoReplies(patientID string) []string {
	a.t.Helper()
	var list MessageList
	a.do("GET", "/api/v1/messages?patient_id="+patientID+"&direction=outbound&sort=created_at&per_page=100", nil, a.admin).decode(&list)
	var out []string
	for _, m := range list.Data {
		if m.Automated && (m.Source == "auto_reply" || m.Source == "consent") {
			out = append(out, m.Body)
		}
	}
	return out
}

// A reply to the 08:00 reminder confirms that dose, moves adherence and is
// thanked once; the same webhook delivered five times at once is stored and
// acted on once.
func TestReplyConfirmsTheDoseOnceWhateverTheRedeliveries(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		a.clock.Set(morning.Add(-time.Hour)) // 07:30: the 08:00 dose is still to come
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		rem := a.createReminderAs(a.admin, medicationBody(p.ID))
		a.clock.Set(morning)
		a.tickReminders()
		occ := a.occurrencesOf(a.admin, rem.ID)
		if len(occ) != 1 || occ[0].State != "pending" {
			t.Fatalf("occurrences before the reply: %+v", occ)
		}
		body := fakeprovider.GOWAMessageEvent(fakeprovider.WAIncoming{ID: "3EB0REPLY1", From: patientPhone, Body: "sudah minum obat"})
		var wg sync.WaitGroup
		codes := make([]int, 5)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rec := a.serve(fakeprovider.GOWAWebhookRequest("/api/v1/hooks/gowa", gowaSecret, body))
				codes[i] = rec
			}()
		}
		wg.Wait()
		for i, c := range codes {
			if c != http.StatusOK {
				t.Fatalf("delivery %d answered %d", i, c)
			}
		}
		if n := a.count("SELECT count(*) FROM messages WHERE direction = 'inbound'"); n != 1 {
			t.Fatalf("%d inbound messages stored, want 1", n)
		}
		if n := a.count("SELECT count(*) FROM inbound_jobs"); n != 1 {
			t.Fatalf("%d jobs queued, want 1", n)
		}
		if n := a.process(); n != 1 {
			t.Fatalf("workers did %d jobs, want 1", n)
		}
		occ = a.occurrencesOf(a.admin, rem.ID)
		if occ[0].State != "confirmed" || occ[0].ConfirmedBy == nil || *occ[0].ConfirmedBy != "patient" {
			t.Fatalf("the dose after the reply: %+v", occ[0])
		}
		var got Patient
		a.do("GET", "/api/v1/patients/"+p.ID, nil, a.admin).decode(&got)
		if got.Adherence7d == nil || *got.Adherence7d != 1 {
			t.Fatalf("adherence after the confirmation: %v", got.Adherence7d)
		}
		replies := a.autoReplies(p.ID)
		if len(replies) != 1 || !strings.Contains(replies[0], "Terima kasih, Siti") {
			t.Fatalf("automated answers: %q", replies)
		}
		var in MessageList
		a.do("GET", "/api/v1/messages?direction=inbound", nil, a.admin).decode(&in)
		m := in.Data[0]
		if m.Intent == nil || *m.Intent != "confirm" || m.IntentSource == nil || *m.IntentSource != "rules" || m.IntentConfidence == nil {
			t.Fatalf("the inbound message's intent: %+v", m)
		}
		// Processing again finds nothing to do.
		if n := a.process(); n != 0 {
			t.Fatalf("a second pass did %d jobs", n)
		}
	})
}

// A refused delivery stores nothing: a wrong signature, a malformed body, a
// body past the limit.
func TestRefusedInboundWebhooksStoreNothing(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		a.createPatientAs(a.admin, map[string]any{"name": "Budi", "phone": "0812-3456-7890", "consent": "granted"})
		body := fakeprovider.GOWAMessageEvent(fakeprovider.WAIncoming{From: patientPhone, Body: "sudah"})
		if r := a.send(fakeprovider.GOWAWebhookRequest("/api/v1/hooks/gowa", "wrong-secret", body)); r.code != 401 {
			t.Fatalf("bad signature: %d", r.code)
		}
		for _, bad := range [][]byte{[]byte(`{"event":"message","payload":`), []byte(`[]`), []byte("\x00\x01")} {
			if r := a.send(fakeprovider.GOWAWebhookRequest("/api/v1/hooks/gowa", gowaSecret, bad)); r.code != 400 {
				t.Fatalf("malformed %q: %d %s", bad, r.code, r.body)
			}
		}
		huge := fakeprovider.GOWAMessageEvent(fakeprovider.WAIncoming{From: patientPhone, Body: strings.Repeat("a", 2<<20)})
		if r := a.send(fakeprovider.GOWAWebhookRequest("/api/v1/hooks/gowa", gowaSecret, huge)); r.code != 413 {
			t.Fatalf("oversized: %d", r.code)
		}
		for _, table := range []string{"messages", "inbound_jobs", "inbound_receipts", "conversations", "unknown_senders"} {
			if n := a.count("SELECT count(*) FROM " + table); n != 0 {
				t.Fatalf("%d rows in %s after refused deliveries", n, table)
			}
		}
	})
}

// A worker that claims a job and dies before finishing leaves it to another
// once its lease ends: the work is done once, never lost, never twice.
func TestAJobLostInACrashIsDoneOnceAfterItsLease(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		a.clock.Set(morning)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		a.ok(a.inbound(patientPhone, "halo"), 200)
		// A worker claims it and crashes: the claim stays, nothing else happened.
		if err := d.Gorm.Exec("UPDATE inbound_jobs SET claim_token = 'dead-worker', claimed_until = ?, attempts = 1", a.clock.Now().Add(2*time.Minute)).Error; err != nil {
			t.Fatal(err)
		}
		if n := a.process(); n != 0 {
			t.Fatalf("a live claim was taken over: %d", n)
		}
		a.clock.Advance(3 * time.Minute)
		if n := a.process(); n != 1 {
			t.Fatalf("after the lease: %d jobs", n)
		}
		if n := a.process(); n != 0 {
			t.Fatalf("done twice: %d", n)
		}
		if r := a.autoReplies(p.ID); len(r) != 1 {
			t.Fatalf("answers after recovery: %q", r)
		}
		if n := a.count("SELECT count(*) FROM inbound_jobs WHERE status = 'done'"); n != 1 {
			t.Fatalf("%d jobs done", n)
		}
	})
}

// Over ten messages a minute from one phone, the messages are still stored
// and shown to staff; only automated answers stop.
func TestAFloodingSenderIsStoredButNotAnswered(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		a.clock.Set(morning)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		for i := range 12 {
			a.ok(a.inbound(patientPhone, fmt.Sprintf("pesan otomatis %d", i)), 200)
		}
		a.process()
		if n := a.count("SELECT count(*) FROM messages WHERE direction = 'inbound'"); n != 12 {
			t.Fatalf("%d of 12 messages stored", n)
		}
		if n := a.count("SELECT count(*) FROM inbound_jobs WHERE auto_replies"); n != 10 {
			t.Fatalf("%d messages may be answered, want 10", n)
		}
		// The rules never ask twice in a row, so the flood gets one clarifying question at most.
		if r := a.autoReplies(p.ID); len(r) != 1 {
			t.Fatalf("answers to a flood: %q", r)
		}
	})
}

// serve sends a request through the app from any goroutine and returns the status.
func (a *testApp) serve(req *http.Request) int {
	rec := httptest.NewRecorder()
	a.e.ServeHTTP(rec, req)
	return rec.Code
}

// Concurrent workers (every replica runs them) take one conversation's
// messages one after another: a patient who sends "STOP" three times is told
// once that they will hear no more, and a run of messages the rules cannot
// read gets one clarifying question, however the jobs are shared out.
func TestConcurrentWorkersDecideOneConversationInTurn(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		for round := range 3 {
			a := hookApp(t, d)
			a.clock.Set(morning)
			phone := fmt.Sprintf("+62812345678%02d", round)
			p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": phone, "consent": "granted"})
			for i := range 6 {
				a.ok(a.inbound(phone, fmt.Sprintf("hmm %d", i)), 200)
			}
			for _, stop := range []string{"STOP", "BERHENTI", "UNSUBSCRIBE"} {
				a.ok(a.inbound(phone, stop), 200)
			}
			var wg sync.WaitGroup
			for range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := a.convs().ProcessDue(t.Context()); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			a.process()
			if n := a.count("SELECT count(*) FROM inbound_jobs WHERE status = 'done' AND patient_id = '" + p.ID + "'"); n != 9 {
				t.Fatalf("round %d: %d of 9 messages done", round, n)
			}
			var clarify, optOut int
			for _, r := range a.autoReplies(p.ID) {
				switch {
				case strings.Contains(r, "belum mengerti"):
					clarify++
				default:
					optOut++
				}
			}
			if clarify > 1 || optOut != 1 {
				t.Fatalf("round %d: %d clarifying questions and %d opt-out confirmations: %q", round, clarify, optOut, a.autoReplies(p.ID))
			}
		}
	})
}
