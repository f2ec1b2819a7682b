package outbox

import (
	"cmp"
	"context"
	"time"

	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
)

// Receipts applies delivery receipts and fails over messages whose receipt
// never came. Every change is a compare-and-set on the state it read, so a
// late receipt never undoes what happened since.
type Receipts struct {
	db     *db.DB
	clock  clock.Clock
	events EventRecorder // message.delivered and message.failed (nil: none)
}

// NewReceipts builds the receipt handler.
func NewReceipts(d *db.DB, c clock.Clock) *Receipts { return &Receipts{db: d, clock: c} }

// SetEvents makes applied receipts record message.delivered and (out of
// channels) message.failed, in the statement batch that moves the message
// (nil: none).
func (r *Receipts) SetEvents(e EventRecorder) { r.events = e }

// Receipt states a provider reports.
const (
	ReceiptDelivered = "delivered"
	ReceiptRead      = "read"
	ReceiptFailed    = "failed"
)

// PendingReceiptTTL is how long a receipt for an unknown provider id waits for
// its send's outcome to be recorded.
const PendingReceiptTTL = 24 * time.Hour

// Apply moves the outbound message with the provider id forward: sent →
// delivered → read, or to the next channel / failed. A receipt never moves a
// message backwards (a late "delivered" after "read" changes nothing), and one
// for an attempt the message has moved on from changes nothing. A receipt for
// a provider id no message or attempt carries yet (its send's outcome is not
// recorded yet) is kept and applied when it is. It reports whether a message
// changed.
func (r *Receipts) Apply(ctx context.Context, channel, providerID, state string, at time.Time) (bool, error) {
	if providerID == "" || (state != ReceiptDelivered && state != ReceiptRead && state != ReceiptFailed) {
		return false, nil
	}
	now := r.clock.Now().UTC()
	if at.IsZero() {
		at = now
	}
	changed, err := r.applyNow(ctx, now, channel, providerID, state, at)
	if err != nil || changed {
		return changed, err
	}
	err = r.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Exclusive against recording outcomes (which hold it shared): a send recorded
		// before this point is seen below, one recorded after sees the pending row.
		if err := r.db.LockKeys(tx, []int64{pendingReceiptsLock}); err != nil {
			return err
		}
		var err error
		var evs []events.Event
		if changed, evs, err = applyReceipt(tx, now, channel, providerID, state, at); err != nil || changed {
			return cmp.Or(err, record(r.events, tx, evs))
		}
		var known int
		err = tx.Raw(`SELECT count(*) FROM (SELECT 1 FROM messages WHERE provider_message_id = ? AND channel = ?
UNION ALL SELECT 1 FROM message_attempts WHERE provider_message_id = ? AND channel = ?) AS k`,
			providerID, channel, providerID, channel).Scan(&known).Error
		if err != nil || known > 0 {
			return err
		}
		return tx.Create(&PendingReceipt{ID: ids.New(), Channel: channel, ProviderMessageID: providerID, State: state,
			At: at.UTC(), CreatedAt: now}).Error
	})
	return changed, err
}

// applyNow applies a receipt at once: on its own, or with the events it
// reports in one transaction when events are recorded.
func (r *Receipts) applyNow(ctx context.Context, now time.Time, channel, providerID, state string, at time.Time) (bool, error) {
	if !wantsReceiptEvents(r.events) {
		changed, _, err := applyReceipt(r.db.Gorm.WithContext(ctx), now, channel, providerID, state, at)
		return changed, err
	}
	changed := false
	err := r.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var evs []events.Event
		var err error
		if changed, evs, err = applyReceipt(tx, now, channel, providerID, state, at); err != nil {
			return err
		}
		return record(r.events, tx, evs)
	})
	return changed, err
}

// wantsReceiptEvents reports whether a receipt may report an event: no
// transaction is opened for events no subscription takes.
func wantsReceiptEvents(e EventRecorder) bool {
	if e == nil {
		return false
	}
	if w, ok := e.(interface{ Wants(types ...string) bool }); ok {
		return w.Wants(events.TypeMessageDelivered, events.TypeMessageFailed)
	}
	return true
}

// applyReceipt applies one receipt with q; each write compares the state it
// read. It returns the events of the change: message.delivered when the
// message first reached the patient (a "read" straight after "sent"
// included), message.failed when it is out of channels.
func applyReceipt(q *gorm.DB, now time.Time, channel, providerID, state string, at time.Time) (bool, []events.Event, error) {
	base := func() *gorm.DB {
		return q.Model(&Message{}).Where("provider_message_id = ? AND channel = ? AND direction = ?", providerID, channel, Outbound)
	}
	fields := map[string]any{"updated_at": now, "version": gorm.Expr("version + 1"), "receipt_deadline": nil}
	switch state {
	case ReceiptDelivered:
		return arrived(q, now, channel, providerID, "delivered_at = ?", []any{at}, StatusDelivered)
	case ReceiptRead:
		// Read after delivered: message.delivered was reported then.
		fields["status"], fields["read_at"] = StatusRead, at
		res := base().Where("status = ?", StatusDelivered).Updates(fields)
		if res.Error != nil || res.RowsAffected > 0 {
			return res.RowsAffected > 0, nil, res.Error
		}
		return arrived(q, now, channel, providerID, "delivered_at = ?, read_at = ?", []any{at, at}, StatusRead)
	}
	var m Message
	if err := base().Where("status = ?", StatusSent).Limit(1).Find(&m).Error; err != nil || m.ID == "" {
		return false, nil, err
	}
	if testHookBeforeUndelivered != nil {
		testHookBeforeUndelivered()
	}
	fields["error_code"], fields["error_message"] = "undelivered", "the provider reported the message undelivered"
	if next := m.ChannelIndex + 1; next < len(m.ChannelOrder) {
		fields["status"], fields["channel_index"], fields["channel"] = StatusQueued, next, m.ChannelOrder[next]
		fields["channel_attempts"], fields["next_attempt_at"] = 0, now
	} else {
		fields["status"], fields["failed_at"] = StatusFailed, at
	}
	// Compare-and-set on the version read: a message that moved on meanwhile is left alone.
	res := q.Model(&Message{}).Where("id = ? AND version = ? AND status = ?", m.ID, m.Version, StatusSent).Updates(fields)
	if res.Error != nil || res.RowsAffected == 0 {
		return false, nil, res.Error
	}
	if fields["status"] != StatusFailed {
		return true, nil, nil // on to the next channel: not failed yet
	}
	code := "undelivered"
	return true, []events.Event{events.MessageFailed(m.TenantID, m.ID, patientOf(m), m.Channel, &code)}, nil
}

// arrived moves the sent message with the provider id to status (its first
// evidence of arrival), setting set, and reports message.delivered for it.
// The update returns what the event needs: no statement more.
func arrived(q *gorm.DB, now time.Time, channel, providerID, set string, args []any, status string) (bool, []events.Event, error) {
	var moved []Message
	args = append([]any{status}, args...)
	args = append(args, now, providerID, channel, Outbound, StatusSent)
	err := q.Raw(`UPDATE messages SET status = ?, `+set+`, updated_at = ?, version = version + 1, receipt_deadline = NULL
WHERE provider_message_id = ? AND channel = ? AND direction = ? AND status = ?
RETURNING id, tenant_id, patient_id, channel`, args...).Scan(&moved).Error
	if err != nil {
		return false, nil, err
	}
	evs := make([]events.Event, 0, len(moved))
	for _, m := range moved {
		evs = append(evs, events.MessageDelivered(m.TenantID, m.ID, patientOf(m), m.Channel, status))
	}
	return len(moved) > 0, evs, nil
}

// record records evs in tx with e, when there are any to record.
func record(e EventRecorder, tx *gorm.DB, evs []events.Event) error {
	if e == nil || len(evs) == 0 {
		return nil
	}
	return e.Record(tx, evs...)
}

func patientOf(m Message) string {
	if m.PatientID == nil {
		return ""
	}
	return *m.PatientID
}

// pendingReceiptsLock orders keeping a receipt as pending against recording
// the send it belongs to.
const pendingReceiptsLock int64 = 0x7072696d61726370 // "primarcp"

// testHookBeforeUndelivered lets a test act between reading a message and
// writing its failure receipt.
var testHookBeforeUndelivered func()

// applyPending applies receipts that arrived before the sends with these
// provider ids were recorded, and forgets them.
func applyPending(d *db.DB, ev EventRecorder, q *gorm.DB, now time.Time, providerIDs []string, channelOf map[string]string) error {
	if len(providerIDs) == 0 {
		return nil
	}
	if err := d.LockShared(q, pendingReceiptsLock); err != nil {
		return err
	}
	var rows []PendingReceipt
	if err := q.Where("provider_message_id IN ?", providerIDs).Order("at").Find(&rows).Error; err != nil || len(rows) == 0 {
		return err
	}
	done := make([]string, 0, len(rows))
	var evs []events.Event
	for _, p := range rows {
		if channelOf[p.ProviderMessageID] != p.Channel {
			continue
		}
		_, more, err := applyReceipt(q, now, p.Channel, p.ProviderMessageID, p.State, p.At)
		if err != nil {
			return err
		}
		evs = append(evs, more...)
		done = append(done, p.ID)
	}
	if len(done) == 0 {
		return nil
	}
	if err := record(ev, q, evs); err != nil {
		return err
	}
	return q.Where("id IN ?", done).Delete(&PendingReceipt{}).Error
}

// ExpireReceiptWaits moves sent messages whose receipt wait is over, with a
// channel left in their order, to that next channel, and forgets pending
// receipts no send ever claimed.
func (r *Receipts) ExpireReceiptWaits(ctx context.Context, now time.Time) (int, error) {
	q := r.db.Gorm.WithContext(ctx)
	if err := q.Where("created_at < ?", now.Add(-PendingReceiptTTL)).Delete(&PendingReceipt{}).Error; err != nil {
		return 0, err
	}
	var due []Message
	err := q.Where("status = ? AND receipt_deadline < ?", StatusSent, now).Order("receipt_deadline").Limit(1000).Find(&due).Error
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range due {
		next := m.ChannelIndex + 1
		fields := map[string]any{"receipt_deadline": nil, "updated_at": now, "version": gorm.Expr("version + 1")}
		// Without a provider id no receipt could have matched: never fail over then.
		move := next < len(m.ChannelOrder) && m.ProviderMessageID != nil
		if move {
			fields["status"], fields["channel_index"], fields["channel"] = StatusQueued, next, m.ChannelOrder[next]
			fields["channel_attempts"], fields["next_attempt_at"] = 0, now
			fields["error_code"], fields["error_message"] = "no_receipt", "no delivery receipt in time; sent on the next channel"
		}
		res := q.Model(&Message{}).Where("id = ? AND version = ? AND status = ?", m.ID, m.Version, StatusSent).Updates(fields)
		if res.Error != nil {
			return n, res.Error
		}
		if res.RowsAffected > 0 && move {
			n++
		}
	}
	return n, nil
}
