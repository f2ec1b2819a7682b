package outbox

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/testutil"
)

// scripted is a Channels whose answers tests script per channel.
type scripted struct {
	mu      sync.Mutex
	script  map[string][]*SendError // nil entry = success
	sent    map[string]int          // message id → successful sends
	calls   []string                // "channel:message" in order
	dedupes map[string]bool         // channels that deduplicate
	// onSend, when set, runs first (outside the lock); a non-nil error it
	// returns is the answer.
	onSend func(ctx context.Context, ch string, m Outgoing) *SendError
}

func newScripted() *scripted {
	return &scripted{script: map[string][]*SendError{}, sent: map[string]int{}, dedupes: map[string]bool{"kakao": true}}
}

func (s *scripted) Send(ctx context.Context, ch string, m Outgoing) (string, *SendError) {
	if s.onSend != nil {
		if e := s.onSend(ctx, ch, m); e != nil {
			s.mu.Lock()
			s.calls = append(s.calls, ch+":"+m.MessageID)
			s.mu.Unlock()
			return "", e
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, ch+":"+m.MessageID)
	if q := s.script[ch]; len(q) > 0 {
		s.script[ch] = q[1:]
		if q[0] != nil {
			return "", q[0]
		}
	}
	s.sent[m.MessageID]++
	return fmt.Sprintf("%s-%s-%d", ch, m.MessageID[:8], m.Attempt), nil
}

func (s *scripted) sends(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent[id]
}

func (s *scripted) ResendWindow(ch string) time.Duration {
	if s.dedupes[ch] {
		return 10 * time.Minute
	}
	return 0
}

type fixture struct {
	t        *testing.T
	db       *db.DB
	clock    *clock.Fake
	ch       *scripted
	outbox   *Outbox
	disp     *Dispatcher
	tenantID string
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	// 10:00 in Jakarta: outside the default quiet hours.
	f := &fixture{t: t, db: d, clock: clock.NewFake(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)), ch: newScripted(), tenantID: ids.New()}
	now := f.clock.Now()
	must(t, d.Gorm.Exec(`INSERT INTO tenants (id, clerk_org_id, name, default_region, timezone, created_at, updated_at, version)
		VALUES (?, ?, 'Klinik', 'ID', 'Asia/Jakarta', ?, ?, 1)`, f.tenantID, "org_"+f.tenantID, now, now).Error)
	lk := NewDBLookups(d)
	f.outbox = NewOutbox(d, f.clock, []string{"whatsapp", "sms", "kakao", "log"}, lk)
	f.disp = NewDispatcher(d, f.ch, lk, ratelimit.NewMemoryTokens(f.clock.Now), f.clock,
		DispatchConfig{Worker: "w1", Workers: 1, Channels: []string{"whatsapp", "sms", "kakao"}, Backoff: []time.Duration{time.Minute, 5 * time.Minute}, MaxChannelAttempts: 2}, nil)
	return f
}

// crashAfterStart claims every due message as another dispatcher with the
// given lease and starts their attempts, then abandons them, as a process
// killed mid-send would.
func (f *fixture) crashAfterStart(lease time.Duration) []Message {
	f.t.Helper()
	dead := NewDispatcher(f.db, f.ch, NewDBLookups(f.db), nil, f.clock, DispatchConfig{Worker: "dead", Lease: lease, Channels: f.disp.cfg.Channels}, nil)
	ctx := context.Background()
	var claimed []Message
	for _, l := range dead.lanes() {
		batch, _, err := dead.claim(ctx, l, f.clock.Now())
		must(f.t, err)
		if len(batch) == 0 {
			continue
		}
		_, err = dead.start(ctx, *batch[0].ClaimToken, batch, f.clock.Now())
		must(f.t, err)
		claimed = append(claimed, batch...)
	}
	return claimed
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) patient(consent string) string {
	id := ids.New()
	now := f.clock.Now()
	must(f.t, f.db.Gorm.Exec(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, is_active, created_at, updated_at, version)
		VALUES (?, ?, 'Siti', '+6281234567890', 'id', 'Asia/Jakarta', ?, ?, ?, ?, 1)`, id, f.tenantID, consent, true, now, now).Error)
	return id
}

func (f *fixture) enqueue(patientID, body string, order ...string) Message {
	m, err := f.outbox.Enqueue(context.Background(), f.db.Gorm, NewMessage{TenantID: f.tenantID, PatientID: patientID, Body: body,
		Source: SourceManual, ChannelOrder: order})
	must(f.t, err)
	return m
}

func (f *fixture) drain() DispatchStats {
	st, err := f.disp.Drain(context.Background())
	must(f.t, err)
	return st
}

func (f *fixture) load(id string) (Message, []Attempt) {
	var m Message
	must(f.t, f.db.Gorm.Where("id = ?", id).Take(&m).Error)
	var atts []Attempt
	must(f.t, f.db.Gorm.Where("message_id = ?", id).Order("attempt_no").Find(&atts).Error)
	return m, atts
}

func TestWhatsAppFailsThenSMSDeliversAndTheTrailShowsBoth(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		p := f.patient("granted")
		f.ch.script["whatsapp"] = []*SendError{{Outcome: OutcomeRetryable, Code: "500"}, {Outcome: OutcomePermanent, Code: "VALIDATION_ERROR"}}
		m := f.enqueue(p, "Waktunya minum obat", "whatsapp", "sms")
		if st := f.drain(); st.Retries != 1 || st.Sent != 0 {
			t.Fatalf("first pass: %+v", st)
		}
		got, _ := f.load(m.ID)
		if got.Status != StatusQueued || got.Channel != "whatsapp" || got.NextAttemptAt.Before(f.clock.Now().Add(40*time.Second)) {
			t.Fatalf("after a 500 the message waits for its back-off on the same channel: %+v", got)
		}
		f.drain() // not due yet: nothing happens
		f.clock.Advance(2 * time.Minute)
		st := f.drain()
		if st.Failovers != 1 || st.Sent != 1 {
			t.Fatalf("second pass: %+v", st)
		}
		got, atts := f.load(m.ID)
		if got.Status != StatusSent || got.Channel != "sms" || got.ProviderMessageID == nil || len(atts) != 3 {
			t.Fatalf("message %+v attempts %+v", got, atts)
		}
		want := [][2]string{{"whatsapp", "failed"}, {"whatsapp", "failed"}, {"sms", "sent"}}
		for i, a := range atts {
			if a.Channel != want[i][0] || a.Status != want[i][1] || a.AttemptNo != i+1 || a.FinishedAt == nil {
				t.Fatalf("attempt %d: %+v", i, a)
			}
		}
		if f.ch.sent[m.ID] != 1 {
			t.Fatalf("the patient must get exactly one message, got %d", f.ch.sent[m.ID])
		}
	})
}

func TestThrottlingSlowsTheChannelWithoutFailing(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		p := f.patient("granted")
		f.ch.script["whatsapp"] = []*SendError{{Outcome: OutcomeThrottled, Code: "429", RetryAfter: 30 * time.Second}}
		m := f.enqueue(p, "Halo", "whatsapp", "sms")
		f.drain()
		got, _ := f.load(m.ID)
		if got.Status != StatusQueued || got.Channel != "whatsapp" || got.ChannelAttempts != 0 {
			t.Fatalf("throttled message must wait on the same channel, its retry budget untouched: %+v", got)
		}
		// The whole channel waits: a new message does not go out before the pause ends.
		other := f.enqueue(f.patient("granted"), "Lainnya", "whatsapp")
		f.drain()
		if o, _ := f.load(other.ID); o.Status != StatusQueued || len(f.ch.sent) != 0 {
			t.Fatalf("the channel must pause after a 429: %+v", o)
		}
		f.clock.Advance(31 * time.Second)
		f.drain()
		if o, _ := f.load(other.ID); o.Status != StatusSent {
			t.Fatalf("after the pause: %+v", o)
		}
		got, atts := f.load(m.ID)
		if got.Status != StatusSent || got.Channel != "whatsapp" || len(atts) != 2 || atts[0].Status != "throttled" {
			t.Fatalf("after the pause: %+v %+v", got, atts)
		}
	})
}

func TestConsentOptOutTTLAndQuietHours(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		optedOut := f.enqueue(f.patient("revoked"), "a")
		pending := f.enqueue(f.patient("pending"), "b")
		late := f.patient("granted")
		before := f.clock.Now().Add(time.Minute)
		ttl, err := f.outbox.Enqueue(context.Background(), d.Gorm, NewMessage{TenantID: f.tenantID, PatientID: late, Body: "c",
			Source: SourceReminder, SendBefore: &before})
		must(t, err)
		f.clock.Advance(2 * time.Minute)
		f.drain()
		for id, reason := range map[string]string{optedOut.ID: SkipOptedOut, pending.ID: SkipNoConsent, ttl.ID: SkipTooLate} {
			got, atts := f.load(id)
			if got.Status != StatusSkipped || got.SkipReason == nil || *got.SkipReason != reason || len(atts) != 0 {
				t.Fatalf("want skipped %s: %+v", reason, got)
			}
		}
		if len(f.ch.calls) != 0 {
			t.Fatalf("nothing may be sent: %v", f.ch.calls)
		}

		// 22:00 in Jakarta is inside the default quiet hours (21:00–07:00): held until 07:00, then sent.
		f.clock.Set(time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC))
		night := f.enqueue(f.patient("granted"), "malam")
		f.drain()
		got, _ := f.load(night.ID)
		wantAt := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC) // 07:00 WIB
		if got.Status != StatusQueued || !got.NextAttemptAt.Equal(wantAt) {
			t.Fatalf("quiet hours must hold until 07:00 local: %+v", got)
		}
		f.clock.Set(wantAt.Add(time.Second))
		f.drain()
		if got, _ = f.load(night.ID); got.Status != StatusSent {
			t.Fatalf("after quiet hours: %+v", got)
		}
	})
}

func TestDuplicateSuppressionAndDedupeKeys(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		p := f.patient("granted")
		first := f.enqueue(p, "Minum obat")
		second := f.enqueue(p, "Minum obat")
		if second.Status != StatusSkipped || *second.SkipReason != SkipDuplicate || first.Status != StatusQueued {
			t.Fatalf("duplicate: %+v", second)
		}
		n := NewMessage{TenantID: f.tenantID, PatientID: p, Body: "Dosis pagi", Source: SourceReminder, DedupeKey: "occ-1"}
		a, err := f.outbox.Enqueue(context.Background(), d.Gorm, n)
		must(t, err)
		b, err := f.outbox.Enqueue(context.Background(), d.Gorm, n)
		must(t, err)
		if a.ID != b.ID {
			t.Fatal("the same dedupe key must return the first message")
		}
	})
}

func TestCrashedDispatcherNeverSendsASecondCopy(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		p := f.patient("granted")
		wa := f.enqueue(p, "wa", "whatsapp")
		ka := f.enqueue(p, "ka", "kakao")
		// A dispatcher that claimed both, started their attempts (the providers may
		// have them) and died before recording anything.
		f.crashAfterStart(time.Minute)
		f.drain()
		if len(f.ch.calls) != 0 {
			t.Fatalf("nothing may be resent while the lease holds: %v", f.ch.calls)
		}
		f.clock.Advance(2 * time.Minute)
		st := f.drain()
		if st.Recovered != 2 {
			t.Fatalf("recovered %+v", st)
		}
		got, _ := f.load(wa.ID)
		if got.Status != StatusSent || got.ErrorCode == nil || *got.ErrorCode != "unconfirmed" || f.ch.sent[wa.ID] != 0 {
			t.Fatalf("WhatsApp has no idempotency key: sent-unconfirmed, never resent: %+v", got)
		}
		got, atts := f.load(ka.ID)
		if got.Status != StatusSent || f.ch.sent[ka.ID] != 1 || len(atts) != 2 || atts[1].AttemptNo != 1 {
			t.Fatalf("AlimTalk retries the same attempt (same idempotency key): %+v %+v", got, atts)
		}
	})
}

func TestConcurrentDispatchersSendEveryMessageExactlyOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		var want []string
		for i := 0; i < 60; i++ {
			want = append(want, f.enqueue(f.patient("granted"), fmt.Sprintf("pesan %d", i)).ID)
		}
		var wg sync.WaitGroup
		for w := 0; w < 10; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				disp := NewDispatcher(d, f.ch, NewDBLookups(d), nil, f.clock, DispatchConfig{Worker: fmt.Sprintf("w%d", w), Batch: 7}, nil)
				if _, err := disp.Drain(context.Background()); err != nil {
					t.Error(err)
				}
			}(w)
		}
		wg.Wait()
		for _, id := range want {
			if f.ch.sent[id] != 1 {
				t.Fatalf("message %s sent %d times", id, f.ch.sent[id])
			}
		}
	})
}

func TestChannelRateLimitHoldsMessagesInsteadOfFailingThem(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.disp.cfg.ChannelPerSecond = map[string]int{"whatsapp": 2}
		for i := 0; i < 5; i++ {
			f.enqueue(f.patient("granted"), fmt.Sprintf("pesan %d", i), "whatsapp")
		}
		st, err := f.disp.RunOnce(context.Background())
		must(t, err)
		if st.Sent != 2 || st.Claimed != 2 || st.Held != 0 || st.Failed != 0 || st.Wait <= 0 {
			t.Fatalf("first second: only what the limit grants is claimed: %+v", st)
		}
		var untouched int64
		must(t, d.Gorm.Model(&Message{}).Where("status = ? AND version = 1", StatusQueued).Count(&untouched).Error)
		if untouched != 3 {
			t.Fatalf("messages over the limit stay queued untouched, got %d", untouched)
		}
		f.clock.Advance(time.Second)
		st, _ = f.disp.RunOnce(context.Background())
		if st.Sent != 2 {
			t.Fatalf("next second: %+v", st)
		}
	})
}
