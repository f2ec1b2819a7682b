// Package scheduler runs PRIMA's tick: the one job that `prima tick`, the
// built-in ticker and the cron trigger URL all run. A tick makes due work into
// rows (reminder occurrences and their messages), marks missed confirmations,
// fails over messages whose delivery receipt never came, and drains the
// outbox. Every step rests on database constraints and row claims, so ticks are
// idempotent and safe to run concurrently on every replica.
package scheduler

import (
	"context"
	"log/slog"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
)

// Summary is what one tick did.
type Summary struct {
	StartedAt          time.Time `json:"started_at"`
	DurationMS         int64     `json:"duration_ms"`
	OccurrencesCreated int       `json:"occurrences_created"`
	MessagesQueued     int       `json:"messages_queued"`
	MessagesSent       int       `json:"messages_sent"`
	MessagesSkipped    int       `json:"messages_skipped"`
	MessagesFailed     int       `json:"messages_failed"`
	WorkflowSteps      int       `json:"workflow_steps"`
	CampaignsStarted   int       `json:"campaigns_started"`
	Retries            int       `json:"retries"`
	Failovers          int       `json:"failovers"`
	Missed             int       `json:"missed"`
	Complete           bool      `json:"complete"` // false when the time budget ended before the outbox was empty
}

// Reminders makes due reminder occurrences and marks unconfirmed ones missed.
type Reminders interface {
	Materialize(ctx context.Context, now time.Time) (occurrences, messages int, err error)
	MarkMissed(ctx context.Context, now time.Time) (int, error)
}

// Receipts fails over messages whose delivery receipt did not come in time.
type Receipts interface {
	ExpireReceiptWaits(ctx context.Context, now time.Time) (int, error)
}

// Dispatcher drains the outbox.
type Dispatcher interface {
	RunOnce(ctx context.Context) (outbox.DispatchStats, error)
}

// Service runs ticks.
type Service struct {
	reminders  Reminders // nil until reminders exist
	receipts   Receipts
	dispatcher Dispatcher
	clock      clock.Clock
	log        *slog.Logger
}

// New builds the scheduler; reminders and receipts may be nil.
func New(rem Reminders, rec Receipts, disp Dispatcher, c clock.Clock, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{reminders: rem, receipts: rec, dispatcher: disp, clock: c, log: log}
}

// Tick runs one tick. budget bounds the time spent draining the outbox (0: until empty).
func (s *Service) Tick(ctx context.Context, budget time.Duration) (Summary, error) {
	start := time.Now()
	now := s.clock.Now().UTC()
	sum := Summary{StartedAt: now}
	var err error
	if s.reminders != nil {
		if sum.OccurrencesCreated, sum.MessagesQueued, err = s.reminders.Materialize(ctx, now); err != nil {
			return sum, err
		}
		if sum.Missed, err = s.reminders.MarkMissed(ctx, now); err != nil {
			return sum, err
		}
	}
	if s.receipts != nil {
		n, err := s.receipts.ExpireReceiptWaits(ctx, now)
		if err != nil {
			return sum, err
		}
		sum.Failovers += n
	}
	sum.Complete, err = s.drain(ctx, start, budget, &sum)
	sum.DurationMS = time.Since(start).Milliseconds()
	return sum, err
}

func (s *Service) drain(ctx context.Context, start time.Time, budget time.Duration, sum *Summary) (bool, error) {
	if s.dispatcher == nil {
		return true, nil
	}
	for ctx.Err() == nil {
		st, err := s.dispatcher.RunOnce(ctx)
		sum.MessagesSent += st.Sent
		sum.MessagesSkipped += st.Skipped
		sum.MessagesFailed += st.Failed
		sum.Retries += st.Retries
		sum.Failovers += st.Failovers
		if err != nil {
			return false, err
		}
		if st.Claimed == 0 {
			return true, nil
		}
		if budget > 0 && time.Since(start) > budget {
			return false, nil
		}
	}
	return false, ctx.Err()
}

// Run ticks every interval and drains the outbox every poll until ctx ends;
// the built-in scheduler (PRIMA_SCHEDULER=internal). A tick in progress when
// ctx ends finishes its current batch (bounded by the dispatcher's lease).
func (s *Service) Run(ctx context.Context, interval, poll time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	drain := time.NewTicker(poll)
	defer drain.Stop()
	s.runTick(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			s.runTick(ctx)
		case <-drain.C:
			var sum Summary
			if _, err := s.drain(context.WithoutCancel(ctx), time.Now(), poll*10, &sum); err != nil {
				s.log.Error("outbox drain failed", slog.String("error", err.Error()))
			}
		}
	}
}

func (s *Service) runTick(ctx context.Context) {
	sum, err := s.Tick(context.WithoutCancel(ctx), time.Minute)
	if err != nil {
		s.log.Error("tick failed", slog.String("error", err.Error()))
		return
	}
	if sum.OccurrencesCreated+sum.MessagesSent+sum.Missed+sum.Failovers > 0 {
		s.log.Info("tick", slog.Int("occurrences_created", sum.OccurrencesCreated), slog.Int("messages_sent", sum.MessagesSent),
			slog.Int("missed", sum.Missed), slog.Int("failovers", sum.Failovers), slog.Int64("duration_ms", sum.DurationMS))
	}
}
