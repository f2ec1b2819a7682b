package workflow

import (
	"context"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/workflow/flow"
)

// CreateWebhookWorkflow makes an active workflow of the tenant that webhooks
// start: it waits a day for the patient's reply. Tests of what starts
// workflows use it.
func (s *Service) CreateWebhookWorkflow(ctx context.Context, tenantID string) (string, error) {
	admin := identity.Actor{TenantID: tenantID, Role: identity.RoleAdmin, Name: "test"}
	g := flow.Graph{
		Nodes: []flow.Node{{ID: "t", Type: flow.TypeTrigger, Data: map[string]any{}},
			{ID: "w", Type: flow.TypeWaitForReply, Data: map[string]any{"timeout_minutes": 1440}}},
		Edges: []flow.Edge{{ID: "e", Source: "t", Target: "w"}},
	}
	w, err := s.Create(ctx, admin, Input{Name: "Webhook follow-up", Trigger: Trigger{Type: TriggerWebhook}, Graph: &g})
	if err != nil {
		return "", err
	}
	_, err = s.SetActive(ctx, admin, w.ID, true)
	return w.ID, err
}
