package reminder_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/testutil"
	"gorm.io/gorm"
)

// dueToday makes n daily reminders at 08:00 and 20:00 WIB and moves the clock
// to 20:30 WIB, when both of today's occurrences of each are due.
func (e *env) dueToday(n int) []string {
	e.t.Helper()
	ids := make([]string, 0, n)
	for range n {
		p := e.patient(patientOpts{})
		ids = append(ids, e.medication(p, daily("2026-11-22", "", "08:00", "20:00")).ID)
	}
	e.clock.Set(time.Date(2026, 11, 22, 13, 30, 0, 0, time.UTC))
	return ids
}

// exactlyOnce fails unless every reminder of rids has exactly two
// occurrences, each holding its own queued reminder message, and moved on to
// tomorrow 08:00 WIB.
func (e *env) exactlyOnce(rids []string) {
	e.t.Helper()
	want := int64(2 * len(rids))
	var occ, msgs, linked, dup int64
	must(e.t, e.d.Gorm.Table("occurrences").Count(&occ).Error)
	must(e.t, e.d.Gorm.Table("messages").Where("source = ?", outbox.SourceReminder).Count(&msgs).Error)
	must(e.t, e.d.Gorm.Raw(`SELECT COUNT(*) FROM occurrences o JOIN messages m ON m.id = o.message_id
WHERE m.source_id = CAST(o.id AS TEXT) AND m.status = ?`, outbox.StatusQueued).Scan(&linked).Error)
	must(e.t, e.d.Gorm.Raw(`SELECT COUNT(*) FROM (SELECT source_id FROM messages GROUP BY source_id HAVING COUNT(*) > 1) x`).
		Scan(&dup).Error)
	if occ != want || msgs != want || linked != want || dup != 0 {
		e.t.Fatalf("occurrences %d, messages %d, linked %d, duplicated %d; want %d each and none duplicated",
			occ, msgs, linked, dup, want)
	}
	tomorrow := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	for _, id := range rids {
		if r := e.reload(id); r.NextDueAt == nil || !r.NextDueAt.Equal(tomorrow) {
			e.t.Fatalf("reminder %s next due %v, want %v", id, r.NextDueAt, tomorrow)
		}
	}
}

// Two ticks at once, each running several workers over small batches, create
// each occurrence and each message exactly once between them.
func TestTwoConcurrentMaterializesWithWorkersCreateEverythingOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
		rids := e.dueToday(60)
		svc := reminder.NewService(reminder.NewStore(d), e.outbox, e.clock, reminder.Options{BatchSize: 4, Workers: 3})
		var wg sync.WaitGroup
		var occ, msg atomic.Int64
		start := make(chan struct{})
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				o, m, err := svc.Materialize(context.Background(), e.clock.Now())
				if err != nil {
					t.Error(err)
				}
				occ.Add(int64(o))
				msg.Add(int64(m))
			}()
		}
		close(start)
		wg.Wait()
		if occ.Load() != 120 || msg.Load() != 120 {
			t.Fatalf("the ticks reported %d occurrences and %d messages, want 120 each", occ.Load(), msg.Load())
		}
		e.exactlyOnce(rids)
		if o, m := e.tick(); o != 0 || m != 0 {
			t.Fatalf("a further tick made %d occurrences and %d messages", o, m)
		}
	})
}

// A tick asked to stop before it starts claims nothing.
func TestMaterializeStopsWhenCancelled(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
		rids := e.dueToday(12)
		svc := reminder.NewService(reminder.NewStore(d), e.outbox, e.clock, reminder.Options{BatchSize: 2, Workers: 2})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if o, m, err := svc.Materialize(ctx, e.clock.Now()); !errors.Is(err, context.Canceled) || o != 0 || m != 0 {
			t.Fatalf("cancelled tick: %d, %d, %v", o, m, err)
		}
		var occ int64
		must(t, d.Gorm.Table("occurrences").Count(&occ).Error)
		if occ != 0 {
			t.Fatalf("a cancelled tick made %d occurrences", occ)
		}
		// The next tick does the work.
		if o, m := e.tick(); o != 24 || m != 24 {
			t.Fatalf("tick after cancel: %d occurrences, %d messages", o, m)
		}
		e.exactlyOnce(rids)
	})
}

// memOutbox queues messages in memory, touching no table.
type memOutbox struct{}

func (memOutbox) Enqueue(_ context.Context, _ *gorm.DB, n outbox.NewMessage) (outbox.Message, error) {
	id := n.SourceID
	return outbox.Message{ID: ids.New(), TenantID: n.TenantID, Status: outbox.StatusQueued, SourceID: &id}, nil
}

func (o memOutbox) EnqueueMany(ctx context.Context, tx *gorm.DB, ns []outbox.NewMessage) ([]outbox.Message, error) {
	out := make([]outbox.Message, len(ns))
	for i, n := range ns {
		out[i], _ = o.Enqueue(ctx, tx, n)
	}
	return out, nil
}

// The reminder side of a tick runs a fixed number of statements per batch
// (claim, patients, tenants, occurrences, next due times), whatever its size.
func TestMaterializeStatementsPerBatch(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
		e.dueToday(45)
		log := testutil.NewSQLLog()
		counted := log.Logged(d)
		svc := reminder.NewService(reminder.NewStore(counted), memOutbox{}, e.clock, reminder.Options{BatchSize: 15, Workers: 1})
		occ, msg, err := svc.Materialize(context.Background(), e.clock.Now())
		must(t, err)
		var stored int64
		must(t, d.Gorm.Table("occurrences").Where("message_id IS NOT NULL").Count(&stored).Error)
		if occ != 90 || msg != 90 || stored != 90 {
			t.Fatalf("%d occurrences (%d stored), %d messages", occ, stored, msg)
		}
		const batches = 3 // full ones; one more claim finds nothing
		if stmts := log.Take(); len(stmts) != batches*5+1 {
			t.Fatalf("%d statements for %d batches, want %d: %q", len(stmts), batches, batches*5+1, stmts)
		}
	})
}
