package idempotency

import (
	"context"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// DeliveryTTL is how long a webhook delivery id is remembered: longer than
// providers retry a delivery (Svix: about a day).
const DeliveryTTL = 72 * time.Hour

// delivery is one processed webhook delivery.
type delivery struct {
	Source     string `gorm:"primaryKey"`
	DeliveryID string `gorm:"primaryKey"`
	ReceivedAt time.Time
}

func (delivery) TableName() string { return "webhook_receipts" }

// Deliveries remembers the ids of webhook deliveries (Clerk's svix-id) so a
// delivery sent again — a provider's retry or a replay — is processed once.
// Shared by every replica through the database.
type Deliveries struct{ db *gorm.DB }

// NewDeliveries returns the GORM store.
func NewDeliveries(d *db.DB) *Deliveries { return &Deliveries{db: d.Gorm} }

// Claim records the delivery; false when it was already recorded (processed,
// or being processed by another request).
func (s *Deliveries) Claim(ctx context.Context, source, id string, now time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&delivery{Source: source, DeliveryID: id, ReceivedAt: now.UTC()})
	return res.RowsAffected == 1, res.Error
}

// Release forgets a claimed delivery whose processing failed, so the
// provider's retry is processed.
func (s *Deliveries) Release(ctx context.Context, source, id string) error {
	return s.db.WithContext(ctx).Where("source = ? AND delivery_id = ?", source, id).Delete(&delivery{}).Error
}

// Purge forgets deliveries older than DeliveryTTL.
func (s *Deliveries) Purge(ctx context.Context, now time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("received_at < ?", now.UTC().Add(-DeliveryTTL)).Delete(&delivery{})
	return res.RowsAffected, res.Error
}
