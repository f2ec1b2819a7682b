package wiring

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/channel/providers"
	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/scheduler"
	"github.com/prometheus/client_golang/prometheus"
)

// Sending is the sending side: the dispatcher, the receipts that fail over
// unconfirmed sends and the scheduler that drives ticks.
type Sending struct {
	Dispatcher *outbox.Dispatcher
	Receipts   *outbox.Receipts
	Scheduler  *scheduler.Service
	// Events delivers outbound events to the subscribed endpoints.
	Events *events.Dispatcher
	// Dispatch is the dispatcher's configuration as given (zero fields take
	// the outbox's defaults).
	Dispatch outbox.DispatchConfig

	s *Services
}

// DispatchConfig is the dispatcher's configuration (SPEC §1.1).
func DispatchConfig(cfg *config.Config, worker string) outbox.DispatchConfig {
	return outbox.DispatchConfig{Worker: worker, Batch: cfg.DispatchBatch, Concurrency: cfg.DispatchConcurrency,
		Lease: cfg.DispatchLease, ReceiptWait: cfg.ReceiptWait, Backoff: cfg.RetryBackoff, MaxChannelAttempts: cfg.RetryMaxAttempts,
		ProviderTimeout: cfg.ProviderTimeout, Channels: ConfiguredChannels(cfg), ChannelPerSecond: cfg.ChannelRates,
		TenantPerSecond: cfg.TenantRatePerSec}
}

// NewChannels builds the configured providers' clients, on one HTTP client
// whose requests the provider timeout bounds, as the dispatcher sends through
// them.
func NewChannels(cfg *config.Config, log *slog.Logger) (*outbox.RegistryChannels, error) {
	hc := channel.NewHTTPClient()
	hc.Timeout = cfg.ProviderTimeout
	reg, err := providers.New(providers.Config{GOWA: cfg.GOWA, SMS: cfg.NHNSMS, Kakao: cfg.Kakao, HTTPClient: hc})
	if err != nil {
		return nil, err
	}
	return outbox.NewRegistryChannels(reg, log), nil
}

// NewSending builds the channel clients, the dispatcher on the shared
// send-rate limiter, the receipts and the scheduler, and makes the outbox wake
// the dispatcher when a message is queued. reg may be nil (no metrics).
func NewSending(s *Services, reg prometheus.Registerer) (*Sending, error) {
	chans, err := NewChannels(s.Config, s.Log)
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	dc := DispatchConfig(s.Config, host+"-"+ids.New()[:8])
	dc.Keyring = s.Keyring
	disp := outbox.NewDispatcher(s.DB, chans, outbox.NewDBLookups(s.DB), s.SendTokens(), s.Clock, dc, s.Log)
	s.Outbox.OnQueued(disp.Waker().Wake)
	s.Conversations.OnQueued(disp.Waker().Wake)
	rec := outbox.NewReceipts(s.DB, s.Clock)
	rec.SetEvents(s.EventRecorder) // message.delivered and message.failed from receipts
	sched := scheduler.New(s.ReminderTicker, rec, disp, s.Clock, s.Log)
	sched.SetConversations(s.Conversations)
	sched.SetWorkflows(s.Workflows)
	sched.SetCampaigns(s.Campaigns)
	disp.SetCampaignHolds(s.Campaigns)
	disp.SetEvents(s.EventRecorder) // message.sent and message.failed
	s.Campaigns.HoldWait = s.Config.ProviderTimeout + 5*time.Second
	sched.AddChore(scheduler.Chore{Name: "idempotency_keys", Run: s.Idempotency.Purge})
	sched.AddChore(scheduler.Chore{Name: "webhook_receipts", Run: s.Deliveries.Purge})
	sched.AddChore(scheduler.Chore{Name: "events", Run: s.Events.Purge})
	if reg != nil {
		disp.SetMetrics(outbox.NewMetrics(reg, s.DB))
		h := prometheus.NewHistogram(prometheus.HistogramOpts{Name: "prima_tick_duration_seconds", Help: "Duration of scheduler ticks.",
			Buckets: []float64{.005, .01, .05, .1, .5, 1, 5, 10, 30, 60}})
		reg.MustRegister(h)
		sched.SetTickMetrics(h)
	}
	return &Sending{Dispatcher: disp, Receipts: rec, Scheduler: sched, Dispatch: dc, Events: s.newEventDispatcher(reg), s: s}, nil
}

// Start runs what every server process runs in the background: the
// dispatcher, continuously (whatever PRIMA_SCHEDULER says), woken by this
// process's queueing and by other processes' notifications; and, with
// PRIMA_SCHEDULER=internal, a tick every minute. stop ends them: claiming
// stops, batches in flight finish their provider calls (bounded by the
// provider timeout) and release what they had not sent. stop may be called
// more than once.
func (snd *Sending) Start() (stop func()) {
	s := snd.s
	bg, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(7)
	go func() { defer wg.Done(); snd.Dispatcher.Run(bg) }()
	go func() { defer wg.Done(); s.Campaigns.Run(bg) }()
	go func() { defer wg.Done(); s.Conversations.Run(bg) }()
	go func() { defer wg.Done(); s.Workflows.Run(bg) }()
	go func() { defer wg.Done(); s.ReadLog.Run(bg) }()
	go func() { defer wg.Done(); s.sealLegacy(bg) }()
	go func() { defer wg.Done(); s.DB.Listen(bg, outbox.NotifyChannel, snd.Dispatcher.Waker().Wake, s.Log) }()
	snd.startEvents(bg, &wg)
	if s.Config.Scheduler == "internal" {
		wg.Add(1)
		go func() { defer wg.Done(); snd.Scheduler.Run(bg, time.Minute) }()
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			cancel()
			waitFor(&wg, s.Config.ProviderTimeout+10*time.Second, s.Log)
		})
	}
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

// sealLegacy encrypts, in the background, message bodies and appointment
// notes stored before they were encrypted at rest.
func (s *Services) sealLegacy(ctx context.Context) {
	n, err := s.Outbox.Bodies().SealLegacy(ctx, s.DB, 500)
	if err != nil && ctx.Err() == nil {
		s.Log.Error("encrypting stored message bodies", "error", err)
	}
	if n > 0 {
		s.Log.Info("encrypted stored message bodies", "messages", n)
	}
	notes, err := s.Appointments.SealLegacyNotes(ctx)
	if err != nil && ctx.Err() == nil {
		s.Log.Error("encrypting stored appointment notes", "error", err)
	}
	if notes > 0 {
		s.Log.Info("encrypted stored appointment notes", "appointments", notes)
	}
}
