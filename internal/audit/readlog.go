package audit

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
)

// ReadLog records read events (a patient list shown to a user) without a
// database write per request: events are buffered and written together,
// several at once, every FlushEvery or when MaxBuffered are waiting, and on
// shutdown. Changes are never recorded here: they are written in the
// transaction of the change (Write). Until Run is called, Record writes at
// once (tests, one-shot commands).
type ReadLog struct {
	db  *db.DB
	log *slog.Logger

	mu      sync.Mutex
	pending []Event
	running bool
	kick    chan struct{}
}

// Batching of read events.
const (
	FlushEvery  = 200 * time.Millisecond
	MaxBuffered = 500
	maxKept     = 100 * MaxBuffered // while writes fail
)

// NewReadLog builds the read log on d.
func NewReadLog(d *db.DB, log *slog.Logger) *ReadLog {
	if log == nil {
		log = slog.Default()
	}
	return &ReadLog{db: d, log: log, kick: make(chan struct{}, 1)}
}

// Record appends a read event (its request id is taken from ctx now).
func (r *ReadLog) Record(ctx context.Context, now time.Time, e Entry) error {
	ev := newEvent(ctx, now, e)
	r.mu.Lock()
	if !r.running {
		r.mu.Unlock()
		return r.write(context.WithoutCancel(ctx), []Event{ev})
	}
	r.pending = append(r.pending, ev)
	full := len(r.pending) >= MaxBuffered
	r.mu.Unlock()
	if full {
		select {
		case r.kick <- struct{}{}:
		default:
		}
	}
	return nil
}

// Run writes buffered events until ctx ends, then writes what is left.
func (r *ReadLog) Run(ctx context.Context) {
	r.mu.Lock()
	r.running = true
	r.mu.Unlock()
	t := time.NewTicker(FlushEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			r.mu.Lock()
			r.running = false
			r.mu.Unlock()
			r.Flush(context.WithoutCancel(ctx))
			return
		case <-t.C:
		case <-r.kick:
		}
		r.Flush(ctx)
	}
}

// Flush writes the buffered events now.
func (r *ReadLog) Flush(ctx context.Context) {
	r.mu.Lock()
	batch := r.pending
	r.pending = nil
	r.mu.Unlock()
	if len(batch) == 0 {
		return
	}
	if err := r.write(ctx, batch); err != nil {
		r.log.Error("writing read audit events", "events", len(batch), "error", err)
		r.mu.Lock()
		r.pending = append(batch, r.pending...) // kept for the next flush
		if over := len(r.pending) - maxKept; over > 0 {
			// The database has been unreachable for long: bound the memory held.
			r.log.Error("read audit events dropped: the database is unreachable", "events", over)
			r.pending = r.pending[over:]
		}
		r.mu.Unlock()
	}
}

var readColumns = []string{"id", "tenant_id", "actor_user_id", "action", "resource_type", "resource_id", "request_id", "changes",
	"resource_ids", "api_key_id", "created_at"}

func (r *ReadLog) write(ctx context.Context, evs []Event) error {
	rows := make([][]any, len(evs))
	for i, e := range evs {
		rows[i] = []any{e.ID, e.TenantID, e.ActorUserID, e.Action, e.ResourceType, e.ResourceID, e.RequestID, e.Changes,
			e.ResourceIDs, e.APIKeyID, e.CreatedAt}
	}
	_, err := r.db.BulkInsert(r.db.Gorm.WithContext(ctx), "audit_events", readColumns, rows)
	return err
}
