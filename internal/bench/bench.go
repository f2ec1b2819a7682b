package bench

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/db"
)

// HandlerFunc builds the server's HTTP handler from the stack (cmd/prima-bench
// does it with api.New, as cmd/prima does).
type HandlerFunc func(*Stack) (http.Handler, error)

// Targets of SPEC §15.
const (
	targetEmptyTick   = 50 * time.Millisecond
	targetBigTick     = 30 * time.Second // for 100,000 messages
	targetMsgPerSec   = 3500.0
	targetListRPS     = 3000.0
	targetListP99     = 50 * time.Millisecond
	targetLoadRSS     = 300 << 20
	targetIdleRSS     = 60 << 20
	targetColdStart   = 300 * time.Millisecond
	listPerPage       = 50
	defaultBigTickDue = 100_000
)

// Run seeds, measures and prints the table.
func Run(ctx context.Context, c Config, handler HandlerFunc) error {
	c.Defaults()
	if err := c.Validate(); err != nil {
		return err
	}
	r := &runner{c: c}
	return r.run(ctx, handler)
}

type runner struct {
	c      Config
	rows   []row
	phases []phaseSites
	header []string

	loadAtStart string
}

func (r *runner) progress(format string, args ...any) {
	_, _ = fmt.Fprintf(r.c.Progress, "bench: "+format+"\n", args...)
}

// profile runs fn under the CPU profiler when -cpuprofile is set.
func (r *runner) profile(phase string, fn func() error) error {
	if r.c.CPUProfile == "" {
		return fn()
	}
	path := r.c.CPUProfile + "." + phase + ".pprof"
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	err = fn()
	pprof.StopCPUProfile()
	r.progress("CPU profile of %s written to %s", phase, path)
	return err
}

func (r *runner) sites(s *Stack, phase string, units int) {
	if r.c.SQLStats {
		r.phases = append(r.phases, phaseSites{Phase: phase, Units: units, Sites: s.sql.takeSites()})
	}
}

func (r *runner) run(ctx context.Context, handler HandlerFunc) error {
	c := r.c
	r.loadAtStart = loadAverage()
	var bin binaryResult
	if !c.SkipBinary && c.Only == "" {
		r.progress("building cmd/prima and timing its cold start on an empty SQLite database")
		bin = measureBinary(ctx, c.PrimaBinary)
		if bin.Err != nil {
			r.progress("binary measurement failed: %v", bin.Err)
		}
	}

	gowa, err := startFakeGOWA()
	if err != nil {
		return err
	}
	defer gowa.close()
	dsn, where, dropDB, err := freshDatabase(ctx, c)
	if err != nil {
		return err
	}
	defer dropDB()
	s, err := buildStack(ctx, c, dsn, gowa)
	if err != nil {
		return err
	}
	defer s.Close()
	dbVersion := databaseVersion(ctx, s.DB)
	r.progress("database: %s %s (%s)", c.Dialect, dbVersion, where)

	// Seed.
	seedStart := time.Now()
	data, err := newDataset(c, s.Keyring, time.Now())
	if err != nil {
		return err
	}
	snk, err := newSink(s.DB)
	if err != nil {
		return err
	}
	var steps []string
	var stepsMu sync.Mutex
	err = data.load(ctx, snk, func(table string, took time.Duration) {
		stepsMu.Lock()
		defer stepsMu.Unlock()
		steps = append(steps, table+" "+secs(took))
		r.progress("seeded %s in %s", table, secs(took))
	})
	if err != nil {
		return err
	}
	start := time.Now()
	if err := s.Reminders.RebuildAdherence(ctx, ""); err != nil {
		return fmt.Errorf("adherence rollup: %w", err)
	}
	steps = append(steps, "adherence rollup "+secs(time.Since(start)))
	start = time.Now()
	if err := analyze(ctx, s.DB); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	steps = append(steps, "analyze "+secs(time.Since(start)))
	seeded := time.Since(seedStart)
	runtime.GC()
	debug.FreeOSMemory()
	_ = s.sql.takeSites()

	limiter := "in-process"
	if c.RedisURL != "" {
		limiter = "Redis"
	}
	diagnostic := ""
	if c.AnalyzeMidTick {
		diagnostic = "; DIAGNOSTIC -analyze-midtick: ANALYZE messages between materialising and dispatching"
	}
	background := "running in the background during the big tick"
	if c.Sequential {
		background = "DIAGNOSTIC -sequential: not in the background, the tick materialises then drains"
	}
	dc := s.Send.Dispatch
	workers := "the outbox's default"
	if dc.Workers > 0 {
		workers = count(dc.Workers)
	}
	r.header = []string{
		fmt.Sprintf("PRIMA bench — %s %s, %s %s/%s, %d CPUs (GOMAXPROCS %d), load average at start %s", c.Dialect, dbVersion,
			runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), r.loadAtStart),
		fmt.Sprintf("data: %s patients in %s tenants (%s in the bulk tenant), %s reminders, %s messages, %s occurrences; %s reminders made due",
			count(c.Patients), count(data.tenants), count(data.bulk), count(c.Reminders), count(c.Messages),
			count(data.occurrences), count(c.Due)),
		fmt.Sprintf("seeded in %s (%s)", secs(seeded), strings.Join(steps, ", ")),
		fmt.Sprintf("sending as `prima serve` builds it (internal/wiring): dispatcher batch %s × concurrency %s, claim workers %s, "+
			"%s; channel rates %s/s each; rate limiter %s; metrics on; "+
			"WhatsApp: fake GOWA over loopback HTTP%s",
			count(dc.Batch), count(dc.Concurrency), workers, background, count(c.ChannelRate), limiter, diagnostic),
	}

	// The real HTTP server.
	h, err := handler(s)
	if err != nil {
		return err
	}
	srv, err := startServer(h)
	if err != nil {
		return err
	}
	defer srv.close()
	token, _, err := s.Auth.DevIssuer.Mint(mustProfile(identity.RoleAdmin))
	if err != nil {
		return err
	}
	client := loadClient(c.Clients)
	if code, body, err := get(ctx, client, srv.URL+"/api/v1/me", token); err != nil || code != http.StatusOK {
		return fmt.Errorf("sign in as the bulk tenant's admin: status %d %v %.300s", code, err, body)
	}

	switch c.Only {
	case OnlyList:
		listRows, err := r.patientList(ctx, s, client, srv.URL, token)
		if err != nil {
			return err
		}
		r.rows = append(r.rows, listRows...)
		r.print()
		return nil
	case OnlyWorkflows:
		base, err := baseline(ctx, s, gowa, data.phone(0), c.BaselineMessages, s.Send.Dispatch.Concurrency)
		if err != nil {
			return err
		}
		wfRows, err := r.workflowRows(ctx, s, gowa, data, base)
		if err != nil {
			return err
		}
		r.rows = append(r.rows, wfRows...)
		r.print()
		return nil
	case OnlyCampaigns:
		base, err := baseline(ctx, s, gowa, data.phone(0), c.BaselineMessages, s.Send.Dispatch.Concurrency)
		if err != nil {
			return err
		}
		campRows, err := r.campaignRows(ctx, s, gowa, data, base)
		if err != nil {
			return err
		}
		r.rows = append(r.rows, campRows...)
		r.print()
		return nil
	case OnlyInbound:
		inRows, err := r.inboundWebhook(ctx, s, data, srv.URL)
		if err != nil {
			return err
		}
		r.rows = append(r.rows, inRows...)
		r.print()
		return nil
	}

	// 1. Empty tick.
	r.progress("empty tick × %d", c.EmptyTickRuns)
	var empty emptyTickResult
	if err := r.profile("emptytick", func() (err error) { empty, err = emptyTick(ctx, s, c.EmptyTickRuns); return err }); err != nil {
		return fmt.Errorf("empty tick: %w", err)
	}
	r.sites(s, "empty tick", c.EmptyTickRuns)
	r.addEmptyTick("1", "empty tick (median of "+fmt.Sprint(empty.Runs)+")", empty)

	// 3. Patient list (before the big tick, so its writes and their vacuum do not overlap the load).
	listRows, err := r.patientList(ctx, s, client, srv.URL, token)
	if err != nil {
		return err
	}

	// 2. Baseline, then the big tick.
	r.progress("baseline: %s sends to the fake provider from %d goroutines, no database", count(c.BaselineMessages), dc.Concurrency)
	base, err := baseline(ctx, s, gowa, data.phone(0), c.BaselineMessages, dc.Concurrency)
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	n, err := data.makeDue(ctx, s.DB, c.Due)
	if err != nil {
		return fmt.Errorf("make reminders due: %w", err)
	}
	_ = s.sql.takeSites()
	r.progress("%s reminders due; one tick with the dispatcher running, until the outbox is empty", count(n))
	since := time.Now()
	var big bigTickResult
	err = r.profile("bigtick", func() (err error) {
		big, err = bigTick(ctx, s, gowa, c.Due, since, c.TickTimeout, c.Sequential)
		return err
	})
	r.sites(s, "big tick", c.Due)
	r.addBigTick(big, base, err)
	if err != nil {
		r.progress("big tick: %v", err)
	}

	// 1b. Empty tick again, with the big tick's rows in the tables (only
	// when the big tick emptied the outbox: otherwise it is not empty).
	switch {
	case err != nil:
		r.rows = append(r.rows, row{"1b", "empty tick after the big tick", "skipped", "< 50 ms", "—",
			"the big tick left work in the outbox"})
	default:
		if after, err := emptyTick(ctx, s, c.EmptyTickRuns); err == nil {
			r.addEmptyTick("1b", "empty tick after the big tick", after)
		} else {
			r.progress("empty tick after the big tick: %v", err)
		}
	}
	_ = s.sql.takeSites()
	r.rows = append(r.rows, listRows...)

	// 7. Workflow executions whose delay ends at once (before the rate-limited
	// row, whose backlog stays queued behind its limit).
	wfRows, err := r.workflowRows(ctx, s, gowa, data, base)
	if err != nil {
		return err
	}
	r.rows = append(r.rows, wfRows...)

	// 8. A campaign to the large tenant (before the rate-limited row too).
	campRows, err := r.campaignRows(ctx, s, gowa, data, base)
	if err != nil {
		return err
	}
	r.rows = append(r.rows, campRows...)

	// 5. A backlog on a rate-limited channel.
	r.progress("rate-limited channel: %s messages queued at %d/s, dispatched for %s", count(c.ThrottleMessages), c.ThrottleRate, c.ThrottleFor)
	var thr throttleResult
	err = r.profile("throttled", func() (err error) { thr, err = throttled(ctx, s, gowa, data, c); return err })
	r.sites(s, "rate-limited channel", int(thr.Sent))
	r.addThrottled(thr, err)

	// 6. Inbound webhook, last: the answers it queues would otherwise be sent
	// inside the sending figures.
	inRows, err := r.inboundWebhook(ctx, s, data, srv.URL)
	if err != nil {
		return err
	}
	r.rows = append(r.rows, inRows...)

	// 4. Memory and start-up.
	rss, _ := procStatus(0, "VmRSS")
	hwm, _ := procStatus(0, "VmHWM")
	r.rows = append(r.rows, row{"4", "bench process RSS after the runs", mb(rss), "< 300 MB *", verdict(rss < targetLoadRSS),
		"peak " + mb(hwm) + " (seeding included); server, dispatcher, fake provider and load clients in one process"})
	r.addBinary(bin, c.SkipBinary)

	r.print()
	return nil
}

func (r *runner) print() {
	w := r.c.Out
	_, _ = fmt.Fprintln(w)
	for _, l := range r.header {
		_, _ = fmt.Fprintln(w, l)
	}
	_, _ = fmt.Fprintln(w)
	printTable(w, r.rows)
	_, _ = fmt.Fprintln(w, "\n* SPEC §15 bounds a server's RSS under bulk load at 300 MB; this process also seeds and runs the load clients.")
	printSites(w, r.phases)
}

func (r *runner) addBinary(b binaryResult, skipped bool) {
	switch {
	case skipped:
		r.rows = append(r.rows, row{"4b", "prima idle RSS / cold start", "skipped", "< 60 MB / < 300 ms", "—", "-skip-binary"})
		return
	case b.Err != nil:
		r.rows = append(r.rows, row{"4b", "prima idle RSS / cold start", "n/a", "< 60 MB / < 300 ms", "—", b.Err.Error()})
		return
	}
	built := "given binary"
	if b.Built > 0 {
		built = "go build " + secs(b.Built)
	}
	r.rows = append(r.rows,
		row{"4b", "prima serve idle RSS", mb(b.IdleRSS), "< 60 MB", verdict(b.IdleRSS < targetIdleRSS),
			"3 s after ready; empty SQLite database, development defaults, demo data off"},
		row{"4c", "prima serve cold start to /readyz", dur(b.ColdStart), "< 300 ms", verdict(b.ColdStart < targetColdStart),
			"empty database (migrations applied at start); restart on it " + dur(b.Restart) + "; " + built},
	)
}

func mustProfile(role string) identity.DevProfile {
	p, ok := identity.DevProfileFor(role)
	if !ok {
		panic("bench: no development profile for " + role)
	}
	return p
}

func databaseVersion(ctx context.Context, d *db.DB) string {
	var v string
	q := "SELECT sqlite_version()"
	if d.Dialect == db.Postgres {
		q = "SHOW server_version"
	}
	if err := d.Gorm.WithContext(ctx).Raw(q).Scan(&v).Error; err != nil {
		return "(version unknown)"
	}
	return v
}
