package testutil

import (
	"context"
	"maps"
	"sync"

	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
)

// WorkflowStart is one call of Workflows.StartFromWebhook.
type WorkflowStart struct {
	TenantID, WorkflowID, PatientID, EventKey string
	Payload                                   map[string]any
	ExecutionID                               string
	Started                                   bool
}

// Workflows stands in for the workflow engine where inbound webhooks need it
// (webhook.Workflows) until the engine exists: it knows the workflows it is
// told about, writes nothing, answers one execution id per (workflow,
// patient, event key) as the engine's unique execution would, and records
// every call.
type Workflows struct {
	mu    sync.Mutex
	known map[string]string // workflow id → tenant id
	execs map[string]string // workflow|patient|event → execution id
	calls []WorkflowStart
}

// NewWorkflows returns a Workflows that knows no workflow.
func NewWorkflows() *Workflows {
	return &Workflows{known: map[string]string{}, execs: map[string]string{}}
}

// Add makes a workflow of the tenant known and returns its id.
func (w *Workflows) Add(tenantID string) string {
	id := ids.New()
	w.mu.Lock()
	w.known[id] = tenantID
	w.mu.Unlock()
	return id
}

// Exists reports whether the tenant has the workflow.
func (w *Workflows) Exists(_ context.Context, tenantID, workflowID string) (bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.known[workflowID] == tenantID, nil
}

// StartFromWebhook records the call and answers as the engine would.
func (w *Workflows) StartFromWebhook(_ context.Context, _ *gorm.DB, tenantID, workflowID, patientID, eventKey string,
	payload map[string]any) (string, bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	key := workflowID + "|" + patientID + "|" + eventKey
	id, seen := w.execs[key]
	if !seen {
		id = ids.New()
		w.execs[key] = id
	}
	w.calls = append(w.calls, WorkflowStart{TenantID: tenantID, WorkflowID: workflowID, PatientID: patientID, EventKey: eventKey,
		Payload: maps.Clone(payload), ExecutionID: id, Started: !seen})
	return id, !seen, nil
}

// Calls returns the calls so far.
func (w *Workflows) Calls() []WorkflowStart {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]WorkflowStart(nil), w.calls...)
}
