package events

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
)

// DefaultCacheTTL is how long the recorder trusts its copy of the active
// subscriptions. A change made through this process invalidates it at once;
// one made by another process is seen within this time.
const DefaultCacheTTL = 5 * time.Second

// Recorder writes events and their deliveries in the transaction of the
// change they report, so an event is never lost and never reported for a
// change that rolled back. It keeps the active subscriptions of every tenant
// in memory: recording an event no subscription takes runs no statement.
type Recorder struct {
	db    *db.DB
	clock clock.Clock
	ttl   time.Duration
	now   func() time.Time // the cache's clock: monotonic wall time

	mu       sync.Mutex
	snap     map[string][]subRef // tenant id → active subscriptions
	loadedAt time.Time
	gen      uint64 // bumped by Invalidate; a load begun before it is not kept
	onWrite  []func()
}

// subRef is what the recorder keeps of an active subscription.
type subRef struct {
	id     string
	events []string
}

// NewRecorder builds a recorder on d; c stamps events (nil: the system clock).
func NewRecorder(d *db.DB, c clock.Clock) *Recorder {
	if c == nil {
		c = clock.System{}
	}
	return &Recorder{db: d, clock: c, ttl: DefaultCacheTTL, now: time.Now}
}

// WithCacheTTL sets how long the copy of the subscriptions is trusted.
func (r *Recorder) WithCacheTTL(d time.Duration) *Recorder { r.ttl = d; return r }

// OnWrite registers fn, called after Record wrote deliveries (the dispatcher's wake-up).
func (r *Recorder) OnWrite(fn func()) {
	r.mu.Lock()
	r.onWrite = append(r.onWrite, fn)
	r.mu.Unlock()
}

// Invalidate forgets the copy of the subscriptions: the next Record reads them again.
func (r *Recorder) Invalidate() {
	r.mu.Lock()
	r.snap, r.gen = nil, r.gen+1
	r.mu.Unlock()
}

// Record writes evs and one pending delivery per active subscription of the
// event's tenant that takes its type, through tx (the caller's transaction):
// one multi-row insert per table for the whole call, none when no
// subscription takes any of them. A nil recorder records nothing.
func (r *Recorder) Record(tx *gorm.DB, evs ...Event) error {
	if r == nil || len(evs) == 0 {
		return nil
	}
	snap, err := r.snapshot(tx)
	if err != nil {
		return err
	}
	var eventRows, deliveryRows [][]any
	now := r.clock.Now().UTC().Truncate(time.Microsecond)
	for _, ev := range evs {
		var subs []string
		for _, s := range snap[ev.TenantID] {
			for _, t := range s.events {
				if t == ev.Type {
					subs = append(subs, s.id)
					break
				}
			}
		}
		if len(subs) == 0 {
			continue
		}
		at := ev.At.UTC().Truncate(time.Microsecond)
		if ev.At.IsZero() {
			at = now
		}
		payload, err := json.Marshal(dataOrEmpty(ev.Data))
		if err != nil {
			return fmt.Errorf("encode %s event: %w", ev.Type, err)
		}
		eventID := ids.New()
		eventRows = append(eventRows, []any{eventID, ev.TenantID, ev.Type, string(payload), at})
		for _, sub := range subs {
			deliveryRows = append(deliveryRows, newDeliveryRow(ev.TenantID, eventID, sub, ev.Type, now))
		}
	}
	if len(eventRows) == 0 {
		return nil
	}
	if err := insertRows(r.db, tx, eventRows, deliveryRows); err != nil {
		return err
	}
	r.mu.Lock()
	wake := r.onWrite
	r.mu.Unlock()
	for _, fn := range wake {
		fn()
	}
	return nil
}

var (
	eventColumns    = []string{"id", "tenant_id", "type", "payload", "created_at"}
	deliveryColumns = []string{"id", "tenant_id", "event_id", "subscription_id", "event_type", "webhook_id", "status",
		"attempts", "next_attempt_at", "created_at", "updated_at"}
)

// newDeliveryRow is a pending delivery due at now, with a fresh webhook id.
func newDeliveryRow(tenantID, eventID, subID, typ string, now time.Time) []any {
	id := ids.New()
	return []any{id, tenantID, eventID, subID, typ, WebhookID(id), StatusPending, 0, now, now, now}
}

// WebhookID is the webhook-id header of the delivery first made with id.
func WebhookID(deliveryID string) string { return "msg_" + strings.ReplaceAll(deliveryID, "-", "") }

func insertRows(d *db.DB, tx *gorm.DB, eventRows, deliveryRows [][]any) error {
	if _, err := d.BulkInsert(tx, "events", eventColumns, eventRows); err != nil {
		return fmt.Errorf("record events: %w", err)
	}
	if _, err := d.BulkInsert(tx, "event_deliveries", deliveryColumns, deliveryRows); err != nil {
		return fmt.Errorf("record event deliveries: %w", err)
	}
	return nil
}

func dataOrEmpty(d Data) Data {
	if d == nil {
		return Data{}
	}
	return d
}

// snapshot returns the cached subscriptions, reading them through tx when
// the copy is missing or older than the TTL.
// Wants reports whether a subscription of any tenant may take an event of
// one of types. It is false only when a fresh copy of the subscriptions says
// none does, so a caller may skip the transaction it would open for them.
func (r *Recorder) Wants(types ...string) bool {
	if r == nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.snap == nil || r.now().Sub(r.loadedAt) >= r.ttl {
		return true
	}
	for _, subs := range r.snap {
		for _, s := range subs {
			for _, t := range s.events {
				for _, want := range types {
					if t == want {
						return true
					}
				}
			}
		}
	}
	return false
}

func (r *Recorder) snapshot(tx *gorm.DB) (map[string][]subRef, error) {
	r.mu.Lock()
	snap, fresh, gen := r.snap, r.snap != nil && r.now().Sub(r.loadedAt) < r.ttl, r.gen
	r.mu.Unlock()
	if fresh {
		return snap, nil
	}
	return r.load(tx, gen)
}

// Refresh reads the subscriptions again outside any transaction; the server
// calls it before the copy goes stale so the hot path never does.
func (r *Recorder) Refresh(ctx context.Context) error {
	r.mu.Lock()
	gen := r.gen
	r.mu.Unlock()
	_, err := r.load(r.db.Gorm.WithContext(ctx), gen)
	return err
}

// Run refreshes the copy every half TTL until ctx ends.
func (r *Recorder) Run(ctx context.Context) {
	t := time.NewTicker(max(r.ttl/2, 100*time.Millisecond))
	defer t.Stop()
	for {
		if err := r.Refresh(ctx); err != nil && ctx.Err() == nil {
			r.Invalidate() // Record then reads them in its own transaction
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (r *Recorder) load(g *gorm.DB, gen uint64) (map[string][]subRef, error) {
	start := r.now()
	var rows []struct {
		ID       string
		TenantID string
		Events   db.JSON[[]string]
	}
	err := g.Model(&Subscription{}).Select("id, tenant_id, events").Where("is_active = ?", true).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("read event subscriptions: %w", err)
	}
	snap := make(map[string][]subRef, len(rows))
	for _, s := range rows {
		snap[s.TenantID] = append(snap[s.TenantID], subRef{id: s.ID, events: s.Events.V})
	}
	r.mu.Lock()
	if r.gen == gen {
		r.snap, r.loadedAt = snap, start
	}
	r.mu.Unlock()
	return snap, nil
}
