package outbox

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// recover settles messages whose dispatcher stopped mid-send (lease expired).
// If the send never started the message is simply queued again. If it started,
// the outcome is unknown: channels that deduplicate (AlimTalk's idempotency
// key) get the same attempt again; the others are marked sent-unconfirmed, so
// the patient never receives a second copy.
func (d *Dispatcher) recover(ctx context.Context, now time.Time) (int, error) {
	stale, err := expiredLeases(ctx, d.db, now, d.cfg.Batch)
	if err != nil || len(stale) == 0 {
		return 0, err
	}
	n := 0
	for _, m := range stale {
		err := d.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			var started Attempt
			found := tx.Where("message_id = ? AND attempt_no = ? AND status = ?", m.ID, m.TotalAttempts, "started").
				Limit(1).Find(&started).RowsAffected > 0
			fields := map[string]any{"claimed_by": nil, "claim_expires_at": nil, "updated_at": now, "version": gorm.Expr("version + 1")}
			switch {
			case !found:
				fields["status"], fields["next_attempt_at"] = StatusQueued, now
			case d.channels.ResendSafe(m.Channel):
				fields["status"], fields["next_attempt_at"], fields["total_attempts"] = StatusQueued, now, m.TotalAttempts-1
			default:
				fields["status"], fields["sent_at"], fields["next_attempt_at"] = StatusSent, now, nil
				fields["error_code"], fields["error_message"] = "unconfirmed", "the dispatcher stopped during the send; not sent again"
			}
			res := tx.Model(&Message{}).Where("id = ? AND status = ? AND claim_expires_at < ?", m.ID, StatusSending, now).Updates(fields)
			if res.Error != nil || res.RowsAffected == 0 {
				return res.Error
			}
			n++
			if found {
				return tx.Model(&Attempt{}).Where("id = ?", started.ID).
					Updates(map[string]any{"status": "unknown", "finished_at": now, "error_code": "interrupted"}).Error
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
