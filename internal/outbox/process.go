package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
)

// update changes a message this worker holds; no row means the lease was lost.
func (d *Dispatcher) update(ctx context.Context, tx *gorm.DB, m Message, fields map[string]any) error {
	fields["updated_at"] = d.clock.Now().UTC()
	fields["version"] = gorm.Expr("version + 1")
	if _, ok := fields["status"]; ok && fields["status"] != StatusSending {
		fields["claimed_by"], fields["claim_expires_at"] = nil, nil
	}
	res := tx.WithContext(ctx).Model(&Message{}).Where("id = ? AND status = ? AND claimed_by = ?", m.ID, StatusSending, d.cfg.Worker).
		Updates(fields)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return errLeaseLost
	}
	return nil
}

func (d *Dispatcher) requeue(ctx context.Context, m Message, at time.Time) error {
	return d.update(ctx, d.db.Gorm, m, map[string]any{"status": StatusQueued, "next_attempt_at": at.UTC()})
}

func (d *Dispatcher) allow(ctx context.Context, m Message) (time.Duration, bool) {
	if d.limiter == nil {
		return 0, true
	}
	if n := d.cfg.ChannelPerSecond[m.Channel]; n > 0 {
		if r, err := d.limiter.Allow(ctx, "channel:"+m.Channel, n, time.Second); err == nil && !r.Allowed {
			return r.Reset, false
		}
	}
	if n := d.cfg.TenantPerSecond; n > 0 {
		if r, err := d.limiter.Allow(ctx, "tenant:"+m.TenantID, n, time.Second); err == nil && !r.Allowed {
			return r.Reset, false
		}
	}
	return 0, true
}

func (d *Dispatcher) process(ctx context.Context, m Message, r *Recipient, p TenantPolicy) (DispatchStats, error) {
	var st DispatchStats
	now := d.clock.Now().UTC()
	v := check(m, r, p, now)
	switch {
	case v.skip != "":
		st.Skipped = 1
		return st, d.update(ctx, d.db.Gorm, m, map[string]any{"status": StatusSkipped, "skip_reason": v.skip, "next_attempt_at": nil})
	case !v.holdUntil.IsZero():
		st.Held = 1
		return st, d.requeue(ctx, m, v.holdUntil)
	}
	if until, paused := d.pausedUntil(m.Channel, now); paused {
		st.Held = 1
		return st, d.requeue(ctx, m, until)
	}
	if wait, ok := d.allow(ctx, m); !ok {
		st.Held = 1
		return st, d.requeue(ctx, m, now.Add(max(wait, 50*time.Millisecond)))
	}

	attemptNo := m.TotalAttempts + 1
	att := Attempt{ID: ids.New(), MessageID: m.ID, TenantID: m.TenantID, AttemptNo: attemptNo, Channel: m.Channel,
		Status: "started", StartedAt: now}
	err := d.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := d.update(ctx, tx, m, map[string]any{"total_attempts": attemptNo}); err != nil {
			return err
		}
		return tx.Create(&att).Error
	})
	if err != nil {
		return st, err
	}
	out := Outgoing{MessageID: m.ID, Attempt: attemptNo, Body: m.Body, KakaoParameters: m.KakaoParameters}
	switch {
	case r != nil:
		out.To = r.Phone
	case m.ToPhone != nil:
		out.To = *m.ToPhone
	}
	if m.KakaoTemplateCode != nil {
		out.KakaoTemplateCode = *m.KakaoTemplateCode
	}
	providerID, serr := d.channels.Send(ctx, m.Channel, out)
	m.TotalAttempts = attemptNo
	return d.record(ctx, m, att, providerID, serr)
}

// record stores the outcome of one attempt on the message and the attempt row together.
func (d *Dispatcher) record(ctx context.Context, m Message, att Attempt, providerID string, serr *SendError) (DispatchStats, error) {
	var st DispatchStats
	now := d.clock.Now().UTC()
	fields := map[string]any{}
	attFields := map[string]any{"finished_at": now}
	outcome := OutcomeSent
	if serr != nil {
		outcome = serr.Outcome
		attFields["error_code"], attFields["error_message"] = serr.Code, serr.Message
		fields["error_code"], fields["error_message"] = serr.Code, serr.Message
	}
	switch outcome {
	case OutcomeSent, OutcomeAlreadyAccepted:
		st.Sent = 1
		attFields["status"] = "sent"
		fields["status"], fields["sent_at"], fields["next_attempt_at"] = StatusSent, now, nil
		if providerID != "" {
			fields["provider_message_id"], attFields["provider_message_id"] = providerID, providerID
		}
		if outcome == OutcomeSent {
			fields["error_code"], fields["error_message"] = nil, nil
		}
		if d.cfg.ReceiptWait > 0 && m.ChannelIndex+1 < len(m.ChannelOrder) && m.Channel != "log" {
			fields["receipt_deadline"] = now.Add(d.cfg.ReceiptWait)
		}
	case OutcomeThrottled:
		st.Held = 1
		attFields["status"] = "throttled"
		resume := now.Add(max(serr.RetryAfter, time.Second))
		d.pause(m.Channel, resume) // slow the whole channel down, not just this message
		fields["status"], fields["next_attempt_at"] = StatusQueued, resume
		fields["total_attempts"] = m.TotalAttempts - 1 // a throttled hand-over is not an attempt on the patient
	case OutcomeUnknown:
		attFields["status"] = "unknown"
		if d.channels.ResendSafe(m.Channel) {
			st.Retries = 1 // the provider deduplicates: the same attempt (same key) goes again
			fields["status"], fields["next_attempt_at"] = StatusQueued, now.Add(d.backoff(1))
			fields["total_attempts"] = m.TotalAttempts - 1
		} else {
			st.Sent = 1 // sent-unconfirmed: a second copy could reach the patient
			fields["status"], fields["sent_at"], fields["next_attempt_at"] = StatusSent, now, nil
			fields["error_code"], fields["error_message"] = "unconfirmed", "the provider may have accepted the message; not sent again"
		}
	case OutcomeRetryable:
		attFields["status"] = "failed"
		n := m.ChannelAttempts + 1
		fields["channel_attempts"] = n
		if n < d.cfg.MaxChannelAttempts {
			st.Retries = 1
			fields["status"], fields["next_attempt_at"] = StatusQueued, now.Add(d.backoff(n))
		} else {
			d.failover(m, fields, now, &st)
		}
	default: // permanent, invalid recipient
		attFields["status"] = "failed"
		d.failover(m, fields, now, &st)
	}
	return st, d.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := d.update(ctx, tx, m, fields); err != nil {
			return err
		}
		if err := tx.Model(&Attempt{}).Where("id = ?", att.ID).Updates(attFields).Error; err != nil {
			return fmt.Errorf("record attempt: %w", err)
		}
		return nil
	})
}

// failover moves the message to its next channel, or fails it when none is left.
func (d *Dispatcher) failover(m Message, fields map[string]any, now time.Time, st *DispatchStats) {
	if next := m.ChannelIndex + 1; next < len(m.ChannelOrder) {
		st.Failovers = 1
		fields["channel_index"], fields["channel"], fields["channel_attempts"] = next, m.ChannelOrder[next], 0
		fields["status"], fields["next_attempt_at"] = StatusQueued, now
		return
	}
	st.Failed = 1
	fields["status"], fields["failed_at"], fields["next_attempt_at"] = StatusFailed, now, nil
}
