package testutil

import (
	"encoding/json"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
)

// WorkflowStart is one execution a workflow trigger started.
type WorkflowStart struct {
	TenantID, WorkflowID, PatientID, EventKey string
	Payload                                   map[string]any // the trigger's data (the execution's context "trigger")
	ExecutionID                               string
}

// Workflows gives tests of what starts workflows (inbound webhooks) real
// workflows of the real engine: Add makes one (through Create, which the
// test wires to the engine), Calls reads the executions started.
type Workflows struct {
	T      testing.TB
	DB     *db.DB
	Create func(tenantID string) (string, error) // an active workflow of the tenant, started by webhooks
}

// Add makes an active workflow of the tenant and returns its id.
func (w *Workflows) Add(tenantID string) string {
	w.T.Helper()
	id, err := w.Create(tenantID)
	if err != nil {
		w.T.Fatal(err)
	}
	return id
}

// Calls returns the executions started so far, oldest first.
func (w *Workflows) Calls() []WorkflowStart {
	w.T.Helper()
	var rows []struct {
		ID, TenantID, WorkflowID, PatientID, TriggerEventID string
		Context                                             string
	}
	if err := w.DB.Gorm.Raw(`SELECT CAST(id AS text) AS id, CAST(tenant_id AS text) AS tenant_id, CAST(workflow_id AS text) AS workflow_id,
CAST(patient_id AS text) AS patient_id, trigger_event_id, CAST(context AS text) AS context FROM workflow_executions ORDER BY started_at, id`).
		Scan(&rows).Error; err != nil {
		w.T.Fatal(err)
	}
	out := make([]WorkflowStart, 0, len(rows))
	for _, r := range rows {
		var ctx map[string]any
		_ = json.Unmarshal([]byte(r.Context), &ctx)
		payload, _ := ctx["trigger"].(map[string]any)
		out = append(out, WorkflowStart{TenantID: r.TenantID, WorkflowID: r.WorkflowID, PatientID: r.PatientID, EventKey: r.TriggerEventID,
			Payload: payload, ExecutionID: r.ID})
	}
	return out
}
