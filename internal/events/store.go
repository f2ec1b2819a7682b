package events

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"gorm.io/gorm"
)

// store reads and writes subscriptions and deliveries. Every method is
// scoped by tenant; soft-deleted subscriptions are invisible.
type store struct{ db *db.DB }

func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return errs.ErrNotFound
	}
	return err
}

func (s store) g(ctx context.Context) *gorm.DB { return s.db.Gorm.WithContext(ctx) }

func (s store) get(g *gorm.DB, tenantID, id string) (Subscription, error) {
	var sub Subscription
	err := g.Where("tenant_id = ? AND id = ?", tenantID, id).Take(&sub).Error
	return sub, notFound(err)
}

// page runs a counted, ordered page: two statements, one when the count is zero.
func page[T any](base func() *gorm.DB, order string, pg, per int) ([]T, int64, error) {
	var total int64
	if err := base().Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []T{}
	if total == 0 || (pg-1)*per >= int(total) {
		return out, total, nil
	}
	err := base().Order(order).Limit(per).Offset((pg - 1) * per).Find(&out).Error
	return out, total, err
}

func (s store) list(ctx context.Context, tenantID string, pg, per int) ([]Subscription, int64, error) {
	base := func() *gorm.DB { return s.g(ctx).Model(&Subscription{}).Where("tenant_id = ?", tenantID) }
	return page[Subscription](base, "created_at DESC, id DESC", pg, per)
}

// update writes the mutable columns if the stored version is expectVersion.
func (s store) update(g *gorm.DB, sub Subscription, expectVersion int) error {
	res := g.Model(&Subscription{}).Where("tenant_id = ? AND id = ? AND version = ?", sub.TenantID, sub.ID, expectVersion).
		Updates(map[string]any{
			"url": sub.URL, "events": sub.Events, "description": sub.Description, "is_active": sub.IsActive,
			"secret": sub.Secret, "previous_secret": sub.PreviousSecret, "previous_secret_until": sub.PreviousSecretUntil,
			"rotated_at": sub.RotatedAt, "disabled_reason": sub.DisabledReason, "updated_at": sub.UpdatedAt, "version": sub.Version,
		})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return s.whyNotChanged(g, sub.TenantID, sub.ID, expectVersion)
	}
	return nil
}

func (s store) softDelete(g *gorm.DB, tenantID, id string, expectVersion int, now time.Time) error {
	res := g.Model(&Subscription{}).Where("tenant_id = ? AND id = ? AND version = ?", tenantID, id, expectVersion).
		Updates(map[string]any{"deleted_at": now, "is_active": false, "updated_at": now, "version": expectVersion + 1})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return s.whyNotChanged(g, tenantID, id, expectVersion)
	}
	return nil
}

// whyNotChanged tells a vanished subscription (not found) from a stale version (conflict).
func (s store) whyNotChanged(g *gorm.DB, tenantID, id string, expectVersion int) error {
	var n int64
	if err := g.Model(&Subscription{}).Where("tenant_id = ? AND id = ?", tenantID, id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return errs.ErrNotFound
	}
	return fmt.Errorf("event subscription changed since version %d: %w", expectVersion, errs.ErrConflict)
}

// DeliveryFilter narrows a subscription's deliveries.
type DeliveryFilter struct {
	Status    string // "" = any
	EventType string // "" = any
	Page      int
	PerPage   int
}

func (s store) deliveries(ctx context.Context, tenantID, subID string, f DeliveryFilter) ([]Delivery, int64, error) {
	base := func() *gorm.DB {
		q := s.g(ctx).Model(&Delivery{}).Where("tenant_id = ? AND subscription_id = ?", tenantID, subID)
		if f.Status != "" {
			q = q.Where("status = ?", f.Status)
		}
		if f.EventType != "" {
			q = q.Where("event_type = ?", f.EventType)
		}
		return q
	}
	return page[Delivery](base, "created_at DESC, id DESC", f.Page, f.PerPage)
}

func (s store) delivery(g *gorm.DB, tenantID, subID, id string) (Delivery, error) {
	var d Delivery
	err := g.Where("tenant_id = ? AND subscription_id = ? AND id = ?", tenantID, subID, id).Take(&d).Error
	return d, notFound(err)
}
