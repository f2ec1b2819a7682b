package conversation

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/testutil"
)

type intakeFixture struct {
	t      *testing.T
	d      *db.DB
	s      *Service
	now    time.Time
	tenant string
}

func newIntakeFixture(t *testing.T, d *db.DB) *intakeFixture {
	now := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
	clk := clock.NewFake(now)
	ob := outbox.NewOutbox(d, clk, []string{"whatsapp"}, outbox.NewDBLookups(d))
	f := &intakeFixture{t: t, d: d, now: now, tenant: ids.New(),
		s: New(Deps{DB: d, Clock: clk, Bodies: ob.Bodies(), Outbox: ob})}
	f.exec(`INSERT INTO tenants (id, clerk_org_id, name, default_region, timezone, created_at, updated_at, version)
		VALUES (?, ?, 'Klinik', 'ID', 'Asia/Jakarta', ?, ?, 1)`, f.tenant, "org_"+f.tenant, now, now)
	return f
}

func (f *intakeFixture) exec(sql string, args ...any) {
	f.t.Helper()
	if err := f.d.Gorm.Exec(sql, args...).Error; err != nil {
		f.t.Fatal(err)
	}
}

func (f *intakeFixture) count(sql string, args ...any) int64 {
	f.t.Helper()
	var n int64
	if err := f.d.Gorm.Raw(sql, args...).Scan(&n).Error; err != nil {
		f.t.Fatal(err)
	}
	return n
}

// patient registers a patient with phone and returns its id.
func (f *intakeFixture) patient(phone string) string {
	id := ids.New()
	f.exec(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, is_active, created_at, updated_at, version)
		VALUES (?, ?, 'Pasien', ?, 'id', 'Asia/Jakarta', 'granted', ?, ?, ?, 1)`, id, f.tenant, phone, true, f.now, f.now)
	return id
}

func (f *intakeFixture) item(from, provider string, at time.Time) *intakeItem {
	return &intakeItem{ctx: context.Background(), in: Incoming{Channel: "whatsapp", From: from, Body: "sudah minum obat " + provider,
		ProviderID: provider, At: at}, at: at, now: f.now, done: make(chan struct{})}
}

// One batch holding two messages of one patient, a redelivery inside the
// batch, a redelivery of a message stored before, an unknown sender and a
// reply to look up stores each new message once, with its job, and counts
// the patient's unread messages right.
func TestABatchStoresEachNewMessageOnce(t *testing.T) {
	f := newIntakeFixture(t, testutil.NewDB(t, db.Postgres))
	siti := f.patient("+6281234567890")
	budi := f.patient("+6281234567891")
	before := f.item("+6281234567891", "WA-0", f.now.Add(-time.Minute))
	f.s.storeBatch([]*intakeItem{before})
	if before.err != nil || before.res.Outcome != Stored || before.res.PatientID != budi {
		t.Fatalf("a lone message: %+v %v", before.res, before.err)
	}
	reply := f.item("+6281234567891", "WA-5", f.now)
	reply.in.RepliedToID = "WA-OUT-UNKNOWN"
	batch := []*intakeItem{
		f.item("+6281234567890", "WA-1", f.now.Add(-2*time.Second)),
		f.item("+6281234567890", "WA-2", f.now.Add(-time.Second)),
		f.item("+6281234567890", "WA-1", f.now.Add(-2*time.Second)), // redelivered within the batch
		f.item("+6281234567891", "WA-0", f.now.Add(-time.Minute)),   // stored before
		f.item("+6289999999999", "WA-3", f.now),                     // nobody's phone
		reply,
	}
	f.s.storeBatch(batch)
	outcomes := map[Outcome]int{}
	for i, it := range batch {
		if it.err != nil {
			t.Fatalf("message %d: %v", i, it.err)
		}
		outcomes[it.res.Outcome]++
	}
	if outcomes[Stored] != 3 || outcomes[Duplicate] != 2 || outcomes[Unknown] != 1 {
		t.Fatalf("outcomes %v", outcomes)
	}
	if n := f.count("SELECT count(*) FROM messages WHERE direction = 'inbound'"); n != 4 {
		t.Fatalf("%d inbound messages, want 4", n)
	}
	if n := f.count("SELECT count(*) FROM inbound_jobs"); n != 4 {
		t.Fatalf("%d jobs, want 4", n)
	}
	var conv struct {
		UnreadCount          int
		LastInboundMessageID string
	}
	if err := f.d.Gorm.Raw("SELECT unread_count, last_inbound_message_id FROM conversations WHERE patient_id = ?", siti).Scan(&conv).Error; err != nil {
		t.Fatal(err)
	}
	if conv.UnreadCount != 2 || conv.LastInboundMessageID != batch[1].res.MessageID {
		t.Fatalf("Siti's conversation: %+v, newest message %s", conv, batch[1].res.MessageID)
	}
	if n := f.count("SELECT unread_count FROM conversations WHERE patient_id = ?", budi); n != 2 {
		t.Fatalf("Budi has %d unread, want 2 (the first message and the reply)", n)
	}
}

// Many senders posting at once, each message delivered three times: every
// message is stored once with its job, whatever batches the deliveries fell
// into, and each answer says what happened to it.
func TestConcurrentDeliveriesAreStoredOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newIntakeFixture(t, d)
		const senders, each = 8, 6
		for p := range senders {
			f.patient(fmt.Sprintf("+62812000000%02d", p))
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		stored := map[string]int{}
		for p := range senders {
			for m := range each {
				for range 3 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						provider := fmt.Sprintf("WA-%d-%d", p, m)
						r, err := f.s.Receive(context.Background(), Incoming{Channel: "whatsapp", From: fmt.Sprintf("+62812000000%02d", p),
							Body: "ok", ProviderID: provider, At: f.now})
						if err != nil {
							t.Error(err)
							return
						}
						mu.Lock()
						defer mu.Unlock()
						switch r.Outcome {
						case Stored:
							stored[provider]++
						case Duplicate:
						default:
							t.Errorf("%s: %s", provider, r.Outcome)
						}
					}()
				}
			}
		}
		wg.Wait()
		if len(stored) != senders*each {
			t.Fatalf("%d messages answered stored, want %d", len(stored), senders*each)
		}
		for k, n := range stored {
			if n != 1 {
				t.Fatalf("%s answered stored %d times", k, n)
			}
		}
		if n := f.count("SELECT count(*) FROM messages WHERE direction = 'inbound'"); n != senders*each {
			t.Fatalf("%d inbound messages, want %d", n, senders*each)
		}
		if n := f.count("SELECT count(*) FROM inbound_jobs"); n != senders*each {
			t.Fatalf("%d jobs, want %d", n, senders*each)
		}
		if n := f.count("SELECT count(*) FROM conversations WHERE unread_count = ?", each); n != senders {
			t.Fatalf("%d conversations with %d unread, want %d", n, each, senders)
		}
	})
}

// A batch that panics answers each of its messages with an error instead of
// taking the process down, and the intake keeps working afterwards.
func TestAPanickingBatchAnswersWithAnError(t *testing.T) {
	f := newIntakeFixture(t, testutil.NewDB(t, db.Postgres))
	f.patient("+6281234567890")
	good := f.s
	f.s = New(Deps{DB: f.d, Clock: clock.NewFake(f.now)}) // no body keys: sealing panics
	_, err := f.s.Receive(context.Background(), Incoming{Channel: "whatsapp", From: "+6281234567890", Body: "halo", ProviderID: "WA-P1", At: f.now})
	if err == nil {
		t.Fatal("a panicking batch answered without an error")
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		f.s.intake.mu.Lock()
		running := f.s.intake.running
		f.s.intake.mu.Unlock()
		if running == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d flushers left running", running)
		}
	}
	r, err := good.Receive(context.Background(), Incoming{Channel: "whatsapp", From: "+6281234567890", Body: "halo", ProviderID: "WA-P1", At: f.now})
	if err != nil || r.Outcome != Stored {
		t.Fatalf("delivered again: %+v, %v", r, err)
	}
}
