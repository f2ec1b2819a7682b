package events

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/safehttp"
	"github.com/prima-health/prima/pkg/stdwebhooks"
	"gorm.io/gorm"
)

// Body is what a delivery posts: {"type","timestamp","data"}.
type Body struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      Data      `json:"data"`
}

// body is the event's JSON, the same bytes at every attempt.
func body(ev Record) ([]byte, error) {
	return json.Marshal(Body{Type: ev.Type, Timestamp: ev.CreatedAt.UTC(), Data: dataOrEmpty(ev.Payload.V)})
}

// outcome is what one attempt ended in.
type outcome struct {
	code     *int
	err      string
	duration time.Duration
}

// attempt sends one claimed delivery and records what came of it.
func (d *Dispatcher) attempt(ctx context.Context, j job) {
	var o outcome
	switch {
	case !j.found:
		o.err = "the event or the subscription no longer exists"
		d.finish(ctx, j, o, true)
		return
	case j.sub.DeletedAt.Valid:
		o.err = "the subscription was deleted"
		d.finish(ctx, j, o, true)
		return
	case !j.sub.IsActive && j.delivery.EventType != TypeTest:
		o.err = "the subscription is disabled"
		d.finish(ctx, j, o, true)
		return
	}
	o = d.post(ctx, j)
	d.finish(ctx, j, o, false)
}

// post signs the event with every active secret and posts it.
func (d *Dispatcher) post(ctx context.Context, j job) outcome {
	now := d.clock.Now().UTC()
	raw, err := body(j.event)
	if err != nil {
		return outcome{err: "the event could not be encoded"}
	}
	secrets, err := Secrets(d.keys, j.sub, now)
	if err != nil {
		d.log.Error("event deliveries: cannot open a subscription secret", slog.String("subscription_id", j.sub.ID))
		return outcome{err: "the subscription's secret could not be read"}
	}
	sigs := make([]string, 0, len(secrets))
	for _, s := range secrets {
		sig, err := stdwebhooks.Sign(s, j.delivery.WebhookID, now, raw)
		if err != nil {
			return outcome{err: "the subscription's secret is not valid"}
		}
		sigs = append(sigs, sig)
	}
	ctx, cancel := context.WithTimeout(ctx, d.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, j.sub.URL, bytes.NewReader(raw))
	if err != nil {
		return outcome{err: "the URL is not valid"}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "PRIMA-Webhooks/1")
	req.Header.Set("webhook-id", j.delivery.WebhookID)
	req.Header.Set("webhook-timestamp", fmt.Sprint(now.Unix()))
	req.Header.Set("webhook-signature", strings.Join(sigs, " "))
	start := time.Now()
	resp, err := d.http.Do(req)
	o := outcome{duration: time.Since(start)}
	if err != nil {
		o.err = describe(err, d.cfg.Timeout)
		return o
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	code := resp.StatusCode
	o.code = &code
	if code < 200 || code > 299 {
		o.err = fmt.Sprintf("the endpoint answered %d %s", code, http.StatusText(code))
	}
	return o
}

// describe is a short account of a transport error: no response body, no
// URL (it may carry a token), nothing from the patient.
func describe(err error, timeout time.Duration) string {
	var ue *url.Error
	switch {
	case errors.Is(err, safehttp.ErrForbiddenAddress):
		return "refused: the endpoint resolves to a loopback or private address"
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ue) && ue.Timeout()):
		return fmt.Sprintf("timed out after %s", timeout)
	case errors.As(err, &ue):
		return truncate("could not reach the endpoint: " + ue.Err.Error())
	}
	return truncate("could not reach the endpoint: " + err.Error())
}

func truncate(s string) string {
	if len(s) <= MaxErrorLen {
		return s
	}
	return strings.ToValidUTF8(s[:MaxErrorLen], "")
}

// finish records an attempt: succeeded on 2xx; failed (and the subscription
// disabled) on 410; otherwise retried after the back-off, until a day after
// the first attempt. final fails it without an attempt (nothing was sent).
// The update holds only while the claim is this attempt's.
func (d *Dispatcher) finish(ctx context.Context, j job, o outcome, final bool) {
	now := d.clock.Now().UTC().Truncate(time.Microsecond)
	dl := j.delivery
	first := now
	if dl.FirstAttemptAt != nil {
		first = *dl.FirstAttemptAt
	}
	set := map[string]any{"claim_token": nil, "updated_at": now, "last_error": nilIfEmpty(o.err)}
	metric, gone := outcomeFailed, false
	switch {
	case final:
		set["status"], set["next_attempt_at"] = StatusFailed, nil
	case o.code != nil && *o.code >= 200 && *o.code <= 299:
		metric = outcomeSucceeded
		set["status"], set["next_attempt_at"] = StatusSucceeded, nil
	case o.code != nil && *o.code == http.StatusGone:
		metric, gone = outcomeDisabled, true
		set["status"], set["next_attempt_at"] = StatusFailed, nil
	default:
		next := now.Add(backoff(dl.Attempts + 1))
		if next.Sub(first) > MaxRetryAge {
			set["status"], set["next_attempt_at"] = StatusFailed, nil
		} else {
			metric = outcomeRetry
			set["status"], set["next_attempt_at"] = StatusPending, next
		}
	}
	if !final {
		set["attempts"] = gorm.Expr("attempts + 1")
		set["last_status_code"], set["last_attempt_at"], set["first_attempt_at"] = o.code, now, first
	}
	err := d.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Delivery{}).Where("id = ? AND claim_token = ?", dl.ID, dl.ClaimToken).Updates(set)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error // the claim was recovered by another process: its outcome stands
		}
		if !final {
			a := Attempt{ID: ids.New(), TenantID: dl.TenantID, DeliveryID: dl.ID, StatusCode: o.code,
				Error: nilIfEmpty(o.err), DurationMS: o.duration.Milliseconds(), AttemptedAt: now}
			if err := tx.Create(&a).Error; err != nil {
				return err
			}
		}
		if gone {
			reason := fmt.Sprintf("the endpoint answered 410 Gone at %s", now.Format(time.RFC3339))
			return tx.Model(&Subscription{}).Where("id = ? AND is_active = ?", j.sub.ID, true).Updates(map[string]any{
				"is_active": false, "disabled_reason": reason, "updated_at": now, "version": gorm.Expr("version + 1")}).Error
		}
		return nil
	})
	if err != nil {
		d.log.Warn("event deliveries: recording an attempt failed", slog.String("delivery_id", dl.ID), slog.String("error", err.Error()))
		return
	}
	if gone && d.recorder != nil {
		d.recorder.Invalidate()
	}
	if !final {
		d.metrics.count(metric, o.duration.Seconds())
	}
}

func nilIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
