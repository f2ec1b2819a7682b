package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/prima-health/prima/internal/channel/providers"
	"github.com/prima-health/prima/internal/messaging"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/logging"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/scheduler"
)

// sending is the sending side: the dispatcher and the scheduler that drives it.
type sending struct {
	dispatcher *outbox.Dispatcher
	receipts   *outbox.Receipts
	scheduler  *scheduler.Service
	inbox      *messaging.Inbox
}

// newSending builds the channel clients, the dispatcher and the scheduler.
func newSending(s *services, limiter ratelimit.Limiter) (*sending, error) {
	reg, err := providers.New(providers.Config{GOWA: s.cfg.GOWA, SMS: s.cfg.NHNSMS, Kakao: s.cfg.Kakao})
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	disp := outbox.NewDispatcher(s.db, outbox.NewRegistryChannels(reg, s.log), outbox.NewDBLookups(s.db), limiter, s.clock,
		outbox.DispatchConfig{Worker: host + "-" + ids.New()[:8], ReceiptWait: 30 * time.Minute,
			ChannelPerSecond: s.cfg.ChannelRates, TenantPerSecond: s.cfg.TenantRatePerSec}, s.log)
	rec := outbox.NewReceipts(s.db, s.clock)
	return &sending{dispatcher: disp, receipts: rec, inbox: messaging.NewInbox(s.db, s.clock),
		scheduler: scheduler.New(s.reminderTicker, rec, disp, s.clock, s.log)}, nil
}

// tick runs one scheduler tick and prints its summary (`prima tick`).
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
	snd, err := newSending(s, ratelimit.NewMemory(nil))
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
