package conversation

import (
	"context"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// recordUnknown records a phone that is no patient's (no text is kept) and,
// at most once a day, queues a generic answer with no patient data. The
// answer needs a tenant to send as: the receiving device's, or, on a shared
// device, the installation's only tenant (who then sees it too); with several
// tenants and a shared device it is recorded for no tenant and not answered.
// It reports whether a message was queued.
func (s *Service) recordUnknown(ctx context.Context, tx *gorm.DB, in Incoming, tenantID string, now time.Time) (bool, error) {
	q := tx.WithContext(ctx)
	if tenantID == "" {
		var all []string
		if err := q.Raw("SELECT id FROM tenants LIMIT 2").Scan(&all).Error; err != nil {
			return false, err
		}
		if len(all) == 1 {
			tenantID = all[0] // one clinic on this server: the sender wrote to it
		}
	}
	var tid *string
	if tenantID != "" {
		tid = &tenantID
	}
	row := UnknownSender{ID: ids.New(), TenantID: tid, TenantKey: tenantID, Channel: in.Channel, Phone: in.From,
		MessageCount: 1, FirstSeenAt: now, LastSeenAt: now}
	err := q.Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "tenant_key"}, {Name: "channel"}, {Name: "phone"}},
		DoUpdates: clause.Assignments(map[string]any{
			"message_count": gorm.Expr("unknown_senders.message_count + 1"),
			"last_seen_at":  now,
		}),
	}).Create(&row).Error
	if err != nil || in.OverLimit || tenantID == "" {
		return false, err
	}
	res := q.Exec(`UPDATE unknown_senders SET last_answered_at = ? WHERE tenant_key = ? AND channel = ? AND phone = ?
AND (last_answered_at IS NULL OR last_answered_at <= ?)`, now, tenantID, in.Channel, in.From, now.Add(-24*time.Hour))
	if res.Error != nil || res.RowsAffected == 0 {
		return false, res.Error
	}
	lang, err := s.tenantLanguage(ctx, tx, tenantID)
	if err != nil {
		return false, err
	}
	_, err = s.outbox.Enqueue(ctx, tx, outbox.NewMessage{TenantID: tenantID, ToPhone: in.From, Body: text(lang, textUnknownSender, nil),
		Source: outbox.SourceAutoReply, ChannelOrder: []string{in.Channel}, Priority: outbox.PriorityInteractive, Automated: true,
		DedupeKey: "unknown:" + in.Channel + ":" + in.From + ":" + now.Format(time.DateOnly)})
	return err == nil, err
}

// tenantLanguage is a tenant's default language.
func (s *Service) tenantLanguage(ctx context.Context, tx *gorm.DB, tenantID string) (string, error) {
	var lang []string
	err := tx.WithContext(ctx).Raw("SELECT default_language FROM tenants WHERE id = ?", tenantID).Scan(&lang).Error
	if err != nil || len(lang) == 0 {
		return "id", err
	}
	return lang[0], nil
}
