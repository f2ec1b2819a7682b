package events

import (
	"context"
	"fmt"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
)

// job is a claimed delivery with what sending it needs.
type job struct {
	delivery Delivery
	event    Record
	sub      Subscription // soft-deleted ones included
	found    bool         // event and subscription were read
}

// claim takes up to limit due deliveries, at most PerSubscription of each
// subscription and none of the busy ones, by moving their next attempt a
// lease ahead under a fresh claim token: a process that dies mid-send leaves
// them due again when the lease ends. On PostgreSQL concurrent claimers skip
// each other's rows (FOR UPDATE SKIP LOCKED); SQLite has one writer.
func (d *Dispatcher) claim(ctx context.Context, limit int, busy []string) ([]job, error) {
	now := d.clock.Now().UTC()
	token := ids.New()
	where := "status = 'pending' AND next_attempt_at <= ?"
	args := []any{now}
	if len(busy) > 0 {
		where += " AND subscription_id NOT IN ?"
		args = append(args, busy)
	}
	candidates := "SELECT id, subscription_id, next_attempt_at FROM event_deliveries WHERE " + where +
		" ORDER BY next_attempt_at LIMIT ?" + d.db.SkipLocked()
	ranked := "SELECT id FROM (SELECT id, next_attempt_at, row_number() OVER (PARTITION BY subscription_id ORDER BY next_attempt_at, id) AS rn FROM (" +
		candidates + ") AS c) AS r WHERE rn <= ? ORDER BY next_attempt_at LIMIT ?"
	target := "id IN (" + ranked + ")"
	if d.db.Dialect == db.Postgres {
		target = "id = ANY(ARRAY(" + ranked + "))"
	}
	sql := "UPDATE event_deliveries SET claim_token = ?, next_attempt_at = ?, updated_at = ? WHERE " + target +
		" AND status = 'pending' AND next_attempt_at <= ? RETURNING *"
	all := []any{token, now.Add(d.cfg.Lease), now}
	all = append(all, args...)
	all = append(all, limit*4, d.cfg.PerSubscription, limit, now)
	var claimed []Delivery
	if err := d.db.Gorm.WithContext(ctx).Raw(sql, all...).Scan(&claimed).Error; err != nil {
		return nil, fmt.Errorf("claim event deliveries: %w", err)
	}
	if len(claimed) == 0 {
		return nil, nil
	}
	return d.load(ctx, claimed)
}

// load reads the events and subscriptions of claimed deliveries: two statements.
func (d *Dispatcher) load(ctx context.Context, claimed []Delivery) ([]job, error) {
	evIDs := make([]string, 0, len(claimed))
	subIDs := make([]string, 0, len(claimed))
	for _, c := range claimed {
		evIDs = append(evIDs, c.EventID)
		subIDs = append(subIDs, c.SubscriptionID)
	}
	var evs []Record
	if err := d.db.Gorm.WithContext(ctx).Where("id IN ?", evIDs).Find(&evs).Error; err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	var subs []Subscription
	if err := d.db.Gorm.WithContext(ctx).Unscoped().Where("id IN ?", subIDs).Find(&subs).Error; err != nil {
		return nil, fmt.Errorf("read event subscriptions: %w", err)
	}
	evByID := make(map[string]Record, len(evs))
	for _, e := range evs {
		evByID[e.ID] = e
	}
	subByID := make(map[string]Subscription, len(subs))
	for _, s := range subs {
		subByID[s.ID] = s
	}
	out := make([]job, 0, len(claimed))
	for _, c := range claimed {
		ev, okE := evByID[c.EventID]
		sub, okS := subByID[c.SubscriptionID]
		out = append(out, job{delivery: c, event: ev, sub: sub, found: okE && okS})
	}
	return out, nil
}
