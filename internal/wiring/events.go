package wiring

import (
	"context"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/events"
	"github.com/prometheus/client_golang/prometheus"
)

// buildEvents makes the outbound events' recorder, which changes record
// their events through, and the subscription service.
func (s *Services) buildEvents() {
	s.EventRecorder = events.NewRecorder(s.DB, s.Clock)
	s.Events = events.NewService(events.Deps{DB: s.DB, Recorder: s.EventRecorder, Keyring: s.Keyring, Clock: s.Clock,
		AllowPrivate: s.Config.WebhookAllowPrivate, Log: s.Log})
}

// newEventDispatcher builds the dispatcher that delivers events to the
// subscribed endpoints through the SSRF-safe client, woken by this process's
// recordings. reg may be nil (no metrics).
func (s *Services) newEventDispatcher(reg prometheus.Registerer) *events.Dispatcher {
	d := events.NewDispatcher(s.DB, s.Keyring, s.Clock, s.EventRecorder,
		events.DispatchConfig{AllowPrivate: s.Config.WebhookAllowPrivate, Timeout: 10 * time.Second}, s.Log)
	s.EventRecorder.OnWrite(d.Wake)
	s.Events.OnQueued(d.Wake)
	if reg != nil {
		d.SetMetrics(events.NewMetrics(reg))
	}
	return d
}

// startEvents runs the event dispatcher and keeps the recorder's copy of the
// subscriptions fresh, until ctx ends.
func (snd *Sending) startEvents(ctx context.Context, wg *sync.WaitGroup) {
	wg.Add(2)
	go func() { defer wg.Done(); snd.Events.Run(ctx) }()
	go func() { defer wg.Done(); snd.s.EventRecorder.Run(ctx) }()
}
