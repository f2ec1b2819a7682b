package outbox

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// DuplicateWindow is how long an identical message to the same patient is suppressed.
const DuplicateWindow = 10 * time.Minute

// NewMessage is what a cause (reminder, manual send, …) asks the outbox to send.
type NewMessage struct {
	TenantID          string
	PatientID         string
	ToPhone           string // only without a patient (test messages to staff)
	Body              string
	Source            string
	SourceID          string
	ChannelOrder      []string // empty: the tenant's order
	Priority          int
	NotBefore         time.Time  // zero: now
	SendBefore        *time.Time // time-to-live; nil: none
	KakaoTemplateCode string
	KakaoParameters   map[string]string
	Automated         bool
	AIGenerated       bool
	CreatedBy         string
	DedupeKey         string // unique per tenant when set: a second enqueue returns the first message
}

// TenantOrder gives a tenant's configured channel order, read through q (the
// caller's transaction: SQLite has a single connection, so a read outside the
// transaction would wait for it forever).
type TenantOrder interface {
	ChannelOrder(ctx context.Context, q *gorm.DB, tenantID string) ([]string, error)
}

// Outbox writes queued messages.
type Outbox struct {
	clock      clock.Clock
	configured []string // channels with a provider configured (always includes "log")
	tenants    TenantOrder
}

// NewOutbox builds the outbox. configured lists the usable channels.
func NewOutbox(c clock.Clock, configured []string, tenants TenantOrder) *Outbox {
	return &Outbox{clock: c, configured: configured, tenants: tenants}
}

// EffectiveOrder keeps the channels of order that are configured; with none
// left the message goes to the log channel.
func (o *Outbox) EffectiveOrder(order []string) []string {
	out := make([]string, 0, len(order))
	for _, ch := range order {
		if slices.Contains(o.configured, ch) && !slices.Contains(out, ch) {
			out = append(out, ch)
		}
	}
	if len(out) == 0 {
		out = append(out, "log")
	}
	return out
}

// Enqueue writes a queued message with tx (pass the caller's transaction so the
// message commits with its cause). An identical message to the same patient
// within DuplicateWindow is recorded as skipped: duplicate.
func (o *Outbox) Enqueue(ctx context.Context, tx *gorm.DB, n NewMessage) (Message, error) {
	m, err := o.build(ctx, tx, n, map[string][]string{})
	if err != nil {
		return Message{}, err
	}
	q := tx.WithContext(ctx)
	now := m.CreatedAt
	if m.PatientID != nil {
		var dup int64
		err := q.Model(&Message{}).
			Where("tenant_id = ? AND patient_id = ? AND direction = ? AND body = ? AND created_at > ? AND status NOT IN ?",
				m.TenantID, *m.PatientID, Outbound, m.Body, now.Add(-DuplicateWindow), []string{StatusFailed, StatusSkipped}).
			Limit(1).Count(&dup).Error
		if err != nil {
			return Message{}, err
		}
		if dup > 0 {
			reason := SkipDuplicate
			m.Status, m.SkipReason, m.NextAttemptAt = StatusSkipped, &reason, nil
		}
	}
	if m.DedupeKey == nil {
		if err := q.Create(&m).Error; err != nil {
			return Message{}, fmt.Errorf("enqueue message: %w", err)
		}
		return m, nil
	}
	// With a dedupe key a second enqueue (a re-run tick, a retried request) returns the first message.
	res := q.Clauses(clause.OnConflict{DoNothing: true}).Create(&m)
	if res.Error != nil {
		return Message{}, fmt.Errorf("enqueue message: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		var prev Message
		if err := q.Where("tenant_id = ? AND dedupe_key = ?", m.TenantID, *m.DedupeKey).Take(&prev).Error; err != nil {
			return Message{}, err
		}
		return prev, nil
	}
	return m, nil
}

// build turns a request into a queued message row (not yet written). orders
// caches tenants' channel orders within one call.
func (o *Outbox) build(ctx context.Context, tx *gorm.DB, n NewMessage, orders map[string][]string) (Message, error) {
	if n.TenantID == "" || n.Source == "" {
		return Message{}, errors.New("messaging: tenant and source are required")
	}
	if strings.TrimSpace(n.Body) == "" && n.KakaoTemplateCode == "" {
		return Message{}, errs.Invalid("body", "is required")
	}
	order := n.ChannelOrder
	if len(order) == 0 && o.tenants != nil {
		cached, ok := orders[n.TenantID]
		if !ok {
			var err error
			if cached, err = o.tenants.ChannelOrder(ctx, tx, n.TenantID); err != nil {
				return Message{}, err
			}
			orders[n.TenantID] = cached
		}
		order = cached
	}
	order = o.EffectiveOrder(order)
	now := o.clock.Now().UTC()
	due := now
	if n.NotBefore.After(now) {
		due = n.NotBefore.UTC()
	}
	m := Message{
		ID: ids.New(), TenantID: n.TenantID, Direction: Outbound, Channel: order[0], ChannelOrder: order,
		Status: StatusQueued, Body: n.Body, KakaoParameters: n.KakaoParameters, Source: n.Source,
		Automated: n.Automated, AIGenerated: n.AIGenerated, Priority: n.Priority, NextAttemptAt: &due,
		SendBefore: n.SendBefore, CreatedAt: now, UpdatedAt: now, Version: 1,
	}
	if n.PatientID != "" {
		m.PatientID = &n.PatientID
	}
	m.ToPhone = optional(n.ToPhone)
	if m.PatientID == nil && m.ToPhone == nil {
		return Message{}, errs.Invalid("patient_id", "is required")
	}
	m.SourceID = optional(n.SourceID)
	m.KakaoTemplateCode = optional(n.KakaoTemplateCode)
	m.CreatedBy = optional(n.CreatedBy)
	m.DedupeKey = optional(n.DedupeKey)

	return m, nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
