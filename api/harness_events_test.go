package api

import (
	"context"

	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/platform/db"
)

// eventsHarness is the outbound events side as cmd/prima builds it: the
// recorder changes record through, and a dispatcher allowed to reach the
// tests' loopback receivers.
type eventsHarness struct {
	recorder *events.Recorder
	disp     *events.Dispatcher
}

// testEvents is the event subscription service and its dispatcher.
func testEvents(d *db.DB, a *testApp) (*events.Service, *eventsHarness) {
	rec := events.NewRecorder(d, a.clock)
	svc := events.NewService(events.Deps{DB: d, Recorder: rec, Keyring: a.keyring, Clock: a.clock,
		AllowPrivate: a.cfg.WebhookAllowPrivate})
	disp := events.NewDispatcher(d, a.keyring, a.clock, rec, events.DispatchConfig{AllowPrivate: true}, nil)
	return svc, &eventsHarness{recorder: rec, disp: disp}
}

// deliverEvents sends every due event delivery and returns how many attempts it made.
func (a *testApp) deliverEvents() int {
	a.t.Helper()
	n, err := a.events.disp.DispatchDue(context.Background())
	if err != nil {
		a.t.Fatal(err)
	}
	return n
}
