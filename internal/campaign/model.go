// Package campaign sends one message to a segment of a tenant's patients
// (SPEC §10). A campaign's audience is expanded into recipient rows in
// batches, one per (campaign, patient), so nobody is messaged twice whatever
// restarts; a feeder queues the pending recipients' messages through the
// outbox at the campaign's rate, inside its send window and the tenant's
// WhatsApp warm-up, as bulk traffic behind every interactive message. Pause,
// resume and cancel take effect at once: the dispatcher holds back the
// messages of a campaign that is not running.
package campaign

import (
	"time"

	"github.com/prima-health/prima/internal/platform/db"
)

// Statuses of a campaign.
const (
	StatusDraft     = "draft"
	StatusScheduled = "scheduled"
	StatusRunning   = "running"
	StatusPaused    = "paused"
	StatusCompleted = "completed"
	StatusCancelled = "cancelled"
)

// Recipient states: pending (not yet queued), queued (its message is in the
// outbox, whose status the recipient then shows), skipped (never queued).
const (
	StatePending = "pending"
	StateQueued  = "queued"
	StateSkipped = "skipped"
)

// Why a recipient was not queued (besides the outbox's own skip reasons,
// which its message shows).
const (
	SkipOptedOut           = "opted_out"
	SkipNoConsent          = "no_consent"
	SkipNoPhone            = "no_phone"
	SkipUrgentConversation = "urgent_conversation"
	SkipMissingVariable    = "missing_variable"
	SkipPatientGone        = "patient_inactive"
	SkipCancelled          = "campaign_cancelled"
)

// Why a paused campaign was paused.
const (
	PauseManual   = "manual"
	PauseFailures = "failures"
)

// Why a running campaign queues nothing at the moment.
const (
	WaitSendWindow = "send_window"
	WaitWarmup     = "warmup"
)

// Limits.
const (
	MaxVariants          = 3
	MaxPatientIDs        = 10_000
	MaxRatePerMinute     = 600_000
	DefaultRatePerMinute = 600
	DefaultFailures      = 20
	MaxFailureThreshold  = 10_000
	MaxNameLength        = 200
	MaxBodyLength        = 4096
	SampleSize           = 10
)

// Segment chooses patients by what the clinic knows about them; empty fields
// do not filter. Only active, not deleted patients are ever chosen.
type Segment struct {
	TagsAny         []string          `json:"tags_any"`
	TagsAll         []string          `json:"tags_all"`
	Attributes      map[string]string `json:"attributes"`
	SurgeryType     *string           `json:"surgery_type"`
	LastVisitFrom   *string           `json:"last_visit_from"`
	LastVisitTo     *string           `json:"last_visit_to"`
	LastSurgeryFrom *string           `json:"last_surgery_from"`
	LastSurgeryTo   *string           `json:"last_surgery_to"`
	AgeMin          *int              `json:"age_min"`
	AgeMax          *int              `json:"age_max"`
	Gender          *string           `json:"gender"`
	Language        *string           `json:"language"`
	Consent         *string           `json:"consent"`
}

// Audience is explicit patient ids or a segment (exactly one).
type Audience struct {
	PatientIDs []string `json:"patient_ids"`
	Segment    *Segment `json:"segment"`
}

// Variant is one wording of the message, chosen for a share of recipients.
type Variant struct {
	Key        string            `json:"key"`
	TemplateID *string           `json:"template_id"`
	Bodies     map[string]string `json:"bodies"`
	Weight     int               `json:"weight"`
}

// Window is a daily sending window ("09:00"–"18:00") in each patient's time zone.
type Window struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Campaign is a tenant's campaign row.
type Campaign struct {
	ID                string `gorm:"primaryKey"`
	TenantID          string
	Name              string
	Status            string
	TemplateID        *string
	Bodies            db.JSON[map[string]string]
	ChannelOrder      db.JSON[[]string]
	Audience          db.JSON[Audience]
	Variants          db.JSON[[]Variant]
	SendAt            *time.Time
	SendWindowStart   *string
	SendWindowEnd     *string
	RatePerMinute     int
	FailureThreshold  int
	PauseCode         *string
	PauseReason       *string
	WaitingReason     *string
	ExpandAfter       *string
	ExpandedAt        *time.Time
	Total             int
	FedUntil          *time.Time
	RecipientsQueued  int
	RecipientsSkipped int
	StartedAt         *time.Time
	CompletedAt       *time.Time
	CreatedBy         *string
	CreatedAt         time.Time
	UpdatedAt         time.Time
	DeletedAt         *time.Time
	Version           int
}

// TableName is the campaigns table.
func (Campaign) TableName() string { return "campaigns" }

// Window is the campaign's send window, or nil for any time (quiet hours still apply).
func (c Campaign) Window() *Window {
	if c.SendWindowStart == nil || c.SendWindowEnd == nil {
		return nil
	}
	return &Window{Start: *c.SendWindowStart, End: *c.SendWindowEnd}
}

// Recipient is one patient of a campaign.
type Recipient struct {
	CampaignID string `gorm:"primaryKey"`
	PatientID  string `gorm:"primaryKey"`
	TenantID   string
	State      string
	SkipReason *string
	Variant    *string
	Timezone   string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// TableName is the campaign_recipients table.
func (Recipient) TableName() string { return "campaign_recipients" }

// Counters are a campaign's recipients by outcome. Total = Queued + Sent +
// Failed + Skipped; Delivered counts the sent ones a receipt confirmed (read
// ones included).
type Counters struct {
	Total     int64 `json:"total"`
	Queued    int64 `json:"queued"`
	Sent      int64 `json:"sent"`
	Delivered int64 `json:"delivered"`
	Failed    int64 `json:"failed"`
	Skipped   int64 `json:"skipped"`
}

// VariantResult is how one wording did: of its recipients, how many messages
// were sent, delivered and read, and how many patients replied, and replied
// "yes", within ResultWindow of the message.
type VariantResult struct {
	Key       string `json:"key"`
	Sent      int64  `json:"sent"`
	Delivered int64  `json:"delivered"`
	Read      int64  `json:"read"`
	Replied   int64  `json:"replied"`
	Confirmed int64  `json:"confirmed"`
}

// ResultWindow is how long after a campaign message a reply counts for its variant.
const ResultWindow = 72 * time.Hour

// View is a campaign with what is read with it.
type View struct {
	Campaign
	Counters       Counters
	VariantResults []VariantResult
}
