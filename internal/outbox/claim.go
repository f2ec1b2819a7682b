package outbox

import (
	"context"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
)

// claimDue marks up to limit due queued messages as sending for worker until
// leaseUntil and returns them. On PostgreSQL concurrent dispatchers skip each
// other's rows (FOR UPDATE SKIP LOCKED); SQLite has one writer, so the single
// UPDATE … RETURNING is atomic by itself.
func claimDue(ctx context.Context, d *db.DB, worker string, now, leaseUntil time.Time, limit int) ([]Message, error) {
	var out []Message
	// No outer status re-check: on PostgreSQL the subquery's FOR UPDATE already
	// re-evaluates the status under the row lock (and an outer filter makes the
	// planner re-run the subquery per queued row when statistics are stale, as
	// they are right after a tick queued many messages); SQLite has one writer.
	// ARRAY(…) makes PostgreSQL run the locking subquery exactly once.
	target := "id IN (SELECT id FROM messages WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY priority, next_attempt_at LIMIT ?)"
	if d.Dialect == db.Postgres {
		target = "id = ANY(ARRAY(SELECT id FROM messages WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY priority, next_attempt_at LIMIT ?" + d.SkipLocked() + "))"
	}
	sql := `UPDATE messages SET status = 'sending', claimed_by = ?, claim_expires_at = ?, updated_at = ?
WHERE ` + target + `
RETURNING *`
	err := d.Gorm.WithContext(ctx).Raw(sql, worker, leaseUntil, now, now, limit).Scan(&out).Error
	return out, err
}

// expiredLeases returns messages whose dispatcher stopped (crashed) mid-send.
func expiredLeases(ctx context.Context, d *db.DB, now time.Time, limit int) ([]Message, error) {
	var out []Message
	err := d.Gorm.WithContext(ctx).Where("status = ? AND claim_expires_at < ?", StatusSending, now).
		Order("claim_expires_at").Limit(limit).Find(&out).Error
	return out, err
}
