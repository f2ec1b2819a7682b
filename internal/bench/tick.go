package bench

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/scheduler"
)

// emptyTickResult is the time of ticks that find nothing to do.
type emptyTickResult struct {
	Median, P90, Max time.Duration
	Runs             int
	SQLPerTick       float64
	Did              int // rows any of the ticks touched (should be 0)
}

// emptyTick runs the scheduler's tick runs times (after one warm-up run).
func emptyTick(ctx context.Context, s *Stack, runs int) (emptyTickResult, error) {
	if _, err := s.Send.Scheduler.Tick(ctx, 0); err != nil {
		return emptyTickResult{}, err
	}
	took := make([]time.Duration, 0, runs)
	sql0 := s.sql.Count()
	did := 0
	for range runs {
		start := time.Now()
		sum, err := s.Send.Scheduler.Tick(ctx, 0)
		if err != nil {
			return emptyTickResult{}, err
		}
		took = append(took, time.Since(start))
		did += sum.OccurrencesCreated + sum.MessagesQueued + sum.MessagesSent + sum.MessagesSkipped + sum.MessagesFailed +
			sum.Missed + sum.Failovers + sum.Retries
	}
	slices.Sort(took)
	return emptyTickResult{Median: took[len(took)/2], P90: took[len(took)*9/10], Max: took[len(took)-1], Runs: runs,
		SQLPerTick: float64(s.sql.Count()-sql0) / float64(runs), Did: did}, nil
}

// bigTickResult is the tick that sends every due reminder.
type bigTickResult struct {
	Due          int
	Wall         time.Duration // from the tick's start until no message is queued or being sent
	TickReturned time.Duration // when the tick itself returned
	Materialize  time.Duration
	MarkMissed   time.Duration
	Summary      scheduler.Summary
	Statuses     map[string]int64 // the tick's messages by status
	Attempts     int64            // message_attempts rows the tick wrote
	Provider     sendStats
	Start        time.Time
	SQLStatement int64
	Tx           txCounts
	CPU          cpuTimes
	OnceEach     bool // exactly one provider call per message, every message sent
}

func (r bigTickResult) PerSecond() float64 {
	if r.Wall <= 0 {
		return 0
	}
	return float64(r.Statuses["sent"]) / r.Wall.Seconds()
}

// bigTick runs the sending side as a server does (the dispatcher in the
// background, woken as messages are queued) and one tick, which makes the due
// reminders' messages and helps drain the outbox, then waits until no message
// is queued or being sent, and checks the fake provider saw each exactly once.
// With sequential (a diagnostic) no dispatcher runs in the background: the
// tick materialises everything, then drains the outbox on its own.
func bigTick(ctx context.Context, s *Stack, gowa *fakeGOWA, due int, since time.Time, timeout time.Duration, sequential bool) (res bigTickResult, err error) {
	res.Due = due
	gowa.reset()
	_, _ = s.timing.take()
	sql0, tx0, cpu0 := s.sql.Count(), s.tx.snapshot(), readCPU()
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	stop := func() {}
	if !sequential {
		stop = s.Send.Start()
	}
	res.Start = time.Now()
	defer func() {
		// Filled in whether or not the outbox emptied, so a failure still shows how far it got.
		if res.Wall == 0 {
			res.Wall = time.Since(res.Start)
		}
		res.SQLStatement, res.Tx, res.CPU = s.sql.Count()-sql0, s.tx.snapshot().sub(tx0), readCPU().sub(cpu0)
		stop()
		res.Materialize, res.MarkMissed = s.timing.take()
		res.Provider = gowa.stats()
		if st, serr := statusesSince(ctx, s, since); serr == nil {
			res.Statuses = st
		}
		if aerr := s.observer.Gorm.WithContext(ctx).Raw("SELECT count(*) FROM message_attempts WHERE started_at >= ?", since).
			Scan(&res.Attempts).Error; aerr != nil && err == nil {
			err = aerr
		}
		sent := res.Statuses["sent"]
		res.OnceEach = err == nil && sent == int64(due) && res.Provider.Total == sent && res.Provider.Distinct == int(sent) &&
			res.Provider.MaxCopy == 1 && res.Attempts == sent && res.Provider.Bad == 0
	}()
	sum, err := s.Send.Scheduler.Tick(tctx, 0)
	res.TickReturned = time.Since(res.Start)
	res.Summary = sum
	if err != nil {
		if tctx.Err() != nil {
			return res, fmt.Errorf("the tick did not end within %s", timeout)
		}
		return res, fmt.Errorf("tick: %w", err)
	}
	if err := waitSent(tctx, s, gowa, int64(sum.MessagesQueued)); err != nil {
		if tctx.Err() != nil {
			return res, fmt.Errorf("the outbox was not empty after %s", timeout)
		}
		return res, err
	}
	res.Wall = time.Since(res.Start)
	return res, nil
}

// waitSent returns once no message is queued or being sent. While the fake
// provider has seen fewer than queued sends it looks only at the provider's
// counter (a database poll costs the server CPU time); then it polls the
// outbox's partial indexes on the observer pool every few milliseconds.
func waitSent(ctx context.Context, s *Stack, gowa *fakeGOWA, queued int64) error {
	lastPoll := time.Now()
	for {
		if gowa.sent() >= queued || time.Since(lastPoll) > time.Second {
			lastPoll = time.Now()
			n, err := unsettled(ctx, s.observer)
			if err != nil {
				return err
			}
			if n == 0 {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// unsettled counts the messages queued or being sent (each through its own
// partial index).
func unsettled(ctx context.Context, d *db.DB) (int64, error) {
	var n int64
	err := d.Gorm.WithContext(ctx).Raw(`SELECT (SELECT count(*) FROM messages WHERE status = 'queued') +
(SELECT count(*) FROM messages WHERE status = 'sending')`).Scan(&n).Error
	return n, err
}

func statusesSince(ctx context.Context, s *Stack, since time.Time) (map[string]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	err := s.observer.Gorm.WithContext(ctx).Raw("SELECT status, count(*) AS n FROM messages WHERE created_at >= ? GROUP BY status", since).
		Scan(&rows).Error
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, err
}
