package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/joho/godotenv"
	"github.com/prima-health/prima"
	"github.com/prima-health/prima/api"
	"github.com/prima-health/prima/frontend"
	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/logging"
	"github.com/prima-health/prima/internal/wiring"
	"github.com/prima-health/prima/migrations"
	"github.com/prometheus/client_golang/prometheus"
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

func serve(ctx context.Context, stdout io.Writer) error {
	start := time.Now()
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	log := logging.New(os.Stderr, cfg.LogLevel)
	slog.SetDefault(log)
	auth := wiring.StartAuth(cfg) // its RSA key is made while the database opens
	s, err := wiring.Build(ctx, cfg, log, wiring.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	if cfg.SeedDemo {
		if seeded, err := s.SeedDemo(ctx); err != nil {
			return fmt.Errorf("demo data: %w", err)
		} else if seeded {
			log.Info("demo data loaded")
		}
	}
	a, err := auth()
	if err != nil {
		return err
	}
	registry := prometheus.NewRegistry()
	snd, err := wiring.NewSending(s, registry)
	if err != nil {
		return err
	}
	e := api.New(api.Deps{
		Scheduler: snd.Scheduler, Receipts: snd.Receipts, Conversations: s.Conversations, AI: s.AI, Stats: s.Stats,
		Appointments: s.Appointments, Reminders: s.Reminders, Timeline: s.Timeline, Registry: registry,
		Content: s.Content, Uploads: s.Uploads, Files: s.Files, Workflows: s.Workflows, Webhooks: s.Webhooks, Events: s.Events, Campaigns: s.Campaigns, Keys: s.Keys,
		Config: cfg, Logger: log, Clock: s.Clock, Database: s.DB, Redis: s.RedisPinger(), Verifier: a.Verifier, DevIssuer: a.DevIssuer,
		Users: s.Users, Patients: s.Patients, Messages: s.Messages, Settings: s.Settings, Templates: s.Templates, Audit: s.Audit,
		ReadLog: s.ReadLog, Limiter: s.RequestLimiter(), Idempotency: s.Idempotency, Deliveries: s.Deliveries,
		OpenAPISpec: prima.OpenAPISpec, Frontend: frontend.Dist(), Version: version,
	})
	srv := &http.Server{Addr: cfg.Addr, Handler: e, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	// Every process sends continuously; PRIMA_SCHEDULER decides only who ticks.
	stopSending := snd.Start()
	defer stopSending()
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
	stopSending()
	if err != nil {
		return fmt.Errorf("graceful shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
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

// buildServices loads the configuration and builds the services, for the
// one-shot commands (seed, tick, adherence rebuild). Close them when done.
func buildServices(ctx context.Context) (*wiring.Services, error) {
	cfg, err := loadConfig()
	if err != nil {
		return nil, err
	}
	return wiring.Build(ctx, cfg, logging.New(os.Stderr, cfg.LogLevel), wiring.Options{})
}

func seedCmd(ctx context.Context, stdout io.Writer) error {
	s, err := buildServices(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	seeded, err := s.SeedDemo(ctx)
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

// tick runs one scheduler tick and prints its summary (`prima tick`), on the
// same send-rate limiter as the servers.
func tick(ctx context.Context, stdout io.Writer) error {
	s, err := buildServices(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	snd, err := wiring.NewSending(s, nil)
	if err != nil {
		return err
	}
	sum, err := snd.Scheduler.Tick(ctx, 0)
	if err != nil {
		return fmt.Errorf("tick: %w", err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(sum)
}
