package wiring

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// The demo clinic starts with a fortnight of history, so the dashboard's
// charts and the patient pages show something on first start.
func TestDemoDataHasAFortnightOfHistory(t *testing.T) {
	for _, dialect := range testutil.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := context.Background()
			cfg := testConfig(t, map[string]string{"DATABASE_URL": testutil.DSN(t, dialect)})
			s, err := Build(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if seeded, err := s.SeedDemo(ctx); err != nil || !seeded {
				t.Fatalf("seed: %v %v", seeded, err)
			}
			g := s.DB.Gorm
			weekAgo := time.Now().Add(-7 * 24 * time.Hour)
			var days, read, replies, failovers, failed int64
			g.Raw(`SELECT count(DISTINCT `+dayExpr(s.DB)+`) FROM messages WHERE direction = 'outbound' AND created_at < ?`, time.Now().Add(-12*time.Hour)).Scan(&days)
			g.Raw(`SELECT count(*) FROM messages WHERE status = 'read' AND created_at > ?`, weekAgo).Scan(&read)
			g.Raw(`SELECT count(*) FROM messages WHERE direction = 'inbound'`).Scan(&replies)
			g.Raw(`SELECT count(*) FROM messages WHERE status = 'delivered' AND channel_index = 1`).Scan(&failovers)
			g.Raw(`SELECT count(*) FROM messages WHERE status = 'failed'`).Scan(&failed)
			if days < 14 || read == 0 || replies == 0 || failovers == 0 || failed == 0 {
				t.Fatalf("history: %d days, %d read this week, %d replies, %d failovers, %d failed", days, read, replies, failovers, failed)
			}
			var states []struct {
				State string
				N     int64
			}
			g.Raw(`SELECT state, count(*) AS n FROM occurrences GROUP BY state`).Scan(&states)
			got := map[string]int64{}
			for _, st := range states {
				got[st.State] = st.N
			}
			if got["confirmed"] == 0 || got["late"] == 0 || got["missed"] == 0 {
				t.Fatalf("occurrence states: %v", got)
			}
			var rollup int64
			g.Raw(`SELECT count(*) FROM adherence_days`).Scan(&rollup)
			if rollup == 0 {
				t.Fatal("the adherence rollup was not built for the history")
			}
			var activeWorkflows, executions int64
			g.Raw(`SELECT count(*) FROM workflows WHERE is_active`).Scan(&activeWorkflows)
			g.Raw(`SELECT count(*) FROM workflow_executions WHERE status = 'waiting'`).Scan(&executions)
			if activeWorkflows != 2 || executions != 1 {
				t.Fatalf("demo workflows: %d active, %d executions waiting", activeWorkflows, executions)
			}
			if where := testutil.TablesContaining(t, s.DB, "saatnya minum Tamoxifen"); len(where) > 0 {
				t.Fatalf("demo message bodies in clear: %v", where)
			}
		})
	}
}

func dayExpr(d *db.DB) string {
	if d.Dialect == db.Postgres {
		return "date_trunc('day', created_at)"
	}
	return "date(created_at)"
}
