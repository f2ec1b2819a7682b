// Package conversation is PRIMA listening: a patient's message is stored once
// for one tenant, answered 2xx fast, and the work it asks for — understanding
// it (rules, then a language model when the rules are unsure), acting on it
// (confirming a dose, consent, an urgent alert to staff) and answering — is
// queued in the database with the message and done exactly once by workers.
// Staff read and answer conversations in the dashboard's inbox.
package conversation

import (
	"fmt"
	"time"
)

// Conversation statuses and flags (SPEC §3.2).
const (
	StatusOpen     = "open"
	StatusResolved = "resolved"

	FlagUrgent     = "urgent"
	FlagNeedsReply = "needs_reply"
)

// Inbox ranks: the inbox lists urgent conversations first, then those unread
// or waiting for a reply, then the rest, each by their last message.
const (
	rankUrgent = 0
	rankUnread = 1
	rankRest   = 2
)

// Conversation is one patient's thread with the clinic.
type Conversation struct {
	TenantID             string `gorm:"primaryKey"`
	PatientID            string `gorm:"primaryKey"`
	Status               string
	Flag                 *string
	FlaggedAt            *time.Time
	UnreadCount          int
	Rank                 int
	LastMessageAt        time.Time
	LastInboundAt        *time.Time
	LastInboundMessageID *string
	LastIntent           *string
	LastStaffReplyAt     *time.Time
	LastAutoReply        *string
	CreatedAt            time.Time
	UpdatedAt            time.Time
	Version              int
}

// TableName is the conversation table.
func (Conversation) TableName() string { return "conversations" }

// rankAfter is SQL for the rank of a conversation whose flag column is
// flagCol: urgent stays first, anything else takes rank other. (Literals, not
// parameters: PostgreSQL would type parameters in a CASE as text.)
func rankAfter(flagCol string, other int) string {
	return fmt.Sprintf("CASE WHEN %s = '%s' THEN %d ELSE %d END", flagCol, FlagUrgent, rankUrgent, other)
}

// Job statuses.
const (
	JobPending = "pending"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Job is the work one inbound message queued.
type Job struct {
	ID           string `gorm:"primaryKey"`
	TenantID     string
	MessageID    string
	PatientID    string
	Status       string
	AutoReplies  bool // false when the sender is over its rate: no automated answer (loop guard)
	Attempts     int
	RunAfter     time.Time
	ClaimToken   *string
	ClaimedUntil *time.Time
	LastError    *string
	CreatedAt    time.Time
	FinishedAt   *time.Time
}

// TableName is the job table.
func (Job) TableName() string { return "inbound_jobs" }

// Notification kinds.
const (
	NotifyUrgent = "urgent_message"
	// NotifyWorkflow: a workflow's notify_staff step (its words in Body).
	NotifyWorkflow = "workflow"
)

// Notification tells one staff member about something in the dashboard.
type Notification struct {
	ID          string     `gorm:"primaryKey" json:"id"`
	TenantID    string     `json:"-"`
	UserID      string     `json:"-"`
	Kind        string     `json:"kind"`
	PatientID   *string    `json:"patient_id"`
	MessageID   *string    `json:"message_id"`
	Body        *string    `json:"body"`
	ExecutionID *string    `json:"execution_id"`
	CreatedAt   time.Time  `json:"created_at"`
	ReadAt      *time.Time `json:"read_at"`
}

// TableName is the notification table.
func (Notification) TableName() string { return "notifications" }

// UnknownSender is a phone that wrote in without being a patient.
type UnknownSender struct {
	ID             string `gorm:"primaryKey"`
	TenantID       *string
	TenantKey      string
	Channel        string
	Phone          string
	MessageCount   int
	FirstSeenAt    time.Time
	LastSeenAt     time.Time
	LastAnsweredAt *time.Time
}

// TableName is the unknown-sender table.
func (UnknownSender) TableName() string { return "unknown_senders" }
