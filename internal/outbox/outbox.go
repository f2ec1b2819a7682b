package outbox

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
)

// DuplicateWindow is how long an identical message to the same patient is
// suppressed: an automated one after an automated one, or one a person sent
// (Automated false) after one a person sent.
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
	Exemption         string // "", ExemptSafety or ExemptOptOutConfirmation
}

// TenantOrder gives a tenant's configured channel order, read through q (the
// caller's transaction: SQLite has a single connection, so a read outside the
// transaction would wait for it forever).
type TenantOrder interface {
	ChannelOrder(ctx context.Context, q *gorm.DB, tenantID string) ([]string, error)
}

// Outbox writes queued messages.
type Outbox struct {
	db          *db.DB
	clock       clock.Clock
	configured  []string // channels with a provider configured (always includes "log")
	tenants     TenantOrder
	logFallback bool   // development: with no configured channel in the order, use the log channel
	wake        func() // tells this process's dispatchers that a message is queued
	bodies      Bodies
}

// NewOutbox builds the outbox. configured lists the usable channels. It falls
// back to the log channel when an order names no configured channel, as
// development wants; production calls WithoutLogFallback.
func NewOutbox(d *db.DB, c clock.Clock, configured []string, tenants TenantOrder) *Outbox {
	return &Outbox{db: d, clock: c, configured: configured, tenants: tenants, logFallback: true, wake: func() {},
		bodies: NewBodies(nil)}
}

// WithKeyring seals message bodies with k (PRIMA_ENCRYPTION_KEY).
func (o *Outbox) WithKeyring(k *crypto.Keyring) *Outbox {
	o.bodies = NewBodies(k)
	return o
}

// Bodies opens stored message bodies for the read side.
func (o *Outbox) Bodies() Bodies { return o.bodies }

// WithoutLogFallback makes a message whose channel order names no configured
// channel fail at once with error code no_channel, instead of going to the
// log channel (where it would show as sent though it went nowhere).
func (o *Outbox) WithoutLogFallback() *Outbox {
	o.logFallback = false
	return o
}

// OnQueued sets what to call when a message is queued (the dispatchers' wake-up).
func (o *Outbox) OnQueued(wake func()) {
	if wake != nil {
		o.wake = wake
	}
}

// NotifyChannel is the database notification channel a queued message is announced on.
const NotifyChannel = "prima_outbox"

// ErrorNoChannel is the error code of a message no configured channel can carry.
const ErrorNoChannel = "no_channel"

// EffectiveOrder keeps the channels of order that are configured, in order;
// with none left it is the log channel when the outbox falls back to it, and
// empty otherwise.
func (o *Outbox) EffectiveOrder(order []string) []string {
	out := make([]string, 0, len(order))
	for _, ch := range order {
		if slices.Contains(o.configured, ch) && !slices.Contains(out, ch) {
			out = append(out, ch)
		}
	}
	if len(out) == 0 && o.logFallback {
		out = append(out, "log")
	}
	return out
}

// Enqueue writes a queued message with tx (pass the caller's transaction so the
// message commits with its cause). An identical message to the same patient
// within DuplicateWindow is recorded as skipped: duplicate; the check and the
// insert run under a lock on the patient, so two concurrent identical sends
// queue one message.
func (o *Outbox) Enqueue(ctx context.Context, tx *gorm.DB, n NewMessage) (Message, error) {
	out, err := o.EnqueueMany(ctx, tx, []NewMessage{n})
	if err != nil {
		return Message{}, err
	}
	return out[0], nil
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
	requested := order
	order = o.EffectiveOrder(order)
	now := o.clock.Now().UTC()
	due := now
	if n.NotBefore.After(now) {
		due = n.NotBefore.UTC()
	}
	first := "log"
	switch {
	case len(order) > 0:
		first = order[0]
	case len(requested) > 0:
		first = requested[0]
	}
	m := Message{
		ID: ids.New(), TenantID: n.TenantID, Direction: Outbound, Channel: first, ChannelOrder: order,
		Status: StatusQueued, Body: n.Body, KakaoParameters: n.KakaoParameters, Source: n.Source,
		Automated: n.Automated, AIGenerated: n.AIGenerated, Priority: n.Priority, NextAttemptAt: &due,
		SendBefore: n.SendBefore, CreatedAt: now, UpdatedAt: now, Version: 1,
	}
	hash := o.bodies.Digest(n.Body)
	m.BodyHash = &hash
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
	m.Exemption = optional(n.Exemption)
	if len(order) == 0 {
		// Production with no configured channel in the order: the log says so, not "sent".
		m.ChannelOrder = requested
		msg := "none of the channels in the order (" + strings.Join(requested, ", ") + ") is configured on this server"
		if len(requested) == 0 {
			msg = "the message has no channel order and no channel is configured on this server"
		}
		code := ErrorNoChannel
		m.Status, m.NextAttemptAt, m.FailedAt, m.ErrorCode, m.ErrorMessage = StatusFailed, nil, &now, &code, &msg
	}
	return m, nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
