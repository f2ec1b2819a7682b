package events

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Retention is how long events and their settled deliveries are kept (the
// deliveries page shows them until then); pending deliveries are never purged.
const Retention = 30 * 24 * time.Hour

// purgeBatch bounds one purge statement, so a purge never holds long locks.
const purgeBatch = 5000

// Purge deletes settled deliveries (and their attempts) and events older than
// Retention, a batch at a time; it is a scheduler chore.
func (s *Service) Purge(ctx context.Context, now time.Time) (int64, error) {
	cutoff := now.Add(-Retention)
	g := s.db.Gorm.WithContext(ctx)
	var total int64
	for {
		var n int64
		err := g.Transaction(func(tx *gorm.DB) error {
			old := tx.Table("event_deliveries").Select("id").
				Where("status <> ? AND created_at < ?", StatusPending, cutoff).Limit(purgeBatch)
			var ids []string
			if err := old.Pluck("id", &ids).Error; err != nil || len(ids) == 0 {
				return err
			}
			if err := tx.Exec("DELETE FROM event_delivery_attempts WHERE delivery_id IN ?", ids).Error; err != nil {
				return err
			}
			res := tx.Exec("DELETE FROM event_deliveries WHERE id IN ?", ids)
			n = res.RowsAffected
			return res.Error
		})
		if err != nil {
			return total, err
		}
		total += n
		if n < purgeBatch {
			break
		}
	}
	for {
		res := g.Exec(`DELETE FROM events WHERE id IN (SELECT e.id FROM events e WHERE e.created_at < ?
			AND NOT EXISTS (SELECT 1 FROM event_deliveries d WHERE d.event_id = e.id) LIMIT ?)`, cutoff, purgeBatch)
		if res.Error != nil {
			return total, res.Error
		}
		total += res.RowsAffected
		if res.RowsAffected < purgeBatch {
			return total, nil
		}
	}
}
