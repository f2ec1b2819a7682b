package bench

import (
	"fmt"
	"math"
	"runtime"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
)

// Targets of the sending rows beyond SPEC §15's table: SQLite's own figure,
// and a rate-limited backlog that costs less than one statement per message
// it sends (statements that grow with the backlog, not with the sends, would
// exceed it).
const (
	targetSQLiteMsgPerSec  = 2000.0
	targetStatementsPerMsg = 0.05
	targetThrottledSQL     = 1.0
	throttleRateTolerance  = 0.1
)

func (r *runner) addEmptyTick(id, figure string, e emptyTickResult) {
	detail := fmt.Sprintf("p90 %s, max %s; %.0f SQL statements/tick", dur(e.P90), dur(e.Max), e.SQLPerTick)
	if e.Did > 0 {
		detail += fmt.Sprintf("; the ticks touched %d rows", e.Did)
	}
	r.rows = append(r.rows, row{id, figure, dur(e.Median), "< 50 ms", verdict(e.Median < targetEmptyTick), detail})
}

// bigTickTargets are the wall-time and throughput targets for due messages:
// SPEC §15 on PostgreSQL (30 s per 100,000), 2,000 msg/s on SQLite.
func (r *runner) bigTickTargets(due int) (time.Duration, string, float64) {
	if r.c.Dialect == db.SQLite {
		wall := time.Duration(float64(due) / targetSQLiteMsgPerSec * float64(time.Second))
		return wall, fmt.Sprintf("< %s (%s at 2,000/s)", dur(wall), count(due)), targetSQLiteMsgPerSec
	}
	if due == defaultBigTickDue {
		return targetBigTick, "< 30 s", targetMsgPerSec
	}
	wall := time.Duration(float64(targetBigTick) * float64(due) / defaultBigTickDue)
	return wall, fmt.Sprintf("< %s (30 s × %s/100,000)", dur(wall), count(due)), targetMsgPerSec
}

func (r *runner) addBigTick(b bigTickResult, base baselineResult, err error) {
	target, targetText, perSec := r.bigTickTargets(b.Due)
	sent := b.Statuses["sent"]
	ok := err == nil && sent == int64(b.Due)
	tail := b.Wall - b.Materialize - b.MarkMissed
	alongside := " (dispatch runs alongside)"
	if r.c.Sequential {
		alongside = ""
	}
	detail := fmt.Sprintf("materialise %s%s, mark missed %s, then dispatch until all sent %s; "+
		"tick returned at %s; first send at %s; statuses %v",
		secs(b.Materialize), alongside, secs(b.MarkMissed), secs(tail), secs(b.TickReturned), elapsedTo(b.Start, b.Provider.First), b.Statuses)
	if b.CPU.Self > 0 {
		pg := ""
		if r.c.Dialect == db.Postgres {
			pg = ", PostgreSQL processes " + secs(b.CPU.Postgres)
		}
		detail += fmt.Sprintf("; CPU: bench process %s%s (of %s on %d cores)",
			secs(b.CPU.Self), pg, secs(b.Wall*time.Duration(runtime.NumCPU())), runtime.NumCPU())
	}
	if err != nil {
		detail = err.Error() + "; " + detail
	}
	ratio := "—"
	if bp := base.PerSecond(); bp > 0 {
		ratio = fmt.Sprintf("%.0f %%", 100*b.PerSecond()/bp)
	}
	baseDetail := fmt.Sprintf("%s sends from %d goroutines in %s through the dispatcher's channel clients, no database",
		count(base.Sends), base.Concurrency, secs(base.Elapsed))
	if base.Errors > 0 {
		baseDetail += fmt.Sprintf("; %d failed (%s)", base.Errors, base.FirstErr)
	}
	tx := b.Tx
	r.rows = append(r.rows,
		row{"2", "big tick: " + count(b.Due) + " due → all sent", secs(b.Wall), targetText, verdict(ok && b.Wall < target), detail},
		row{"2b", "big tick throughput (end to end)", rate(b.PerSecond()) + " msg/s", "≥ " + rate(perSec) + " msg/s",
			verdict(ok && b.PerSecond() >= perSec), fmt.Sprintf("%s sent of %s due", count(sent), count(b.Due))},
		row{"2c", "baseline: fake provider, plain Go loop", rate(base.PerSecond()) + " msg/s", "—", "—", baseDetail},
		row{"2d", "PRIMA ÷ baseline (the figure to compare across runs)", ratio, "—", "—",
			fmt.Sprintf("%s msg/s ÷ %s msg/s", rate(b.PerSecond()), rate(base.PerSecond()))},
		row{"2e", "SQL statements per sent message", perMsg(b.SQLStatement, sent), "< 0.05",
			verdict(ok && float64(b.SQLStatement) < targetStatementsPerMsg*float64(sent)),
			fmt.Sprintf("%s statements: %s in transactions, %s on their own", count(b.SQLStatement), count(tx.InTx), count(tx.Auto))},
		row{"2f", "commits per sent message", perMsg(tx.Commits(), sent), "—", "—",
			fmt.Sprintf("%s commits: %s transactions (%s begun, %s rolled back) + %s statements on their own (%s of them writes)",
				count(tx.Commits()), count(tx.Committed), count(tx.Begun), count(tx.RolledBack), count(tx.Auto), count(tx.AutoWrites))},
		row{"2g", "provider calls per message", fmt.Sprintf("%s calls / %s messages", count(b.Provider.Total), count(sent)),
			"exactly 1", verdict(b.OnceEach), fmt.Sprintf("distinct texts %s, most copies of one text %d, attempts rows %s, refused %d",
				count(b.Provider.Distinct), b.Provider.MaxCopy, count(b.Attempts), b.Provider.Bad)},
	)
}

func (r *runner) addThrottled(t throttleResult, err error) {
	figure := fmt.Sprintf("rate-limited channel (%d/s, %s queued, %s): send rate", t.Rate, count(t.Queued), secs(t.For))
	if err != nil {
		r.rows = append(r.rows, row{"5", figure, "n/a", fmt.Sprintf("%d/s", t.Rate), "FAIL", err.Error()})
		return
	}
	rateOK := t.Rate > 0 && math.Abs(t.Steady-float64(t.Rate)) <= throttleRateTolerance*float64(t.Rate)
	perSent := math.Inf(1)
	if t.Sent > 0 {
		perSent = float64(t.SQL) / float64(t.Sent)
	}
	r.rows = append(r.rows,
		row{"5", figure, fmt.Sprintf("%.1f msg/s", t.Steady), fmt.Sprintf("%d/s ± 10 %%", t.Rate), verdict(rateOK && t.Once),
			fmt.Sprintf("%s sent in %s: a burst of %s, then %.1f/s; %s left queued; no text sent twice: %v",
				count(t.Sent), secs(t.For), count(t.Burst), t.Steady, count(int64(t.Queued)-t.Sent), t.Once)},
		row{"5b", "rate-limited channel: SQL statements per sent message", perMsg(t.SQL, t.Sent), "< 1 (bounded)",
			verdict(perSent < targetThrottledSQL),
			fmt.Sprintf("%s statements (%.1f/s) and %s commits (%s per sent message) while the backlog waited on the limiter",
				count(t.SQL), float64(t.SQL)/t.For.Seconds(), count(t.Tx.Commits()), perMsg(t.Tx.Commits(), t.Sent))},
	)
}

// perMsg is n per message, with three decimals.
func perMsg(n, msgs int64) string {
	if msgs <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.3f", float64(n)/float64(msgs))
}

// elapsedTo is the time from start to t, or "—" when t is unset.
func elapsedTo(start, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return secs(t.Sub(start))
}
