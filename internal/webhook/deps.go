package webhook

import (
	"context"

	"github.com/prima-health/prima/internal/patient"
	"gorm.io/gorm"
)

// Workflows is the part of the workflow engine inbound webhooks need.
type Workflows interface {
	// Exists reports whether the tenant has a workflow with this id (for validating workflow_id).
	Exists(ctx context.Context, tenantID, workflowID string) (bool, error)
	// StartFromWebhook starts workflowID for patientID, once per eventKey, in tx, with the payload as context.
	// started is false when an execution for (workflow, patient, eventKey) already existed (its id is returned).
	//
	// How Receive uses it: eventKey is "webhook:<webhook id>:<delivery id>",
	// unique per delivery and stable across its retries; payload is the
	// caller's JSON object as encoding/json decodes it (numbers are float64).
	// Everything must go through tx (on SQLite another connection would wait
	// for this transaction forever). An error wrapping errs.ErrNotFound (the
	// workflow is gone or not active) starts nothing and the call is still
	// accepted, with a null execution_id; any other error rolls the call back
	// and answers 500, so the caller's retry runs it again.
	StartFromWebhook(ctx context.Context, tx *gorm.DB, tenantID, workflowID, patientID, eventKey string, payload map[string]any) (executionID string, started bool, err error)
}

// Patients finds or creates the patient a call names (*patient.Service).
type Patients interface {
	// PrepareIntake validates the patient part of a call before the transaction.
	PrepareIntake(ctx context.Context, tenantID string, in patient.Incoming) (*patient.Intake, error)
	// FindOrCreate resolves it inside the call's transaction.
	FindOrCreate(ctx context.Context, tx *gorm.DB, it *patient.Intake) (patient.Patient, bool, error)
}

var _ Patients = (*patient.Service)(nil)
