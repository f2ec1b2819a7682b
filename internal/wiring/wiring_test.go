package wiring

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"

	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prometheus/client_golang/prometheus"
)

func testConfig(t *testing.T, extra map[string]string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{"PRIMA_ENV": config.EnvDevelopment, "DATABASE_URL": "sqlite:" + filepath.Join(dir, "prima.db"),
		"PRIMA_DATA_DIR": dir, "PRIMA_SEED_DEMO": "false", "PRIMA_SCHEDULER": "external"}
	for k, v := range extra {
		env[k] = v
	}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok }, func() string { return "secret" })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestBuildSendStartAndStop(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t, map[string]string{"GOWA_API_URL": "http://127.0.0.1:9", "PRIMA_DISPATCH_BATCH": "77"})
	opened := false
	s, err := Build(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{OnOpen: func(*db.DB) { opened = true }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !opened || s.ReminderTicker == nil || s.RedisPinger() != nil {
		t.Fatalf("opened %v, reminder ticker %v, Redis pinger without Redis %v", opened, s.ReminderTicker, s.RedisPinger())
	}
	if got := ConfiguredChannels(cfg); !slices.Equal(got, []string{"whatsapp", "log"}) {
		t.Fatalf("channels %v", got)
	}
	snd, err := NewSending(s, prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	if snd.Dispatch.Batch != 77 || snd.Dispatch.ProviderTimeout != cfg.ProviderTimeout || snd.Dispatch.ChannelPerSecond["whatsapp"] != 20 {
		t.Fatalf("dispatch config %+v", snd.Dispatch)
	}
	stop := snd.Start()
	sum, err := snd.Scheduler.Tick(ctx, 0)
	if err != nil || !sum.Complete || sum.MessagesSent != 0 {
		t.Fatalf("tick on an empty database: %+v, %v", sum, err)
	}
	stop()
	stop() // a second stop does nothing
}

func TestBuildRefusesAnOutdatedSchemaWithoutAutoMigrate(t *testing.T) {
	cfg := testConfig(t, map[string]string{"PRIMA_AUTO_MIGRATE": "false"})
	if _, err := Build(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{}); err == nil {
		t.Fatal("built on an empty database with auto-migration off")
	}
}
