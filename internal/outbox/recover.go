package outbox

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// recover settles messages whose claim expired (their process stopped
// mid-batch). One UPDATE decides, under each row's lock, from what the row
// itself says: if no attempt had started, the message is queued again; if one
// had, the outcome is unknown, so channels whose provider keeps idempotency
// keys send the same attempt again (same key) and the others are marked
// sent-unconfirmed, so the patient never gets a second copy. A dispatcher
// starting an attempt needs its unexpired lease and token, so it either starts
// before this UPDATE (which then sees the start) or fails to start at all.
func (d *Dispatcher) recover(ctx context.Context, now time.Time) (int, error) {
	safe := d.resendable()
	if len(safe) == 0 {
		safe = []string{""} // IN () is not SQL
	}
	n := 0
	at := now
	err := d.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := d.db.Typed("@now", "timestamptz")
		lost := "attempt_started_at IS NOT NULL AND channel NOT IN @safe"
		again := "attempt_started_at IS NOT NULL AND channel IN @safe"
		var got []string
		err := tx.Raw(`UPDATE messages SET
status = CASE WHEN `+lost+` THEN 'sent' ELSE 'queued' END,
next_attempt_at = CASE WHEN `+lost+` THEN NULL ELSE `+now+` END,
sent_at = CASE WHEN `+lost+` THEN `+now+` ELSE sent_at END,
error_code = CASE WHEN `+lost+` THEN 'unconfirmed' ELSE error_code END,
error_message = CASE WHEN `+lost+` THEN 'the dispatcher stopped during the send; not sent again' ELSE error_message END,
resend_key_at = CASE WHEN `+again+` THEN COALESCE(resend_key_at, attempt_started_at) ELSE resend_key_at END,
receipt_deadline = NULL, claim_token = NULL, claimed_by = NULL, claim_expires_at = NULL, attempt_started_at = NULL,
updated_at = @now, version = version + 1
WHERE id IN (SELECT id FROM messages WHERE status = 'sending' AND claim_expires_at < @now ORDER BY claim_expires_at LIMIT @limit)
AND status = 'sending' AND claim_expires_at < @now
RETURNING id`, map[string]any{"safe": safe, "now": at, "limit": d.cfg.Batch}).Scan(&got).Error
		if err != nil || len(got) == 0 {
			return err
		}
		n = len(got)
		return tx.Exec(`UPDATE message_attempts SET status = ?, finished_at = ?, error_code = 'interrupted',
error_message = 'the dispatcher stopped during the send' WHERE message_id IN ? AND status = ?`,
			AttemptUnknown, at, got, AttemptStarted).Error
	})
	if n > 0 {
		d.metrics.countRecovered(n)
	}
	return n, err
}
