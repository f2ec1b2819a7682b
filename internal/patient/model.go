package patient

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Allowed values of the enumerated fields.
const (
	ConsentPending  = "pending"
	ConsentGranted  = "granted"
	ConsentDeclined = "declined"
	ConsentRevoked  = "revoked"

	ChannelWhatsApp = "whatsapp"
	ChannelKakao    = "kakao"
	ChannelSMS      = "sms"

	GenderFemale = "female"
	GenderMale   = "male"
	GenderOther  = "other"

	LanguageIndonesian = "id"
	LanguageKorean     = "ko"
	LanguageEnglish    = "en"
)

// ResourceType names patients in the audit log.
const ResourceType = "patient"

// Patient is one row of the patients table.
//
// At the service boundary Diagnosis, CancerStage and Notes hold plaintext; the
// service seals them before they reach the store, so the columns only ever hold
// ciphertext. Nullable text columns are pointers (nil is NULL); date columns are
// Date values ("" is NULL).
type Patient struct {
	ID                  string `gorm:"primaryKey"`
	TenantID            string
	Name                string
	Phone               string // E.164
	Email               *string
	BirthDate           Date
	Gender              *string
	Language            string
	Timezone            string
	Diagnosis           string
	CancerStage         string
	Notes               string
	Tags                Tags
	Attributes          Attributes
	ExternalID          *string
	AssignedVolunteerID *string
	Consent             string
	ConsentAt           *time.Time
	ConsentSource       *string
	PreferredChannel    *string
	QuietHoursStart     *string // "HH:MM", wall clock in Timezone
	QuietHoursEnd       *string
	LastVisitDate       Date
	LastSurgeryDate     Date
	PhotoURL            *string
	IsActive            bool
	CreatedAt           time.Time
	UpdatedAt           time.Time
	DeletedAt           gorm.DeletedAt
	Version             int

	// Computed on reads (List, Get), never stored: the patient's adherence
	// over the last 7 and 30 days as internal/adherence defines it; nil when
	// no dose settled in that period.
	Adherence7d  *float64 `gorm:"-"`
	Adherence30d *float64 `gorm:"-"`

	// Set by Create and Update (never stored): remarks about the write that
	// did not stop it, such as a phone number other patients have.
	Warnings []Warning `gorm:"-"`
}

// TableName is the patients table.
func (Patient) TableName() string { return "patients" }

// QuietHours returns the patient's quiet hours, or nil when none are set.
func (p Patient) QuietHours() *QuietHours {
	if p.QuietHoursStart == nil || p.QuietHoursEnd == nil {
		return nil
	}
	return &QuietHours{Start: *p.QuietHoursStart, End: *p.QuietHoursEnd}
}

// QuietHours is a daily span ("21:00"–"07:00" may cross midnight) in which
// nothing is sent to the patient.
type QuietHours struct {
	Start string
	End   string
}

// DateLayout is the layout of Date values.
const DateLayout = "2006-01-02"

// Date is a calendar date "YYYY-MM-DD" kept in a date column; "" is NULL.
type Date string

// Value stores the date as its ISO text (both dialects accept it for a date column).
func (d Date) Value() (driver.Value, error) {
	if d == "" {
		return nil, nil
	}
	return string(d), nil
}

// Scan reads a date column (time.Time from PostgreSQL, text or time from SQLite).
func (d *Date) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d = ""
	case time.Time:
		*d = Date(x.Format(DateLayout))
	case string:
		return d.scanText(x)
	case []byte:
		return d.scanText(string(x))
	default:
		return fmt.Errorf("patient: cannot scan %T into a date", v)
	}
	return nil
}

func (d *Date) scanText(s string) error {
	if s == "" {
		*d = ""
		return nil
	}
	if len(s) >= 10 {
		if t, err := time.Parse(DateLayout, s[:10]); err == nil {
			*d = Date(t.Format(DateLayout))
			return nil
		}
	}
	return fmt.Errorf("patient: %q is not a date", s)
}

// Ptr returns the date as a *string, nil when unset (handy for JSON).
func (d Date) Ptr() *string {
	if d == "" {
		return nil
	}
	s := string(d)
	return &s
}

// Tags is a JSON array of strings in a text (SQLite) or jsonb (PostgreSQL) column.
type Tags []string

// Value writes the tags as JSON text; never NULL.
func (t Tags) Value() (driver.Value, error) {
	if len(t) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal([]string(t))
	return string(b), err
}

// Scan reads a JSON array.
func (t *Tags) Scan(v any) error {
	b, err := jsonBytes(v)
	if err != nil {
		return err
	}
	out := []string{}
	if len(bytes.TrimSpace(b)) > 0 {
		if err := json.Unmarshal(b, &out); err != nil {
			return fmt.Errorf("patient: tags column: %w", err)
		}
	}
	*t = out
	return nil
}

// Attributes is a JSON object in a text (SQLite) or jsonb (PostgreSQL) column.
type Attributes json.RawMessage

// Value writes the object as JSON text; never NULL.
func (a Attributes) Value() (driver.Value, error) {
	if len(bytes.TrimSpace(a)) == 0 {
		return "{}", nil
	}
	return string(a), nil
}

// Scan reads a JSON object.
func (a *Attributes) Scan(v any) error {
	b, err := jsonBytes(v)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		*a = Attributes("{}")
		return nil
	}
	*a = append(Attributes(nil), b...)
	return nil
}

// MarshalJSON writes the raw object ("{}" when empty).
func (a Attributes) MarshalJSON() ([]byte, error) {
	if len(bytes.TrimSpace(a)) == 0 {
		return []byte("{}"), nil
	}
	return []byte(a), nil
}

func jsonBytes(v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		return []byte(x), nil
	case []byte:
		return x, nil
	default:
		return nil, fmt.Errorf("patient: cannot scan %T as JSON", v)
	}
}
