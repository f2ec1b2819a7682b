package patientrights

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Sealed copies of a patient's data that no column links to the patient:
// idempotency replays (the first response to a create, which may hold the
// whole record) and inbound webhook payloads (a rejected call names no
// patient). They are found by opening each one and looking for the patient
// in it. The bulk of the walk runs before the erasure's transaction (it only
// reads); inside the transaction only the rows written since are read again.

// scanBatch is how many sealed rows are read at a time.
const scanBatch = 500

// idemKey names one idempotency record.
type idemKey struct{ UserID, Key string }

// sealedHits are the sealed rows that name the patient.
type sealedHits struct {
	idempotency []idemKey
	webhooks    []string // webhook_executions ids
}

// findSealed walks the idempotency records and the tenant's webhook calls
// created at or after since (the zero time: all of them).
func (s *Service) findSealed(ctx context.Context, g *gorm.DB, sub Subject, since time.Time) (sealedHits, error) {
	var hits sealedHits
	m := newMatcher(sub)
	var err error
	if hits.idempotency, err = s.findIdempotency(ctx, g, sub.TenantID, m, since); err != nil {
		return hits, err
	}
	hits.webhooks, err = s.findWebhookCalls(ctx, g, sub, m, since)
	return hits, err
}

// findIdempotency walks the replays of the tenant's callers (its users and
// its API keys, whose records are kept under "key:" and the key's id): another
// clinic's patient with the same name or phone keeps its replays.
func (s *Service) findIdempotency(ctx context.Context, g *gorm.DB, tenantID string, m matcher, since time.Time) ([]idemKey, error) {
	var out []idemKey
	var after *idemKey
	for {
		q := g.WithContext(ctx).Table("idempotency_keys").Select("user_id, key, response_body").
			Where("response_body IS NOT NULL AND created_at >= ?", since).
			Where("(user_id IN (SELECT CAST(id AS text) FROM users WHERE tenant_id = ?) OR user_id IN (SELECT 'key:' || CAST(id AS text) FROM api_keys WHERE tenant_id = ?))",
				tenantID, tenantID)
		if after != nil {
			q = q.Where("(user_id > ? OR (user_id = ? AND key > ?))", after.UserID, after.UserID, after.Key)
		}
		var rows []struct {
			UserID, Key  string
			ResponseBody []byte
		}
		if err := q.Order("user_id, key").Limit(scanBatch).Scan(&rows).Error; err != nil {
			return nil, err
		}
		for _, r := range rows {
			plain, err := s.openText(string(r.ResponseBody))
			if err != nil {
				return nil, fmt.Errorf("idempotency record: %w", err)
			}
			if m.match(plain) {
				out = append(out, idemKey{r.UserID, r.Key})
			}
		}
		if len(rows) < scanBatch {
			return out, nil
		}
		last := rows[len(rows)-1]
		after = &idemKey{last.UserID, last.Key}
	}
}

func (s *Service) findWebhookCalls(ctx context.Context, g *gorm.DB, sub Subject, m matcher, since time.Time) ([]string, error) {
	var out []string
	after := ""
	for {
		q := g.WithContext(ctx).Table("webhook_executions").Select("id, patient_id, payload, response").
			Where("tenant_id = ? AND created_at >= ?", sub.TenantID, since).
			Where("(payload IS NOT NULL OR response LIKE ?)", "%"+sub.PatientID+"%")
		if after != "" {
			q = q.Where("id > ?", after)
		}
		var rows []struct {
			ID        string
			PatientID *string
			Payload   *string
			Response  string
		}
		if err := q.Order("id").Limit(scanBatch).Scan(&rows).Error; err != nil {
			return nil, err
		}
		for _, r := range rows {
			hit := r.PatientID != nil && *r.PatientID == sub.PatientID || m.match(r.Response)
			if !hit && r.Payload != nil {
				plain, err := s.openText(*r.Payload)
				if err != nil {
					return nil, fmt.Errorf("webhook call %s: %w", r.ID, err)
				}
				hit = m.match(plain)
			}
			if hit {
				out = append(out, r.ID)
			}
		}
		if len(rows) < scanBatch {
			return out, nil
		}
		after = rows[len(rows)-1].ID
	}
}

// scrubSealed removes what findSealed found; it returns the idempotency
// records deleted and the webhook calls scrubbed.
func scrubSealed(ctx context.Context, tx *gorm.DB, tenantID string, hits sealedHits) (idem, hooks int64, err error) {
	for _, k := range hits.idempotency {
		res := tx.WithContext(ctx).Exec("DELETE FROM idempotency_keys WHERE user_id = ? AND key = ?", k.UserID, k.Key)
		if res.Error != nil {
			return 0, 0, res.Error
		}
		idem += res.RowsAffected
	}
	for start := 0; start < len(hits.webhooks); start += scanBatch {
		part := hits.webhooks[start:min(start+scanBatch, len(hits.webhooks))]
		res := tx.WithContext(ctx).Exec("UPDATE webhook_executions SET payload = NULL, response = '{}' WHERE tenant_id = ? AND id IN ?",
			tenantID, part)
		if res.Error != nil {
			return 0, 0, res.Error
		}
		hooks += res.RowsAffected
	}
	return idem, hooks, nil
}
