package conversation

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Incoming is one message from a phone, as a provider's webhook reported it.
type Incoming struct {
	Channel     string // "whatsapp"
	DeviceID    string // the receiving device (GOWA device_id); "" when unknown
	From        string // E.164
	Body        string
	ProviderID  string // the provider's message id: the de-duplication key
	RepliedToID string // the provider id of the message answered, when the patient used "reply"
	At          time.Time
	// OverLimit: the sender passed its per-minute rate. The message is still
	// stored and shown to staff; only automated answers stop (loop guard).
	OverLimit bool
}

// Outcome says what Receive did with a message.
type Outcome string

// Outcomes of Receive.
const (
	Stored    Outcome = "stored"    // stored for one tenant's patient, its work queued
	Duplicate Outcome = "duplicate" // this provider message id was received before
	Unknown   Outcome = "unknown"   // no patient has this phone: the sender is recorded
)

// Received is the result of Receive.
type Received struct {
	Outcome   Outcome
	TenantID  string
	PatientID string
	MessageID string
}

// maxClockSkew bounds how far a provider's timestamp may be from ours before
// the message is filed under the time it arrived instead.
const maxClockSkew = 24 * time.Hour

// Receive stores one inbound message, in one transaction with the work it
// queues, for the one tenant it belongs to (see route). A provider message id
// seen before is a Duplicate and changes nothing. The caller answers the
// provider as soon as Receive returns.
func (s *Service) Receive(ctx context.Context, in Incoming) (Received, error) {
	if in.From == "" {
		return Received{}, errors.New("conversation: inbound message without a sender")
	}
	now := s.clock.Now().UTC()
	at := in.At.UTC()
	if at.IsZero() || at.Sub(now) > maxClockSkew || now.Sub(at) > maxClockSkew {
		at = now
	}
	at = at.Truncate(time.Microsecond)
	if in.ProviderID == "" {
		sum := sha256.Sum256([]byte(in.From + "\x00" + at.Format(time.RFC3339Nano) + "\x00" + s.bodies.Digest(in.Body)))
		in.ProviderID = "prima-" + hex.EncodeToString(sum[:12])
	}
	if s.db.Dialect == db.Postgres {
		return s.intake.submit(s, ctx, in, at, now)
	}
	return s.receiveAlone(ctx, in, at, now)
}

// receiveAlone stores one message on its own: routed with every rule, then
// written in one statement (PostgreSQL, a patient's message) or one
// transaction.
func (s *Service) receiveAlone(ctx context.Context, in Incoming, at, now time.Time) (Received, error) {
	var out Received
	queued := false
	if s.db.Dialect == db.Postgres {
		// The common case in one statement, without a transaction around it.
		r, err := s.route(ctx, s.db.Gorm, in)
		if err != nil {
			return Received{}, err
		}
		if r.PatientID != "" {
			return s.receiveOne(ctx, in, r, at, now)
		}
	}
	err := s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		r, err := s.route(ctx, tx, in)
		if err != nil {
			return err
		}
		var messageID *string
		if r.PatientID != "" {
			id := ids.New()
			messageID = &id
		}
		// The provider's message id, once per channel whatever the tenant:
		// a delivery seen before changes nothing.
		res := tx.Exec(`INSERT INTO inbound_receipts (channel, provider_message_id, message_id, received_at) VALUES (?, ?, ?, ?)
ON CONFLICT (channel, provider_message_id) DO NOTHING`, in.Channel, in.ProviderID, messageID, now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			out.Outcome = Duplicate
			return nil
		}
		if messageID == nil {
			out = Received{Outcome: Unknown, TenantID: r.TenantID}
			q, err := s.recordUnknown(ctx, tx, in, r.TenantID, now)
			queued = q
			return err
		}
		out = Received{Outcome: Stored, TenantID: r.TenantID, PatientID: r.PatientID, MessageID: *messageID}
		return s.store(ctx, tx, in, r, out.MessageID, at, now)
	})
	if err != nil {
		return Received{}, err
	}
	if out.Outcome == Stored {
		s.wakeWorkers()
	}
	if queued {
		s.wakeOutbox()
	}
	return out, nil
}

// store writes the message, its conversation and its job.
func (s *Service) store(ctx context.Context, tx *gorm.DB, in Incoming, r route, messageID string, at, now time.Time) error {
	sealed, err := s.bodies.Seal(in.Body)
	if err != nil {
		return err
	}
	hash := s.bodies.Digest(in.Body)
	pid, prov, key := r.PatientID, in.ProviderID, in.Channel+":"+in.ProviderID
	m := outbox.Message{ID: messageID, TenantID: r.TenantID, PatientID: &pid, Direction: outbox.Inbound, Channel: in.Channel,
		ChannelOrder: outbox.StringList{in.Channel}, Status: outbox.StatusReceived, Body: sealed, BodyHash: &hash,
		Source: outbox.SourceInbound, ProviderMessageID: &prov, DedupeKey: &key, RepliedToMessageID: r.RepliedTo,
		CreatedAt: at, UpdatedAt: now, Version: 1}
	if err := tx.WithContext(ctx).Create(&m).Error; err != nil {
		return err
	}
	if err := s.touchInbound(ctx, tx, r.TenantID, r.PatientID, messageID, at, now); err != nil {
		return err
	}
	job := Job{ID: ids.New(), TenantID: r.TenantID, MessageID: messageID, PatientID: r.PatientID, Status: JobPending,
		AutoReplies: !in.OverLimit, RunAfter: now, CreatedAt: now}
	return tx.WithContext(ctx).Create(&job).Error
}

// touchInbound opens (or re-opens) the patient's conversation for a new
// message from them: one more unread, last message times.
func (s *Service) touchInbound(ctx context.Context, tx *gorm.DB, tenantID, patientID, messageID string, at, now time.Time) error {
	c := Conversation{TenantID: tenantID, PatientID: patientID, Status: StatusOpen, UnreadCount: 1, Rank: rankUnread,
		LastMessageAt: at, LastInboundAt: &at, LastInboundMessageID: &messageID, CreatedAt: now, UpdatedAt: now, Version: 1}
	return tx.WithContext(ctx).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "tenant_id"}, {Name: "patient_id"}},
		DoUpdates: clause.Assignments(map[string]any{
			"status":                  StatusOpen,
			"unread_count":            gorm.Expr("conversations.unread_count + 1"),
			"rank":                    gorm.Expr(rankAfter("conversations.flag", rankUnread)),
			"last_message_at":         gorm.Expr("CASE WHEN conversations.last_message_at > ? THEN conversations.last_message_at ELSE ? END", at, at),
			"last_inbound_at":         at,
			"last_inbound_message_id": messageID,
			"updated_at":              now,
			"version":                 gorm.Expr("conversations.version + 1"),
		}),
	}).Create(&c).Error
}
