package outbox

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
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
	OutcomeThrottled                // the provider asks us to slow down: pause the channel, no attempt counted
	OutcomeUnknown                  // it may have reached the provider: never send blindly again
	OutcomeAlreadyAccepted          // the provider had accepted an earlier identical request
)

// Outgoing is one message as a channel sends it.
type Outgoing struct {
	MessageID         string
	Attempt           int // the attempt number: with MessageID, the provider's idempotency key
	To                string
	Body              string
	KakaoTemplateCode string
	KakaoParameters   map[string]string
	// Account is the tenant's own sending account; empty fields mean the
	// channel's configured default.
	Account channel.Account
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
	// ResendWindow is how long the channel's provider remembers an idempotency
	// key, within which an attempt whose outcome is unknown may be sent again
	// with the same key (AlimTalk); 0 for channels without keys, which are
	// never sent again after an unknown outcome.
	ResendWindow(channel string) time.Duration
}

// Lookups loads recipients and tenant policies for a batch.
type Lookups interface {
	Recipients(ctx context.Context, patientIDs []string) (map[string]Recipient, error)
	Policy(ctx context.Context, tenantID string) (TenantPolicy, error)
}

// DispatchConfig tunes the dispatcher.
type DispatchConfig struct {
	Worker             string        // this process's name, kept on claims for operators
	Workers            int           // claim loops per process; default 2
	Batch              int           // messages claimed at once per channel; default 500
	Concurrency        int           // provider calls in flight per process; default 32
	Lease              time.Duration // claim lease, kept alive while a batch is in flight; default 2m
	MaxChannelAttempts int           // attempts on one channel before failing over; default 3
	Backoff            []time.Duration
	ReceiptWait        time.Duration // 0: no receipt-based failover
	ProviderTimeout    time.Duration // bounds one provider call; default 15s
	ResendDelay        time.Duration // before re-sending an unknown outcome with the same key; default 30s
	Poll               time.Duration // how often an idle dispatcher looks for work without a wake-up; default 1s
	// Channels are the configured channels, claimed one lane each under their
	// rate; messages on any other channel are claimed together and fail over.
	Channels         []string
	ChannelPerSecond map[string]int
	TenantPerSecond  int
	// Keyring opens message bodies (nil: the development key).
	Keyring *crypto.Keyring
}

func (c *DispatchConfig) defaults() {
	if c.Workers <= 0 {
		c.Workers = 2
	}
	if c.Batch <= 0 {
		c.Batch = 500
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 32
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
	if c.ProviderTimeout <= 0 {
		c.ProviderTimeout = 15 * time.Second
	}
	if c.ResendDelay <= 0 {
		c.ResendDelay = 30 * time.Second
	}
	if c.Poll <= 0 {
		c.Poll = time.Second
	}
	if c.Worker == "" {
		c.Worker = "prima"
	}
	if !slices.Contains(c.Channels, "log") {
		c.Channels = append(slices.Clone(c.Channels), "log")
	}
}

// Dispatcher claims due messages and sends them. Every process runs one; any
// number of them may work on one database at once.
type Dispatcher struct {
	db       *db.DB
	channels Channels
	lookups  Lookups
	tokens   ratelimit.Tokens
	clock    clock.Clock
	cfg      DispatchConfig
	log      *slog.Logger
	metrics  *Metrics
	waker    *Waker
	bodies   Bodies
	holds    CampaignHolds
	events   EventRecorder // message.sent and message.failed (nil: none)

	sem         chan struct{} // provider calls in flight
	lanesIdle   laneWaits     // lanes no worker of this process needs to claim from yet
	stopping    atomic.Bool   // shutting down: claimed messages not yet sent are released
	lastRecover atomic.Int64  // unix nanoseconds of the last lease recovery
}

// NewDispatcher builds a dispatcher. tokens may be nil (no rate limits).
func NewDispatcher(d *db.DB, ch Channels, lk Lookups, tokens ratelimit.Tokens, c clock.Clock, cfg DispatchConfig, log *slog.Logger) *Dispatcher {
	cfg.defaults()
	if log == nil {
		log = slog.Default()
	}
	if tokens == nil {
		tokens = ratelimit.NewMemoryTokens(c.Now)
	}
	return &Dispatcher{db: d, channels: ch, lookups: lk, tokens: tokens, clock: c, cfg: cfg, log: log,
		waker: NewWaker(), sem: make(chan struct{}, cfg.Concurrency), bodies: NewBodies(cfg.Keyring)}
}

// Waker wakes this dispatcher's workers (call it when a message is queued).
func (d *Dispatcher) Waker() *Waker { return d.waker }

// SetMetrics makes the dispatcher report to m.
func (d *Dispatcher) SetMetrics(m *Metrics) { d.metrics = m }

// DispatchStats counts what passes did.
type DispatchStats struct {
	Claimed, Sent, Failed, Skipped, Retries, Failovers, Held, Recovered int
	// Wait is how long until a channel with due messages may send again
	// (rate limit or provider pause); 0 when none is waiting.
	Wait time.Duration
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
	if o.Wait > 0 && (s.Wait == 0 || o.Wait < s.Wait) {
		s.Wait = o.Wait
	}
}

// maxDrainWait is the longest a drain waits for a rate-limited channel before
// it stops and leaves the rest to the continuous dispatcher.
const maxDrainWait = 2 * time.Second

// Drain sends due messages with the configured number of workers until none
// is due and sendable (waiting out short rate-limit waits), or ctx ends. A
// batch claimed before ctx ended is still sent and recorded in full.
func (d *Dispatcher) Drain(ctx context.Context) (DispatchStats, error) {
	var (
		mu       sync.Mutex
		total    DispatchStats
		firstErr error
		wg       sync.WaitGroup
	)
	for range d.cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				st, err := d.RunOnce(ctx)
				mu.Lock()
				total.add(st)
				if err != nil && firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
				if err != nil {
					return
				}
				if st.Claimed > 0 {
					continue
				}
				if st.Wait <= 0 || st.Wait > maxDrainWait {
					return
				}
				select {
				case <-ctx.Done():
				case <-time.After(st.Wait):
				}
			}
		}()
	}
	wg.Wait()
	return total, firstErr
}

// Run sends continuously until ctx ends: each worker claims and sends while
// there is work, then sleeps until a message is queued (Waker), a rate-limit
// wait is over, or the poll interval passes. When ctx ends, batches in flight
// finish their provider calls, and messages claimed but not yet sent are
// released for another process.
func (d *Dispatcher) Run(ctx context.Context) {
	stop := context.AfterFunc(ctx, func() { d.stopping.Store(true) })
	defer stop()
	var wg sync.WaitGroup
	for range d.cfg.Workers {
		wake := d.waker.subscribe()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				st, err := d.pass(ctx, true)
				if err != nil && ctx.Err() == nil {
					d.log.Error("outbox dispatch failed; trying again", slog.String("error", err.Error()))
				}
				if st.Claimed > 0 && err == nil {
					continue
				}
				wait := d.cfg.Poll
				if st.Wait > 0 && st.Wait < wait {
					wait = st.Wait
				}
				t := time.NewTimer(wait)
				select {
				case <-ctx.Done():
				case <-wake:
				case <-t.C:
				}
				t.Stop()
			}
		}()
	}
	wg.Wait()
}

// RunOnce recovers expired leases (at most every quarter lease), then claims
// one batch per channel, as the channel's rate allows, and sends it. Database
// work runs on a context no caller can cancel: a claimed batch is always sent
// and recorded.
func (d *Dispatcher) RunOnce(ctx context.Context) (DispatchStats, error) {
	return d.pass(ctx, false)
}

// pass is one RunOnce. A lane another worker of this process found waiting
// on its rate limit or a channel pause is not claimed from until that wait is
// over or a message is queued, so idle workers do not each ask the database
// and the limiter again. In the continuous loop (continuous), a lane found
// empty is looked at again only after the poll interval or when a message is
// queued (in this process, or in another one through the database's
// notifications); a drain (RunOnce) always looks, and an empty lane never
// makes it wait.
func (d *Dispatcher) pass(ctx context.Context, continuous bool) (DispatchStats, error) {
	var st DispatchStats
	if ctx.Err() != nil {
		return st, nil
	}
	work := context.WithoutCancel(ctx)
	now := d.clock.Now().UTC()
	if d.recoverDue(now) {
		n, err := d.recover(work, now)
		st.Recovered = n
		if err != nil {
			return st, err
		}
	}
	for _, l := range d.lanes() {
		if ctx.Err() != nil || d.stopping.Load() {
			break
		}
		at := d.clock.Now().UTC()
		if lw, ok := d.lanesIdle.get(l, d.waker.generation()); ok && lw.until.After(at) {
			switch {
			case !lw.empty: // waiting on its limit or a pause: say how long
				st.add(DispatchStats{Wait: lw.until.Sub(at)})
				continue
			case continuous: // found empty lately: nothing to wait for
				continue
			}
		}
		gen := d.waker.generation()
		batch, wait, err := d.claim(work, l, at)
		if err != nil {
			return st, err
		}
		st.add(DispatchStats{Wait: wait})
		switch {
		case wait > 0:
			d.lanesIdle.set(l, laneWait{until: at.Add(wait), gen: gen})
		case continuous && len(batch) == 0:
			d.lanesIdle.set(l, laneWait{until: at.Add(d.cfg.Poll), gen: gen, empty: true})
		}
		if len(batch) == 0 {
			continue
		}
		st.Claimed += len(batch)
		one, err := d.process(work, batch)
		st.add(one)
		if err != nil {
			return st, err
		}
	}
	return st, nil
}

func (d *Dispatcher) recoverDue(now time.Time) bool {
	last := d.lastRecover.Load()
	if now.UnixNano()-last < int64(d.cfg.Lease/4) && now.UnixNano() >= last {
		return false
	}
	return d.lastRecover.CompareAndSwap(last, now.UnixNano())
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

// resendable lists the configured channels whose providers keep idempotency keys.
func (d *Dispatcher) resendable() []string {
	var out []string
	for _, ch := range d.cfg.Channels {
		if d.channels.ResendWindow(ch) > 0 {
			out = append(out, ch)
		}
	}
	return out
}

// keyFresh reports whether an idempotency key first used at since can still
// be re-sent now: the provider must still remember it when the request lands.
func (d *Dispatcher) keyFresh(channel string, since, now time.Time) bool {
	w := d.channels.ResendWindow(channel)
	return w > 0 && now.Sub(since)+d.cfg.ProviderTimeout+time.Minute < w
}
