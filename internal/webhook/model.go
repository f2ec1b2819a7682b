package webhook

import (
	"strings"
	"time"

	"gorm.io/gorm"
)

// Outcomes of a call, recorded with it.
const (
	// OutcomeStarted: the call was accepted; its patient was found or created
	// and its workflow started (when the webhook is bound to one).
	OutcomeStarted = "started"
	// OutcomeReplayed: a delivery accepted before came again; nothing ran.
	OutcomeReplayed = "replayed"
	// OutcomeRejected: the call was not admitted: webhook disabled or deleted,
	// over the rate limit, body too large, or signature missing or wrong.
	OutcomeRejected = "rejected"
	// OutcomeFailed: an authentic call that could not be processed: a payload
	// that is not valid, or an error on PRIMA's side.
	OutcomeFailed = "failed"
)

// Outcomes lists every outcome.
var Outcomes = []string{OutcomeStarted, OutcomeReplayed, OutcomeRejected, OutcomeFailed}

// Resource type and audit actions. Audit events name ids and changed fields,
// never secrets or payloads.
const (
	ResourceType = "webhook"

	ActionCreate         = "webhook.create"
	ActionUpdate         = "webhook.update"
	ActionDelete         = "webhook.delete"
	ActionRotateSecret   = "webhook.rotate_secret"
	ActionExecutionsRead = "webhook.executions_read" // an admin read call payloads (patient data)
)

// Limits.
const (
	MaxNameLen = 200
	// MaxPayloadBytes bounds the body of a call (256 KiB).
	MaxPayloadBytes = 256 << 10
	// CallsPerMinute is how many calls one webhook accepts per minute.
	CallsPerMinute = 600
	// DefaultOverlap is how long a rotated-out secret keeps verifying by default.
	DefaultOverlap = 24 * time.Hour
	// MaxOverlap is the longest overlap a rotation may ask for.
	MaxOverlap = 7 * 24 * time.Hour
	// maxDeliveryIDLen bounds a delivery id kept as given; longer ones are hashed.
	maxDeliveryIDLen = 200
)

// Webhook is one row of the webhooks table. Secret and PreviousSecret hold
// sealed values (PRIMA_ENCRYPTION_KEY) in the store and plaintext nowhere but
// in the responses of Create and RotateSecret.
type Webhook struct {
	ID                  string `gorm:"primaryKey"`
	TenantID            string
	Name                string
	WorkflowID          *string
	IsActive            bool
	Secret              string
	PreviousSecret      *string
	PreviousSecretUntil *time.Time
	LastCalledAt        *time.Time
	CreatedAt           time.Time
	UpdatedAt           time.Time
	DeletedAt           gorm.DeletedAt
	Version             int
}

// TableName is the webhooks table.
func (Webhook) TableName() string { return "webhooks" }

// Created is a new webhook with its secret in plaintext, shown once.
type Created struct {
	Webhook
	PlainSecret string
}

// Execution is one recorded call (webhook_executions). Payload is sealed in
// the store; the service returns it opened to admins and empty to others.
type Execution struct {
	ID          string `gorm:"primaryKey"`
	TenantID    string
	WebhookID   string
	DeliveryID  *string
	StatusCode  int
	Outcome     string
	DurationMS  int64 `gorm:"column:duration_ms"`
	Payload     *string
	Response    string // JSON text of what the caller was answered
	PatientID   *string
	ExecutionID *string // the workflow execution started, when one was
	CreatedAt   time.Time
}

// TableName is the executions table.
func (Execution) TableName() string { return "webhook_executions" }

// InboundPath is the path of a webhook's URL.
func InboundPath(id string) string { return "/api/v1/hooks/in/" + id }

// URL is the absolute URL callers post to, under baseURL (PRIMA_BASE_URL).
func URL(baseURL, id string) string { return strings.TrimRight(baseURL, "/") + InboundPath(id) }
