package campaign

import (
	"context"
	"fmt"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/errs"
	"gorm.io/gorm"
)

// ProblemsError is a failed pre-flight check: execute answers 422 with its problems.
type ProblemsError struct{ Report Report }

func (e *ProblemsError) Error() string {
	return fmt.Sprintf("the campaign cannot be executed: %d problems", len(e.Report.Problems))
}

// Execute checks the campaign before it sends (dryRun: only the check) and
// starts it: running now, or scheduled when send_at is in the future. Only a
// draft or scheduled campaign executes; a second execute is a conflict.
func (s *Service) Execute(ctx context.Context, a identity.Actor, id string, dryRun bool) (Report, View, error) {
	if err := requireAdmin(a); err != nil {
		return Report{}, View{}, err
	}
	c, err := s.load(ctx, s.db.Gorm, a.TenantID, id)
	if err != nil {
		return Report{}, View{}, err
	}
	if !dryRun && c.Status != StatusDraft && c.Status != StatusScheduled {
		return Report{}, View{}, errs.Conflict("the campaign is " + c.Status + "; only a draft or scheduled campaign can be executed")
	}
	rep, err := s.Preflight(ctx, c)
	if err != nil {
		return Report{}, View{}, err
	}
	if dryRun {
		return rep, View{}, nil
	}
	if !rep.OK {
		return rep, View{}, &ProblemsError{Report: rep}
	}
	now := s.now()
	var out Campaign
	err = s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := s.lock(ctx, tx, a.TenantID, id)
		if err != nil {
			return err
		}
		if c.Status != StatusDraft && c.Status != StatusScheduled {
			return errs.Conflict("the campaign is " + c.Status + "; only a draft or scheduled campaign can be executed")
		}
		set := map[string]any{"updated_at": now, "version": c.Version + 1}
		if c.SendAt != nil && c.SendAt.After(now) {
			set["status"] = StatusScheduled
		} else {
			set["status"], set["started_at"] = StatusRunning, now
		}
		if err := tx.Model(&Campaign{}).Where("id = ?", c.ID).Updates(set).Error; err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, ActionExecute, c.ID, nil, now); err != nil {
			return err
		}
		out, err = s.load(ctx, tx, a.TenantID, id)
		return err
	})
	if err != nil {
		return Report{}, View{}, err
	}
	s.Wake()
	v, err := s.view(ctx, out)
	return rep, v, err
}

// Pause stops a running (or scheduled) campaign. When it returns, no message
// of the campaign leaves: queued ones are parked, the dispatcher parks any it
// claims later, and the call waits (up to HoldWait) for the ones a provider
// already has in hand.
func (s *Service) Pause(ctx context.Context, a identity.Actor, id string) (View, error) {
	if err := requirePause(a); err != nil {
		return View{}, err
	}
	now := s.now()
	err := s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := s.lock(ctx, tx, a.TenantID, id)
		if err != nil {
			return err
		}
		if c.Status != StatusRunning && c.Status != StatusScheduled {
			return errs.Conflict("the campaign is " + c.Status + "; only a running or scheduled campaign can be paused")
		}
		reason := "Paused by " + nameOr(a.Name, "a staff member")
		if err := tx.Model(&Campaign{}).Where("id = ?", c.ID).Updates(map[string]any{"status": StatusPaused, "pause_code": PauseManual,
			"pause_reason": reason, "waiting_reason": nil, "updated_at": now, "version": c.Version + 1}).Error; err != nil {
			return err
		}
		if err := s.park(tx, c.ID, now); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, ActionPause, c.ID, nil, now)
	})
	if err != nil {
		return View{}, err
	}
	if err := s.settle(ctx, id); err != nil {
		return View{}, err
	}
	return s.Get(ctx, a, id)
}

func nameOr(n, fallback string) string {
	if n == "" {
		return fallback
	}
	return n
}

// settle waits until none of the campaign's messages is in a provider's hands
// under a live claim (a claim whose process died is not waited for: its
// recovery requeues the message, which the dispatcher then holds).
func (s *Service) settle(ctx context.Context, id string) error {
	deadline := time.Now().Add(s.HoldWait)
	for {
		var n int64
		if err := s.db.Gorm.WithContext(ctx).Raw(`SELECT count(*) FROM messages WHERE source = 'campaign' AND source_id = ?
AND status = 'sending' AND claim_expires_at > ?`, id, s.now()).Scan(&n).Error; err != nil {
			return err
		}
		if n == 0 || time.Now().After(deadline) {
			if n > 0 {
				s.log.Warn("campaign held while messages were still with a provider", "campaign_id", id, "in_flight", n)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Resume sends a paused campaign on: its parked messages are due again and
// the feeder continues at the campaign's rate.
func (s *Service) Resume(ctx context.Context, a identity.Actor, id string) (View, error) {
	if err := requireAdmin(a); err != nil {
		return View{}, err
	}
	now := s.now()
	err := s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := s.lock(ctx, tx, a.TenantID, id)
		if err != nil {
			return err
		}
		if c.Status != StatusPaused {
			return errs.Conflict("the campaign is " + c.Status + "; only a paused campaign can be resumed")
		}
		set := map[string]any{"status": StatusRunning, "pause_code": nil, "pause_reason": nil,
			"fed_until": nil, "updated_at": now, "version": c.Version + 1}
		s.resetStreak(c.ID)
		if c.StartedAt == nil {
			if c.SendAt != nil && c.SendAt.After(now) {
				set["status"] = StatusScheduled
			} else {
				set["started_at"] = now
			}
		}
		if err := tx.Model(&Campaign{}).Where("id = ?", c.ID).Updates(set).Error; err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE messages SET next_attempt_at = ?, updated_at = ? WHERE source = 'campaign' AND source_id = ?
AND status = 'queued' AND next_attempt_at IS NULL`, now, now, c.ID).Error; err != nil {
			return err
		}
		if err := s.db.Notify(tx, outbox.NotifyChannel); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, ActionResume, c.ID, nil, now)
	})
	if err != nil {
		return View{}, err
	}
	s.Wake()
	return s.Get(ctx, a, id)
}

// Cancel ends a campaign for good: recipients not yet queued and messages
// not yet handed to a provider are skipped (campaign_cancelled).
func (s *Service) Cancel(ctx context.Context, a identity.Actor, id string) (View, error) {
	if err := requireAdmin(a); err != nil {
		return View{}, err
	}
	now := s.now()
	err := s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := s.lock(ctx, tx, a.TenantID, id)
		if err != nil {
			return err
		}
		if c.Status == StatusCompleted || c.Status == StatusCancelled {
			return errs.Conflict("the campaign is already " + c.Status)
		}
		if err := tx.Model(&Campaign{}).Where("id = ?", c.ID).Updates(map[string]any{"status": StatusCancelled, "completed_at": now,
			"waiting_reason": nil, "updated_at": now, "version": c.Version + 1}).Error; err != nil {
			return err
		}
		res := tx.Exec(`UPDATE campaign_recipients SET state = 'skipped', skip_reason = ?, updated_at = ? WHERE campaign_id = ? AND state = 'pending'`,
			SkipCancelled, now, c.ID)
		if res.Error != nil {
			return res.Error
		}
		if err := tx.Model(&Campaign{}).Where("id = ?", c.ID).
			Update("recipients_skipped", gorm.Expr("recipients_skipped + ?", res.RowsAffected)).Error; err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE messages SET status = 'skipped', skip_reason = ?, next_attempt_at = NULL, updated_at = ?, version = version + 1
WHERE source = 'campaign' AND source_id = ? AND status = 'queued'`, outbox.SkipCampaignCancelled, now, c.ID).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, a, ActionCancel, c.ID, nil, now)
	})
	if err != nil {
		return View{}, err
	}
	if err := s.settle(ctx, id); err != nil {
		return View{}, err
	}
	return s.Get(ctx, a, id)
}

// Holds tells the dispatcher which of these campaigns' messages must not
// leave: a paused (or scheduled, draft) campaign's are parked, a cancelled
// or deleted one's skipped.
func (s *Service) Holds(ctx context.Context, campaignIDs []string) (map[string]string, error) {
	var rows []struct {
		ID        string
		Status    string
		DeletedAt *time.Time
	}
	if err := s.db.Gorm.WithContext(ctx).Raw("SELECT id, status, deleted_at FROM campaigns WHERE id IN ?", campaignIDs).
		Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range rows {
		switch {
		case r.DeletedAt != nil || r.Status == StatusCancelled:
			out[r.ID] = outbox.HoldCancel
		case r.Status == StatusRunning || r.Status == StatusCompleted:
		default:
			out[r.ID] = outbox.HoldPark
		}
	}
	return out, nil
}
