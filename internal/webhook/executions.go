package webhook

import (
	"context"
	"fmt"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
)

// ListExecutions returns one page of a webhook's recorded calls, newest
// first, and their number. Payloads hold patient data: they are opened for
// admins (and the read is audited, naming the calls) and left out (nil) for
// developers.
func (s *Service) ListExecutions(ctx context.Context, a identity.Actor, webhookID string, pg, per int) ([]Execution, int64, error) {
	w, err := s.Get(ctx, a, webhookID)
	if err != nil {
		return nil, 0, err
	}
	pg, per = paging(pg, per)
	rows, total, err := s.store.Executions(ctx, a.TenantID, w.ID, pg, per)
	if err != nil {
		return nil, 0, err
	}
	var shown []string
	for i := range rows {
		if rows[i].Payload == nil {
			continue
		}
		if !a.IsAdmin() {
			rows[i].Payload = nil
			continue
		}
		plain, err := s.keys.Open(*rows[i].Payload)
		if err != nil {
			return nil, 0, fmt.Errorf("open payload of webhook call %s: %w", rows[i].ID, err)
		}
		rows[i].Payload = &plain
		shown = append(shown, rows[i].ID)
	}
	if len(shown) > 0 {
		err := s.store.Audit(ctx, s.now(), audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionExecutionsRead,
			ResourceType: ResourceType, ResourceID: w.ID, ResourceIDs: shown})
		if err != nil {
			return nil, 0, err
		}
	}
	return rows, total, nil
}
