package outbox

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// A model-based test of the message state machine: random interleavings of
// claims, attempt starts, provider answers, recorded outcomes, crashes, lease
// recovery, receipts (early, late, failed) and receipt-wait expiry, on an
// injected clock, with the outbox's promise checked after every step:
// never a second copy to the patient, and a log that tells the truth.

// modelProvider is every channel's provider as the patient sees it: the
// copies it accepted per message and channel. Like NHN, the kakao channel
// drops a repeated idempotency key for ten minutes — and forgets it after.
type modelProvider struct {
	copies   map[string]map[string]int  // message → channel → accepted copies
	failed   map[string]map[string]bool // message → channel → a copy was reported undelivered
	keys     map[string]time.Time       // kakao key → accepted at
	byPID    map[string][2]string       // provider id → message, channel
	accepted []string                   // provider ids, for receipts
	expired  map[string]map[string]bool // message → channel left after a receipt wait
}

func newModelProvider() *modelProvider {
	return &modelProvider{copies: map[string]map[string]int{}, failed: map[string]map[string]bool{}, keys: map[string]time.Time{},
		byPID: map[string][2]string{}, expired: map[string]map[string]bool{}}
}

func mark[V any](m map[string]map[string]V, a, b string, v V) {
	if m[a] == nil {
		m[a] = map[string]V{}
	}
	m[a][b] = v
}

// answer is what one provider call does; how the fake answers is drawn at random.
func (p *modelProvider) answer(r result, how int, now time.Time) result {
	m := r.msg
	pid := fmt.Sprintf("%s-%s-%d", m.Channel, m.ID, m.TotalAttempts)
	accept := func() bool {
		if m.Channel == "kakao" {
			key := m.ID + ":" + strconv.Itoa(m.TotalAttempts)
			if at, ok := p.keys[key]; ok && now.Sub(at) < 10*time.Minute {
				return false // a duplicate key: dropped
			}
			p.keys[key] = now
		}
		mark(p.copies, m.ID, m.Channel, p.copies[m.ID][m.Channel]+1)
		p.byPID[pid] = [2]string{m.ID, m.Channel}
		p.accepted = append(p.accepted, pid)
		return true
	}
	switch how {
	case 0, 1, 2: // accepted
		if accept() {
			r.sent, r.providerID = true, pid
		} else {
			r.serr = &SendError{Outcome: OutcomeAlreadyAccepted, Code: "-1005"}
		}
	case 3: // accepted, but the answer is lost
		accept()
		r.serr = &SendError{Outcome: OutcomeUnknown, Code: "timeout"}
	case 4: // never arrived, and nobody knows
		r.serr = &SendError{Outcome: OutcomeUnknown, Code: "timeout"}
	case 5:
		r.serr = &SendError{Outcome: OutcomeRetryable, Code: "http_503"}
	case 6:
		r.serr = &SendError{Outcome: OutcomePermanent, Code: "rejected"}
	default:
		r.serr = &SendError{Outcome: OutcomeThrottled, Code: "429", RetryAfter: 5 * time.Second}
	}
	return r
}

// modelWorker is one dispatcher somewhere in its batch.
type modelWorker struct {
	d       *Dispatcher
	token   string
	at      time.Time // when it claimed
	pending []result  // started, not yet handed over
	done    []result  // answered or decided, not yet recorded
	claimed bool
}

func TestModelMessageStateMachine(t *testing.T) {
	seeds := 25
	if s := os.Getenv("PRIMA_MODEL_SEEDS"); s != "" {
		seeds, _ = strconv.Atoi(s)
	}
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		n := seeds
		if d.Dialect == db.Postgres {
			n = max(1, seeds/3)
		}
		for seed := range n {
			runModel(t, d, uint64(seed)+1)
			if t.Failed() {
				return
			}
		}
	})
}

func runModel(t *testing.T, d *db.DB, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b9))
	f := newFixture(t, d)
	f.disp.cfg.ReceiptWait = 30 * time.Minute
	ctx := context.Background()
	prov := newModelProvider()
	orders := [][]string{{"whatsapp", "sms"}, {"kakao", "sms"}, {"whatsapp"}, {"sms", "whatsapp"}}
	var msgs []string
	for i := range 6 {
		m := f.enqueue(f.patient("granted"), fmt.Sprintf("model %d-%d", seed, i), orders[rng.IntN(len(orders))]...)
		msgs = append(msgs, m.ID)
	}
	workers := make([]*modelWorker, 3)
	fresh := func() *Dispatcher {
		return NewDispatcher(d, f.ch, NewDBLookups(d), f.disp.tokens, f.clock, DispatchConfig{Worker: "same-name", Workers: 1,
			Batch: 1 + rng.IntN(4), Channels: f.disp.cfg.Channels, ReceiptWait: 30 * time.Minute, MaxChannelAttempts: 2,
			Backoff: []time.Duration{30 * time.Second, time.Minute}}, nil)
	}
	for i := range workers {
		workers[i] = &modelWorker{d: fresh()}
	}
	var trail []string
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("seed %d on %s: "+format+"\nsteps:\n  %s", append(append([]any{seed, d.Dialect}, args...), strings.Join(trail, "\n  "))...)
	}
	lanes := workers[0].d.lanes()
	for step := 0; step < 400; step++ {
		now := f.clock.Now().UTC()
		w := workers[rng.IntN(len(workers))]
		switch a := rng.IntN(100); {
		case a < 20 && !w.claimed: // claim
			l := lanes[rng.IntN(len(lanes))]
			batch, _, err := w.d.claim(ctx, l, now)
			if err != nil {
				fail("claim: %v", err)
			}
			if len(batch) == 0 {
				continue
			}
			res, toSend, err := w.d.prepare(ctx, batch, now)
			if err != nil {
				fail("prepare: %v", err)
			}
			started, err := w.d.start(ctx, *batch[0].ClaimToken, toSend, now)
			if err != nil {
				fail("start: %v", err)
			}
			w.claimed, w.token, w.done, w.pending, w.at = true, *batch[0].ClaimToken, res, started, now
			trail = append(trail, fmt.Sprintf("%s claim %d, start %d", now.Format("15:04:05"), len(batch), len(started)))
		case a < 50 && len(w.pending) > 0: // one provider call answers
			how := rng.IntN(8)
			held := func() bool { return now.Sub(w.at) < w.d.cfg.Lease*2/3 } // no heartbeat here: a stalled process
			r := w.pending[0]
			if held() {
				r = prov.answer(r, how, now)
			} else {
				r.released = "lease_lost" // as sendAll does when the lease may be lost
			}
			w.pending, w.done = w.pending[1:], append(w.done, r)
			trail = append(trail, fmt.Sprintf("%s send %s on %s (#%d) → %d", now.Format("15:04:05"), r.msg.ID[len(r.msg.ID)-4:], r.msg.Channel, r.msg.TotalAttempts, how))
		case a < 62 && w.claimed && len(w.pending) == 0: // record
			if _, err := w.d.record(ctx, w.token, w.done); err != nil {
				fail("record: %v", err)
			}
			trail = append(trail, fmt.Sprintf("%s record %d", now.Format("15:04:05"), len(w.done)))
			*w = modelWorker{d: w.d}
		case a < 66: // the process dies: what it held is left to lease recovery
			if w.claimed {
				trail = append(trail, fmt.Sprintf("%s crash (%d unsent, %d unrecorded)", now.Format("15:04:05"), len(w.pending), len(w.done)))
			}
			*w = modelWorker{d: fresh()}
		case a < 74:
			n, err := w.d.recover(ctx, now)
			if err != nil {
				fail("recover: %v", err)
			}
			trail = append(trail, fmt.Sprintf("%s recover %d", now.Format("15:04:05"), n))
		case a < 84 && len(prov.accepted) > 0: // a receipt, possibly before the outcome is recorded
			pid := prov.accepted[rng.IntN(len(prov.accepted))]
			who := prov.byPID[pid]
			state := []string{ReceiptDelivered, ReceiptRead, ReceiptFailed}[rng.IntN(3)]
			if prov.failed[who[0]][who[1]] {
				state = ReceiptFailed
			}
			if state == ReceiptFailed {
				mark(prov.failed, who[0], who[1], true)
			}
			if _, err := NewReceipts(d, f.clock).Apply(ctx, who[1], pid, state, now); err != nil {
				fail("receipt: %v", err)
			}
			trail = append(trail, fmt.Sprintf("%s receipt %s %s", now.Format("15:04:05"), pid, state))
		case a < 88: // the receipt wait expires
			before := modelSnapshot(t, d, msgs)
			if _, err := NewReceipts(d, f.clock).ExpireReceiptWaits(ctx, now); err != nil {
				fail("expire: %v", err)
			}
			for id, m := range modelSnapshot(t, d, msgs) {
				if b := before[id]; b.Channel != m.Channel && b.Status == StatusSent {
					mark(prov.expired, id, b.Channel, true)
				}
			}
			trail = append(trail, fmt.Sprintf("%s expire receipt waits", now.Format("15:04:05")))
		default: // time passes: seconds, past a lease, past a key's memory, past the receipt wait
			adv := []time.Duration{5 * time.Second, 40 * time.Second, 3 * time.Minute, 11 * time.Minute, 31 * time.Minute}[rng.IntN(5)]
			f.clock.Advance(adv)
			trail = append(trail, fmt.Sprintf("%s +%s", now.Format("15:04:05"), adv))
		}
		checkModel(t, d, msgs, prov, workers, fail)
	}
}

func modelSnapshot(t *testing.T, d *db.DB, ids []string) map[string]Message {
	var ms []Message
	must(t, d.Gorm.Where("id IN ?", ids).Find(&ms).Error)
	out := map[string]Message{}
	for _, m := range ms {
		out[m.ID] = m
	}
	return out
}

// checkModel asserts the promise after a step.
func checkModel(t *testing.T, d *db.DB, ids []string, p *modelProvider, workers []*modelWorker, fail func(string, ...any)) {
	t.Helper()
	inFlight := map[string]bool{} // answered by a provider, outcome not recorded yet
	for _, w := range workers {
		for _, r := range w.done {
			inFlight[r.msg.ID] = true
		}
	}
	for id, m := range modelSnapshot(t, d, ids) {
		copies := p.copies[id]
		reached := 0 // copies not reported undelivered, beyond those a receipt wait deliberately moved past
		for ch, n := range copies {
			if n > 1 {
				fail("message %s: %d copies on %s", id, n, ch)
			}
			if n == 1 && !p.failed[id][ch] && !p.expired[id][ch] {
				reached++
			}
		}
		if reached > 1 {
			fail("message %s reached the patient %d times: %v", id, reached, copies)
		}
		onChannel := copies[m.Channel] > 0 && !p.failed[id][m.Channel]
		switch m.Status {
		case StatusSent, StatusDelivered, StatusRead:
			unconfirmed := m.ErrorCode != nil && (*m.ErrorCode == ErrorUnconfirmed || *m.ErrorCode == ErrorAlreadyAccepted)
			if !unconfirmed && copies[m.Channel] == 0 {
				fail("message %s says %s on %s, but the provider never had it", id, m.Status, m.Channel)
			}
		case StatusQueued:
			if onChannel && m.ResendKeyAt == nil && !inFlight[id] {
				fail("message %s is queued to go again on %s, which already has its copy", id, m.Channel)
			}
		case StatusFailed:
			if onChannel && !inFlight[id] {
				fail("message %s says failed, but %s accepted it", id, m.Channel)
			}
		}
		if m.Status != StatusSending {
			var open int64
			must(t, d.Gorm.Model(&Attempt{}).Where("message_id = ? AND status = ?", id, AttemptStarted).Count(&open).Error)
			if open > 0 && !inFlight[id] {
				fail("message %s is %s with an attempt still started", id, m.Status)
			}
		}
	}
}
