package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/logging"
	"github.com/prima-health/prima/internal/scheduler"
	"github.com/prima-health/prima/internal/wiring"
	"github.com/prometheus/client_golang/prometheus"
)

// Stack is the server's object graph, built by internal/wiring exactly as
// `prima serve` builds it, on the bench's database and with the fake WhatsApp
// provider configured. The HTTP layer is built from it by the caller
// (internal packages do not import api).
type Stack struct {
	*wiring.Services
	Send     *wiring.Sending
	Auth     wiring.Auth
	Registry *prometheus.Registry

	sql    *sqlCounter
	tx     *txCounter
	timing *timedReminders
	// observer runs the bench's own queries (progress polls, checks) on a
	// pool of its own, outside the counted statements and transactions.
	observer *db.DB
	cleanups []func()
}

// Close releases the database, Redis, and the bench's database or schema.
func (s *Stack) Close() {
	for i := len(s.cleanups) - 1; i >= 0; i-- {
		s.cleanups[i]()
	}
	s.cleanups = nil
}

// freshDatabase returns a DATABASE_URL for a new, empty database: a SQLite
// file in a temporary folder, or a new schema on the PostgreSQL server. The
// cleanup removes it (unless keep).
func freshDatabase(ctx context.Context, c Config) (dsn, where string, cleanup func(), err error) {
	if c.Dialect == db.SQLite {
		dir, err := os.MkdirTemp("", "prima-bench-")
		if err != nil {
			return "", "", nil, err
		}
		path := filepath.Join(dir, "prima.db")
		return "sqlite:" + path, path, func() {
			if !c.Keep {
				_ = os.RemoveAll(dir)
			}
		}, nil
	}
	admin, err := db.Open(ctx, c.PostgresURL, db.Options{MaxOpenConns: 1})
	if err != nil {
		return "", "", nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "bench_" + hex.EncodeToString(b)
	if err := admin.Gorm.WithContext(ctx).Exec("CREATE SCHEMA " + schema).Error; err != nil {
		_ = admin.Close()
		return "", "", nil, fmt.Errorf("create schema: %w", err)
	}
	u, err := url.Parse(c.PostgresURL)
	if err != nil {
		_ = admin.Close()
		return "", "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), "schema " + schema, func() {
		if !c.Keep {
			dctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			_ = admin.Gorm.WithContext(dctx).Exec("DROP SCHEMA " + schema + " CASCADE").Error
		}
		_ = admin.Close()
	}, nil
}

// benchConfig is a development configuration for the bench's server: the
// fake GOWA as the WhatsApp provider, the API's rate limit and the channel
// rates raised out of the way, the external scheduler (the bench ticks
// itself), no demo data. Dispatcher settings left at 0 keep the server's
// defaults.
func benchConfig(c Config, dsn, dataDir, gowaURL, gowaAuth string) (*config.Config, error) {
	rate := strconv.Itoa(c.ChannelRate)
	env := map[string]string{
		"PRIMA_ENV": config.EnvDevelopment, "PRIMA_ADDR": "127.0.0.1:0", "DATABASE_URL": dsn,
		"PRIMA_DATA_DIR": dataDir, "PRIMA_SEED_DEMO": "false", "PRIMA_DEV_AUTH": "true", "PRIMA_AUTO_MIGRATE": "true",
		"PRIMA_SCHEDULER": "external", "PRIMA_LOG_LEVEL": "info", "PRIMA_RATE_LIMIT_PER_MIN": strconv.Itoa(1 << 30),
		"GOWA_API_URL": gowaURL, "GOWA_BASIC_AUTH": gowaAuth, "PRIMA_DEFAULT_TIMEZONE": "Asia/Jakarta",
		"PRIMA_DEFAULT_REGION": "ID", "REDIS_URL": c.RedisURL, "GOWA_WEBHOOK_SECRET": benchWebhookSecret,
		"PRIMA_CHANNEL_RATES": "whatsapp=" + rate + ",kakao=" + rate + ",sms=" + rate,
	}
	if c.DispatchBatch > 0 {
		env["PRIMA_DISPATCH_BATCH"] = strconv.Itoa(c.DispatchBatch)
	}
	if c.DispatchConcurrency > 0 {
		env["PRIMA_DISPATCH_CONCURRENCY"] = strconv.Itoa(c.DispatchConcurrency)
	}
	return config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		func() string { return "bench-cron-secret-" + ids.New() })
}

// buildStack builds the server through internal/wiring, with the statement
// and transaction counters on its database, and opens the observer pool.
func buildStack(ctx context.Context, c Config, dsn string, gowa *fakeGOWA) (*Stack, error) {
	dataDir, err := os.MkdirTemp("", "prima-bench-data-")
	if err != nil {
		return nil, err
	}
	s := &Stack{sql: newSQLCounter(c.SQLStats), tx: &txCounter{}, Registry: prometheus.NewRegistry()}
	s.cleanups = append(s.cleanups, func() { _ = os.RemoveAll(dataDir) })
	cfg, err := benchConfig(c, dsn, dataDir, gowa.URL, gowa.BasicAuth)
	if err != nil {
		s.Close()
		return nil, err
	}
	// The server's JSON logger, writing nowhere unless asked: the cost of
	// formatting every access-log line stays in the figures.
	logTo := io.Discard
	if c.ServerLog != "" {
		f, err := os.Create(c.ServerLog)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.cleanups = append(s.cleanups, func() { _ = f.Close() })
		logTo = f
	}
	log := logging.New(logTo, cfg.LogLevel)
	auth := wiring.StartAuth(cfg)
	if s.Services, err = wiring.Build(ctx, cfg, log, wiring.Options{SQLLogger: s.sql, OnOpen: s.tx.wrap}); err != nil {
		s.Close()
		return nil, err
	}
	s.cleanups = append(s.cleanups, s.Services.Close)
	if s.Auth, err = auth(); err != nil {
		s.Close()
		return nil, err
	}
	// The reminder side of each tick, timed; the scheduler calls it as it calls the reminder service.
	s.timing = &timedReminders{inner: s.ReminderTicker}
	if c.AnalyzeMidTick {
		s.timing.after = func(ctx context.Context) error { return s.DB.Gorm.WithContext(ctx).Exec("ANALYZE messages").Error }
	}
	s.ReminderTicker = s.timing
	if s.Send, err = wiring.NewSending(s.Services, s.Registry); err != nil {
		s.Close()
		return nil, err
	}
	if s.observer, err = db.Open(ctx, dsn, db.Options{MaxOpenConns: 2}); err != nil {
		s.Close()
		return nil, fmt.Errorf("open the observer pool: %w", err)
	}
	s.cleanups = append(s.cleanups, func() { _ = s.observer.Close() })
	return s, nil
}

// timedReminders is the reminder side of the tick, timed: the scheduler calls
// it exactly as it calls the reminder service.
type timedReminders struct {
	inner scheduler.Reminders
	// after, when set, runs after each Materialize (a diagnostic: -analyze-midtick).
	after func(context.Context) error

	mu          sync.Mutex
	materialize time.Duration
	markMissed  time.Duration
}

var _ scheduler.Reminders = (*timedReminders)(nil)

func (t *timedReminders) Materialize(ctx context.Context, now time.Time) (int, int, error) {
	start := time.Now()
	occ, msg, err := t.inner.Materialize(ctx, now)
	t.mu.Lock()
	t.materialize += time.Since(start)
	t.mu.Unlock()
	if err == nil && t.after != nil && msg > 0 {
		err = t.after(ctx)
	}
	return occ, msg, err
}

func (t *timedReminders) MarkMissed(ctx context.Context, now time.Time) (int, error) {
	start := time.Now()
	n, err := t.inner.MarkMissed(ctx, now)
	t.mu.Lock()
	t.markMissed += time.Since(start)
	t.mu.Unlock()
	return n, err
}

// take returns the time spent since the last call and starts afresh.
func (t *timedReminders) take() (materialize, markMissed time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	materialize, markMissed = t.materialize, t.markMissed
	t.materialize, t.markMissed = 0, 0
	return materialize, markMissed
}
