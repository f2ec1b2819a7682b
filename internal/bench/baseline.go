package bench

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/wiring"
)

// baselineResult is the fake provider driven by a plain loop: the ceiling of
// what any sender on this machine gets from it in this run.
type baselineResult struct {
	Sends       int
	Concurrency int
	Elapsed     time.Duration
	Errors      int64
	FirstErr    string
}

func (b baselineResult) PerSecond() float64 {
	if b.Elapsed <= 0 {
		return 0
	}
	return float64(int64(b.Sends)-b.Errors) / b.Elapsed.Seconds()
}

// baseline sends n messages to the fake provider through the same channel
// clients the dispatcher uses (wiring.NewChannels: the GOWA client, its HTTP
// transport and timeout), from conc goroutines pulling from a counter, with no
// database. The provider's counts are reset afterwards.
func baseline(ctx context.Context, s *Stack, gowa *fakeGOWA, phone string, n, conc int) (baselineResult, error) {
	chans, err := wiring.NewChannels(s.Config, s.Log)
	if err != nil {
		return baselineResult{}, err
	}
	res := baselineResult{Sends: n, Concurrency: conc}
	var (
		next     atomic.Int64
		failed   atomic.Int64
		firstErr sync.Once
		wg       sync.WaitGroup
	)
	start := time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := next.Add(1)
				if i > int64(n) {
					return
				}
				m := outbox.Outgoing{MessageID: ids.New(), Attempt: 1, To: phone,
					Body: "Baseline, waktunya minum Tamoxifen 20 mg. Balas YA jika sudah. (B" + strconv.FormatInt(i, 10) + ")"}
				if _, serr := chans.Send(ctx, "whatsapp", m); serr != nil {
					failed.Add(1)
					firstErr.Do(func() { res.FirstErr = serr.Code + ": " + serr.Message })
				}
			}
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	res.Errors = failed.Load()
	gowa.reset()
	return res, ctx.Err()
}
