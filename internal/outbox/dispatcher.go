package outbox

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ratelimit"
)

// Outcome classifies what a channel said about one send.
type Outcome int

// Outcomes of a send.
const (
	OutcomeSent             Outcome = iota
	OutcomeRetryable                // try the same channel again after a back-off
	OutcomePermanent                // this channel will never take it: fail over
	OutcomeInvalidRecipient         // this channel cannot reach the number: fail over
	OutcomeThrottled                // the provider asks us to slow down: requeue, no attempt counted
	OutcomeUnknown                  // it may have reached the provider: never send blindly again
	OutcomeAlreadyAccepted          // the provider had accepted an earlier identical request
)

// Outgoing is one message as a channel sends it.
type Outgoing struct {
	MessageID         string
	Attempt           int
	To                string
	Body              string
	KakaoTemplateCode string
	KakaoParameters   map[string]string
}

// SendError is a classified channel failure.
type SendError struct {
	Outcome    Outcome
	Code       string
	Message    string // never holds phone numbers or message text
	RetryAfter time.Duration
}

// Channels sends through a named channel and classifies failures.
type Channels interface {
	Send(ctx context.Context, channel string, m Outgoing) (providerID string, err *SendError)
	// ResendSafe reports whether the channel deduplicates a repeated attempt
	// (AlimTalk's idempotency key), so an unknown outcome may be retried.
	ResendSafe(channel string) bool
}

// Lookups loads recipients and tenant policies for a batch.
type Lookups interface {
	Recipients(ctx context.Context, patientIDs []string) (map[string]Recipient, error)
	Policy(ctx context.Context, tenantID string) (TenantPolicy, error)
}

// DispatchConfig tunes the dispatcher.
type DispatchConfig struct {
	Worker             string
	Batch              int
	Concurrency        int
	Lease              time.Duration
	MaxChannelAttempts int
	Backoff            []time.Duration
	ReceiptWait        time.Duration // 0: no receipt-based failover
	ChannelPerSecond   map[string]int
	TenantPerSecond    int
}

func (c *DispatchConfig) defaults() {
	if c.Batch <= 0 {
		c.Batch = 500
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 16
	}
	if c.Lease <= 0 {
		c.Lease = 2 * time.Minute
	}
	if c.MaxChannelAttempts <= 0 {
		c.MaxChannelAttempts = 3
	}
	if len(c.Backoff) == 0 {
		c.Backoff = []time.Duration{time.Minute, 5 * time.Minute, 25 * time.Minute}
	}
	if c.Worker == "" {
		c.Worker = "prima"
	}
}

// Dispatcher claims due messages and sends them.
type Dispatcher struct {
	db       *db.DB
	channels Channels
	lookups  Lookups
	limiter  ratelimit.Limiter
	clock    clock.Clock
	cfg      DispatchConfig
	log      *slog.Logger

	// paused holds channels a provider asked to slow down (HTTP 429): nothing
	// goes to them from this dispatcher until the time given.
	pauseMu sync.Mutex
	paused  map[string]time.Time
}

// NewDispatcher builds a dispatcher.
func NewDispatcher(d *db.DB, ch Channels, lk Lookups, lim ratelimit.Limiter, c clock.Clock, cfg DispatchConfig, log *slog.Logger) *Dispatcher {
	cfg.defaults()
	if log == nil {
		log = slog.Default()
	}
	return &Dispatcher{db: d, channels: ch, lookups: lk, limiter: lim, clock: c, cfg: cfg, log: log, paused: map[string]time.Time{}}
}

// DispatchStats counts what one pass did.
type DispatchStats struct {
	Claimed, Sent, Failed, Skipped, Retries, Failovers, Held, Recovered int
}

func (s *DispatchStats) add(o DispatchStats) {
	s.Claimed += o.Claimed
	s.Sent += o.Sent
	s.Failed += o.Failed
	s.Skipped += o.Skipped
	s.Retries += o.Retries
	s.Failovers += o.Failovers
	s.Held += o.Held
	s.Recovered += o.Recovered
}

// Drain runs passes until nothing due is left (or ctx ends) and sums them.
func (d *Dispatcher) Drain(ctx context.Context) (DispatchStats, error) {
	var total DispatchStats
	for ctx.Err() == nil {
		st, err := d.RunOnce(ctx)
		total.add(st)
		if err != nil || st.Claimed == 0 {
			return total, err
		}
	}
	return total, ctx.Err()
}

// RunOnce recovers expired leases, claims one batch and sends it.
func (d *Dispatcher) RunOnce(ctx context.Context) (DispatchStats, error) {
	var st DispatchStats
	now := d.clock.Now().UTC()
	rec, err := d.recover(ctx, now)
	if err != nil {
		return st, err
	}
	st.Recovered = rec
	batch, err := claimDue(ctx, d.db, d.cfg.Worker, now, now.Add(d.cfg.Lease), d.cfg.Batch)
	if err != nil || len(batch) == 0 {
		return st, err
	}
	st.Claimed = len(batch)
	recips, err := d.lookups.Recipients(ctx, patientIDs(batch))
	if err != nil {
		return st, err
	}
	policies := map[string]TenantPolicy{}
	for _, m := range batch {
		if _, ok := policies[m.TenantID]; !ok {
			if policies[m.TenantID], err = d.lookups.Policy(ctx, m.TenantID); err != nil {
				return st, err
			}
		}
	}
	var mu sync.Mutex
	sem := make(chan struct{}, d.cfg.Concurrency)
	var wg sync.WaitGroup
	for _, m := range batch {
		var r *Recipient
		if m.PatientID != nil {
			if x, ok := recips[*m.PatientID]; ok {
				r = &x
			}
		}
		wg.Add(1)
		sem <- struct{}{}
		go func(m Message, r *Recipient, p TenantPolicy) {
			defer func() { <-sem; wg.Done() }()
			one, err := d.process(ctx, m, r, p)
			if err != nil {
				d.log.Error("dispatch failed; the lease will expire and the message is recovered", slog.String("message_id", m.ID),
					slog.String("error", err.Error()))
			}
			mu.Lock()
			st.add(one)
			mu.Unlock()
		}(m, r, policies[m.TenantID])
	}
	wg.Wait()
	return st, nil
}

func patientIDs(ms []Message) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		if m.PatientID != nil && !seen[*m.PatientID] {
			seen[*m.PatientID] = true
			out = append(out, *m.PatientID)
		}
	}
	return out
}

// backoff is the delay before retry n (1-based) with ±20 % jitter.
func (d *Dispatcher) backoff(n int) time.Duration {
	b := d.cfg.Backoff
	base := b[len(b)-1]
	if n-1 < len(b) {
		base = b[n-1]
	}
	jitter := 0.8 + rand.Float64()*0.4
	return time.Duration(float64(base) * jitter)
}

var errLeaseLost = errors.New("messaging: the message's lease was lost")

// pause stops sends on a channel until the given time.
func (d *Dispatcher) pause(channel string, until time.Time) {
	d.pauseMu.Lock()
	if until.After(d.paused[channel]) {
		d.paused[channel] = until
	}
	d.pauseMu.Unlock()
}

// pausedUntil reports whether a channel is paused at now, and until when.
func (d *Dispatcher) pausedUntil(channel string, now time.Time) (time.Time, bool) {
	d.pauseMu.Lock()
	defer d.pauseMu.Unlock()
	until, ok := d.paused[channel]
	return until, ok && now.Before(until)
}
