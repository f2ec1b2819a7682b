package bench

import (
	"context"
	"fmt"
	"net/http"
	"sync"
)

// patientList measures GET /api/v1/patients?per_page=50 under c.Clients
// concurrent clients, then, with the same clients, duration and body, a bare
// Echo handler that answers the same JSON (the ceiling of this machine's HTTP
// in this run), and the ratio of the two: the figure to compare across runs.
func (r *runner) patientList(ctx context.Context, s *Stack, client *http.Client, base, token string) ([]row, error) {
	c := r.c
	// Read audit events go out in batches, as on a server (wiring.Sending.Start runs this).
	stopReadLog := runReadLog(ctx, s)
	defer stopReadLog()
	url := base + "/api/v1/patients?per_page=50"
	page, body, err := checkList(ctx, client, url, token, listPerPage)
	if err != nil {
		return nil, fmt.Errorf("patient list: %w", err)
	}
	if c.ListWarmup > 0 {
		r.progress("patient list: warming up for %s", c.ListWarmup)
		_ = hammer(ctx, client, url, token, c.Clients, c.ListWarmup)
	}
	_ = s.sql.takeSites()
	r.progress("patient list: %d clients for %s", c.Clients, c.ListDuration)
	sql0 := s.sql.Count()
	var res loadResult
	_ = r.profile("list", func() error { res = hammer(ctx, client, url, token, c.Clients, c.ListDuration); return nil })
	statements := s.sql.Count() - sql0
	r.sites(s, "patient list", res.Requests+res.Errors)

	bareHandler := c.BareList
	if bareHandler == nil {
		bareHandler = bareList
	}
	bare, err := startServer(bareHandler(body))
	if err != nil {
		return nil, err
	}
	defer bare.close()
	bareURL := bare.URL + "/api/v1/patients?per_page=50"
	if c.ListWarmup > 0 {
		_ = hammer(ctx, client, bareURL, token, c.Clients, c.ListWarmup)
	}
	r.progress("baseline: a bare handler answering the same %d-byte page, %d clients for %s", len(body), c.Clients, c.ListDuration)
	bres := hammer(ctx, client, bareURL, token, c.Clients, c.ListDuration)

	detail := fmt.Sprintf("%s requests in %s, %d errors; total %s patients, adherence on %d of %d rows; %s SQL statements/request",
		count(res.Requests), secs(res.Elapsed), res.Errors, count(page.Total), page.withAdherence(), len(page.Data),
		perUnit(statements, res.Requests+res.Errors))
	if res.FirstErr != "" {
		detail += "; first error: " + res.FirstErr
	}
	baseDetail := fmt.Sprintf("%s requests in %s, %d errors; p50 %s, p99 %s; the same %s-byte JSON page, same clients, no database or auth",
		count(bres.Requests), secs(bres.Elapsed), bres.Errors, dur(bres.P50), dur(bres.P99), count(len(body)))
	ratio, p99Ratio := "—", "—"
	if bp := bres.PerSecond(); bp > 0 {
		ratio = fmt.Sprintf("%.0f %%", 100*res.PerSecond()/bp)
	}
	if bres.P99 > 0 {
		p99Ratio = fmt.Sprintf("%.1f×", float64(res.P99)/float64(bres.P99))
	}
	return []row{
		{"3", fmt.Sprintf("patient list, %d clients: throughput", c.Clients), rate(res.PerSecond()) + " req/s", "≥ 3,000 req/s",
			verdict(res.Errors == 0 && res.PerSecond() >= targetListRPS), detail},
		{"3b", "patient list: p99 latency", dur(res.P99), "< 50 ms", verdict(res.Errors == 0 && res.P99 < targetListP99),
			fmt.Sprintf("p50 %s, max %s", dur(res.P50), dur(res.Max))},
		{"3c", "baseline: bare " + c.bareName() + " handler, same 50 rows", rate(bres.PerSecond()) + " req/s", "—", "—", baseDetail},
		{"3d", "patient list ÷ baseline (the figure to compare across runs)", ratio, "—", "—",
			fmt.Sprintf("%s req/s ÷ %s req/s; p99 %s of the baseline's", rate(res.PerSecond()), rate(bres.PerSecond()), p99Ratio)},
	}, nil
}

// bareList answers body as the list does, with net/http alone (Config.BareList
// is the Echo one cmd/prima-bench gives: internal packages do not import Echo).
func bareList(body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
}

func (c Config) bareName() string {
	if c.BareList == nil {
		return "net/http"
	}
	return "Echo"
}

// runReadLog writes the stack's read audit events in batches until the
// returned stop is called (which flushes what is left).
func runReadLog(ctx context.Context, s *Stack) (stop func()) {
	if s.ReadLog == nil {
		return func() {}
	}
	rctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); s.ReadLog.Run(rctx) }()
	return func() { cancel(); wg.Wait() }
}
