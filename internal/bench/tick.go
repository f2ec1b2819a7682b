package bench

import (
	"context"
	"fmt"
	"slices"
	"time"

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
	if _, err := s.Scheduler.Tick(ctx, 0); err != nil {
		return emptyTickResult{}, err
	}
	took := make([]time.Duration, 0, runs)
	sql0 := s.sql.Count()
	did := 0
	for range runs {
		start := time.Now()
		sum, err := s.Scheduler.Tick(ctx, 0)
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
	Wall         time.Duration
	Ticks        int
	Materialize  time.Duration
	MarkMissed   time.Duration
	Summary      scheduler.Summary // summed over the ticks
	Statuses     map[string]int64  // the tick's messages by status
	Attempts     int64             // message_attempts rows the tick wrote
	Provider     sendStats
	SQLStatement int64
	OnceEach     bool // exactly one provider call per message, every message sent
}

func (r bigTickResult) PerSecond() float64 {
	if r.Wall <= 0 {
		return 0
	}
	return float64(r.Statuses["sent"]) / r.Wall.Seconds()
}

// bigTick runs ticks until every message the due reminders produce has left
// the outbox, then checks the fake provider saw each exactly once.
func bigTick(ctx context.Context, s *Stack, gowa *fakeGOWA, due int, since time.Time, timeout time.Duration) (res bigTickResult, err error) {
	res.Due = due
	gowa.reset()
	_, _ = s.timing.take()
	sql0 := s.sql.Count()
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	defer func() {
		// Filled in whether or not the outbox emptied, so a failure still shows how far it got.
		res.Wall = time.Since(start)
		res.SQLStatement = s.sql.Count() - sql0
		res.Materialize, res.MarkMissed = s.timing.take()
		res.Provider = gowa.stats()
		if st, serr := statusesSince(ctx, s, since); serr == nil {
			res.Statuses = st
		}
		if aerr := s.DB.Gorm.WithContext(ctx).Raw("SELECT count(*) FROM message_attempts WHERE started_at >= ?", since).
			Scan(&res.Attempts).Error; aerr != nil && err == nil {
			err = aerr
		}
		sent := res.Statuses["sent"]
		res.OnceEach = err == nil && sent == int64(due) && res.Provider.Total == sent && res.Provider.Distinct == int(sent) &&
			res.Provider.MaxCopy == 1 && res.Attempts == sent && res.Provider.Bad == 0
	}()
	for {
		sum, err := s.Scheduler.Tick(tctx, 0)
		res.Ticks++
		addSummary(&res.Summary, sum)
		if err != nil {
			if tctx.Err() != nil {
				return res, fmt.Errorf("not done after %s (tick %d stopped)", timeout, res.Ticks)
			}
			return res, fmt.Errorf("tick %d: %w", res.Ticks, err)
		}
		st, err := statusesSince(tctx, s, since)
		if err != nil {
			return res, err
		}
		if st["queued"]+st["sending"] == 0 && sum.Complete {
			return res, nil
		}
		if tctx.Err() != nil {
			return res, fmt.Errorf("the outbox was not empty after %s", timeout)
		}
	}
}

func statusesSince(ctx context.Context, s *Stack, since time.Time) (map[string]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	err := s.DB.Gorm.WithContext(ctx).Raw("SELECT status, count(*) AS n FROM messages WHERE created_at >= ? GROUP BY status", since).
		Scan(&rows).Error
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, err
}

func addSummary(dst *scheduler.Summary, s scheduler.Summary) {
	dst.OccurrencesCreated += s.OccurrencesCreated
	dst.MessagesQueued += s.MessagesQueued
	dst.MessagesSent += s.MessagesSent
	dst.MessagesSkipped += s.MessagesSkipped
	dst.MessagesFailed += s.MessagesFailed
	dst.Retries += s.Retries
	dst.Failovers += s.Failovers
	dst.Missed += s.Missed
	dst.Complete = s.Complete
}
