// Package workflow runs PRIMA's workflows (SPEC §8): a trigger and a graph
// of steps that follow a patient through treatment. The graph walk is the
// pure function flow.Advance; this package keeps workflows and their
// versions, starts executions once per (workflow, patient, trigger event),
// applies each transition's effects in one transaction (messages through the
// outbox), and advances executions on ticks and events, never by sleeping.
package workflow

import (
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/workflow/flow"
)

// Trigger types.
const (
	TriggerPostSurgery    = "post_surgery"
	TriggerAppointment    = "appointment"
	TriggerPatientCreated = "patient_created"
	TriggerWebhook        = "webhook"
	TriggerSchedule       = "schedule"
	TriggerInboundKeyword = "inbound_keyword"
	TriggerManual         = "manual"
)

// TriggerTypes lists every trigger type.
var TriggerTypes = []string{TriggerPostSurgery, TriggerAppointment, TriggerPatientCreated, TriggerWebhook,
	TriggerSchedule, TriggerInboundKeyword, TriggerManual}

// Segment chooses the patients of a schedule trigger.
type Segment struct {
	TagsAny  []string `json:"tags_any,omitempty"`
	TagsAll  []string `json:"tags_all,omitempty"`
	Language *string  `json:"language,omitempty"`
}

// Trigger is what starts a workflow's executions (SPEC §3.2).
type Trigger struct {
	Type        string   `json:"type"`
	SurgeryType *string  `json:"surgery_type"`
	WebhookID   *string  `json:"webhook_id"`
	Cron        *string  `json:"cron"`
	RRule       *string  `json:"rrule"`
	Segment     *Segment `json:"segment"`
	Keywords    []string `json:"keywords"`
}

// Workflow is a tenant's workflow as it is now.
type Workflow struct {
	ID            string `gorm:"primaryKey"`
	TenantID      string
	Name          string
	Description   string
	IsActive      bool
	ActivatedAt   *time.Time
	TriggerType   string
	Trigger       db.JSON[Trigger]
	Graph         db.JSON[flow.Graph]
	SigningSecret string // sealed at rest
	CreatedAt     time.Time
	UpdatedAt     time.Time
	DeletedAt     *time.Time
	Version       int
}

// VersionRow is one version's trigger and graph, kept for the executions
// that run on it.
type VersionRow struct {
	WorkflowID string `gorm:"primaryKey"`
	Version    int    `gorm:"primaryKey"`
	TenantID   string
	Trigger    db.JSON[Trigger]
	Graph      db.JSON[flow.Graph]
	CreatedAt  time.Time
}

// TableName is the versions table.
func (VersionRow) TableName() string { return "workflow_versions" }

// Execution statuses.
const (
	StatusRunning   = "running"
	StatusWaiting   = "waiting"
	StatusCompleted = "completed"
	StatusFailed    = "failed"
	StatusCancelled = "cancelled"
)

// Execution is one run of a workflow version for one patient.
type Execution struct {
	ID              string `gorm:"primaryKey"`
	TenantID        string
	WorkflowID      string
	WorkflowVersion int
	PatientID       string
	TriggerEventID  string
	Status          string
	CurrentNodeID   string
	Waiting         string
	NextRunAt       *time.Time
	StateVersion    int
	StepCount       int
	Context         db.JSON[map[string]any]
	Day0            string // the trigger's local date, YYYY-MM-DD
	ClaimToken      *string
	ClaimedUntil    *time.Time
	StartedAt       time.Time
	FinishedAt      *time.Time
	UpdatedAt       time.Time

	// PatientName is read with the execution for lists (never stored here).
	PatientName string `gorm:"-"`
}

// TableName is the executions table.
func (Execution) TableName() string { return "workflow_executions" }

// State is the execution's engine state.
func (e Execution) State() flow.State {
	return flow.State{NodeID: e.CurrentNodeID, Status: e.Status, Waiting: e.Waiting, NextRunAt: e.NextRunAt,
		Steps: e.StepCount, Context: e.Context.V}
}

// Step is one row of an execution's step log.
type Step struct {
	ID          string `gorm:"primaryKey"`
	TenantID    string
	ExecutionID string
	Seq         int
	NodeID      string
	Type        string
	Status      string
	StartedAt   time.Time
	FinishedAt  *time.Time
	MessageID   *string
	Detail      *string
}

// TableName is the step-log table.
func (Step) TableName() string { return "workflow_steps" }
