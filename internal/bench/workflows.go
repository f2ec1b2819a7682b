package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/wiring"
	"github.com/prima-health/prima/internal/workflow"
	"github.com/prima-health/prima/internal/workflow/flow"
)

// Workflow figures of SPEC §15.
const (
	benchExecutions    = 10_000
	targetWorkflowWall = 10 * time.Second
)

// benchGraph waits an hour after its trigger, then sends one message.
func benchGraph() flow.Graph {
	pos := flow.Position{}
	return flow.Graph{
		Nodes: []flow.Node{
			{ID: "t", Type: flow.TypeTrigger, Data: map[string]any{}, Position: pos},
			{ID: "d", Type: flow.TypeDelay, Data: map[string]any{"minutes": 60}, Position: pos},
			{ID: "s", Type: flow.TypeSendMessage, Data: map[string]any{"message": "Halo {{first_name}}, bagaimana kabar Anda hari ini?"}, Position: pos},
			{ID: "e", Type: flow.TypeEnd, Data: map[string]any{}, Position: pos},
		},
		Edges: []flow.Edge{{ID: "e1", Source: "t", Target: "d"}, {ID: "e2", Source: "d", Target: "s"}, {ID: "e3", Source: "s", Target: "e"}},
	}
}

// workflowRows measures, with 10,000 executions of an active post-surgery
// workflow waiting on one delay: the tick that finds nothing due, and the
// delay ending for all of them at once until every step's message is sent
// (the dispatcher running in the background, as on a server).
func (r *runner) workflowRows(ctx context.Context, s *Stack, gowa *fakeGOWA, data *dataset, base baselineResult) ([]row, error) {
	tenant := data.id(tagTenant, 0)
	admin := identity.Actor{TenantID: tenant, Role: identity.RoleAdmin, Name: "bench"}
	g := benchGraph()
	w, err := s.Workflows.Create(ctx, admin, workflow.Input{Name: "Bench follow-up", Trigger: workflow.Trigger{Type: workflow.TriggerPostSurgery}, Graph: &g})
	if err != nil {
		return nil, fmt.Errorf("bench workflow: %w", err)
	}
	if w, err = s.Workflows.SetActive(ctx, admin, w.ID, true); err != nil {
		return nil, err
	}
	n := min(benchExecutions, data.bulk)
	later := time.Now().Add(time.Hour).UTC()
	err = s.observer.Gorm.WithContext(ctx).Exec(`INSERT INTO workflow_executions (id, tenant_id, workflow_id, workflow_version, patient_id,
trigger_event_id, status, current_node_id, waiting, next_run_at, state_version, step_count, context, day0, started_at, updated_at)
SELECT `+newUUIDExpr(s)+`, ?, ?, ?, id, 'bench:' || CAST(id AS text), 'waiting', 'd', 'delay', ?, 1, 2, '{}', ?, ?, ?
FROM patients WHERE tenant_id = ? ORDER BY id LIMIT ?`, tenant, w.ID, w.Version, later,
		time.Now().Format(time.DateOnly), time.Now().UTC(), time.Now().UTC(), tenant, n).Error
	if err != nil {
		return nil, fmt.Errorf("seed executions: %w", err)
	}
	if err := analyze(ctx, s.DB); err != nil {
		return nil, err
	}
	r.progress("workflows: empty tick with %s executions waiting", count(n))
	_ = s.sql.takeSites()
	empty, err := emptyTick(ctx, s, r.c.EmptyTickRuns)
	if err != nil {
		return nil, fmt.Errorf("empty tick with executions waiting: %w", err)
	}
	r.sites(s, "empty tick, executions waiting", r.c.EmptyTickRuns)
	rows := []row{}
	detail := fmt.Sprintf("p90 %s, max %s; %.0f SQL statements/tick; %s executions waiting", dur(empty.P90), dur(empty.Max), empty.SQLPerTick, count(n))
	rows = append(rows, row{"7a", "empty tick, executions waiting", dur(empty.Median), "< 50 ms", verdict(empty.Median < targetEmptyTick), detail})

	r.progress("workflows: %s delays end at once", count(n))
	gowa.reset()
	since := time.Now()
	if err := s.observer.Gorm.WithContext(ctx).Exec("UPDATE workflow_executions SET next_run_at = ? WHERE workflow_id = ?", since.UTC(), w.ID).Error; err != nil {
		return nil, err
	}
	_ = s.sql.takeSites()
	// A sending side of its own: the big tick's dispatcher was stopped, and a
	// stopped dispatcher stays stopped (as in a server, which starts it once).
	snd, err := wiring.NewSending(s.Services, nil)
	if err != nil {
		return nil, err
	}
	defer s.Outbox.OnQueued(s.Send.Dispatcher.Waker().Wake)
	stop := snd.Start()
	start := time.Now()
	tctx, cancel := context.WithTimeout(ctx, r.c.TickTimeout)
	defer cancel()
	var advanced time.Duration
	err = r.profile("workflows", func() error {
		_, err := snd.Scheduler.Tick(tctx, 0)
		advanced = time.Since(start)
		if err == nil {
			err = waitSent(tctx, s, gowa, int64(n))
		}
		return err
	})
	wall := time.Since(start)
	stop()
	r.sites(s, "workflow delays", n)
	var done, sent int64
	s.observer.Gorm.WithContext(ctx).Raw("SELECT count(*) FROM workflow_executions WHERE workflow_id = ? AND status = 'completed'", w.ID).Scan(&done)
	s.observer.Gorm.WithContext(ctx).Raw("SELECT count(*) FROM messages WHERE source = 'workflow' AND status = 'sent' AND created_at >= ?", since).Scan(&sent)
	perSec := float64(sent) / wall.Seconds()
	ok := err == nil && done == int64(n) && sent == int64(n) && wall < targetWorkflowWall
	d := fmt.Sprintf("%s executions completed, %s messages sent; executions advanced in %s; %.0f steps/s (baseline provider loop %.0f msg/s, %.0f %%)",
		count(done), count(sent), secs(advanced), perSec, base.PerSecond(), 100*perSec/max(base.PerSecond(), 1))
	if err != nil {
		d += "; " + err.Error()
	}
	rows = append(rows, row{"7b", fmt.Sprintf("%s workflow delays end at once → all sent", count(n)), secs(wall), "< 10 s", verdict(ok), d})
	return rows, nil
}

// newUUIDExpr is a fresh UUID per row in SQL.
func newUUIDExpr(s *Stack) string {
	if s.DB.Dialect == "postgres" {
		return "gen_random_uuid()"
	}
	return "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-7' || substr(hex(randomblob(2)), 2) || '-8' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
}
