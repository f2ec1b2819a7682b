// Package scheduler runs PRIMA's tick: the one job that `prima tick`, the
// built-in ticker and the cron trigger URL all run. A tick makes due work into
// rows (reminder occurrences and their messages), marks missed confirmations,
// fails over messages whose delivery receipt never came, and helps drain the
// outbox. Every step rests on database constraints and row claims, so ticks are
// idempotent and safe to run concurrently on every replica. Sending does not
// wait for ticks: every server process also runs the outbox dispatcher
// continuously.
package scheduler

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prometheus/client_golang/prometheus"
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
	ConsentRequests    int       `json:"consent_requests"`
	InboundProcessed   int       `json:"inbound_processed"`
	// Complete is false while due messages are still queued when the tick ends
	// (its time budget ran out, or a channel's rate limit or pause holds them).
	Complete bool `json:"complete"`
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
	// Drain sends what is due until nothing due is sendable or ctx ends.
	Drain(ctx context.Context) (outbox.DispatchStats, error)
	// DueRemaining reports whether queued messages are due at now.
	DueRemaining(ctx context.Context, now time.Time) (bool, error)
}

// Conversations asks new patients for consent and does the work inbound
// messages queued (every server process does that too, continuously; the
// tick catches up whatever is due).
type Conversations interface {
	RequestConsents(ctx context.Context) (int, error)
	ProcessDue(ctx context.Context) (int, error)
}

// Workflows starts the executions tick-driven triggers call for and
// advances those whose timer is due.
type Workflows interface {
	StartDue(ctx context.Context) (int, error)
	ProcessAll(ctx context.Context) (int, error)
}

// Campaigns starts scheduled campaigns whose time came (every server process
// feeds running campaigns continuously).
type Campaigns interface {
	StartDue(ctx context.Context) (int, error)
}

// Service runs ticks.
type Service struct {
	reminders  Reminders // nil until reminders exist
	receipts   Receipts
	convs      Conversations // nil until set
	workflows  Workflows     // nil until set
	campaigns  Campaigns     // nil until set
	dispatcher Dispatcher
	clock      clock.Clock
	log        *slog.Logger
	metrics    prometheus.Observer
	busy       sync.Mutex // one tick at a time in this process

	chores    []Chore
	choresRan time.Time // when this process last ran the chores
}

// Chore is housekeeping a tick runs at most every ChoreInterval in a process:
// purging what is kept only for a while (idempotency replays, webhook ids).
type Chore struct {
	Name string
	Run  func(ctx context.Context, now time.Time) (int64, error)
}

// ChoreInterval is how often a process runs the chores from its ticks.
const ChoreInterval = 10 * time.Minute

// SetConversations makes ticks request consents and process inbound work
// (call before the first tick).
func (s *Service) SetConversations(c Conversations) { s.convs = c }

// SetWorkflows makes ticks start and advance workflow executions (call before the first tick).
func (s *Service) SetWorkflows(w Workflows) { s.workflows = w }

// SetCampaigns makes ticks start scheduled campaigns (call before the first tick).
func (s *Service) SetCampaigns(c Campaigns) { s.campaigns = c }

// AddChore makes ticks run c (call before the first tick).
func (s *Service) AddChore(c Chore) { s.chores = append(s.chores, c) }

// New builds the scheduler; reminders and receipts may be nil.
func New(rem Reminders, rec Receipts, disp Dispatcher, c clock.Clock, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{reminders: rem, receipts: rec, dispatcher: disp, clock: c, log: log}
}

// Tick runs one tick. budget bounds the time spent draining the outbox (0:
// until nothing due is sendable). A tick already running in this process makes
// this one return at once with nothing done (another process's ticks run
// alongside safely).
func (s *Service) Tick(ctx context.Context, budget time.Duration) (Summary, error) {
	start := time.Now()
	now := s.clock.Now().UTC()
	sum := Summary{StartedAt: now}
	if !s.busy.TryLock() {
		return s.finish(ctx, start, sum, nil)
	}
	defer s.busy.Unlock()
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
	if s.convs != nil {
		if sum.InboundProcessed, err = s.convs.ProcessDue(ctx); err != nil {
			return sum, err
		}
		if sum.ConsentRequests, err = s.convs.RequestConsents(ctx); err != nil {
			return sum, err
		}
	}
	if s.workflows != nil {
		started, err := s.workflows.StartDue(ctx)
		if err != nil {
			return sum, err
		}
		advanced, err := s.workflows.ProcessAll(ctx)
		if err != nil {
			return sum, err
		}
		sum.WorkflowSteps = started + advanced
	}
	if s.campaigns != nil {
		if sum.CampaignsStarted, err = s.campaigns.StartDue(ctx); err != nil {
			return sum, err
		}
	}
	s.runChores(ctx, now)
	if s.dispatcher != nil {
		dctx, cancel := ctx, context.CancelFunc(func() {})
		if budget > 0 {
			dctx, cancel = context.WithDeadline(ctx, start.Add(budget))
		}
		st, err := s.dispatcher.Drain(dctx)
		cancel()
		sum.MessagesSent += st.Sent
		sum.MessagesSkipped += st.Skipped
		sum.MessagesFailed += st.Failed
		sum.Retries += st.Retries
		sum.Failovers += st.Failovers
		if err != nil {
			return sum, err
		}
	}
	return s.finish(ctx, start, sum, nil)
}

// runChores runs the housekeeping chores when they are due; a failing chore
// is logged and does not fail the tick.
func (s *Service) runChores(ctx context.Context, now time.Time) {
	if len(s.chores) == 0 || (!s.choresRan.IsZero() && now.Sub(s.choresRan) < ChoreInterval) {
		return
	}
	s.choresRan = now
	for _, c := range s.chores {
		n, err := c.Run(ctx, now)
		if err != nil {
			s.log.Error("housekeeping failed", "chore", c.Name, "error", err)
			continue
		}
		if n > 0 {
			s.log.Info("housekeeping", "chore", c.Name, "removed", n)
		}
	}
}

// finish says whether due messages remain and how long the tick took.
func (s *Service) finish(ctx context.Context, start time.Time, sum Summary, err error) (Summary, error) {
	sum.Complete = true
	if s.dispatcher != nil {
		due, derr := s.dispatcher.DueRemaining(context.WithoutCancel(ctx), s.clock.Now().UTC())
		if derr != nil && err == nil {
			err = derr
		}
		sum.Complete = derr == nil && !due
	}
	sum.DurationMS = time.Since(start).Milliseconds()
	if s.metrics != nil {
		s.metrics.Observe(time.Since(start).Seconds())
	}
	return sum, err
}

// Trigger runs a tick for a caller that may hang up (the cron URL): the tick
// runs detached from ctx, so a caller going away cancels nothing; the caller
// gets the summary if it is still there when the tick ends.
func (s *Service) Trigger(ctx context.Context, budget time.Duration) (Summary, error) {
	type outcome struct {
		sum Summary
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		sum, err := s.Tick(context.WithoutCancel(ctx), budget)
		if err != nil {
			s.log.Error("triggered tick failed", slog.String("error", err.Error()))
		}
		done <- outcome{sum, err}
	}()
	select {
	case o := <-done:
		return o.sum, o.err
	case <-ctx.Done():
		return Summary{}, ctx.Err()
	}
}

// SetTickMetrics makes ticks report their duration to h.
func (s *Service) SetTickMetrics(h prometheus.Observer) { s.metrics = h }

// Run ticks every interval until ctx ends (PRIMA_SCHEDULER=internal). Sending
// itself does not wait for ticks: the outbox dispatcher runs on its own.
func (s *Service) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	s.runTick(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.runTick(ctx)
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
