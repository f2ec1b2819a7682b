package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/joho/godotenv"
	"github.com/prima-health/prima"
	"github.com/prima-health/prima/api"
	"github.com/prima-health/prima/frontend"
	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/idempotency"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/messaging"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/logging"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/scheduler"
	"github.com/prima-health/prima/internal/stats"
	"github.com/prima-health/prima/internal/template"
	"github.com/prima-health/prima/internal/user"
	"github.com/prima-health/prima/migrations"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// loadConfig reads .env (when present) and the environment.
func loadConfig() (*config.Config, error) {
	if err := godotenv.Load(); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read .env: %w", err)
	}
	return config.Load(os.LookupEnv, func() string {
		b := make([]byte, 24)
		_, _ = rand.Read(b)
		return base64.RawURLEncoding.EncodeToString(b)
	})
}

// services is everything built from the configuration.
type services struct {
	cfg      *config.Config
	log      *slog.Logger
	db       *db.DB
	redis    *redis.Client
	clock    clock.Clock
	audit    *audit.Service
	users    *user.Service
	patients *patient.Service
	keyring  *crypto.Keyring
	outbox   *outbox.Outbox
	// reminderTicker makes due reminder occurrences in each tick (set when reminders are built).
	reminderTicker scheduler.Reminders
	messages       *messaging.Service
	settings       *user.SettingsService

	templates *template.Service

	appointments *appointment.Service
	reminders    *reminder.Service
}

func (s *services) close() {
	if s.redis != nil {
		_ = s.redis.Close()
	}
	if s.db != nil {
		_ = s.db.Close()
	}
}

// openDatabase connects and brings the schema up to date, or refuses an
// outdated schema when auto-migration is off.
func openDatabase(ctx context.Context, cfg *config.Config, log *slog.Logger) (*db.DB, error) {
	d, err := db.Open(ctx, cfg.DatabaseURL, db.Options{})
	if err != nil {
		return nil, err
	}
	if cfg.AutoMigrate {
		n, err := d.MigrateUp(ctx, migrations.FS)
		if err != nil {
			_ = d.Close()
			return nil, err
		}
		if n > 0 {
			log.Info("migrations applied", slog.Int("count", n))
		}
		return d, nil
	}
	pending, err := d.HasPendingMigrations(ctx, migrations.FS)
	if err != nil {
		_ = d.Close()
		return nil, err
	}
	if pending {
		_ = d.Close()
		return nil, errors.New("the database schema is older than this binary: run `prima migrate up` (or set PRIMA_AUTO_MIGRATE=true)")
	}
	return d, nil
}

func build(ctx context.Context, cfg *config.Config, log *slog.Logger) (*services, error) {
	s := &services{cfg: cfg, log: log, clock: clock.System{}}
	var err error
	if s.db, err = openDatabase(ctx, cfg, log); err != nil {
		return nil, err
	}
	if cfg.RedisURL != "" {
		opt, err := redis.ParseURL(cfg.RedisURL)
		if err != nil {
			s.close()
			return nil, fmt.Errorf("REDIS_URL: %w", err)
		}
		s.redis = redis.NewClient(opt)
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := s.redis.Ping(pctx).Err(); err != nil {
			s.close()
			return nil, fmt.Errorf("connect to Redis (REDIS_URL): %w", err)
		}
	}
	key, err := cfg.EncryptionKeyBytes()
	if err != nil {
		s.close()
		return nil, fmt.Errorf("PRIMA_ENCRYPTION_KEY: %w", err)
	}
	if s.keyring, err = crypto.NewKeyring(key); err != nil {
		s.close()
		return nil, err
	}
	s.audit = audit.NewService(s.db.Gorm, s.clock)
	s.users = user.NewService(user.NewStore(s.db), s.audit, s.clock, user.Defaults{Region: cfg.DefaultRegion, Timezone: cfg.DefaultTimezone})
	s.patients = newPatientService(s)
	channels := configuredChannels(cfg)
	// One outbox for every cause of messages (manual sends, reminders, tests).
	s.outbox = outbox.NewOutbox(s.db, s.clock, channels, outbox.NewDBLookups(s.db))
	if cfg.Env == config.EnvProduction {
		// In production a message no configured channel can carry fails as no_channel;
		// it never shows "sent" through the log channel.
		s.outbox.WithoutLogFallback()
	}
	s.messages = messaging.NewService(s.db, s.outbox, s.clock, nil)
	s.settings = user.NewSettingsService(s.db, s.clock, channels)
	s.templates = template.NewService(template.NewStore(s.db), s.patients, s.clock)
	// Reminders queue through the outbox; appointments retime or stop their reminders in the same transaction.
	s.reminders = reminder.NewService(reminder.NewStore(s.db), s.outbox, s.clock, reminder.Options{Logger: log})
	s.appointments = appointment.NewService(appointment.NewStore(s.db), s.clock, s.reminders)
	s.reminderTicker = s.reminders
	return s, nil
}

// configuredChannels lists the channels with provider settings, and the log channel.
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

type redisPinger struct{ c *redis.Client }

func (r redisPinger) Ping(ctx context.Context) error { return r.c.Ping(ctx).Err() }

func serve(ctx context.Context, stdout io.Writer) error {
	start := time.Now()
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	log := logging.New(os.Stderr, cfg.LogLevel)
	slog.SetDefault(log)
	// RSA key generation takes a moment: do it while the database opens.
	type devKeys struct {
		keys *identity.DevIssuerKeys
		err  error
	}
	devc := make(chan devKeys, 1)
	if cfg.DevAuth {
		go func() {
			k, err := identity.NewDevIssuer(nil)
			devc <- devKeys{k, err}
		}()
	}
	s, err := build(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer s.close()
	if cfg.SeedDemo {
		if seeded, err := seedDemo(ctx, s); err != nil {
			return fmt.Errorf("demo data: %w", err)
		} else if seeded {
			log.Info("demo data loaded")
		}
	}

	verifier, err := identity.NewClerkVerifier(identity.ClerkOptions{JWTKey: cfg.Clerk.JWTKey, APIURL: cfg.Clerk.APIURL,
		SecretKey: cfg.Clerk.SecretKey, AuthorizedParties: cfg.Clerk.AuthorizedParties})
	if err != nil {
		return err
	}
	var dev *identity.DevIssuerKeys
	if cfg.DevAuth {
		r := <-devc
		if r.err != nil {
			return r.err
		}
		dev = r.keys
		dev.Register(verifier)
	}
	var limiter ratelimit.Limiter = ratelimit.NewMemory(nil)
	var redisP api.Pinger
	if s.redis != nil {
		limiter = ratelimit.NewRedis(s.redis, nil)
		redisP = redisPinger{s.redis}
	}
	registry := prometheus.NewRegistry()
	snd, err := newSending(s, sendTokens(s), registry)
	if err != nil {
		return err
	}
	e := api.New(api.Deps{
		Scheduler: snd.scheduler, Receipts: snd.receipts, Inbox: snd.inbox, Stats: stats.NewService(s.db, s.clock),
		Appointments: s.appointments, Reminders: s.reminders, Registry: registry,
		Config: cfg, Logger: log, Clock: s.clock, Database: s.db, Redis: redisP, Verifier: verifier, DevIssuer: dev,
		Users: s.users, Patients: s.patients, Messages: s.messages, Settings: s.settings, Templates: s.templates, Audit: s.audit, Limiter: limiter, Idempotency: idempotency.NewStore(s.db),
		OpenAPISpec: prima.OpenAPISpec, Frontend: frontend.Dist(), Version: version,
	})
	srv := &http.Server{Addr: cfg.Addr, Handler: e, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	// Every process sends continuously, whatever PRIMA_SCHEDULER says; the
	// setting decides only who runs the tick's time-based work.
	bg, stopBackground := context.WithCancel(context.Background())
	var background sync.WaitGroup
	background.Add(2)
	go func() { defer background.Done(); snd.dispatcher.Run(bg) }()
	go func() { defer background.Done(); s.db.Listen(bg, outbox.NotifyChannel, snd.dispatcher.Waker().Wake, log) }()
	if cfg.Scheduler == "internal" {
		background.Add(1)
		go func() { defer background.Done(); snd.scheduler.Run(bg, time.Minute) }()
	}
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		// Stop claiming; batches in flight finish their provider calls (bounded by
		// the provider timeout) and release what they had not sent yet.
		stopBackground()
		waitFor(&background, cfg.ProviderTimeout+10*time.Second, log)
	}
	defer stop()
	printSummary(stdout, cfg, time.Since(start))
	log.Info("prima started", slog.String("addr", cfg.Addr), slog.String("version", version),
		slog.Duration("startup", time.Since(start)))

	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("listen on %s (PRIMA_ADDR): %w", cfg.Addr, err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err = srv.Shutdown(sctx)
	stop()
	if err != nil {
		return fmt.Errorf("graceful shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}

// waitFor waits for wg, at most limit.
func waitFor(wg *sync.WaitGroup, limit time.Duration, log *slog.Logger) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(limit):
		log.Warn("background work did not stop in time; unsent claims are recovered when their lease ends")
	}
}

func printSummary(w io.Writer, cfg *config.Config, startup time.Duration) {
	var b strings.Builder
	b.WriteString("\n  PRIMA " + version + " is running (ready in " + startup.Round(time.Millisecond).String() + ")\n\n")
	for _, l := range cfg.Summary() {
		fmt.Fprintf(&b, "  %-22s %s\n", l.Key, l.Value)
	}
	if cfg.DevAuth {
		b.WriteString("\n  Open the dashboard and choose \"Continue as demo admin\".\n")
	}
	b.WriteString("\n")
	_, _ = io.WriteString(w, b.String())
}

func migrate(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) != 1 || (args[0] != "up" && args[0] != "status") {
		return errors.New("usage: prima migrate up|status")
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	d, err := db.Open(ctx, cfg.DatabaseURL, db.Options{})
	if err != nil {
		return err
	}
	defer d.Close()
	if args[0] == "up" {
		n, err := d.MigrateUp(ctx, migrations.FS)
		if err != nil {
			return err
		}
		_, _ = fmt.Fprintf(stdout, "applied %d migration(s); the schema is up to date\n", n)
		return nil
	}
	st, err := d.MigrationStatuses(ctx, migrations.FS)
	if err != nil {
		return err
	}
	for _, m := range st {
		state := "pending"
		if m.Applied {
			state = "applied"
		}
		_, _ = fmt.Fprintf(stdout, "%05d  %-8s %s\n", m.Version, state, m.Name)
	}
	return nil
}

func seedCmd(ctx context.Context, stdout io.Writer) error {
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	log := logging.New(os.Stderr, cfg.LogLevel)
	s, err := build(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer s.close()
	seeded, err := seedDemo(ctx, s)
	if err != nil {
		return err
	}
	if seeded {
		_, _ = fmt.Fprintln(stdout, "demo data loaded")
	} else {
		_, _ = fmt.Fprintln(stdout, "the database already has data; nothing loaded")
	}
	return nil
}
