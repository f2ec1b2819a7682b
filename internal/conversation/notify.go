package conversation

import (
	"context"
	"fmt"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// notifyUrgent tells the patient's assigned volunteer, or when there is none
// able to act (unassigned, inactive, not approved) every active admin, that
// an urgent message came in: one notification per person per message.
func (s *Service) notifyUrgent(ctx context.Context, tx *gorm.DB, j Job, now time.Time) error {
	mid := j.MessageID
	return notify(ctx, tx, j.TenantID, j.PatientID, Notification{Kind: NotifyUrgent, MessageID: &mid, CreatedAt: now})
}

// NotifyStaff tells the patient's assigned volunteer, or every active admin
// when none can act, what a workflow step says about the patient, in tx.
func NotifyStaff(ctx context.Context, tx *gorm.DB, tenantID, patientID, executionID, body string, now time.Time) error {
	return notify(ctx, tx, tenantID, patientID, Notification{Kind: NotifyWorkflow, Body: &body, ExecutionID: &executionID, CreatedAt: now})
}

// notify writes n for each staff member who should act on the patient: the
// assigned volunteer, or every active admin when there is none able to act.
func notify(ctx context.Context, tx *gorm.DB, tenantID, patientID string, n Notification) error {
	q := tx.WithContext(ctx)
	var users []string
	err := q.Raw(`SELECT u.id FROM users u JOIN patients p ON p.assigned_volunteer_id = u.id
WHERE p.tenant_id = ? AND p.id = ? AND u.tenant_id = p.tenant_id AND u.is_active AND u.status = 'approved'`, tenantID, patientID).
		Scan(&users).Error
	if err != nil {
		return err
	}
	if len(users) == 0 {
		err = q.Raw("SELECT id FROM users WHERE tenant_id = ? AND role = 'admin' AND is_active AND status = 'approved' ORDER BY id",
			tenantID).Scan(&users).Error
		if err != nil {
			return err
		}
	}
	if len(users) == 0 {
		return nil // the flag still puts the conversation first in the inbox
	}
	rows := make([]Notification, len(users))
	for i, u := range users {
		pid := patientID
		r := n
		r.ID, r.TenantID, r.UserID, r.PatientID = ids.New(), tenantID, u, &pid
		rows[i] = r
	}
	return q.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error
}

// Notifications are the actor's own, unread first, newest first (at most 50).
func (s *Service) Notifications(ctx context.Context, a identity.Actor) ([]Notification, int64, error) {
	var out []Notification
	q := s.db.Gorm.WithContext(ctx).Where("tenant_id = ? AND user_id = ?", a.TenantID, a.UserID)
	if err := q.Session(&gorm.Session{}).Order("CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id").Limit(50).Find(&out).Error; err != nil {
		return nil, 0, err
	}
	var unread int64
	err := q.Model(&Notification{}).Where("read_at IS NULL").Count(&unread).Error
	return out, unread, err
}

// MarkRead marks one of the actor's notifications read (ErrNotFound for
// anyone else's).
func (s *Service) MarkRead(ctx context.Context, a identity.Actor, id string) error {
	if !ids.Valid(id) {
		return errs.ErrNotFound
	}
	var n []Notification
	db := s.db.Gorm.WithContext(ctx)
	if err := db.Where("tenant_id = ? AND user_id = ? AND id = ?", a.TenantID, a.UserID, id).Limit(1).Find(&n).Error; err != nil {
		return err
	}
	if len(n) == 0 {
		return errs.ErrNotFound
	}
	return db.Model(&Notification{}).Where("id = ? AND read_at IS NULL", id).Update("read_at", s.clock.Now().UTC()).Error
}

// UnknownSenders lists the phones that wrote to the tenant's own device
// without being its patients, most recent first (admins only).
func (s *Service) UnknownSenders(ctx context.Context, a identity.Actor) ([]UnknownSender, error) {
	if !a.IsAdmin() {
		return nil, fmt.Errorf("only admins see unknown senders: %w", errs.ErrForbidden)
	}
	var out []UnknownSender
	err := s.db.Gorm.WithContext(ctx).Where("tenant_id = ?", a.TenantID).Order("last_seen_at DESC, id").Limit(200).Find(&out).Error
	return out, err
}
