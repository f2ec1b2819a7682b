package api

import (
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// The simulator runs the same engine with time compressed, and stores and
// sends nothing.
func TestSimulatorWalksTheFollowUpWithSkippedWaitsAndTypedReplies(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		run := func(script ...map[string]any) WorkflowSimulation {
			t.Helper()
			r := a.do("POST", "/api/v1/workflows/simulate", map[string]any{"graph": graphOf(t, followUpGraph),
				"patient": map[string]any{"name": "Siti Rahmawati"}, "start_at": "2026-11-22T03:00:00Z", "script": script}, a.volunteer)
			a.ok(r, 200)
			var sim WorkflowSimulation
			r.decode(&sim)
			return sim
		}
		skip := map[string]any{"action": "skip_wait"}
		good := run(skip, map[string]any{"action": "reply", "text": "sudah"}, skip, skip)
		var bodies []string
		for _, m := range good.Messages {
			bodies = append(bodies, m.Body)
		}
		if good.Status != "completed" || len(bodies) != 4 || bodies[0] != "Halo Siti, bagaimana luka operasinya hari ini?" ||
			bodies[1] != "Syukurlah. Terus jaga kebersihan lukanya." || !good.Messages[0].At.Equal(jakarta9(23)) || !good.Messages[3].At.Equal(jakarta9(29)) {
			t.Fatalf("a good answer: %s %q", good.Status, bodies)
		}
		silent := run(skip, skip)
		if silent.Status != "waiting" || silent.CurrentNodeID != "d3" || len(silent.Messages) != 2 ||
			silent.Messages[1].Body != "Kami belum mendengar kabar Anda. Balas pesan ini kapan saja." {
			t.Fatalf("silence: %+v", silent)
		}
		worried := run(skip, map[string]any{"action": "reply", "text": "lukanya masih sakit dan merah"})
		if len(worried.Effects) != 1 || worried.Effects[0].Kind != "notify_staff" {
			t.Fatalf("a worrying answer: %+v", worried)
		}
		if n := a.count("SELECT count(*) FROM workflow_executions") + a.count("SELECT count(*) FROM messages"); n != 0 {
			t.Fatalf("the simulator stored %d rows", n)
		}
		a.expectProblem(a.do("POST", "/api/v1/workflows/simulate", map[string]any{"graph": graphOf(t, followUpGraph),
			"script": []any{map[string]any{"action": "fly"}}}, a.admin), 400, "script[0].action")
	})
}
