// Command prima-bench measures PRIMA against the performance targets of
// SPEC §15 and prints one table (`make bench`). It seeds a database of the
// requested size, builds the server through internal/wiring as `prima serve`
// does (same services, same sending side, same HTTP layer, the WhatsApp
// provider replaced by a local fake that answers at once), and times an empty
// scheduler tick, a tick that sends every due reminder beside a plain-loop
// baseline of the same provider, a rate-limited backlog, the patient list
// under concurrent clients, memory and the real binary's cold start.
// Everything runs on loopback.
//
//	go run ./cmd/prima-bench                 # default sizes; PostgreSQL when its URL is set
//	go run ./cmd/prima-bench -quick -db sqlite
//	go run ./cmd/prima-bench -only list      # the patient list and its baseline only
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima"
	"github.com/prima-health/prima/api"
	"github.com/prima-health/prima/frontend"
	"github.com/prima-health/prima/internal/bench"
	"github.com/prima-health/prima/internal/platform/db"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	pgURL := os.Getenv("PRIMA_BENCH_POSTGRES_URL")
	if pgURL == "" {
		pgURL = os.Getenv("PRIMA_TEST_POSTGRES_URL")
	}
	redisURL := os.Getenv("PRIMA_BENCH_REDIS_URL")
	defaultDB := string(db.SQLite)
	if pgURL != "" {
		defaultDB = string(db.Postgres)
	}

	fs := flag.NewFlagSet("prima-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := bench.Config{Out: stdout, Progress: stderr, PostgresURL: pgURL, BareList: bareList, BareInbound: bareInbound}
	dialect := fs.String("db", defaultDB, "database: sqlite or postgres (PostgreSQL uses a fresh schema of PRIMA_BENCH_POSTGRES_URL or PRIMA_TEST_POSTGRES_URL, dropped at the end)")
	quick := fs.Bool("quick", false, "small sizes for a smoke run (2,000 patients, 6,000 reminders, 20,000 messages, 2,000 due)")
	fs.IntVar(&c.Patients, "patients", bench.DefaultPatients, "patients to seed")
	fs.IntVar(&c.Reminders, "reminders", bench.DefaultReminders, "reminders to seed (at least one per patient)")
	fs.IntVar(&c.Messages, "messages", bench.DefaultMessages, "historical messages to seed (70 % of them reminder messages, each with its occurrence)")
	fs.IntVar(&c.Due, "due", bench.DefaultDue, "reminders made due for the big tick")
	fs.Float64Var(&c.BulkShare, "bulk-share", 0.9, "share of the patients in the one large tenant the patient list reads")
	fs.IntVar(&c.TenantSize, "tenant-size", 1000, "patients per tenant outside the large one")
	fs.IntVar(&c.Clients, "clients", 64, "concurrent patient-list clients")
	fs.DurationVar(&c.ListDuration, "duration", 0, "patient-list load time (default 10s)")
	fs.DurationVar(&c.ListWarmup, "warmup", 0, "patient-list warm-up before the measured load (default 2s)")
	fs.IntVar(&c.EmptyTickRuns, "empty-ticks", 20, "empty ticks to time")
	fs.DurationVar(&c.TickTimeout, "tick-timeout", 0, "give up on the big tick after this long (default 5m)")
	fs.IntVar(&c.DispatchBatch, "dispatch-batch", 0, "dispatcher batch size (0: the server's default)")
	fs.IntVar(&c.DispatchConcurrency, "dispatch-concurrency", 0, "dispatcher concurrency (0: the server's default)")
	fs.IntVar(&c.ChannelRate, "channel-rate", 100_000, "every channel's send rate per second during the big tick (PRIMA_CHANNEL_RATES)")
	fs.IntVar(&c.BaselineMessages, "baseline", 0, "sends of the plain-loop baseline (default: -due, at most 30,000)")
	fs.IntVar(&c.ThrottleRate, "throttle-rate", 20, "WhatsApp rate per second of the rate-limited row")
	fs.IntVar(&c.ThrottleMessages, "throttle-queued", 2000, "messages queued for the rate-limited row")
	fs.DurationVar(&c.ThrottleFor, "throttle-for", 12*time.Second, "how long the rate-limited row dispatches")
	fs.BoolVar(&c.AnalyzeMidTick, "analyze-midtick", false, "diagnostic: ANALYZE messages after materialising, before dispatching (not a real-server figure)")
	fs.BoolVar(&c.Sequential, "sequential", false, "diagnostic: no background dispatcher in the big tick; the tick materialises, then drains (each phase alone)")
	fs.StringVar(&redisURL, "redis", redisURL, "Redis URL for the rate limiter, as REDIS_URL (default PRIMA_BENCH_REDIS_URL; empty: in-process)")
	fs.StringVar(&c.Only, "only", "", "run only some figures: list (the patient list and its baseline) inbound (the inbound WhatsApp webhook and its baseline), workflows (10,000 executions whose delay ends) or campaigns (preview and a campaign to 100,000 patients), after the same seeding")
	fs.StringVar(&c.CPUProfile, "cpuprofile", "", "write a CPU profile of each measured phase to `PATH`.<phase>.pprof")
	fs.BoolVar(&c.SQLStats, "sqlstats", false, "after the table, list SQL statements per call site for each phase")
	fs.StringVar(&c.PrimaBinary, "prima-bin", "", "time this prima binary's cold start instead of building cmd/prima")
	fs.BoolVar(&c.SkipBinary, "skip-binary", false, "skip building and cold-starting the prima binary")
	fs.StringVar(&c.ServerLog, "log", "", "write the server's JSON log to `FILE` (default: discarded)")
	fs.BoolVar(&c.Keep, "keep", false, "keep the database (SQLite file or PostgreSQL schema) for inspection")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *quick {
		quickDefault(set, "patients", &c.Patients, bench.QuickPatients)
		quickDefault(set, "reminders", &c.Reminders, bench.QuickReminders)
		quickDefault(set, "messages", &c.Messages, bench.QuickMessages)
		quickDefault(set, "due", &c.Due, bench.QuickDue)
		if !set["duration"] {
			c.ListDuration = 5 * time.Second
		}
	}
	if !set["warmup"] {
		c.ListWarmup = 2 * time.Second
	}
	c.Dialect = db.Dialect(*dialect)
	c.RedisURL = redisURL

	if err := bench.Run(ctx, c, handler); err != nil {
		_, _ = fmt.Fprintln(stderr, "prima-bench:", err)
		return 1
	}
	return 0
}

// quickDefault gives a -quick size to a flag the command line did not set.
func quickDefault(set map[string]bool, name string, v *int, quick int) {
	if !set[name] {
		*v = quick
	}
}

// bareList is the patient list's baseline: a bare Echo handler answering
// the same JSON page, with none of PRIMA's middleware, auth or database.
func bareList(body []byte) http.Handler {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/api/v1/patients", func(c echo.Context) error { return c.JSONBlob(http.StatusOK, body) })
	return e
}

// bareInbound is the inbound webhook's baseline: a bare Echo handler that
// reads the request and answers the same JSON, with no signature check and
// no database.
func bareInbound(body []byte) http.Handler {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.POST("/api/v1/hooks/gowa", func(c echo.Context) error {
		_, _ = io.Copy(io.Discard, c.Request().Body)
		return c.JSONBlob(http.StatusOK, body)
	})
	return e
}

// handler builds the HTTP layer exactly as cmd/prima's serve does.
func handler(s *bench.Stack) (http.Handler, error) {
	return api.New(api.Deps{
		Scheduler: s.Send.Scheduler, Receipts: s.Send.Receipts, Conversations: s.Conversations, AI: s.AI, Stats: s.Stats,
		Appointments: s.Appointments, Reminders: s.Reminders, Timeline: s.Timeline, Registry: s.Registry,
		Config: s.Config, Logger: s.Log, Clock: s.Clock, Database: s.DB, Redis: s.RedisPinger(),
		Verifier: s.Auth.Verifier, DevIssuer: s.Auth.DevIssuer,
		Users: s.Users, Patients: s.Patients, Messages: s.Messages, Settings: s.Settings, Templates: s.Templates, Audit: s.Audit,
		ReadLog: s.ReadLog, Limiter: s.RequestLimiter(), Idempotency: s.Idempotency, Webhooks: s.Webhooks, Keys: s.Keys, Events: s.Events,
		OpenAPISpec: prima.OpenAPISpec, Frontend: frontend.Dist(), Version: "bench",
	}), nil
}
