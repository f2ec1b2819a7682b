package conversation

import (
	"context"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/events"
	"gorm.io/gorm"
)

// ConsentSourceUnsubscribe is patients.consent_source after a carrier opt-out
// (NHN's 080 unsubscribe service).
const ConsentSourceUnsubscribe = "unsubscribe"

// Unsubscribe acts on a carrier opt-out of phone (E.164): every patient with
// that phone has consent revoked, in every tenant, because the opt-out
// covers the sending account they share. Nothing is sent in answer (the
// carrier has confirmed it). It returns how many patients it changed; a
// repeated opt-out changes nothing.
func (s *Service) Unsubscribe(ctx context.Context, phone string, at time.Time) (int, error) {
	n := 0
	err := s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rows []struct{ ID, TenantID string }
		err := tx.Raw(`SELECT id, tenant_id FROM patients WHERE phone = ? AND deleted_at IS NULL AND consent <> 'revoked'`+s.db.ForUpdate(), phone).
			Scan(&rows).Error
		if err != nil {
			return err
		}
		now := s.clock.Now().UTC()
		if at.IsZero() || at.After(now) {
			at = now
		}
		var evs []events.Event
		for _, p := range rows {
			res := tx.Exec(`UPDATE patients SET consent = ?, consent_at = ?, consent_source = ?, updated_at = ?, version = version + 1
WHERE tenant_id = ? AND id = ? AND consent <> ?`, consentRevoked, at, ConsentSourceUnsubscribe, now, p.TenantID, p.ID, consentRevoked)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				continue
			}
			n++
			err := audit.Write(ctx, tx, now, audit.Entry{TenantID: p.TenantID, Action: ActionConsent, ResourceType: "patient",
				ResourceID: p.ID, Changes: []string{"consent:" + consentRevoked, "source:" + ConsentSourceUnsubscribe}})
			if err != nil {
				return err
			}
			ev, _ := optedOut(p.TenantID, p.ID, consentRevoked, ConsentSourceUnsubscribe)
			evs = append(evs, ev)
		}
		return s.record(tx, evs...)
	})
	return n, err
}
