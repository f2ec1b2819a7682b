package outbox

import (
	"context"
	"time"

	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
)

// Receipts applies delivery receipts and fails over messages whose receipt
// never came.
type Receipts struct {
	db    *db.DB
	clock clock.Clock
}

// NewReceipts builds the receipt handler.
func NewReceipts(d *db.DB, c clock.Clock) *Receipts { return &Receipts{db: d, clock: c} }

// Receipt states a provider reports.
const (
	ReceiptDelivered = "delivered"
	ReceiptRead      = "read"
	ReceiptFailed    = "failed"
)

// Apply moves the outbound message with the provider id forward: sent →
// delivered → read, or to failed. A receipt never moves a message backwards
// (a late "delivered" after "read" changes nothing). It reports whether a
// message changed.
func (r *Receipts) Apply(ctx context.Context, channel, providerID, state string, at time.Time) (bool, error) {
	if providerID == "" {
		return false, nil
	}
	now := r.clock.Now().UTC()
	if at.IsZero() {
		at = now
	}
	q := r.db.Gorm.WithContext(ctx).Model(&Message{}).
		Where("provider_message_id = ? AND channel = ? AND direction = ?", providerID, channel, Outbound)
	fields := map[string]any{"updated_at": now, "version": gorm.Expr("version + 1"), "receipt_deadline": nil}
	switch state {
	case ReceiptDelivered:
		q = q.Where("status IN ?", []string{StatusSent, StatusSending})
		fields["status"], fields["delivered_at"] = StatusDelivered, at
	case ReceiptRead:
		q = q.Where("status IN ?", []string{StatusSent, StatusSending, StatusDelivered})
		fields["status"], fields["read_at"] = StatusRead, at
		fields["delivered_at"] = gorm.Expr("COALESCE(delivered_at, ?)", at)
	case ReceiptFailed:
		return r.undelivered(ctx, channel, providerID, at, now)
	default:
		return false, nil
	}
	res := q.Updates(fields)
	return res.RowsAffected > 0, res.Error
}

// ExpireReceiptWaits moves sent messages whose receipt wait is over, with a
// channel left in their order, to that next channel.
func (r *Receipts) ExpireReceiptWaits(ctx context.Context, now time.Time) (int, error) {
	var due []Message
	err := r.db.Gorm.WithContext(ctx).Where("status = ? AND receipt_deadline < ?", StatusSent, now).
		Order("receipt_deadline").Limit(1000).Find(&due).Error
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range due {
		next := m.ChannelIndex + 1
		fields := map[string]any{"receipt_deadline": nil, "updated_at": now, "version": gorm.Expr("version + 1")}
		if next < len(m.ChannelOrder) {
			fields["status"], fields["channel_index"], fields["channel"] = StatusQueued, next, m.ChannelOrder[next]
			fields["channel_attempts"], fields["next_attempt_at"] = 0, now
			fields["error_code"], fields["error_message"] = "no_receipt", "no delivery receipt in time; sent on the next channel"
		}
		res := r.db.Gorm.WithContext(ctx).Model(&Message{}).
			Where("id = ? AND status = ? AND receipt_deadline IS NOT NULL", m.ID, StatusSent).Updates(fields)
		if res.Error != nil {
			return n, res.Error
		}
		if res.RowsAffected > 0 && next < len(m.ChannelOrder) {
			n++
		}
	}
	return n, nil
}

// undelivered handles a failure receipt: the message moves to the next channel
// of its order, or fails when none is left.
func (r *Receipts) undelivered(ctx context.Context, channel, providerID string, at, now time.Time) (bool, error) {
	var m Message
	err := r.db.Gorm.WithContext(ctx).Where("provider_message_id = ? AND channel = ? AND direction = ? AND status = ?",
		providerID, channel, Outbound, StatusSent).Limit(1).Find(&m).Error
	if err != nil || m.ID == "" {
		return false, err
	}
	fields := map[string]any{"updated_at": now, "version": gorm.Expr("version + 1"), "receipt_deadline": nil,
		"error_code": "undelivered", "error_message": "the provider reported the message undelivered"}
	if next := m.ChannelIndex + 1; next < len(m.ChannelOrder) {
		fields["status"], fields["channel_index"], fields["channel"] = StatusQueued, next, m.ChannelOrder[next]
		fields["channel_attempts"], fields["next_attempt_at"] = 0, now
	} else {
		fields["status"], fields["failed_at"] = StatusFailed, at
	}
	res := r.db.Gorm.WithContext(ctx).Model(&Message{}).Where("id = ? AND status = ?", m.ID, StatusSent).Updates(fields)
	return res.RowsAffected > 0, res.Error
}
