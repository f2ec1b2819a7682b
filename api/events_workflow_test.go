package api

import (
	"testing"
	"time"

	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// An execution that ends records workflow.completed: completed at its last
// step (at once when it has no wait), cancelled by staff, cancelled with its
// deleted workflow. Ids and states only.
func TestEndedExecutionsRecordWorkflowCompleted(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.subscribeAll()
		a.deps.Workflows.SetEvents(a.events.recorder)
		a.clock.Set(morning)
		w := a.createWorkflow(map[string]any{"name": "Two steps", "trigger": map[string]any{"type": "manual"}, "graph": twoStepGraph("Satu", 30, "Dua")})
		a.activate(w.ID)
		later := a.createWorkflow(map[string]any{"name": "Later", "trigger": map[string]any{"type": "manual"}, "graph": twoStepGraph("Satu", 120, "Dua")})
		a.activate(later.ID)
		oneStep := twoStepGraph("Hanya satu", 30, "")
		oneStep["nodes"], oneStep["edges"] = oneStep["nodes"].([]any)[:2], oneStep["edges"].([]any)[:1]
		quick := a.createWorkflow(map[string]any{"name": "One step", "trigger": map[string]any{"type": "manual"}, "graph": oneStep})
		a.activate(quick.ID)
		var ps []string
		for _, ph := range []string{"0812-3456-7890", "0812-3456-7891", "0812-3456-7892", "0812-3456-7893"} {
			ps = append(ps, a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": ph, "consent": "granted"}).ID)
		}
		run := func(wf, patient string) string {
			r := a.do("POST", "/api/v1/workflows/"+wf+"/run", map[string]any{"patient_ids": []string{patient}}, a.admin)
			a.ok(r, 201)
			var res WorkflowRunResult
			r.decode(&res)
			return res.ExecutionIDs[0]
		}
		done, cancelled, deleted := run(w.ID, ps[0]), run(w.ID, ps[1]), run(later.ID, ps[2])
		at := run(quick.ID, ps[3])
		a.ok(a.do("POST", "/api/v1/workflow-executions/"+cancelled+"/cancel", nil, a.admin), 200)
		a.clock.Set(morning.Add(31 * time.Minute))
		a.wfTick()
		a.ok(a.do("DELETE", "/api/v1/workflows/"+later.ID, nil, a.admin), 204)
		if e := a.execution(done); e.Status != "completed" {
			t.Fatalf("first execution: %s", e.Status)
		}
		got := a.recordedEvents(events.TypeWorkflowCompleted, "Siti", "Satu", "Hanya")
		want := map[string][3]string{at: {quick.ID, ps[3], "completed"}, cancelled: {w.ID, ps[1], "cancelled"},
			deleted: {later.ID, ps[2], "cancelled"}, done: {w.ID, ps[0], "completed"}}
		if len(got) != 4 {
			t.Fatalf("workflow.completed: %v", got)
		}
		for _, g := range got {
			x, ok := want[g["execution_id"].(string)]
			if !ok || g["workflow_id"] != x[0] || g["patient_id"] != x[1] || g["status"] != x[2] {
				t.Fatalf("workflow.completed %v, want one of %v", g, want)
			}
		}
	})
}
