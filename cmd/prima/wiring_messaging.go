package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/channel/providers"
	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/messaging"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/logging"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/scheduler"
	"github.com/prometheus/client_golang/prometheus"
)

// sending is the sending side: the dispatcher and the scheduler that drives it.
type sending struct {
	dispatcher *outbox.Dispatcher
	receipts   *outbox.Receipts
	scheduler  *scheduler.Service
	inbox      *messaging.Inbox
}

// sendTokens is the send-rate limiter: shared through Redis when configured.
func sendTokens(s *services) ratelimit.Tokens {
	if s.redis != nil {
		return ratelimit.NewRedisTokens(s.redis)
	}
	return ratelimit.NewMemoryTokens(s.clock.Now)
}

// dispatchConfig is the dispatcher's configuration (SPEC §1.1).
func dispatchConfig(cfg *config.Config, worker string) outbox.DispatchConfig {
	return outbox.DispatchConfig{Worker: worker, Batch: cfg.DispatchBatch, Concurrency: cfg.DispatchConcurrency,
		Lease: cfg.DispatchLease, ReceiptWait: cfg.ReceiptWait, Backoff: cfg.RetryBackoff, MaxChannelAttempts: cfg.RetryMaxAttempts,
		ProviderTimeout: cfg.ProviderTimeout, Channels: configuredChannels(cfg), ChannelPerSecond: cfg.ChannelRates,
		TenantPerSecond: cfg.TenantRatePerSec}
}

// newSending builds the channel clients, the dispatcher and the scheduler.
// reg may be nil (no metrics).
func newSending(s *services, tokens ratelimit.Tokens, reg prometheus.Registerer) (*sending, error) {
	hc := channel.NewHTTPClient()
	hc.Timeout = s.cfg.ProviderTimeout
	chans, err := providers.New(providers.Config{GOWA: s.cfg.GOWA, SMS: s.cfg.NHNSMS, Kakao: s.cfg.Kakao, HTTPClient: hc})
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	disp := outbox.NewDispatcher(s.db, outbox.NewRegistryChannels(chans, s.log), outbox.NewDBLookups(s.db), tokens, s.clock,
		dispatchConfig(s.cfg, host+"-"+ids.New()[:8]), s.log)
	s.outbox.OnQueued(disp.Waker().Wake)
	rec := outbox.NewReceipts(s.db, s.clock)
	sched := scheduler.New(s.reminderTicker, rec, disp, s.clock, s.log)
	if reg != nil {
		disp.SetMetrics(outbox.NewMetrics(reg, s.db))
		h := prometheus.NewHistogram(prometheus.HistogramOpts{Name: "prima_tick_duration_seconds", Help: "Duration of scheduler ticks.",
			Buckets: []float64{.005, .01, .05, .1, .5, 1, 5, 10, 30, 60}})
		reg.MustRegister(h)
		sched.SetTickMetrics(h)
	}
	return &sending{dispatcher: disp, receipts: rec, inbox: messaging.NewInbox(s.db, s.clock), scheduler: sched}, nil
}

// tick runs one scheduler tick and prints its summary (`prima tick`), on the
// same send-rate limiter as the servers.
func tick(ctx context.Context, stdout io.Writer) error {
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
	snd, err := newSending(s, sendTokens(s), nil)
	if err != nil {
		return err
	}
	sum, err := snd.scheduler.Tick(ctx, 0)
	if err != nil {
		return fmt.Errorf("tick: %w", err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(sum)
}
