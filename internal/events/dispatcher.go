package events

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/safehttp"
)

// DispatchConfig tunes the dispatcher; zero fields take the defaults.
type DispatchConfig struct {
	// Concurrency is how many deliveries one process sends at once (16).
	Concurrency int
	// PerSubscription is how many claims one subscription may have in flight
	// in one process (2): a slow endpoint holds at most that many slots.
	PerSubscription int
	// Timeout bounds one attempt (10 s).
	Timeout time.Duration
	// Lease is how long a claim holds a delivery before another process may
	// take it (a minute; longer than Timeout).
	Lease time.Duration
	// Poll is how often an idle dispatcher looks for due deliveries (1 s).
	Poll time.Duration
	// AllowPrivate (PRIMA_WEBHOOK_ALLOW_PRIVATE) lets deliveries reach
	// loopback and private addresses.
	AllowPrivate bool
	// HTTP overrides the client (tests); nil builds the SSRF-safe one.
	HTTP *http.Client
}

func (c DispatchConfig) withDefaults() DispatchConfig {
	if c.Concurrency <= 0 {
		c.Concurrency = 16
	}
	if c.PerSubscription <= 0 {
		c.PerSubscription = 2
	}
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	if c.Lease <= c.Timeout {
		c.Lease = max(time.Minute, 2*c.Timeout)
	}
	if c.Poll <= 0 {
		c.Poll = time.Second
	}
	return c
}

// Dispatcher sends due deliveries. Every server process runs one; claims
// keep two processes from sending the same delivery at once.
type Dispatcher struct {
	db       *db.DB
	keys     *crypto.Keyring
	clock    clock.Clock
	cfg      DispatchConfig
	http     *http.Client
	log      *slog.Logger
	recorder *Recorder
	metrics  *Metrics

	wake     chan struct{}
	mu       sync.Mutex
	inflight map[string]int // subscription id → deliveries being sent by this process
	total    int
}

// NewDispatcher builds a dispatcher. recorder (may be nil) is told when an
// endpoint's 410 disables a subscription.
func NewDispatcher(d *db.DB, keys *crypto.Keyring, c clock.Clock, recorder *Recorder, cfg DispatchConfig, log *slog.Logger) *Dispatcher {
	cfg = cfg.withDefaults()
	if c == nil {
		c = clock.System{}
	}
	if keys == nil {
		keys = crypto.DevelopmentKeyring()
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	hc := cfg.HTTP
	if hc == nil {
		hc = safehttp.New(safehttp.Options{AllowPrivate: cfg.AllowPrivate, Timeout: cfg.Timeout})
		// A delivery follows no redirect: the endpoint is the URL the tenant gave.
		hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	return &Dispatcher{db: d, keys: keys, clock: c, cfg: cfg, http: hc, log: log, recorder: recorder,
		wake: make(chan struct{}, 1), inflight: map[string]int{}}
}

// SetMetrics counts attempts on m.
func (d *Dispatcher) SetMetrics(m *Metrics) { d.metrics = m }

// Wake makes an idle dispatcher look for due deliveries now.
func (d *Dispatcher) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// busy lists the subscriptions at their in-flight limit in this process.
func (d *Dispatcher) busy() (free int, subs []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for id := range d.inflight {
		subs = append(subs, id)
	}
	return d.cfg.Concurrency - d.total, subs
}

func (d *Dispatcher) begin(subID string) {
	d.mu.Lock()
	d.inflight[subID]++
	d.total++
	d.mu.Unlock()
}

func (d *Dispatcher) end(subID string) {
	d.mu.Lock()
	if d.inflight[subID]--; d.inflight[subID] <= 0 {
		delete(d.inflight, subID)
	}
	d.total--
	d.mu.Unlock()
}

// Run sends due deliveries until ctx ends, then waits for the attempts in
// flight (each bounded by the timeout). A subscription with deliveries in
// flight gets no new claim until they end, so a slow endpoint never holds up
// the others.
func (d *Dispatcher) Run(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	sendCtx := context.WithoutCancel(ctx)
	for {
		more := false
		if free, busy := d.busy(); free > 0 {
			jobs, err := d.claim(ctx, free, busy)
			if err != nil && ctx.Err() == nil {
				d.log.Warn("event deliveries: claim failed", slog.String("error", err.Error()))
			}
			for _, j := range jobs {
				d.begin(j.delivery.SubscriptionID)
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer d.Wake()
					defer d.end(j.delivery.SubscriptionID)
					d.attempt(sendCtx, j)
				}()
			}
			more = len(jobs) == free
		}
		if more {
			continue
		}
		t := time.NewTimer(d.cfg.Poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-d.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// DispatchDue sends every delivery due now, each subscription's in claim
// rounds of PerSubscription, and returns how many attempts it made. The
// scheduler's tick and tests use it; Run is the server's loop.
func (d *Dispatcher) DispatchDue(ctx context.Context) (int, error) {
	n := 0
	for {
		jobs, err := d.claim(ctx, d.cfg.Concurrency, nil)
		if err != nil || len(jobs) == 0 {
			return n, err
		}
		var wg sync.WaitGroup
		for _, j := range jobs {
			wg.Add(1)
			go func() { defer wg.Done(); d.attempt(ctx, j) }()
		}
		wg.Wait()
		n += len(jobs)
	}
}
