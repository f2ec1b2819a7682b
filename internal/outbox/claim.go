package outbox

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
)

// lane is what one claim takes from: a configured channel under its rate, or
// (other) every channel this server has no provider for.
type lane struct {
	channel string
	other   bool
}

func (d *Dispatcher) lanes() []lane {
	out := make([]lane, 0, len(d.cfg.Channels)+1)
	for _, ch := range d.cfg.Channels {
		out = append(out, lane{channel: ch})
	}
	return append(out, lane{other: true})
}

func channelKey(ch string) string { return "channel:" + ch }
func tenantKey(t string) string   { return "tenant:" + t }

// claim takes due messages of one lane, as many as its channel's and tenants'
// rates grant, so messages over a limit stay queued untouched instead of being
// claimed and put back. wait > 0 says when the lane may send again.
func (d *Dispatcher) claim(ctx context.Context, l lane, now time.Time) ([]Message, time.Duration, error) {
	token := ids.New()
	if l.other {
		return d.claimRows(ctx, l, "", now, d.cfg.Batch, token)
	}
	if until, err := d.tokens.PausedUntil(ctx, channelKey(l.channel)); err != nil {
		return nil, 0, fmt.Errorf("read channel pause: %w", err)
	} else if until.After(now) {
		if ok, err := d.anyDue(ctx, l, now); err != nil || !ok {
			return nil, 0, err
		}
		return nil, until.Sub(now), nil
	}
	rate := d.cfg.ChannelPerSecond[l.channel]
	if d.cfg.TenantPerSecond <= 0 {
		if rate <= 0 {
			return d.claimRows(ctx, l, "", now, d.cfg.Batch, token)
		}
		due, bulk, err := d.countDue(ctx, l, now)
		if err != nil || due == 0 {
			return nil, 0, err
		}
		granted, wait, err := d.grant(ctx, l.channel, rate, due-bulk, bulk)
		if err != nil {
			return nil, 0, err
		}
		if granted == 0 {
			return nil, wait, nil
		}
		batch, _, err := d.claimRows(ctx, l, "", now, granted, token)
		return batch, wait, err
	}
	return d.claimPerTenant(ctx, l, rate, now, token)
}

// refill is how long a lane with left messages over its rate waits before the
// next claim: until up to a second's worth of tokens is back (at least
// retryAfter), so a backlog is claimed in rate-sized batches, not one token at
// a time.
func refill(retryAfter time.Duration, left, perSecond int) time.Duration {
	if left <= 0 || perSecond <= 0 {
		return retryAfter
	}
	return max(retryAfter, time.Second*time.Duration(min(left, perSecond))/time.Duration(perSecond))
}

// claimPerTenant asks each tenant's limiter first and the channel's for the
// sum, so a tenant over its limit never uses up the channel's tokens.
func (d *Dispatcher) claimPerTenant(ctx context.Context, l lane, rate int, now time.Time, token string) ([]Message, time.Duration, error) {
	counts, err := d.countDueByTenant(ctx, l, now)
	if err != nil || len(counts) == 0 {
		return nil, 0, err
	}
	tenants := make([]string, 0, len(counts))
	for t := range counts {
		tenants = append(tenants, t)
	}
	slices.Sort(tenants)
	grants := map[string]int{}
	total := 0
	var wait time.Duration
	for _, t := range tenants {
		g, w, err := d.tokens.Take(ctx, tenantKey(t), d.cfg.TenantPerSecond, counts[t])
		if err != nil {
			return nil, 0, err
		}
		if g == 0 && w > 0 && (wait == 0 || w < wait) {
			wait = w
		}
		grants[t], total = g, total+g
	}
	if total == 0 {
		return nil, wait, nil
	}
	if rate > 0 {
		g, w, err := d.tokens.Take(ctx, channelKey(l.channel), rate, total)
		if err != nil || g == 0 {
			return nil, w, err
		}
		total = g
	}
	var out []Message
	for _, t := range tenants {
		n := min(grants[t], total)
		if n == 0 {
			continue
		}
		batch, _, err := d.claimRows(ctx, l, t, now, n, token)
		if err != nil {
			return out, 0, err
		}
		out = append(out, batch...)
		total -= n
	}
	return out, 0, nil
}

// laneFilter is the WHERE fragment choosing a lane's due queued messages.
func (d *Dispatcher) laneFilter(l lane, tenant string, now time.Time) (string, []any) {
	where := "status = 'queued' AND next_attempt_at <= ?"
	args := []any{now}
	if l.other {
		where += " AND channel NOT IN ?"
		args = append(args, d.cfg.Channels)
	} else {
		where += " AND channel = ?"
		args = append(args, l.channel)
	}
	if tenant != "" {
		where += " AND tenant_id = ?"
		args = append(args, tenant)
	}
	return where, args
}

// claimRows marks up to limit due messages of the lane as sending under the
// claim token and a new lease, and returns them. On PostgreSQL concurrent claimers
// skip each other's rows (FOR UPDATE SKIP LOCKED); SQLite has one writer.
func (d *Dispatcher) claimRows(ctx context.Context, l lane, tenant string, now time.Time, limit int, token string) ([]Message, time.Duration, error) {
	where, args := d.laneFilter(l, tenant, now)
	// ARRAY(…) makes PostgreSQL run the locking subquery exactly once; its FOR
	// UPDATE re-checks the status under the row lock.
	target := "id IN (SELECT id FROM messages WHERE " + where + " ORDER BY priority, next_attempt_at LIMIT ?)"
	if d.db.Dialect == db.Postgres {
		target = "id = ANY(ARRAY(SELECT id FROM messages WHERE " + where + " ORDER BY priority, next_attempt_at LIMIT ?" + d.db.SkipLocked() + "))"
	}
	sql := `UPDATE messages SET status = 'sending', claim_token = ?, claimed_by = ?, claim_expires_at = ?,
attempt_started_at = NULL, updated_at = ? WHERE ` + target + ` RETURNING *`
	all := append([]any{token, d.cfg.Worker, now.Add(d.cfg.Lease), now}, args...)
	all = append(all, limit)
	var out []Message
	err := d.db.Gorm.WithContext(ctx).Raw(sql, all...).Find(&out).Error
	return out, 0, err
}

// countDue counts the lane's first Batch due messages in claim order, and
// how many of them are bulk (campaign) traffic.
func (d *Dispatcher) countDue(ctx context.Context, l lane, now time.Time) (due, bulk int, err error) {
	where, args := d.laneFilter(l, "", now)
	var row struct{ Due, Bulk int }
	err = d.db.Gorm.WithContext(ctx).Raw("SELECT count(*) AS due, COALESCE(sum(CASE WHEN priority >= ? THEN 1 ELSE 0 END), 0) AS bulk FROM (SELECT priority FROM messages WHERE "+
		where+" ORDER BY priority, next_attempt_at LIMIT ?) AS due", append(append([]any{PriorityBulk}, args...), d.cfg.Batch)...).Scan(&row).Error
	return row.Due, row.Bulk, err
}

// BulkShare is the share of a rate-limited channel's budget that bulk
// (campaign) traffic may use: the rest stays free for replies, urgent
// answers and reminders, which a campaign never holds up.
const BulkShare = 0.8

func bulkKey(ch string) string { return "bulk:" + ch }

// grant takes the channel's tokens for the due messages, the urgent ones
// (interactive and normal priority, claimed first) before the bulk ones,
// which also draw on a bucket of BulkShare of the rate.
func (d *Dispatcher) grant(ctx context.Context, ch string, rate, urgent, bulk int) (int, time.Duration, error) {
	granted, wait := 0, time.Duration(0)
	if urgent > 0 {
		g, w, err := d.tokens.Take(ctx, channelKey(ch), rate, urgent)
		if err != nil {
			return 0, 0, err
		}
		granted, wait = g, refill(w, urgent-g, rate)
		if g < urgent {
			return granted, wait, nil
		}
	}
	if bulk == 0 {
		return granted, wait, nil
	}
	share := max(1, int(float64(rate)*BulkShare))
	gb, wb, err := d.tokens.Take(ctx, bulkKey(ch), share, bulk)
	if err != nil {
		return 0, 0, err
	}
	if gb > 0 {
		gc, wc, err := d.tokens.Take(ctx, channelKey(ch), rate, gb)
		if err != nil {
			return 0, 0, err
		}
		gb, wb = gc, max(wb, wc)
	}
	granted += gb
	return granted, max(wait, refill(wb, bulk-gb, share)), nil
}

func (d *Dispatcher) anyDue(ctx context.Context, l lane, now time.Time) (bool, error) {
	where, args := d.laneFilter(l, "", now)
	var n int
	err := d.db.Gorm.WithContext(ctx).Raw("SELECT count(*) FROM (SELECT 1 FROM messages WHERE "+where+" LIMIT 1) AS due", args...).
		Scan(&n).Error
	return n > 0, err
}

func (d *Dispatcher) countDueByTenant(ctx context.Context, l lane, now time.Time) (map[string]int, error) {
	where, args := d.laneFilter(l, "", now)
	var rows []struct {
		TenantID string
		N        int
	}
	err := d.db.Gorm.WithContext(ctx).Raw("SELECT tenant_id, count(*) AS n FROM (SELECT tenant_id FROM messages WHERE "+where+
		" ORDER BY priority, next_attempt_at LIMIT ?) AS due GROUP BY tenant_id", append(args, d.cfg.Batch)...).Scan(&rows).Error
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.TenantID] = r.N
	}
	return out, err
}

// DueRemaining reports whether queued messages are due at now (sent by no one yet).
func (d *Dispatcher) DueRemaining(ctx context.Context, now time.Time) (bool, error) {
	var n int
	err := d.db.Gorm.WithContext(ctx).Raw("SELECT count(*) FROM (SELECT 1 FROM messages WHERE status = 'queued' AND next_attempt_at <= ? LIMIT 1) AS due",
		now).Scan(&n).Error
	return n > 0, err
}

// heartbeat keeps a batch's lease alive until stop is called, so a slow batch
// never outlives its claim while its process lives. held reports whether the
// lease is surely still this batch's: renewed (or claimed) within the last
// two thirds of a lease. A process that stalled past that (a long pause, a
// database it cannot reach) may have lost the claim to recovery, so it must
// not hand over what it has not sent yet.
func (d *Dispatcher) heartbeat(ctx context.Context, token string, ids []string) (stop func(), held func() bool) {
	var renewed atomic.Int64
	renewed.Store(d.clock.Now().UnixNano())
	held = func() bool {
		return time.Duration(d.clock.Now().UnixNano()-renewed.Load()) < d.cfg.Lease*2/3
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(max(d.cfg.Lease/3, 10*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				now := d.clock.Now().UTC()
				err := d.db.Gorm.WithContext(ctx).Exec(`UPDATE messages SET claim_expires_at = ? WHERE id IN ? AND claim_token = ?`,
					now.Add(d.cfg.Lease), ids, token).Error
				if err != nil {
					d.log.Warn("outbox lease heartbeat failed", "error", err.Error())
					continue
				}
				renewed.Store(now.UnixNano())
			}
		}
	}()
	return func() { close(done); wg.Wait() }, held
}
