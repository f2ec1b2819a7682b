package events

import (
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
)

// Delivery states.
const (
	StatusPending   = "pending"
	StatusSucceeded = "succeeded"
	StatusFailed    = "failed"
)

// Statuses lists every delivery state.
var Statuses = []string{StatusPending, StatusSucceeded, StatusFailed}

// Resource type and audit actions. Audit events name ids and changed fields,
// never secrets or URLs' query strings.
const (
	ResourceType = "event_subscription"

	ActionCreate       = "event_subscription.create"
	ActionUpdate       = "event_subscription.update"
	ActionDelete       = "event_subscription.delete"
	ActionRotateSecret = "event_subscription.rotate_secret"
	ActionTest         = "event_subscription.test"
	ActionRedeliver    = "event_subscription.redeliver"
)

// Limits.
const (
	MaxURLLen         = 2048
	MaxDescriptionLen = 500
	// DefaultOverlap is how long a rotated-out secret keeps signing by default.
	DefaultOverlap = 24 * time.Hour
	// MaxOverlap is the longest overlap a rotation may ask for.
	MaxOverlap = 7 * 24 * time.Hour
	// MaxErrorLen bounds last_error: a short description, never a response body.
	MaxErrorLen = 200
)

// Subscription is one row of event_subscriptions. Secret and PreviousSecret
// hold sealed values (PRIMA_ENCRYPTION_KEY); the plaintext is returned only
// by Create and RotateSecret.
type Subscription struct {
	ID                  string `gorm:"primaryKey"`
	TenantID            string
	URL                 string `gorm:"column:url"`
	Events              db.JSON[[]string]
	Description         string
	IsActive            bool
	Secret              string
	PreviousSecret      *string
	PreviousSecretUntil *time.Time
	RotatedAt           *time.Time
	DisabledReason      *string
	CreatedAt           time.Time
	UpdatedAt           time.Time
	DeletedAt           gorm.DeletedAt
	Version             int
}

// TableName is the subscriptions table.
func (Subscription) TableName() string { return "event_subscriptions" }

// Subscribes reports whether the subscription takes events of type t.
func (s Subscription) Subscribes(t string) bool {
	for _, e := range s.Events.V {
		if e == t {
			return true
		}
	}
	return false
}

// Created is a subscription with its secret in plaintext, shown once.
type Created struct {
	Subscription
	PlainSecret string
}

// Record is one row of events.
type Record struct {
	ID        string `gorm:"primaryKey"`
	TenantID  string
	Type      string
	Payload   db.JSON[Data]
	CreatedAt time.Time
}

// TableName is the events table.
func (Record) TableName() string { return "events" }

// Delivery is one event to one subscription.
type Delivery struct {
	ID             string `gorm:"primaryKey"`
	TenantID       string
	EventID        string
	SubscriptionID string
	EventType      string
	WebhookID      string
	Status         string
	Attempts       int
	LastStatusCode *int
	LastError      *string
	NextAttemptAt  *time.Time
	FirstAttemptAt *time.Time
	LastAttemptAt  *time.Time
	ClaimToken     *string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// TableName is the deliveries table.
func (Delivery) TableName() string { return "event_deliveries" }

// Attempt is one recorded try of a delivery.
type Attempt struct {
	ID          string `gorm:"primaryKey"`
	TenantID    string
	DeliveryID  string
	StatusCode  *int
	Error       *string
	DurationMS  int64 `gorm:"column:duration_ms"`
	AttemptedAt time.Time
}

// TableName is the attempts table.
func (Attempt) TableName() string { return "event_delivery_attempts" }
