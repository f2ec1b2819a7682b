package events

import (
	"context"
	"errors"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
)

// SendTest queues a test.event delivery to this subscription only (also
// while it is disabled, to check an endpoint before enabling it again).
func (s *Service) SendTest(ctx context.Context, a identity.Actor, subID string) (Delivery, error) {
	sub, err := s.Get(ctx, a, subID)
	if err != nil {
		return Delivery{}, err
	}
	now := s.now()
	eventID := ids.New()
	row := newDeliveryRow(a.TenantID, eventID, sub.ID, TypeTest, now)
	data := Data{"subscription_id": sub.ID, "message": "This is a test event from PRIMA."}
	ev := Record{ID: eventID, TenantID: a.TenantID, Type: TypeTest, CreatedAt: now}
	ev.Payload.V = data
	var out Delivery
	err = s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&ev).Error; err != nil {
			return err
		}
		if err := insertRows(s.db, tx, nil, [][]any{row}); err != nil {
			return err
		}
		var err error
		if out, err = s.store.delivery(tx, a.TenantID, sub.ID, row[0].(string)); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, now, ActionTest, sub.ID, nil)
	})
	if err != nil {
		return Delivery{}, err
	}
	s.queued()
	return out, nil
}

// Deliveries lists a subscription's deliveries, newest first.
func (s *Service) Deliveries(ctx context.Context, a identity.Actor, subID string, f DeliveryFilter) ([]Delivery, int64, error) {
	sub, err := s.Get(ctx, a, subID)
	if err != nil {
		return nil, 0, err
	}
	var fe errs.Fields
	if f.Status != "" && f.Status != StatusPending && f.Status != StatusSucceeded && f.Status != StatusFailed {
		fe.AddCode("status", errs.CodeInvalidEnum, "must be one of: pending, succeeded, failed")
	}
	if f.EventType != "" && f.EventType != TypeTest && !KnownType(f.EventType) {
		fe.AddCode("event_type", errs.CodeInvalidEnum, "must be an event type such as message.sent")
	}
	if err := fe.Err(); err != nil {
		return nil, 0, err
	}
	f.Page, f.PerPage = paging(f.Page, f.PerPage)
	return s.store.deliveries(ctx, a.TenantID, sub.ID, f)
}

// Redeliver sends a delivery's event again with the same webhook-id, so the
// receiver can tell it is the same message. A finished delivery gets a new
// pending delivery; a pending one waiting for its next try is made due now.
func (s *Service) Redeliver(ctx context.Context, a identity.Actor, subID, deliveryID string) (Delivery, error) {
	sub, err := s.Get(ctx, a, subID)
	if err != nil {
		return Delivery{}, err
	}
	if !ids.Valid(deliveryID) {
		return Delivery{}, errs.ErrNotFound
	}
	now := s.now()
	var out Delivery
	err = s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		d, err := s.store.delivery(tx, a.TenantID, sub.ID, deliveryID)
		if err != nil {
			return err
		}
		if !sub.IsActive && d.EventType != TypeTest {
			return errs.Conflict("the subscription is disabled: enable it (is_active: true) before redelivering")
		}
		if d.Status == StatusPending {
			res := tx.Model(&Delivery{}).Where("id = ? AND status = ? AND claim_token IS NULL", d.ID, StatusPending).
				Updates(map[string]any{"next_attempt_at": now, "updated_at": now})
			if res.Error != nil {
				return res.Error
			}
			out, err = s.store.delivery(tx, a.TenantID, sub.ID, d.ID)
		} else {
			row := newDeliveryRow(a.TenantID, d.EventID, sub.ID, d.EventType, now)
			row[5] = d.WebhookID // the same webhook-id header
			if err := insertRows(s.db, tx, nil, [][]any{row}); err != nil {
				return err
			}
			out, err = s.store.delivery(tx, a.TenantID, sub.ID, row[0].(string))
		}
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, a, now, ActionRedeliver, sub.ID, []string{"deliveries"})
	})
	if err != nil {
		if errors.Is(err, errs.ErrNotFound) {
			return Delivery{}, errs.ErrNotFound
		}
		return Delivery{}, err
	}
	s.queued()
	return out, nil
}
