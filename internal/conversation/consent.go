package conversation

import (
	"context"
	"errors"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/template"
	"gorm.io/gorm"
)

// consentBatch bounds one sweep of consent requests.
const consentBatch = 200

// RequestConsents queues the consent request (SPEC §7) of every patient
// waiting for one: consent pending, a phone, active, never asked. Each patient
// is asked once, whoever runs this concurrently (the request and the mark
// "asked" commit together). It runs after a patient is created and from every
// tick, and returns how many requests it queued.
func (s *Service) RequestConsents(ctx context.Context) (int, error) {
	var waiting []struct{ ID, TenantID string }
	err := s.db.Gorm.WithContext(ctx).Raw(`SELECT id, tenant_id FROM patients
WHERE consent = 'pending' AND consent_requested_at IS NULL AND deleted_at IS NULL AND is_active AND phone <> ''
ORDER BY created_at LIMIT ?`, consentBatch).Scan(&waiting).Error
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range waiting {
		ok, err := s.RequestConsent(ctx, p.TenantID, p.ID)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// RequestConsent queues one patient's consent request if they are waiting
// for one; it reports whether it did.
func (s *Service) RequestConsent(ctx context.Context, tenantID, patientID string) (bool, error) {
	queued := false
	err := s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := s.clock.Now().UTC()
		res := tx.Exec(`UPDATE patients SET consent_requested_at = ? WHERE tenant_id = ? AND id = ? AND consent = 'pending'
AND consent_requested_at IS NULL AND deleted_at IS NULL AND is_active AND phone <> ''`, now, tenantID, patientID)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		body, err := s.consentText(ctx, tx, tenantID, patientID)
		if err != nil {
			return err
		}
		_, err = s.outbox.Enqueue(ctx, tx, outbox.NewMessage{TenantID: tenantID, PatientID: patientID, Body: body,
			Source: outbox.SourceConsent, Priority: outbox.PriorityInteractive, Automated: true, DedupeKey: "consent:" + patientID})
		queued = err == nil
		return err
	})
	if queued {
		s.wakeOutbox()
	}
	return queued, err
}

// consentText is the tenant's consent template in the patient's language,
// or PRIMA's built-in text when the tenant has none (or it cannot be filled).
func (s *Service) consentText(ctx context.Context, tx *gorm.DB, tenantID, patientID string) (string, error) {
	var p struct{ Name, Language, Clinic, DefaultLanguage string }
	err := tx.WithContext(ctx).Raw(`SELECT p.name, p.language, t.name AS clinic, t.default_language FROM patients p
JOIN tenants t ON t.id = p.tenant_id WHERE p.tenant_id = ? AND p.id = ?`, tenantID, patientID).Scan(&p).Error
	if err != nil {
		return "", err
	}
	lang := p.Language
	if lang == "" {
		lang = p.DefaultLanguage
	}
	var tpls []template.Template
	err = tx.WithContext(ctx).Where("tenant_id = ? AND kind = ? AND deleted_at IS NULL", tenantID, template.KindConsent).
		Order("created_at").Limit(1).Find(&tpls).Error
	if err != nil {
		return "", err
	}
	if len(tpls) > 0 {
		if body := tpls[0].Bodies.Get(lang); body != "" {
			data := template.Data{template.VarName: p.Name, template.VarFirstName: firstName(p.Name), template.VarClinic: p.Clinic}
			out, err := template.Render(body, data)
			var missing *template.MissingError
			if err == nil {
				return out, nil
			}
			if !errors.As(err, &missing) {
				return "", err
			}
			s.log.Warn("the consent template needs values a consent request has not; the built-in text is sent", "template", tpls[0].ID)
		}
	}
	return text(lang, textConsentRequest, map[string]string{"first_name": firstName(p.Name), "clinic": p.Clinic}), nil
}
