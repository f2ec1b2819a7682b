package api

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// followUpGraph is the post-surgery follow-up: day 1 at 09:00 "how is the
// wound?" with a day to answer (a good answer is thanked, any other tells
// staff, silence gets a nudge), day 3 at 09:00 a photo request, day 7 at
// 09:00 a fever check.
const followUpGraph = `{"nodes":[
 {"id":"start","type":"trigger","data":{},"position":{"x":0,"y":0}},
 {"id":"d1","type":"delay","data":{"days":1,"time_of_day":"09:00"},"position":{"x":0,"y":100}},
 {"id":"s1","type":"send_message","data":{"message":"Halo {{first_name}}, bagaimana luka operasinya hari ini?"},"position":{"x":0,"y":200}},
 {"id":"w1","type":"wait_for_reply","data":{"timeout_minutes":1440},"position":{"x":0,"y":300}},
 {"id":"c1","type":"condition","data":{"subject":"last_reply_intent","op":"eq","value":"confirm"},"position":{"x":-150,"y":400}},
 {"id":"ok","type":"send_message","data":{"message":"Syukurlah. Terus jaga kebersihan lukanya."},"position":{"x":-250,"y":500}},
 {"id":"staff","type":"notify_staff","data":{"message":"Periksa jawaban pasien tentang lukanya."},"position":{"x":-50,"y":500}},
 {"id":"nudge","type":"send_message","data":{"message":"Kami belum mendengar kabar Anda. Balas pesan ini kapan saja."},"position":{"x":150,"y":400}},
 {"id":"d3","type":"delay","data":{"days":3,"time_of_day":"09:00"},"position":{"x":0,"y":600}},
 {"id":"s3","type":"send_message","data":{"message":"Mohon kirim foto luka operasi Anda."},"position":{"x":0,"y":700}},
 {"id":"d7","type":"delay","data":{"days":7,"time_of_day":"09:00"},"position":{"x":0,"y":800}},
 {"id":"s7","type":"send_message","data":{"message":"Apakah Anda demam minggu ini?"},"position":{"x":0,"y":900}},
 {"id":"end","type":"end","data":{},"position":{"x":0,"y":1000}}],
"edges":[
 {"id":"e1","source":"start","target":"d1"},{"id":"e2","source":"d1","target":"s1"},{"id":"e3","source":"s1","target":"w1"},
 {"id":"e4","source":"w1","target":"c1","source_handle":"reply"},{"id":"e5","source":"w1","target":"nudge","source_handle":"timeout"},
 {"id":"e6","source":"c1","target":"ok","source_handle":"true"},{"id":"e7","source":"c1","target":"staff","source_handle":"false"},
 {"id":"e8","source":"ok","target":"d3"},{"id":"e9","source":"staff","target":"d3"},{"id":"e10","source":"nudge","target":"d3"},
 {"id":"e11","source":"d3","target":"s3"},{"id":"e12","source":"s3","target":"d7"},{"id":"e13","source":"d7","target":"s7"},
 {"id":"e14","source":"s7","target":"end"}]}`

// jakarta9 is 09:00 in Jakarta (UTC+7) on the day of November 2026.
func jakarta9(day int) time.Time { return time.Date(2026, 11, day, 2, 0, 0, 0, time.UTC) }

// surgeryDone gives the patient a surgery on 22 November 2026 and marks it completed.
func (a *testApp) surgeryDone(patientID string) {
	a.t.Helper()
	ap := a.createAppointmentAs(a.admin, map[string]any{"patient_id": patientID, "starts_at": "2026-11-22T08:00:00+07:00", "surgery_type": "mastectomy"})
	a.ok(a.do("PATCH", "/api/v1/appointments/"+ap.ID, map[string]any{"status": "completed"}, a.admin), 200)
}

// ticksUntil ticks every hour from the clock's time to until (inclusive) and
// returns the workflow messages the patient has then.
func (a *testApp) ticksUntil(patientID string, until time.Time) []string {
	a.t.Helper()
	for at := a.clock.Now(); !at.After(until); at = at.Add(time.Hour) {
		a.clock.Set(at)
		a.wfTick()
	}
	a.clock.Set(until)
	a.wfTick()
	a.wfTick() // a repeated tick changes nothing
	return a.workflowBodies(patientID)
}

func TestPostSurgeryFollowUpSendsEachStepOnceAtItsTimeAndBranchesOnTheReply(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		a.clock.Set(time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC))
		w := a.createWorkflow(map[string]any{"name": "Post-surgery follow-up", "trigger": map[string]any{"type": "post_surgery", "surgery_type": "Mastectomy"},
			"graph": graphOf(t, followUpGraph)})
		a.activate(w.ID)
		answers := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		silent := a.createPatientAs(a.admin, map[string]any{"name": "Dewi Lestari", "phone": "0812-3456-7891", "consent": "granted"})
		worried := a.createPatientAs(a.admin, map[string]any{"name": "Ayu Wulandari", "phone": "0812-3456-7892", "consent": "granted"})
		for _, p := range []Patient{answers, silent, worried} {
			a.surgeryDone(p.ID)
		}
		a.clock.Set(time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC))
		a.wfTick()
		if ex := a.executions("workflow_id=" + w.ID); len(ex) != 3 || ex[0].Status != "waiting" || ex[0].CurrentNodeID != "d1" ||
			!ex[0].NextRunAt.Equal(jakarta9(23)) {
			t.Fatalf("after the surgery: %+v", ex)
		}
		// Nothing before 09:00 in Jakarta on day 1; one message at 09:00, whatever the ticks.
		if got := a.ticksUntil(answers.ID, jakarta9(23).Add(-time.Minute)); len(got) != 0 {
			t.Fatalf("before day 1 09:00: %q", got)
		}
		if got := a.ticksUntil(answers.ID, jakarta9(23)); len(got) != 1 || got[0] != "Halo Siti, bagaimana luka operasinya hari ini?" {
			t.Fatalf("day 1: %q", got)
		}
		// Siti answers that she is fine; Ayu answers something else; Dewi is silent.
		a.clock.Set(jakarta9(23).Add(2 * time.Hour))
		a.ok(a.inbound("+6281234567890", "sudah"), 200)
		a.ok(a.inbound("+6281234567892", "lukanya masih sakit dan merah"), 200)
		a.process()
		if got := a.workflowBodies(answers.ID); len(got) != 2 || got[1] != "Syukurlah. Terus jaga kebersihan lukanya." {
			t.Fatalf("after a good answer: %q", got)
		}
		if n := a.count("SELECT count(*) FROM notifications WHERE kind = 'workflow' AND patient_id = ?", worried.ID); n == 0 {
			t.Fatal("a worrying answer told no one")
		}
		if got := a.workflowBodies(worried.ID); len(got) != 1 {
			t.Fatalf("a worrying answer got an automated message: %q", got)
		}
		// Silence takes the timeout edge a day after the question.
		if got := a.ticksUntil(silent.ID, jakarta9(24).Add(-time.Minute)); len(got) != 1 {
			t.Fatalf("before the timeout: %q", got)
		}
		if got := a.ticksUntil(silent.ID, jakarta9(24)); len(got) != 2 || !strings.HasPrefix(got[1], "Kami belum mendengar") {
			t.Fatalf("after the timeout: %q", got)
		}
		// Day 3 and day 7 at 09:00, once each, for everyone.
		a.ticksUntil(answers.ID, jakarta9(25))
		a.ticksUntil(answers.ID, jakarta9(29))
		for _, p := range []Patient{answers, silent, worried} {
			got := a.workflowBodies(p.ID)
			if n := len(got); n < 3 || got[n-2] != "Mohon kirim foto luka operasi Anda." || got[n-1] != "Apakah Anda demam minggu ini?" {
				t.Fatalf("%s by day 7: %q", p.Name, got)
			}
			for _, body := range got {
				if c := slices.Index(got, body); slices.Index(got[c+1:], body) >= 0 {
					t.Fatalf("%s got %q twice", p.Name, body)
				}
			}
		}
		var rows []struct{ CreatedAt time.Time }
		if err := a.db.Gorm.Raw("SELECT created_at FROM messages WHERE source = 'workflow' AND patient_id = ? ORDER BY created_at", answers.ID).
			Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		var sentAt []time.Time
		for _, r := range rows {
			sentAt = append(sentAt, r.CreatedAt)
		}
		want := []time.Time{jakarta9(23), jakarta9(23).Add(2 * time.Hour), jakarta9(25), jakarta9(29)}
		if len(sentAt) != len(want) {
			t.Fatalf("queued at %v", sentAt)
		}
		for i := range want {
			if !sentAt[i].Equal(want[i]) {
				t.Fatalf("message %d queued for %v, want %v", i, sentAt[i], want[i])
			}
		}
		ex := a.executions("patient_id=" + answers.ID)
		if len(ex) != 1 || ex[0].Status != "completed" || ex[0].FinishedAt == nil {
			t.Fatalf("at the end: %+v", ex)
		}
		log := a.execution(ex[0].ID).Steps
		var path []string
		for _, s := range log {
			path = append(path, fmt.Sprintf("%s:%s", s.NodeID, s.Status))
		}
		if strings.Join(path, " ") != "start:done d1:done s1:done w1:done c1:done ok:done d3:done s3:done d7:done s7:done end:done" {
			t.Fatalf("step log: %s", strings.Join(path, " "))
		}
	})
}
