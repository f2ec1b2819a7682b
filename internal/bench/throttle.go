package bench

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/wiring"
)

// throttleResult is a backlog on a rate-limited channel, dispatched for a
// bounded time.
type throttleResult struct {
	Rate, Queued int
	For          time.Duration
	Sent         int64
	Burst        int64   // sends in the first half second (the limiter's burst)
	Steady       float64 // sends per second after the burst
	SQL          int64
	Tx           txCounts
	Once         bool // no text reached the provider twice
}

// throttled queues c.ThrottleMessages WhatsApp messages, then runs a sending
// side built by internal/wiring as a server with PRIMA_CHANNEL_RATES
// whatsapp=c.ThrottleRate builds it, in the background for c.ThrottleFor, and
// counts what reached the provider and the statements and commits that took.
// The messages left queued stay in the outbox.
func throttled(ctx context.Context, s *Stack, gowa *fakeGOWA, data *dataset, c Config) (throttleResult, error) {
	res := throttleResult{Rate: c.ThrottleRate, Queued: c.ThrottleMessages, For: c.ThrottleFor}
	ns := make([]outbox.NewMessage, 0, c.ThrottleMessages)
	for i := range c.ThrottleMessages {
		p := i % data.patients
		ns = append(ns, outbox.NewMessage{TenantID: data.id(tagTenant, data.tenantOf(p)), PatientID: data.id(tagPatient, p),
			Body: fmt.Sprintf("Jangan lupa kontrol minggu depan di poli onkologi. (T%d)", i), Source: outbox.SourceManual,
			ChannelOrder: []string{"whatsapp"}})
	}
	for start := 0; start < len(ns); start += 500 {
		if _, err := s.Outbox.EnqueueMany(ctx, s.DB.Gorm.WithContext(ctx), ns[start:min(start+500, len(ns))]); err != nil {
			return res, fmt.Errorf("queue the backlog: %w", err)
		}
	}

	cfg := *s.Config
	cfg.ChannelRates = maps.Clone(s.Config.ChannelRates)
	cfg.ChannelRates["whatsapp"] = c.ThrottleRate
	svc := *s.Services
	svc.Config = &cfg
	snd, err := wiring.NewSending(&svc, nil)
	if err != nil {
		return res, err
	}
	// The outbox wakes the big tick's dispatcher again afterwards.
	defer s.Outbox.OnQueued(s.Send.Dispatcher.Waker().Wake)

	gowa.reset()
	_ = s.sql.takeSites()
	sql0, tx0 := s.sql.Count(), s.tx.snapshot()
	stop := snd.Start()
	start := time.Now()
	select {
	case <-ctx.Done():
	case <-time.After(c.ThrottleFor):
	}
	stop()
	res.SQL, res.Tx = s.sql.Count()-sql0, s.tx.snapshot().sub(tx0)
	st := gowa.stats()
	res.Sent = st.Total
	res.Once = st.MaxCopy <= 1 && st.Bad == 0
	res.Burst = res.Sent - int64(gowa.sentSince(start.Add(500*time.Millisecond)))
	if span := st.Last.Sub(st.First); span > 0 {
		res.Steady = float64(res.Sent-res.Burst) / span.Seconds()
	}
	return res, ctx.Err()
}
