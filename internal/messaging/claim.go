package messaging

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
	sql := `UPDATE messages SET status = 'sending', claimed_by = ?, claim_expires_at = ?, updated_at = ?
WHERE id IN (SELECT id FROM messages WHERE status = 'queued' AND next_attempt_at <= ?
             ORDER BY priority, next_attempt_at LIMIT ?` + d.SkipLocked() + `)
  AND status = 'queued'
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
