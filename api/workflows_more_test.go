package api

import (
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

// A patient's message that is a workflow's keyword starts it once per
// message; the keyword message gets the workflow's answer, not a
// clarifying question.
func TestInboundKeywordStartsTheWorkflowOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		a.clock.Set(morning)
		w := a.createWorkflow(map[string]any{"name": "Nutrition tips", "trigger": map[string]any{"type": "inbound_keyword", "keywords": []string{"Gizi"}},
			"graph": twoStepGraph("Tips gizi hari ini: makan sayur.", 60*24, "Tips gizi besok: minum air.")})
		a.activate(w.ID)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		a.ok(a.inbound(patientPhone, "GIZI!"), 200)
		a.ok(a.inbound(patientPhone, "GIZI!", func(m *fakeprovider.WAIncoming) { m.ID = "3EB0REPLAY0001" }), 200)
		a.ok(a.inbound(patientPhone, "GIZI!", func(m *fakeprovider.WAIncoming) { m.ID = "3EB0REPLAY0001" }), 200) // the same message again
		a.process()
		if got := a.workflowBodies(p.ID); len(got) != 2 {
			t.Fatalf("two keyword messages started %q", got)
		}
		if r := a.autoReplies(p.ID); len(r) != 0 {
			t.Fatalf("the keyword also got automated answers: %q", r)
		}
		if n := a.count("SELECT count(*) FROM workflow_executions WHERE workflow_id = ?", w.ID); n != 2 {
			t.Fatalf("%d executions for two messages", n)
		}
	})
}

// A schedule fires once per firing in each patient's zone, for the segment.
func TestScheduleTriggerFiresOncePerFiringForTheSegment(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)) // Monday 03:00 Jakarta, 05:00 Seoul
		w := a.createWorkflow(map[string]any{"name": "Weekly check-in",
			"trigger": map[string]any{"type": "schedule", "cron": "0 9 * * 1", "segment": map[string]any{"tags_any": []string{"chemo"}}},
			"graph":   twoStepGraph("Apa kabar minggu ini?", 60, "Semoga sehat selalu.")})
		a.activate(w.ID)
		jakarta := a.createPatientAs(a.admin, map[string]any{"name": "Budi Santoso", "phone": "0813-2222-0102", "consent": "granted", "tags": []string{"chemo"}})
		seoul := a.createPatientAs(a.admin, map[string]any{"name": "Kim Min-ji", "phone": "+82 10-2345-0106", "consent": "granted",
			"timezone": "Asia/Seoul", "tags": []string{"chemo"}})
		other := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		at := func(t0 time.Time) { a.clock.Set(t0); a.wfTick(); a.wfTick() }
		at(time.Date(2026, 11, 22, 23, 59, 0, 0, time.UTC)) // 08:59 Seoul, 06:59 Jakarta
		if n := a.count("SELECT count(*) FROM workflow_executions"); n != 0 {
			t.Fatalf("%d executions before 09:00", n)
		}
		at(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)) // 09:00 Seoul
		if got := a.workflowBodies(seoul.ID); len(got) != 1 || len(a.workflowBodies(jakarta.ID)) != 0 {
			t.Fatalf("09:00 in Seoul: %q / %q", got, a.workflowBodies(jakarta.ID))
		}
		at(time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)) // 09:00 Jakarta
		at(time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC))
		if len(a.workflowBodies(jakarta.ID)) != 2 || len(a.workflowBodies(seoul.ID)) != 2 || len(a.workflowBodies(other.ID)) != 0 {
			t.Fatalf("after the firings: %q %q %q", a.workflowBodies(jakarta.ID), a.workflowBodies(seoul.ID), a.workflowBodies(other.ID))
		}
		if n := a.count("SELECT count(*) FROM workflow_executions"); n != 2 {
			t.Fatalf("%d executions for one firing and two patients", n)
		}
	})
}

// Cancelling an execution stops it at once: its timer fires into nothing.
func TestCancelledExecutionSendsNothingMore(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(morning)
		w := a.createWorkflow(map[string]any{"name": "Two steps", "trigger": map[string]any{"type": "manual"}, "graph": twoStepGraph("Satu", 30, "Dua")})
		a.activate(w.ID)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		r := a.do("POST", "/api/v1/workflows/"+w.ID+"/run", map[string]any{"patient_ids": []string{p.ID}}, a.admin)
		a.ok(r, 201)
		var run WorkflowRunResult
		r.decode(&run)
		r = a.do("POST", "/api/v1/workflow-executions/"+run.ExecutionIDs[0]+"/cancel", nil, a.admin)
		a.ok(r, 200)
		var e WorkflowExecution
		r.decode(&e)
		if e.Status != "cancelled" || e.NextRunAt != nil || e.Steps[len(e.Steps)-1].Status != "skipped" || e.PatientName != "Siti Rahmawati" {
			t.Fatalf("cancelled: %+v", e)
		}
		a.ok(a.do("POST", "/api/v1/workflow-executions/"+run.ExecutionIDs[0]+"/cancel", nil, a.admin), 409)
		a.clock.Set(morning.Add(time.Hour))
		a.wfTick()
		if got := a.workflowBodies(p.ID); len(got) != 1 {
			t.Fatalf("after cancel: %q", got)
		}
	})
}

// An RRULE schedule fires at its local time too, once per firing.
func TestRRuleScheduleFiresOncePerFiring(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)) // 07:00 Jakarta
		w := a.createWorkflow(map[string]any{"name": "Daily water reminder",
			"trigger": map[string]any{"type": "schedule", "rrule": "FREQ=DAILY;BYHOUR=9;BYMINUTE=0;BYSECOND=0"},
			"graph":   twoStepGraph("Jangan lupa minum air putih.", 5, "Sudah minum?")})
		a.activate(w.ID)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		at := func(t0 time.Time) { a.clock.Set(t0); a.wfTick(); a.wfTick() }
		at(time.Date(2026, 11, 22, 1, 59, 0, 0, time.UTC)) // 08:59 Jakarta
		if n := a.count("SELECT count(*) FROM workflow_executions"); n != 0 {
			t.Fatalf("%d executions before 09:00", n)
		}
		at(time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC))
		at(time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC))
		at(time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)) // the next day
		at(time.Date(2026, 11, 23, 2, 5, 0, 0, time.UTC))
		if got := a.workflowBodies(p.ID); len(got) != 4 {
			t.Fatalf("two days of firings: %q", got)
		}
		if n := a.count("SELECT count(*) FROM workflow_executions WHERE workflow_id = ?", w.ID); n != 2 {
			t.Fatalf("%d executions for two firings", n)
		}
	})
}
