package api

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// twoStepGraph sends first, waits minutes, then sends second.
func twoStepGraph(first string, minutes int, second string) map[string]any {
	return map[string]any{
		"nodes": []any{
			map[string]any{"id": "t", "type": "trigger", "data": map[string]any{}, "position": map[string]any{"x": 0, "y": 0}},
			map[string]any{"id": "a", "type": "send_message", "data": map[string]any{"message": first}, "position": map[string]any{"x": 0, "y": 100}},
			map[string]any{"id": "d", "type": "delay", "data": map[string]any{"minutes": minutes}, "position": map[string]any{"x": 0, "y": 200}},
			map[string]any{"id": "b", "type": "send_message", "data": map[string]any{"message": second}, "position": map[string]any{"x": 0, "y": 300}},
		},
		"edges": []any{
			map[string]any{"id": "e1", "source": "t", "target": "a"},
			map[string]any{"id": "e2", "source": "a", "target": "d"},
			map[string]any{"id": "e3", "source": "d", "target": "b"},
		},
	}
}

// Editing an active workflow makes a new version: executions waiting on the
// old one finish on it; executions started afterwards run the new one.
func TestEditingAnActiveWorkflowLetsWaitingExecutionsFinishOnTheirVersion(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(morning)
		w := a.createWorkflow(map[string]any{"name": "Welcome", "trigger": map[string]any{"type": "patient_created"},
			"graph": twoStepGraph("Selamat datang", 60, "Versi satu")})
		a.activate(w.ID)
		a.clock.Set(morning.Add(time.Minute))
		first := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		a.wfTick()
		if got := a.workflowBodies(first.ID); len(got) != 1 || got[0] != "Selamat datang" {
			t.Fatalf("started: %q", got)
		}
		var cur Workflow
		r := a.do("GET", "/api/v1/workflows/"+w.ID, nil, a.admin)
		r.decode(&cur)
		r = a.do("PATCH", "/api/v1/workflows/"+w.ID, map[string]any{"graph": twoStepGraph("Selamat datang", 60, "Versi dua"), "version": cur.Version}, a.admin)
		a.ok(r, 200)
		var edited Workflow
		r.decode(&edited)
		if edited.Version != cur.Version+1 || !edited.IsActive {
			t.Fatalf("edited: version %d → %d, active %v", cur.Version, edited.Version, edited.IsActive)
		}
		// A stale version is refused.
		a.ok(a.do("PATCH", "/api/v1/workflows/"+w.ID, map[string]any{"name": "x", "version": cur.Version}, a.admin), 409)
		second := a.createPatientAs(a.admin, map[string]any{"name": "Dewi Lestari", "phone": "0812-3456-7891", "consent": "granted"})
		a.wfTick()
		a.clock.Set(morning.Add(2 * time.Hour))
		a.wfTick()
		if got := a.workflowBodies(first.ID); len(got) != 2 || got[1] != "Versi satu" {
			t.Fatalf("the execution started on version %d: %q", cur.Version, got)
		}
		if got := a.workflowBodies(second.ID); len(got) != 2 || got[1] != "Versi dua" {
			t.Fatalf("the execution started after the edit: %q", got)
		}
		ex := a.executions("patient_id=" + first.ID)
		ex2 := a.executions("patient_id=" + second.ID)
		if len(ex) != 1 || ex[0].WorkflowVersion != cur.Version || len(ex2) != 1 || ex2[0].WorkflowVersion != edited.Version {
			t.Fatalf("versions recorded: %+v / %+v", ex, ex2)
		}
	})
}

// Ten ticks at once, in every process, start one execution per patient and
// send each step once.
func TestConcurrentTicksStartOneExecutionAndSendEachStepOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(morning)
		w := a.createWorkflow(map[string]any{"name": "Welcome", "trigger": map[string]any{"type": "patient_created"},
			"graph": twoStepGraph("Selamat datang", 30, "Apa kabar?")})
		a.activate(w.ID)
		a.clock.Set(morning.Add(time.Minute))
		var ps []Patient
		for i := range 5 {
			ps = append(ps, a.createPatientAs(a.admin, map[string]any{"name": "Pasien " + string(rune('A'+i)),
				"phone": "0812-3456-78" + string(rune('1'+i)) + "0", "consent": "granted"}))
		}
		tenTicks := func() {
			var wg sync.WaitGroup
			for range 10 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := a.deps.Workflows.StartDue(context.Background()); err != nil {
						t.Error(err)
					}
					if _, err := a.deps.Workflows.ProcessAll(context.Background()); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			a.wfTick()
		}
		tenTicks()
		a.clock.Set(morning.Add(time.Hour))
		tenTicks()
		for _, p := range ps {
			if got := a.workflowBodies(p.ID); len(got) != 2 || got[0] != "Selamat datang" || got[1] != "Apa kabar?" {
				t.Fatalf("%s: %q", p.Name, got)
			}
		}
		if n := a.count("SELECT count(*) FROM workflow_executions WHERE workflow_id = ?", w.ID); n != 5 {
			t.Fatalf("%d executions for 5 patients", n)
		}
	})
}
