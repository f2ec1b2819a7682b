package campaign

import (
	"context"
	"fmt"
	"time"

	"github.com/prima-health/prima/internal/events"
	"gorm.io/gorm"
)

// StartDue starts the scheduled campaigns whose send_at has come; it returns
// how many started (the tick reports it as campaigns_started).
func (s *Service) StartDue(ctx context.Context) (int, error) {
	now := s.now()
	res := s.db.Gorm.WithContext(ctx).Model(&Campaign{}).
		Where("status = ? AND send_at <= ? AND deleted_at IS NULL", StatusScheduled, now).
		Updates(map[string]any{"status": StatusRunning, "started_at": now, "updated_at": now})
	if res.RowsAffected > 0 {
		s.Wake()
	}
	return int(res.RowsAffected), res.Error
}

// watch follows a running campaign: too many failures in a row (as the
// dispatchers recorded them) pause it with the reason; once every recipient
// is settled (none pending, no message queued or in flight) it is completed.
func (s *Service) watch(ctx context.Context, id string) error {
	var completed *Campaign
	var counters Counters
	err := s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := s.claim(ctx, tx, id)
		if err != nil || c == nil {
			return err
		}
		now := s.now()
		if streak, lastErr := s.streakOf(c.ID); streak >= c.FailureThreshold {
			reason := fmt.Sprintf("Paused automatically: %d messages in a row failed", streak)
			if lastErr != "" {
				reason += " (last error: " + lastErr + ")"
			}
			if err := tx.Model(&Campaign{}).Where("id = ?", c.ID).Updates(map[string]any{"status": StatusPaused, "pause_code": PauseFailures,
				"pause_reason": reason, "waiting_reason": nil, "updated_at": now}).Error; err != nil {
				return err
			}
			s.log.Warn("campaign paused after consecutive failures", "campaign_id", c.ID, "failures", streak, "last_error", lastErr)
			s.resetStreak(c.ID)
			return s.park(tx, c.ID, now)
		}
		if c.ExpandedAt == nil {
			return nil
		}
		var open int64
		if err := tx.Raw(`SELECT count(*) FROM (SELECT 1 FROM campaign_recipients WHERE campaign_id = ? AND state = 'pending' LIMIT 1) x`, c.ID).
			Scan(&open).Error; err != nil || open > 0 {
			return err
		}
		if err := tx.Raw(`SELECT count(*) FROM (SELECT 1 FROM messages WHERE source = 'campaign' AND source_id = ? AND status IN ('queued','sending') LIMIT 1) x`, c.ID).
			Scan(&open).Error; err != nil || open > 0 {
			return err
		}
		if err := tx.Model(&Campaign{}).Where("id = ?", c.ID).
			Updates(map[string]any{"status": StatusCompleted, "completed_at": now, "waiting_reason": nil, "updated_at": now}).Error; err != nil {
			return err
		}
		c.Status, c.CompletedAt = StatusCompleted, &now
		completed = c
		s.counts.Delete(c.ID)
		if counters, err = s.counters(ctx, tx, *c); err != nil {
			return err
		}
		return s.recordCompleted(tx, *c, counters)
	})
	if err == nil && completed != nil {
		s.log.Info("campaign completed", "campaign_id", completed.ID, "total", counters.Total, "sent", counters.Sent,
			"failed", counters.Failed, "skipped", counters.Skipped)
	}
	return err
}

// park takes a held campaign's queued messages off the queue: they stay
// queued (the log says so) with no due time until resume releases them.
func (s *Service) park(tx *gorm.DB, id string, now time.Time) error {
	return tx.Exec(`UPDATE messages SET next_attempt_at = NULL, updated_at = ? WHERE source = 'campaign' AND source_id = ? AND status = 'queued'`,
		now, id).Error
}

// recordCompleted records campaign.completed with the final counters, in the
// completing transaction.
func (s *Service) recordCompleted(tx *gorm.DB, c Campaign, n Counters) error {
	if s.events == nil {
		return nil
	}
	return s.events.Record(tx, events.CampaignCompleted(c.TenantID, c.ID, map[string]int64{"total": n.Total, "queued": n.Queued,
		"sent": n.Sent, "delivered": n.Delivered, "failed": n.Failed, "skipped": n.Skipped}))
}
