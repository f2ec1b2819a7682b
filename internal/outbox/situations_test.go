package outbox

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/testutil"
	"gorm.io/gorm"
)

// The situations in which an outbox must never send a second copy nor record
// a false "sent", each on SQLite and PostgreSQL.

// 1. A lease expires while its batch is still sending: another dispatcher —
// even one with the same process name — recovers the claim; the slow
// dispatcher's late outcome changes nothing, and nobody sends again.
func TestLeaseExpiredMidSendIsNeverSentTwice(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		m := f.enqueue(f.patient("granted"), "Waktunya minum obat", "whatsapp")
		ctx := context.Background()
		slow := NewDispatcher(d, f.ch, NewDBLookups(d), nil, f.clock, DispatchConfig{Worker: "w1", Lease: time.Minute,
			Channels: f.disp.cfg.Channels}, nil)
		batch, _, err := slow.claim(ctx, lane{channel: "whatsapp"}, f.clock.Now())
		must(t, err)
		started, err := slow.start(ctx, *batch[0].ClaimToken, batch, f.clock.Now())
		must(t, err)
		if len(batch) != 1 || len(started) != 1 {
			t.Fatalf("claimed %d, started %d", len(batch), len(started))
		}
		// The provider call outlives the lease; a dispatcher of the same name on the same replica runs.
		f.clock.Advance(2 * time.Minute)
		f.drain()
		if n := f.ch.sends(m.ID); n != 0 {
			t.Fatalf("the recovered message was sent again (%d)", n)
		}
		got, atts := f.load(m.ID)
		if got.Status != StatusSent || got.ErrorCode == nil || *got.ErrorCode != ErrorUnconfirmed || len(atts) != 1 || atts[0].Status != AttemptUnknown {
			t.Fatalf("a started send whose process went silent is sent-unconfirmed: %+v %+v", got, atts)
		}
		// The slow send finally answers: its record no longer holds the claim and changes nothing.
		res := slow.sendAll(ctx, started, func() bool { return true })
		if _, err := slow.record(ctx, *batch[0].ClaimToken, res); err != nil {
			t.Fatal(err)
		}
		if again, _ := f.load(m.ID); again.Version != got.Version {
			t.Fatalf("a stale claim wrote over the recovered message: %+v", again)
		}
	})
}

// 1b. Recovery decides under the row lock: a dispatcher whose lease expired
// before it started the attempt cannot start it any more, so a message that
// recovery queued again is sent once, by whoever claims it next.
func TestStartAfterRecoveryIsRefused(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		m := f.enqueue(f.patient("granted"), "Kontrol besok", "whatsapp")
		ctx := context.Background()
		slow := NewDispatcher(d, f.ch, NewDBLookups(d), nil, f.clock, DispatchConfig{Worker: "w1", Lease: time.Minute,
			Channels: f.disp.cfg.Channels}, nil)
		batch, _, err := slow.claim(ctx, lane{channel: "whatsapp"}, f.clock.Now())
		must(t, err)
		f.clock.Advance(2 * time.Minute)
		n, err := f.disp.recover(ctx, f.clock.Now())
		must(t, err)
		if n != 1 {
			t.Fatalf("recovered %d", n)
		}
		started, err := slow.start(ctx, *batch[0].ClaimToken, batch, f.clock.Now())
		must(t, err)
		if len(started) != 0 {
			t.Fatal("a claim recovered by another process must not start its attempt")
		}
		f.drain()
		if got, _ := f.load(m.ID); got.Status != StatusSent || f.ch.sends(m.ID) != 1 || got.ErrorCode != nil {
			t.Fatalf("sent exactly once, by the next claim: %+v (%d sends)", got, f.ch.sends(m.ID))
		}
	})
}

// 1c. A batch keeps its lease alive while it sends: with a lease far shorter
// than the provider call, a second dispatcher never recovers it.
func TestHeartbeatKeepsASlowBatchLeased(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		testutil.NoQuietHours(t, d) // the dispatchers below run on the real clock
		m := f.enqueue(f.patient("granted"), "Halo", "whatsapp")
		release := make(chan struct{})
		var inCall atomic.Bool
		f.ch.onSend = func(context.Context, string, Outgoing) *SendError {
			inCall.Store(true)
			<-release
			return nil
		}
		sys := clock.System{}
		cfg := DispatchConfig{Worker: "w", Workers: 1, Lease: 300 * time.Millisecond, Channels: f.disp.cfg.Channels}
		a := NewDispatcher(d, f.ch, NewDBLookups(d), nil, sys, cfg, nil)
		b := NewDispatcher(d, f.ch, NewDBLookups(d), nil, sys, cfg, nil)
		done := make(chan error, 1)
		go func() { _, err := a.RunOnce(context.Background()); done <- err }()
		for wait := time.Now().Add(10 * time.Second); !inCall.Load(); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(wait) {
				t.Fatal("the first dispatcher never handed the message to the provider")
			}
		}
		deadline := time.Now().Add(time.Second) // more than three leases
		for time.Now().Before(deadline) {
			st, err := b.RunOnce(context.Background())
			must(t, err)
			if st.Recovered != 0 || st.Claimed != 0 {
				t.Fatalf("a live batch's claim was taken: %+v", st)
			}
			time.Sleep(50 * time.Millisecond)
		}
		close(release)
		must(t, <-done)
		if got, _ := f.load(m.ID); got.Status != StatusSent || got.ErrorCode != nil || f.ch.sends(m.ID) != 1 {
			t.Fatalf("sent once and recorded as sent: %+v", got)
		}
	})
}

// 2. A cron caller hangs up mid-send: the send is not cancelled and its true
// outcome is recorded.
func TestCallerHangingUpCancelsNoSend(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		m := f.enqueue(f.patient("granted"), "Jangan lupa obat", "whatsapp", "sms")
		ctx, hangUp := context.WithCancel(context.Background())
		f.ch.onSend = func(sctx context.Context, _ string, _ Outgoing) *SendError {
			hangUp()
			time.Sleep(20 * time.Millisecond)
			if sctx.Err() != nil { // what an HTTP client reports when its context ends mid-request
				return &SendError{Outcome: OutcomeUnknown, Code: "timeout", Message: "context canceled"}
			}
			return nil
		}
		if _, err := f.disp.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := f.load(m.ID)
		if got.Status != StatusSent || got.ErrorCode != nil || got.ProviderMessageID == nil || f.ch.sends(m.ID) != 1 {
			t.Fatalf("the send must finish and be recorded truthfully: %+v", got)
		}
	})
}

// 3. AlimTalk "already accepted" after an unknown outcome: sent, and with no
// provider id to match a receipt, no receipt-wait failover to SMS.
func TestAlreadyAcceptedNeverFailsOverOnAMissingReceipt(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.disp.cfg.ReceiptWait = 30 * time.Minute
		m := f.enqueue(f.patient("granted"), "Jadwal kontrol", "kakao", "sms")
		f.ch.script["kakao"] = []*SendError{{Outcome: OutcomeUnknown, Code: "timeout"}, {Outcome: OutcomeAlreadyAccepted, Code: "-1005"}}
		f.drain()
		f.clock.Advance(time.Minute)
		f.drain()
		got, atts := f.load(m.ID)
		if got.Status != StatusSent || got.ReceiptDeadline != nil || len(atts) != 2 || atts[0].AttemptNo != atts[1].AttemptNo {
			t.Fatalf("already accepted: sent, same key, no receipt deadline: %+v %+v", got, atts)
		}
		f.clock.Advance(31 * time.Minute)
		n, err := NewReceipts(d, f.clock).ExpireReceiptWaits(context.Background(), f.clock.Now())
		must(t, err)
		f.drain()
		if n != 0 || f.ch.sends(m.ID) != 0 || len(f.ch.calls) != 2 {
			t.Fatalf("no SMS may follow: failovers %d, calls %v", n, f.ch.calls)
		}
	})
}

// 3b. A receipt that arrives before the send's outcome is committed is kept
// and applied when it is.
func TestEarlyReceiptIsAppliedWhenTheOutcomeIsRecorded(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rec := NewReceipts(d, f.clock)
		m := f.enqueue(f.patient("granted"), "Halo", "whatsapp")
		f.ch.onSend = func(_ context.Context, ch string, o Outgoing) *SendError {
			pid := fmt.Sprintf("%s-%s-%d", ch, o.MessageID[:8], o.Attempt) // the id scripted answers with
			if _, err := rec.Apply(context.Background(), ch, pid, ReceiptDelivered, f.clock.Now()); err != nil {
				t.Error(err)
			}
			return nil
		}
		f.drain()
		got, _ := f.load(m.ID)
		if got.Status != StatusDelivered || got.DeliveredAt == nil {
			t.Fatalf("the early receipt was lost: %+v", got)
		}
		var left int64
		must(t, d.Gorm.Model(&PendingReceipt{}).Count(&left).Error)
		if left != 0 {
			t.Fatalf("%d pending receipts left", left)
		}
	})
}

// 4. NHN remembers an idempotency key for 10 minutes: an unknown outcome held
// past that (quiet hours, a paused channel, a slow cron) is never re-sent.
func TestForgottenIdempotencyKeyIsNeverReused(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		m := f.enqueue(f.patient("granted"), "Minum obat", "kakao", "sms")
		f.ch.script["kakao"] = []*SendError{{Outcome: OutcomeUnknown, Code: "timeout"}}
		f.drain()
		if got, _ := f.load(m.ID); got.Status != StatusQueued || got.ResendKeyAt == nil {
			t.Fatalf("an unknown AlimTalk outcome waits to re-send its key: %+v", got)
		}
		f.clock.Advance(11 * time.Minute)
		f.drain()
		got, atts := f.load(m.ID)
		if len(f.ch.calls) != 1 || got.Status != StatusSent || got.ErrorCode == nil || *got.ErrorCode != ErrorUnconfirmed || len(atts) != 1 {
			t.Fatalf("past the key's window: sent-unconfirmed, never sent again: %v %+v", f.ch.calls, got)
		}
	})
}

// 5. In production a channel order naming no configured channel records
// failed: no_channel, never a silent "sent" through the log channel.
func TestNoConfiguredChannelFailsInsteadOfLoggingSent(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		p := f.patient("granted")
		prod := NewOutbox(d, f.clock, []string{"sms", "log"}, NewDBLookups(d)).WithoutLogFallback()
		m, err := prod.Enqueue(context.Background(), d.Gorm, NewMessage{TenantID: f.tenantID, PatientID: p, Body: "Halo",
			Source: SourceManual, ChannelOrder: []string{"whatsapp", "kakao"}})
		must(t, err)
		f.drain()
		got, _ := f.load(m.ID)
		if got.Status != StatusFailed || got.ErrorCode == nil || *got.ErrorCode != ErrorNoChannel || len(f.ch.calls) != 0 {
			t.Fatalf("want failed no_channel: %+v", got)
		}
		// Development keeps the log channel as its default.
		dev := NewOutbox(d, f.clock, []string{"sms", "log"}, NewDBLookups(d))
		m2, err := dev.Enqueue(context.Background(), d.Gorm, NewMessage{TenantID: f.tenantID, PatientID: p, Body: "Halo lagi",
			Source: SourceManual, ChannelOrder: []string{"whatsapp"}})
		must(t, err)
		if m2.Channel != "log" || m2.Status != StatusQueued {
			t.Fatalf("development falls back to log: %+v", m2)
		}
		// A queued message whose channel is no longer configured fails over instead of waiting forever.
		f.ch.script["fax"] = []*SendError{{Outcome: OutcomePermanent, Code: ErrorNoChannel}} // what RegistryChannels answers
		stuck := f.enqueue(p, "Pesan lama", "whatsapp", "sms")
		must(t, d.Gorm.Exec("UPDATE messages SET channel = 'fax', channel_order = '[\"fax\",\"sms\"]' WHERE id = ?", stuck.ID).Error)
		f.drain()
		if got, _ := f.load(stuck.ID); got.Status != StatusSent || got.Channel != "sms" {
			t.Fatalf("an unconfigured channel fails over: %+v", got)
		}
	})
}

// 6. Receipts compare and set: a late "failed" receipt for the first channel,
// read before failover moved the message on and written after it was sent by
// SMS, must not queue the SMS again.
func TestLateFailedReceiptDoesNotResendTheFailover(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.disp.cfg.ReceiptWait = 30 * time.Minute
		rec := NewReceipts(d, f.clock)
		m := f.enqueue(f.patient("granted"), "Halo", "whatsapp", "sms")
		f.drain()
		wa, _ := f.load(m.ID)
		// The failed receipt reads the message (sent on WhatsApp); meanwhile the receipt wait
		// expires and SMS sends it.
		testHookBeforeUndelivered = func() {
			testHookBeforeUndelivered = nil
			f.clock.Advance(31 * time.Minute)
			_, err := rec.ExpireReceiptWaits(context.Background(), f.clock.Now())
			must(t, err)
			f.drain()
		}
		defer func() { testHookBeforeUndelivered = nil }()
		changed, err := rec.Apply(context.Background(), "whatsapp", *wa.ProviderMessageID, ReceiptFailed, f.clock.Now())
		must(t, err)
		got, _ := f.load(m.ID)
		if changed || got.Status != StatusSent || got.Channel != "sms" || f.ch.sends(m.ID) != 2 {
			t.Fatalf("the late receipt must change nothing: changed=%v %+v", changed, got)
		}
		f.drain()
		if f.ch.sends(m.ID) != 2 {
			t.Fatalf("the SMS was sent again: %d sends", f.ch.sends(m.ID))
		}
	})
}

// 7. Rate limits hold messages without churning them: with 20 a second and
// 200 queued, each pass claims only what the limiter grants.
func TestRateLimitedChannelDoesNotChurn(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.disp.cfg.ChannelPerSecond = map[string]int{"whatsapp": 20}
		for i := range 200 {
			f.enqueue(f.patient("granted"), fmt.Sprintf("pesan %d", i), "whatsapp")
		}
		stmts := testutil.NewSQLLog()
		f.disp.db = stmts.Logged(d)
		sent := 0
		for pass := 0; pass < 200 && sent < 200; pass++ {
			st, err := f.disp.RunOnce(context.Background())
			must(t, err)
			sent += st.Sent
			f.clock.Advance(max(st.Wait, 50*time.Millisecond)) // as Run waits between passes
		}
		if sent != 200 {
			t.Fatalf("sent %d of 200", sent)
		}
		perMsg := float64(stmts.Count()) / float64(sent)
		if perMsg > 1.5 {
			t.Fatalf("%.2f statements per sent message: held messages are being churned", perMsg)
		}
		var maxVersion int
		must(t, d.Gorm.Raw("SELECT max(version) FROM messages").Scan(&maxVersion).Error)
		if maxVersion > 3 { // claimed, started, recorded
			t.Fatalf("a message was written %d times", maxVersion)
		}
	})
}

// 7a. Idle workers share what the limiter said: two workers of one process,
// each sleeping as Run sleeps (until the wait a pass reports, at most the poll
// interval, or at once after a claim), send a rate-limited backlog at its rate
// with fewer than one SQL statement per sent message, counting their empty
// passes.
func TestRateLimitedWorkersDoNotEachPoll(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.disp.cfg.ChannelPerSecond = map[string]int{"whatsapp": 20}
		for i := range 400 {
			f.enqueue(f.patient("granted"), fmt.Sprintf("pesan %d", i), "whatsapp")
		}
		stmts := testutil.NewSQLLog()
		f.disp.db = stmts.Logged(d)
		start := f.clock.Now()
		next := []time.Time{start, start} // when each worker passes next
		sent := 0
		for f.clock.Now().Sub(start) < 10*time.Second {
			w := 0
			if next[1].Before(next[0]) {
				w = 1
			}
			if next[w].After(f.clock.Now()) {
				f.clock.Advance(next[w].Sub(f.clock.Now()))
			}
			st, err := f.disp.pass(context.Background(), true)
			must(t, err)
			sent += st.Sent
			sleep := f.disp.cfg.Poll
			if st.Wait > 0 && st.Wait < sleep {
				sleep = st.Wait
			}
			if st.Claimed > 0 {
				sleep = time.Millisecond // as Run claims again at once
			}
			next[w] = f.clock.Now().Add(sleep)
		}
		if sent < 180 || sent > 240 {
			t.Fatalf("sent %d in 10 s at 20/s", sent)
		}
		// A batch of 20 takes 7 statements (count, claim, attempts, start,
		// early receipts, outcomes); each empty lane is looked at once a poll.
		perMsg := float64(stmts.Count()) / float64(sent)
		if perMsg >= 0.75 {
			cnt := map[string]int{}
			for _, q := range stmts.Take() {
				cnt[strings.Join(strings.Fields(q[:min(60, len(q))]), " ")]++
			}
			t.Fatalf("%.2f statements per sent message (%d statements): idle workers each ask again: %v", perMsg, len(cnt), cnt)
		}
	})
}

// 7c. A tick's drain on a server whose continuous workers run beside it (one
// dispatcher) returns as soon as nothing is due: lanes the workers found
// empty do not make it wait, and a message queued just before it is sent.
func TestDrainBesideRunningWorkersReturns(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.disp.cfg.Poll = 300 * time.Millisecond
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); f.disp.Run(ctx) }()
		defer func() { stop(); <-done }()
		time.Sleep(100 * time.Millisecond) // the workers find every lane empty
		for range 3 {
			m := f.enqueue(f.patient("granted"), "Halo", "whatsapp")
			dctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			start := time.Now()
			_, err := f.disp.Drain(dctx)
			cancel()
			must(t, err)
			if took := time.Since(start); took > 2*time.Second {
				t.Fatalf("the drain took %s with nothing left to send", took)
			}
			if got, _ := f.load(m.ID); got.Status != StatusSent {
				t.Fatalf("after the drain: %s", got.Status)
			}
		}
	})
}

// 7b. A provider's 429 pauses the channel for every dispatcher sharing the
// limiter, and a tenant over its own limit never uses up the channel's tokens.
func TestPauseIsSharedAndTenantLimitsSpendNoChannelTokens(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		shared := ratelimit.NewMemoryTokens(f.clock.Now)
		cfg := f.disp.cfg
		a := NewDispatcher(d, f.ch, NewDBLookups(d), shared, f.clock, cfg, nil)
		b := NewDispatcher(d, f.ch, NewDBLookups(d), shared, f.clock, cfg, nil)
		f.ch.script["whatsapp"] = []*SendError{{Outcome: OutcomeThrottled, Code: "429", RetryAfter: time.Minute}}
		f.enqueue(f.patient("granted"), "satu", "whatsapp")
		_, err := a.Drain(context.Background())
		must(t, err)
		f.enqueue(f.patient("granted"), "dua", "whatsapp")
		_, err = b.Drain(context.Background())
		must(t, err)
		if len(f.ch.calls) != 1 {
			t.Fatalf("the other dispatcher ignored the pause: %v", f.ch.calls)
		}

		// Tenant limits: 1/s per tenant, 2/s for the channel; two tenants with 5 each.
		fresh := testutil.NewDB(t, d.Dialect)
		g := newFixture(t, fresh)
		other := newFixture(t, fresh)
		other.ch = g.ch
		disp := NewDispatcher(fresh, g.ch, NewDBLookups(fresh), ratelimit.NewMemoryTokens(g.clock.Now), g.clock,
			DispatchConfig{Workers: 1, Channels: []string{"sms"}, ChannelPerSecond: map[string]int{"sms": 2}, TenantPerSecond: 1}, nil)
		for i := range 5 {
			g.enqueue(g.patient("granted"), fmt.Sprintf("a%d", i), "sms")
			other.enqueue(other.patient("granted"), fmt.Sprintf("b%d", i), "sms")
		}
		st, err := disp.RunOnce(context.Background())
		must(t, err)
		var perTenant []struct {
			TenantID string
			N        int
		}
		must(t, fresh.Gorm.Raw("SELECT tenant_id, count(*) AS n FROM messages WHERE status = 'sent' GROUP BY tenant_id").Scan(&perTenant).Error)
		if st.Sent != 2 || len(perTenant) != 2 {
			t.Fatalf("each tenant gets its one token and the channel's two tokens serve both: %+v %+v", st, perTenant)
		}
	})
}

// 8. Duplicate suppression holds under concurrency: identical concurrent
// sends to one patient queue one message.
func TestConcurrentIdenticalSendsQueueOne(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		for round := range 10 {
			p := f.patient("granted")
			var wg sync.WaitGroup
			for range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					err := d.Gorm.Transaction(func(tx *gorm.DB) error {
						_, err := f.outbox.Enqueue(context.Background(), tx, NewMessage{TenantID: f.tenantID, PatientID: p,
							Body: "Minum obat sekarang", Source: SourceManual})
						return err
					})
					if err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			var queued int64
			must(t, d.Gorm.Model(&Message{}).Where("patient_id = ? AND status = ?", p, StatusQueued).Count(&queued).Error)
			if queued != 1 {
				t.Fatalf("round %d: %d identical messages queued", round, queued)
			}
		}
	})
}

// 9. Sending never waits for a tick: a queued message wakes the dispatcher
// at once — in this process, and on PostgreSQL in every process.
func TestQueuedMessageLeavesWithoutATick(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		testutil.NoQuietHours(t, d) // the dispatcher runs on the real clock
		sys := clock.System{}
		disp := NewDispatcher(d, f.ch, NewDBLookups(d), nil, sys, DispatchConfig{Worker: "w", Channels: f.disp.cfg.Channels,
			Poll: time.Hour}, nil)
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); disp.Run(ctx) }()
		go func() { defer wg.Done(); d.Listen(ctx, NotifyChannel, disp.Waker().Wake, nil) }()
		defer func() { cancel(); wg.Wait() }()
		time.Sleep(100 * time.Millisecond) // the workers are asleep now (poll: one hour)

		local := NewOutbox(d, sys, []string{"whatsapp", "sms", "kakao", "log"}, NewDBLookups(d))
		local.OnQueued(disp.Waker().Wake)
		p := f.patient("granted")
		m, err := local.Enqueue(context.Background(), d.Gorm, NewMessage{TenantID: f.tenantID, PatientID: p, Body: "sekarang",
			Source: SourceManual, ChannelOrder: []string{"whatsapp"}})
		must(t, err)
		waitSent(t, f, m.ID)
		if d.Dialect != db.Postgres {
			return
		}
		// Another process's outbox: only the database notification can wake this dispatcher.
		remote := NewOutbox(d, sys, []string{"whatsapp", "sms", "kakao", "log"}, NewDBLookups(d))
		m, err = remote.Enqueue(context.Background(), d.Gorm, NewMessage{TenantID: f.tenantID, PatientID: p, Body: "dari replika lain",
			Source: SourceManual, ChannelOrder: []string{"whatsapp"}})
		must(t, err)
		waitSent(t, f, m.ID)
	})
}

func waitSent(t *testing.T, f *fixture, id string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if f.ch.sends(id) == 1 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	got, _ := f.load(id)
	t.Fatalf("the message was not sent within 3 s of being queued: %+v", got)
}
