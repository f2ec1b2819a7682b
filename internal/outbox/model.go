// Package outbox is PRIMA's outbox and message log: every outbound message
// is first a row here, written in the same transaction as its cause; the
// dispatcher claims due rows, applies the safety rules (consent, opt-out,
// quiet hours, time-to-live), sends through the tenant's channel order with
// retries and failover, and records every attempt.
package outbox

import (
	"encoding/json"
	"time"
)

// Directions.
const (
	Outbound = "outbound"
	Inbound  = "inbound"
)

// Statuses of a message.
const (
	StatusQueued    = "queued"
	StatusSending   = "sending"
	StatusSent      = "sent"
	StatusDelivered = "delivered"
	StatusRead      = "read"
	StatusFailed    = "failed"
	StatusSkipped   = "skipped"
	StatusReceived  = "received"
)

// Why a message was skipped.
const (
	SkipOptedOut          = "opted_out"
	SkipNoConsent         = "no_consent"
	SkipQuietHoursExpired = "quiet_hours_expired"
	SkipTooLate           = "too_late"
	SkipInvalidPhone      = "invalid_phone"
	SkipDuplicate         = "duplicate"
	SkipPatientInactive   = "patient_inactive"
)

// Sources of messages.
const (
	SourceReminder  = "reminder"
	SourceWorkflow  = "workflow"
	SourceCampaign  = "campaign"
	SourceManual    = "manual"
	SourceAutoReply = "auto_reply"
	SourceConsent   = "consent"
	SourceInbound   = "inbound"
	SourceTest      = "test"
)

// Exemptions from the sending rules, each for one kind of automated reply.
const (
	// ExemptSafety: the fixed answer to an urgent message goes out in quiet
	// hours and while consent is pending or declined (never after a STOP).
	ExemptSafety = "safety"
	// ExemptOptOutConfirmation: the one message confirming a STOP goes out
	// though consent is now revoked.
	ExemptOptOutConfirmation = "opt_out_confirmation"
)

// Priorities: interactive traffic goes before bulk.
const (
	PriorityInteractive = 0
	PriorityNormal      = 1
	PriorityBulk        = 2
)

// Message is one row of the message log.
type Message struct {
	ID                string `gorm:"primaryKey"`
	TenantID          string
	ToPhone           *string // set when there is no patient (test messages); otherwise the patient's phone at send time
	PatientID         *string
	Direction         string
	Channel           string
	ChannelOrder      StringList
	ChannelIndex      int
	Status            string
	SkipReason        *string
	Body              string  // sealed in the table; plain in memory (see Bodies)
	BodyHash          *string // keyed digest of the body, for duplicate suppression
	KakaoTemplateCode *string
	KakaoParameters   StringMap
	Source            string
	SourceID          *string
	ProviderMessageID *string
	Automated         bool
	AIGenerated       bool `gorm:"column:ai_generated"`
	Priority          int
	ErrorCode         *string
	ErrorMessage      *string
	ChannelAttempts   int
	TotalAttempts     int
	NextAttemptAt     *time.Time
	SendBefore        *time.Time
	ReceiptDeadline   *time.Time
	ClaimedBy         *string    // the process holding the claim (for operators)
	ClaimToken        *string    // unique per claim: every write of the claimer compares it
	ClaimExpiresAt    *time.Time // the lease: after it, another process may recover the message
	AttemptStartedAt  *time.Time // set while the current attempt may have reached the provider
	ResendKeyAt       *time.Time // first use of an idempotency key to be re-sent after an unknown outcome
	DedupeKey         *string
	CreatedBy         *string
	// Inbound understanding (SPEC §3.2): what the patient's message meant.
	Intent             *string
	IntentConfidence   *float64
	IntentSource       *string // "rules" or "llm"
	RepliedToMessageID *string // the outbound message the patient answered, when known
	// Exemption lets a few automated replies past one safety rule: see Exempt*.
	Exemption   *string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	SentAt      *time.Time
	DeliveredAt *time.Time
	ReadAt      *time.Time
	FailedAt    *time.Time
	Version     int
}

// TableName is the message table.
func (Message) TableName() string { return "messages" }

// Attempt is one hand-over of a message to a channel.
type Attempt struct {
	ID                string `gorm:"primaryKey"`
	MessageID         string
	TenantID          string
	AttemptNo         int
	Channel           string
	Status            string // started, sent, failed, throttled, unknown, skipped
	ErrorCode         *string
	ErrorMessage      *string
	ProviderMessageID *string
	StartedAt         time.Time
	FinishedAt        *time.Time
}

// TableName is the attempt table.
func (Attempt) TableName() string { return "message_attempts" }

// Attempt statuses.
const (
	AttemptStarted   = "started"
	AttemptSent      = "sent"
	AttemptFailed    = "failed"
	AttemptThrottled = "throttled"
	AttemptUnknown   = "unknown"
	AttemptSkipped   = "skipped" // claimed for a send that did not happen (shutdown, channel paused)
)

// PendingReceipt is a delivery receipt that arrived before the outcome of its
// send was recorded; it is applied when that outcome is.
type PendingReceipt struct {
	ID                string `gorm:"primaryKey"`
	Channel           string
	ProviderMessageID string
	State             string
	At                time.Time
	CreatedAt         time.Time
}

// TableName is the pending receipt table.
func (PendingReceipt) TableName() string { return "pending_receipts" }

// StringList is a JSON array of strings in a text/jsonb column.
type StringList []string

// StringMap is a JSON object of strings in a text/jsonb column.
type StringMap map[string]string

func scanJSON(v any, dst any) error {
	switch b := v.(type) {
	case nil:
		return nil
	case []byte:
		return json.Unmarshal(b, dst)
	case string:
		return json.Unmarshal([]byte(b), dst)
	}
	return nil
}
