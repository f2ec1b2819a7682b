package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/channel/providers"
	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/idempotency"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/messaging"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/logging"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/scheduler"
	"github.com/prima-health/prima/internal/stats"
	"github.com/prima-health/prima/internal/template"
	"github.com/prima-health/prima/internal/user"
	"github.com/prima-health/prima/migrations"
	"github.com/redis/go-redis/v9"
)

// Stack is the server's object graph, built from internal/* the way
// cmd/prima builds it (build and newSending), on the bench's database and
// with the fake WhatsApp provider configured. The HTTP layer is built from it
// by the caller (internal packages do not import api).
type Stack struct {
	Config    *config.Config
	Log       *slog.Logger
	DB        *db.DB
	Clock     clock.Clock
	Keyring   *crypto.Keyring
	Redis     *redis.Client // nil without a Redis URL
	Limiter   ratelimit.Limiter
	Verifier  *identity.ClerkVerifier
	DevIssuer *identity.DevIssuerKeys

	Audit        *audit.Service
	Users        *user.Service
	Patients     *patient.Service
	Outbox       *outbox.Outbox
	Messages     *messaging.Service
	Settings     *user.SettingsService
	Templates    *template.Service
	Reminders    *reminder.Service
	Appointments *appointment.Service
	Dispatcher   *outbox.Dispatcher
	Receipts     *outbox.Receipts
	Inbox        *messaging.Inbox
	Scheduler    *scheduler.Service
	Stats        *stats.Service
	Idempotency  *idempotency.Store

	sql      *sqlCounter
	timing   *timedReminders
	cleanups []func()
}

// RedisPinger adapts the Redis client to readiness checks (nil without Redis).
func (s *Stack) RedisPinger() interface{ Ping(context.Context) error } {
	if s.Redis == nil {
		return nil
	}
	return redisPinger{s.Redis}
}

type redisPinger struct{ c *redis.Client }

func (r redisPinger) Ping(ctx context.Context) error { return r.c.Ping(ctx).Err() }

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
// fake GOWA as the WhatsApp provider, the rate limit raised out of the way,
// the external scheduler (the bench ticks itself), no demo data.
func benchConfig(dsn, dataDir, gowaURL, gowaAuth, redisURL string) (*config.Config, error) {
	env := map[string]string{
		"PRIMA_ENV": config.EnvDevelopment, "PRIMA_ADDR": "127.0.0.1:0", "DATABASE_URL": dsn,
		"PRIMA_DATA_DIR": dataDir, "PRIMA_SEED_DEMO": "false", "PRIMA_DEV_AUTH": "true", "PRIMA_AUTO_MIGRATE": "true",
		"PRIMA_SCHEDULER": "external", "PRIMA_LOG_LEVEL": "info", "PRIMA_RATE_LIMIT_PER_MIN": strconv.Itoa(1 << 30),
		"GOWA_API_URL": gowaURL, "GOWA_BASIC_AUTH": gowaAuth, "PRIMA_DEFAULT_TIMEZONE": "Asia/Jakarta",
		"PRIMA_DEFAULT_REGION": "ID", "REDIS_URL": redisURL,
	}
	return config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		func() string { return "bench-cron-secret-" + ids.New() })
}

// buildStack opens the database (migrating it) and builds the services the
// way cmd/prima does.
func buildStack(ctx context.Context, c Config, dsn string, gowa *fakeGOWA) (*Stack, error) {
	dataDir, err := os.MkdirTemp("", "prima-bench-data-")
	if err != nil {
		return nil, err
	}
	s := &Stack{Clock: clock.System{}, sql: newSQLCounter(c.SQLStats)}
	s.cleanups = append(s.cleanups, func() { _ = os.RemoveAll(dataDir) })
	if s.Config, err = benchConfig(dsn, dataDir, gowa.URL, gowa.BasicAuth, c.RedisURL); err != nil {
		return nil, err
	}
	cfg := s.Config
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
	s.Log = logging.New(logTo, cfg.LogLevel)

	// openDatabase: db.Open with the server's pool settings, then migrations.
	if s.DB, err = db.Open(ctx, cfg.DatabaseURL, db.Options{Logger: s.sql}); err != nil {
		return nil, err
	}
	s.cleanups = append(s.cleanups, func() { _ = s.DB.Close() })
	if _, err := s.DB.MigrateUp(ctx, migrations.FS); err != nil {
		s.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if cfg.RedisURL != "" {
		opt, err := redis.ParseURL(cfg.RedisURL)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("redis URL: %w", err)
		}
		s.Redis = redis.NewClient(opt)
		s.cleanups = append(s.cleanups, func() { _ = s.Redis.Close() })
		if err := s.Redis.Ping(ctx).Err(); err != nil {
			s.Close()
			return nil, fmt.Errorf("connect to Redis: %w", err)
		}
	}
	key, err := cfg.EncryptionKeyBytes()
	if err != nil {
		s.Close()
		return nil, err
	}
	if s.Keyring, err = crypto.NewKeyring(key); err != nil {
		s.Close()
		return nil, err
	}

	// build()
	s.Audit = audit.NewService(s.DB.Gorm, s.Clock)
	s.Users = user.NewService(user.NewStore(s.DB), s.Audit, s.Clock, user.Defaults{Region: cfg.DefaultRegion, Timezone: cfg.DefaultTimezone})
	s.Patients = patient.NewService(patient.NewStore(s.DB), s.Keyring, user.NewDirectory(s.DB), s.Clock)
	channels := configuredChannels(cfg)
	s.Outbox = outbox.NewOutbox(s.DB, s.Clock, channels, outbox.NewDBLookups(s.DB))
	s.Messages = messaging.NewService(s.DB, s.Outbox, s.Clock, nil)
	s.Settings = user.NewSettingsService(s.DB, s.Clock, channels)
	s.Templates = template.NewService(template.NewStore(s.DB), s.Patients, s.Clock)
	s.Reminders = reminder.NewService(reminder.NewStore(s.DB), s.Outbox, s.Clock, reminder.Options{Logger: s.Log})
	s.Appointments = appointment.NewService(appointment.NewStore(s.DB), s.Clock, s.Reminders)

	// serve(): verifier with the development key, limiter.
	if s.Verifier, err = identity.NewClerkVerifier(identity.ClerkOptions{JWTKey: cfg.Clerk.JWTKey, APIURL: cfg.Clerk.APIURL,
		SecretKey: cfg.Clerk.SecretKey, AuthorizedParties: cfg.Clerk.AuthorizedParties}); err != nil {
		s.Close()
		return nil, err
	}
	if s.DevIssuer, err = identity.NewDevIssuer(nil); err != nil {
		s.Close()
		return nil, err
	}
	s.DevIssuer.Register(s.Verifier)
	s.Limiter = ratelimit.NewMemory(nil)
	if s.Redis != nil {
		s.Limiter = ratelimit.NewRedis(s.Redis, nil)
	}

	// newSending(): providers, dispatcher, receipts, scheduler.
	reg, err := providers.New(providers.Config{GOWA: cfg.GOWA, SMS: cfg.NHNSMS, Kakao: cfg.Kakao})
	if err != nil {
		s.Close()
		return nil, err
	}
	host, _ := os.Hostname()
	var tokens ratelimit.Tokens = ratelimit.NewMemoryTokens(s.Clock.Now)
	if s.Redis != nil {
		tokens = ratelimit.NewRedisTokens(s.Redis)
	}
	s.Dispatcher = outbox.NewDispatcher(s.DB, outbox.NewRegistryChannels(reg, s.Log), outbox.NewDBLookups(s.DB), tokens, s.Clock,
		outbox.DispatchConfig{Worker: host + "-" + ids.New()[:8], ReceiptWait: 30 * time.Minute, Channels: channels,
			ChannelPerSecond: cfg.ChannelRates, Batch: c.DispatchBatch, Concurrency: c.DispatchConcurrency}, s.Log)
	s.Outbox.OnQueued(s.Dispatcher.Waker().Wake)
	s.Receipts = outbox.NewReceipts(s.DB, s.Clock)
	s.Inbox = messaging.NewInbox(s.DB, s.Clock)
	s.timing = &timedReminders{inner: s.Reminders}
	if c.AnalyzeMidTick {
		s.timing.after = func(ctx context.Context) error { return s.DB.Gorm.WithContext(ctx).Exec("ANALYZE messages").Error }
	}
	s.Scheduler = scheduler.New(s.timing, s.Receipts, s.Dispatcher, s.Clock, s.Log)
	s.Stats = stats.NewService(s.DB, s.Clock)
	s.Idempotency = idempotency.NewStore(s.DB)
	return s, nil
}

// configuredChannels is cmd/prima's list: channels with provider settings, then log.
func configuredChannels(cfg *config.Config) []string {
	out := []string{}
	if cfg.GOWA.APIURL != "" {
		out = append(out, "whatsapp")
	}
	if cfg.Kakao.APIURL != "" {
		out = append(out, "kakao")
	}
	if cfg.NHNSMS.APIURL != "" {
		out = append(out, "sms")
	}
	return append(out, "log")
}

// timedReminders is the reminder side of the tick, timed: the scheduler calls
// it exactly as it calls the reminder service.
type timedReminders struct {
	inner *reminder.Service
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
