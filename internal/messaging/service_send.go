package messaging

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
)

// Limits of hand-written messages and retries.
const (
	MaxBodyLength = 4096  // characters of a message sent by hand
	MaxRetryIDs   = 1000  // ids in one retry request
	MaxRetryBatch = 10000 // messages one filtered retry re-queues; call again for more
)

// SendInput is a message sent by hand to a patient, now.
type SendInput struct {
	PatientID    string
	Body         string
	ChannelOrder []string // empty: the tenant's order
}

// TestInput is a test message to any phone number (settings' "send test message").
type TestInput struct {
	Phone   string // national or international form; normalised with the tenant's region
	Channel string // empty: the tenant's channel order
	Body    string // empty: a short default text in the tenant's language
}

// RetryFilter selects failed messages to retry.
type RetryFilter struct {
	Status    string // "" or "failed": only failed messages are retried
	Channel   string
	PatientID string
	Source    string
	From, To  *time.Time // created_at in [From, To)
}

// RetryRequest names the messages to retry: by id, or by a filter.
type RetryRequest struct {
	IDs    []string
	Filter *RetryFilter
}

// Send queues a message to a patient the actor may see, at interactive
// priority, and returns it. Developers only read.
func (s *Service) Send(ctx context.Context, a identity.Actor, in SendInput) (Detail, error) {
	if !a.CanWrite() {
		return Detail{}, fmt.Errorf("this role only reads messages: %w", errs.ErrForbidden)
	}
	var fe errs.Fields
	body := checkBody(&fe, in.Body, true)
	order := checkOrder(&fe, in.ChannelOrder)
	in.PatientID = strings.TrimSpace(in.PatientID)
	if in.PatientID == "" {
		fe.Add("patient_id", "is required")
	}
	if err := fe.Err(); err != nil {
		return Detail{}, err
	}
	name, err := s.scope.Visible(ctx, a, in.PatientID)
	if err != nil {
		return Detail{}, err
	}
	m, err := s.enqueue(ctx, a, outbox.NewMessage{TenantID: a.TenantID, PatientID: in.PatientID, Body: body, Source: outbox.SourceManual,
		ChannelOrder: order, Priority: outbox.PriorityInteractive, CreatedBy: a.UserID}, ActionMessageSend)
	if err != nil {
		return Detail{}, err
	}
	return Detail{View: View{Message: m, PatientName: name}, Attempts: []outbox.Attempt{}}, nil
}

// SendTest queues a test message to a phone number (admins only). A channel
// given by name must be configured on this server.
func (s *Service) SendTest(ctx context.Context, a identity.Actor, in TestInput) (Detail, error) {
	if !a.IsAdmin() {
		return Detail{}, fmt.Errorf("only admins send test messages: %w", errs.ErrForbidden)
	}
	var t struct{ DefaultRegion, DefaultLanguage string }
	err := s.db.Gorm.WithContext(ctx).Table("tenants").Select("default_region, default_language").
		Where("id = ?", a.TenantID).Take(&t).Error
	if err != nil {
		return Detail{}, notFound(err)
	}
	var fe errs.Fields
	phone, perr := patient.NormalizePhone(in.Phone, t.DefaultRegion)
	if perr != nil {
		fe.Add("phone", perr.Error())
	}
	var order []string
	if ch := strings.TrimSpace(in.Channel); ch != "" {
		switch {
		case !slices.Contains(KnownChannels, ch):
			fe.Add("channel", "must be one of "+strings.Join(KnownChannels, ", "))
		case s.outbox.EffectiveOrder([]string{ch})[0] != ch:
			fe.Add("channel", "is not configured on this server")
		default:
			order = []string{ch}
		}
	}
	body := checkBody(&fe, in.Body, false)
	if err := fe.Err(); err != nil {
		return Detail{}, err
	}
	if body == "" {
		body = testBody(t.DefaultLanguage)
	}
	m, err := s.enqueue(ctx, a, outbox.NewMessage{TenantID: a.TenantID, ToPhone: phone, Body: body, Source: outbox.SourceTest,
		ChannelOrder: order, Priority: outbox.PriorityInteractive, CreatedBy: a.UserID}, ActionMessageTest)
	if err != nil {
		return Detail{}, err
	}
	return Detail{View: View{Message: m}, Attempts: []outbox.Attempt{}}, nil
}

// enqueue writes the message and its audit event in one transaction.
func (s *Service) enqueue(ctx context.Context, a identity.Actor, n outbox.NewMessage, action string) (outbox.Message, error) {
	if s.outbox == nil {
		return outbox.Message{}, errors.New("messaging: the service has no outbox")
	}
	if len(n.ChannelOrder) == 0 {
		// Resolved here, before the transaction: the outbox would read it on
		// another connection while the transaction holds SQLite's only one.
		order, err := outbox.NewDBLookups(s.db).ChannelOrder(ctx, nil, n.TenantID)
		if err != nil {
			return outbox.Message{}, err
		}
		if n.ChannelOrder = order; len(order) == 0 {
			n.ChannelOrder = []string{"log"}
		}
	}
	var m outbox.Message
	err := s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if m, err = s.outbox.Enqueue(ctx, tx, n); err != nil {
			return err
		}
		return audit.Write(ctx, tx, m.CreatedAt, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: action,
			ResourceType: ResourceMessage, ResourceID: m.ID})
	})
	return m, err
}

func testBody(language string) string {
	switch language {
	case "id":
		return "Ini pesan uji dari PRIMA. Tidak perlu dibalas."
	case "ko":
		return "PRIMA 테스트 메시지입니다. 답장하지 않으셔도 됩니다."
	}
	return "This is a test message from PRIMA. No reply is needed."
}

func checkBody(fe *errs.Fields, body string, required bool) string {
	b := strings.TrimSpace(body)
	switch {
	case b == "" && required:
		fe.Add("body", "is required")
	case utf8.RuneCountInString(b) > MaxBodyLength:
		fe.Add("body", fmt.Sprintf("must be at most %d characters", MaxBodyLength))
	}
	return b
}

// checkOrder validates an optional channel order: known, distinct channels.
func checkOrder(fe *errs.Fields, order []string) []string {
	out := make([]string, 0, len(order))
	for i, ch := range order {
		ch = strings.TrimSpace(ch)
		field := fmt.Sprintf("channel_order[%d]", i)
		switch {
		case !slices.Contains(KnownChannels, ch):
			fe.Add(field, "must be one of "+strings.Join(KnownChannels, ", "))
		case slices.Contains(out, ch):
			fe.Add(field, "is already in the order")
		default:
			out = append(out, ch)
		}
	}
	return out
}

// Retry puts failed outbound messages back in the queue, due now, on the first
// channel of their order with a fresh attempt budget; their attempt history
// stays. Admins retry any message of the tenant, volunteers those of their
// patients; developers only read. Ids of messages that are not failed or not
// the actor's to see are passed over. It returns how many were re-queued.
func (s *Service) Retry(ctx context.Context, a identity.Actor, r RetryRequest) (int64, error) {
	if !a.CanWrite() {
		return 0, fmt.Errorf("this role only reads messages: %w", errs.ErrForbidden)
	}
	volunteer, err := scopeOf(a)
	if err != nil {
		return 0, err
	}
	var fe errs.Fields
	switch {
	case len(r.IDs) > 0 && r.Filter != nil:
		fe.Add("ids", "give either ids or filter, not both")
	case len(r.IDs) == 0 && r.Filter == nil:
		fe.Add("ids", "give the ids of the messages to retry, or a filter")
	case len(r.IDs) > MaxRetryIDs:
		fe.Add("ids", fmt.Sprintf("at most %d ids per request", MaxRetryIDs))
	}
	for i, id := range r.IDs {
		if !ids.Valid(id) {
			fe.Add(fmt.Sprintf("ids[%d]", i), "must be a message id")
		}
	}
	if f := r.Filter; f != nil {
		if f.Status != "" && f.Status != outbox.StatusFailed {
			fe.Add("filter.status", "only failed messages can be retried")
		}
		oneOf(&fe, "filter.channel", f.Channel, KnownChannels)
		oneOf(&fe, "filter.source", f.Source, sources)
		if f.PatientID != "" && !ids.Valid(f.PatientID) {
			fe.Add("filter.patient_id", "must be a patient id")
		}
		if f.From != nil && f.To != nil && !f.From.Before(*f.To) {
			fe.Add("filter.to", "must be after from")
		}
	}
	if err := fe.Err(); err != nil {
		return 0, err
	}

	sel := s.db.Gorm.Table("messages AS m").Select("m.id").
		Where("m.tenant_id = ? AND m.status = ? AND m.direction = ?", a.TenantID, outbox.StatusFailed, outbox.Outbound)
	sel = visibleOnly(sel, volunteer)
	if len(r.IDs) > 0 {
		sel = sel.Where("m.id IN ?", r.IDs)
	} else {
		f := r.Filter
		for _, eq := range [][2]string{{"m.channel", f.Channel}, {"m.patient_id", f.PatientID}, {"m.source", f.Source}} {
			if eq[1] != "" {
				sel = sel.Where(eq[0]+" = ?", eq[1])
			}
		}
		if f.From != nil {
			sel = sel.Where("m.created_at >= ?", f.From.UTC())
		}
		if f.To != nil {
			sel = sel.Where("m.created_at < ?", f.To.UTC())
		}
		sel = sel.Order("m.created_at ASC").Limit(MaxRetryBatch)
	}
	now := s.clock.Now().UTC()
	var n int64
	err = s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// The outer status check makes a concurrent second retry count nothing twice.
		res := tx.Exec(`UPDATE messages SET status = ?, channel_index = 0, channel = COALESCE(`+firstChannel(s.db.Dialect)+`, channel),
			channel_attempts = 0, next_attempt_at = ?, failed_at = NULL, error_code = NULL, error_message = NULL,
			receipt_deadline = NULL, claimed_by = NULL, claim_expires_at = NULL, updated_at = ?, version = version + 1
			WHERE id IN (?) AND status = ?`, outbox.StatusQueued, now, now, sel, outbox.StatusFailed)
		if res.Error != nil {
			return res.Error
		}
		n = res.RowsAffected
		if n == 0 {
			return nil
		}
		e := audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionMessageRetry, ResourceType: ResourceMessage,
			Changes: []string{"status"}}
		if len(r.IDs) == 1 {
			e.ResourceID = r.IDs[0]
		}
		return audit.Write(ctx, tx, now, e)
	})
	return n, err
}

// firstChannel is the SQL expression for the first channel of a message's order (NULL when empty).
func firstChannel(d db.Dialect) string {
	if d == db.Postgres {
		return "channel_order->>0"
	}
	return "json_extract(channel_order, '$[0]')"
}
