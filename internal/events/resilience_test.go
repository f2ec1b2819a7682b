package events

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// A change commits and the process stops before its event is sent: a
// dispatcher started later on the same database delivers it. A process that
// claimed a delivery and died mid-send leaves it to another once the lease ends.
func TestNoEventIsLostWhenTheDispatcherStops(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r := newReceiver(t, 200)
		sub := e.subscribe(t, r.url(), TypeMessageSent)
		r.setSecrets(sub.PlainSecret)
		e.record(t, MessageSent(e.tenantA, "m1", "p1", "sms", nil, nil))
		// No dispatcher ran: a new one delivers.
		e.disp = e.dispatcher(DispatchConfig{AllowPrivate: true})
		if n := e.dispatch(t); n != 1 || len(r.got()) != 1 {
			t.Fatalf("dispatched %d, received %d", n, len(r.got()))
		}
		// A dispatcher claims and dies before sending.
		e.record(t, MessageSent(e.tenantA, "m2", "p1", "sms", nil, nil))
		dead := e.dispatcher(DispatchConfig{AllowPrivate: true, Lease: time.Minute})
		jobs, err := dead.claim(context.Background(), 10, nil)
		if err != nil || len(jobs) != 1 {
			t.Fatalf("claim: %d %v", len(jobs), err)
		}
		next := e.dispatcher(DispatchConfig{AllowPrivate: true})
		if n, _ := next.DispatchDue(context.Background()); n != 0 {
			t.Fatal("a claimed delivery was sent by another process within its lease")
		}
		e.clock.Advance(time.Minute + time.Second)
		if n, _ := next.DispatchDue(context.Background()); n != 1 || len(r.got()) != 2 {
			t.Fatalf("after the lease: dispatched %d, received %d", n, len(r.got()))
		}
		// The dead process's late outcome does not overwrite the live one's.
		dead.finish(context.Background(), jobs[0], outcome{err: "late"}, true)
		for _, dl := range e.deliveries(t, sub.ID) {
			if dl.Status != StatusSucceeded {
				t.Fatalf("delivery: %+v", dl)
			}
		}
	})
}

// One endpoint that answers slowly holds none of the others up.
func TestSlowEndpointDoesNotDelayOthers(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		slow, fast := newReceiver(t, 200), newReceiver(t, 200)
		slow.delay = 1500 * time.Millisecond
		s1, s2 := e.subscribe(t, slow.url(), TypeMessageSent), e.subscribe(t, fast.url(), TypeMessageSent)
		slow.setSecrets(s1.PlainSecret)
		fast.setSecrets(s2.PlainSecret)
		disp := e.dispatcher(DispatchConfig{AllowPrivate: true, Concurrency: 4, PerSubscription: 1, Poll: 20 * time.Millisecond})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { disp.Run(ctx); close(done) }()
		defer func() { cancel(); <-done }()
		start := time.Now()
		for i := range 6 {
			e.record(t, MessageSent(e.tenantA, "m"+string(rune('0'+i)), "p1", "sms", nil, nil))
		}
		deadline := time.Now().Add(5 * time.Second)
		for len(fast.got()) < 6 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if len(fast.got()) != 6 {
			t.Fatalf("fast endpoint got %d of 6", len(fast.got()))
		}
		if took := time.Since(start); took > time.Second {
			t.Fatalf("the fast endpoint waited %s behind the slow one", took)
		}
		if n := len(slow.got()); n > 1 {
			t.Fatalf("slow endpoint had %d requests at once, limit 1", n)
		}
	})
}

func TestPrivateAddressesAreRefusedUnlessAllowed(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r := newReceiver(t, 200)
		sub := e.subscribe(t, r.url(), TypeMessageSent)
		r.setSecrets(sub.PlainSecret)
		e.record(t, MessageSent(e.tenantA, "m1", "p1", "sms", nil, nil))
		e.disp = e.dispatcher(DispatchConfig{}) // production: private addresses refused
		e.dispatch(t)
		dl := e.deliveries(t, sub.ID)[0]
		if len(r.got()) != 0 || dl.Status != StatusPending || dl.LastError == nil || !strings.Contains(*dl.LastError, "private") {
			t.Fatalf("loopback endpoint reached %d times: %+v", len(r.got()), dl)
		}
		// Creating one with a private address is refused as well.
		strict := NewService(Deps{DB: d, Recorder: e.rec, Keyring: e.keys, Clock: e.clock})
		for _, u := range []string{r.url(), "https://127.0.0.1/x", "https://localhost/x", "https://10.1.2.3/x", "https://[::1]/x", "https://169.254.169.254/latest"} {
			if _, err := strict.Create(context.Background(), e.admin, Input{URL: u, Events: []string{TypeMessageSent}}); err == nil {
				t.Fatalf("%s accepted without PRIMA_WEBHOOK_ALLOW_PRIVATE", u)
			}
		}
		if _, err := strict.Create(context.Background(), e.admin, Input{URL: "https://hooks.example.org/prima", Events: []string{TypeMessageSent}}); err != nil {
			t.Fatal(err)
		}
	})
}
