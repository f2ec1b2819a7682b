package outbox

import (
	"context"
	"encoding/json"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
)

// DBLookups reads recipients and tenant policies straight from their tables,
// one query per batch (no per-message queries).
type DBLookups struct{ db *db.DB }

// NewDBLookups returns lookups over the database.
func NewDBLookups(d *db.DB) *DBLookups { return &DBLookups{db: d} }

var _ Lookups = (*DBLookups)(nil)

// Recipients loads the patients of a batch (deleted ones are absent).
func (l *DBLookups) Recipients(ctx context.Context, patientIDs []string) (map[string]Recipient, error) {
	out := make(map[string]Recipient, len(patientIDs))
	if len(patientIDs) == 0 {
		return out, nil
	}
	type row struct {
		ID, Phone, Consent, Timezone   string
		QuietHoursStart, QuietHoursEnd *string
		IsActive                       bool
	}
	var rows []row
	err := l.db.Gorm.WithContext(ctx).Table("patients").
		Select("id, phone, consent, timezone, quiet_hours_start, quiet_hours_end, is_active").
		Where("id IN ? AND deleted_at IS NULL", patientIDs).Scan(&rows).Error
	for _, r := range rows {
		rec := Recipient{PatientID: r.ID, Phone: r.Phone, Consent: r.Consent, Timezone: r.Timezone, Active: r.IsActive}
		if r.QuietHoursStart != nil && r.QuietHoursEnd != nil {
			rec.QuietStart, rec.QuietEnd = *r.QuietHoursStart, *r.QuietHoursEnd
		}
		out[r.ID] = rec
	}
	return out, err
}

// Policy loads a tenant's quiet hours, time zone and sending account, in one
// query (the dispatcher asks once per tenant and batch).
func (l *DBLookups) Policy(ctx context.Context, tenantID string) (TenantPolicy, error) {
	var p struct {
		Timezone, QuietHoursStart, QuietHoursEnd string
		GowaDeviceID, SMSSender, KakaoSenderKey  *string
	}
	err := l.db.Gorm.WithContext(ctx).Table("tenants").
		Select("timezone, quiet_hours_start, quiet_hours_end, gowa_device_id, sms_sender, kakao_sender_key").
		Where("id = ?", tenantID).Scan(&p).Error
	return TenantPolicy{Timezone: p.Timezone, QuietStart: p.QuietHoursStart, QuietEnd: p.QuietHoursEnd,
		Account: channel.Account{WhatsAppDeviceID: derefOr(p.GowaDeviceID), SMSSender: derefOr(p.SMSSender), KakaoSenderKey: derefOr(p.KakaoSenderKey)}}, err
}

// ChannelOrder reads a tenant's channel order through q (nil: the pool).
func (l *DBLookups) ChannelOrder(ctx context.Context, q *gorm.DB, tenantID string) ([]string, error) {
	if q == nil {
		q = l.db.Gorm
	}
	var raw string
	err := q.WithContext(ctx).Table("tenants").Select("channel_order").Where("id = ?", tenantID).Scan(&raw).Error
	if err != nil {
		return nil, err
	}
	var order []string
	_ = json.Unmarshal([]byte(raw), &order)
	return order, nil
}
