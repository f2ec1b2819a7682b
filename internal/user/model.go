// Package user holds tenants, their users (one membership per Clerk user and
// tenant), approval and roles.
package user

import (
	"time"

	"github.com/prima-health/prima/internal/identity"
)

// Approval states.
const (
	StatusPending  = "pending"
	StatusApproved = "approved"
	StatusRejected = "rejected"
)

// Tenant is a clinic or volunteer group: a Clerk organization, or one user's personal space.
type Tenant struct {
	ID            string `gorm:"primaryKey"`
	ClerkOrgID    string // org id, or "personal:<user id>"
	Name          string
	DefaultRegion string
	Timezone      string
	// Messaging settings (SettingsService). Read-only for GORM: a new tenant
	// gets the column defaults, and only the settings service writes them.
	QuietHoursStart string   `gorm:"->"`
	QuietHoursEnd   string   `gorm:"->"`
	SendWindowStart string   `gorm:"->"`
	SendWindowEnd   string   `gorm:"->"`
	ChannelOrder    []string `gorm:"->;serializer:json"`
	DefaultLanguage string   `gorm:"->"`
	AIEnabled       bool     `gorm:"->;column:ai_enabled"`
	// The tenant's own sending accounts (nil: the server's default account)
	// and how long automated answers pause after a staff reply.
	GowaDeviceID      *string `gorm:"->;column:gowa_device_id"`
	SMSSender         *string `gorm:"->;column:sms_sender"`
	KakaoSenderKey    *string `gorm:"->;column:kakao_sender_key"`
	WhatsAppWarmup    *string `gorm:"->;column:whatsapp_warmup"` // JSON of a Warmup, or nil
	StaffPauseMinutes int     `gorm:"->;column:staff_pause_minutes"`
	CreatedAt         time.Time
	UpdatedAt         time.Time
	Version           int
}

// User is one person's membership of one tenant.
type User struct {
	ID          string `gorm:"primaryKey"`
	TenantID    string
	ClerkUserID string
	Email       string
	Name        string
	Role        string
	Status      string
	IsActive    bool
	LastSeenAt  *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int
}

// Principal is the caller as resolved from a verified token.
type Principal struct {
	User   User
	Tenant Tenant
	// Key is the API key the caller used, nil for a session token. User is
	// then the key's creator as an approved admin (the key's scopes narrow it).
	Key *identity.APIKey
}

// CallerID keys per-caller state (rate limits, idempotency records): the
// user, or the API key, so a key and its creator's session never share them.
func (p Principal) CallerID() string {
	if p.Key != nil {
		return "key:" + p.Key.ID
	}
	return p.User.ID
}

// PersonalOrgKey is the tenant key of a user's personal space.
func PersonalOrgKey(clerkUserID string) string { return "personal:" + clerkUserID }
