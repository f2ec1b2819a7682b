package messaging

import (
	"context"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm/clause"
)

// Inbox records messages patients send. Understanding them (consent words,
// confirmations, urgent symptoms) is the conversation domain's job; here they
// are stored, de-duplicated on the provider's message id, and acknowledged.
type Inbox struct {
	db     *db.DB
	clock  clock.Clock
	bodies outbox.Bodies
}

// NewInbox builds the inbox.
func NewInbox(d *db.DB, c clock.Clock) *Inbox {
	return &Inbox{db: d, clock: c, bodies: outbox.NewBodies(nil)}
}

// WithKeyring seals stored bodies with k (PRIMA_ENCRYPTION_KEY).
func (in *Inbox) WithKeyring(k *crypto.Keyring) *Inbox {
	in.bodies = outbox.NewBodies(k)
	return in
}

// Incoming is one message from a patient's phone.
type Incoming struct {
	Channel    string
	From       string // E.164
	Body       string
	ProviderID string // the provider's message id (de-duplication key)
	At         time.Time
}

// Record stores the message once for every tenant that has a patient with
// that phone number and returns how many rows it wrote (0 for an unknown sender
// or a re-delivered webhook).
func (in *Inbox) Record(ctx context.Context, m Incoming) (int, error) {
	type match struct{ ID, TenantID string }
	var patients []match
	err := in.db.Gorm.WithContext(ctx).Table("patients").Select("id, tenant_id").
		Where("phone = ? AND deleted_at IS NULL", m.From).Scan(&patients).Error
	if err != nil || len(patients) == 0 {
		return 0, err
	}
	now := in.clock.Now().UTC()
	at := m.At
	if at.IsZero() {
		at = now
	}
	sealed, err := in.bodies.Seal(m.Body)
	if err != nil {
		return 0, err
	}
	hash := in.bodies.Digest(m.Body)
	written := 0
	for _, p := range patients {
		pid, key, prov := p.ID, m.Channel+":"+m.ProviderID, m.ProviderID
		row := outbox.Message{ID: ids.New(), TenantID: p.TenantID, PatientID: &pid, Direction: outbox.Inbound, Channel: m.Channel,
			ChannelOrder: outbox.StringList{m.Channel}, Status: outbox.StatusReceived, Body: sealed, BodyHash: &hash, Source: outbox.SourceInbound,
			ProviderMessageID: &prov, DedupeKey: &key, CreatedAt: at, UpdatedAt: now, Version: 1}
		res := in.db.Gorm.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
		if res.Error != nil {
			return written, res.Error
		}
		written += int(res.RowsAffected)
	}
	return written, nil
}
