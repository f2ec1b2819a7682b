package template

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/prima-health/prima/internal/patient"
	"gorm.io/gorm"
)

// Kinds of template: what a template is written for.
const (
	KindReminder = "reminder"
	KindConsent  = "consent"
	KindCampaign = "campaign"
	KindReply    = "reply"
)

// Kinds lists every kind.
var Kinds = []string{KindReminder, KindConsent, KindCampaign, KindReply}

// Languages a template has bodies in, in the order a patient without a body in
// their own language falls back through: Indonesian, English, Korean.
var Languages = []string{patient.LanguageIndonesian, patient.LanguageEnglish, patient.LanguageKorean}

// ResourceType names templates in the audit log.
const ResourceType = "template"

// Audit actions.
const (
	ActionCreate = "template.create"
	ActionUpdate = "template.update"
	ActionDelete = "template.delete"
)

// Template is one row of the templates table: a message text per language,
// and optionally the KakaoTalk AlimTalk template it maps to.
type Template struct {
	ID                string `gorm:"primaryKey"`
	TenantID          string
	Name              string
	Kind              string
	Bodies            Bodies
	KakaoTemplateCode *string
	// KakaoParameters maps AlimTalk parameter names to PRIMA variable names,
	// e.g. {"name": "first_name"}.
	KakaoParameters ParamMap
	// LinkArticleID names the article whose public page {{link}} is.
	LinkArticleID *string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	DeletedAt     gorm.DeletedAt
	Version       int
}

// TableName is the templates table.
func (Template) TableName() string { return "templates" }

// Variables lists every variable the bodies and the Kakao parameters use, each
// once, sorted.
func (t Template) Variables() []string {
	seen := map[string]bool{}
	for _, lang := range Languages {
		vars, err := Parse(t.Bodies.Get(lang))
		if err != nil {
			continue // stored bodies were validated on save
		}
		for _, v := range vars {
			seen[v] = true
		}
	}
	for _, v := range t.KakaoParameters {
		seen[v] = true
	}
	return slices.Sorted(maps.Keys(seen))
}

// Bodies are a template's texts by language; "" is no body in that language.
// Stored as a JSON object holding only the languages that have a body.
type Bodies struct {
	ID string // Indonesian
	Ko string // Korean
	En string // English
}

// Get returns the body in lang ("id", "ko", "en"), "" when there is none.
func (b Bodies) Get(lang string) string {
	switch lang {
	case patient.LanguageIndonesian:
		return b.ID
	case patient.LanguageKorean:
		return b.Ko
	case patient.LanguageEnglish:
		return b.En
	}
	return ""
}

// set changes the body in lang.
func (b *Bodies) set(lang, v string) {
	switch lang {
	case patient.LanguageIndonesian:
		b.ID = v
	case patient.LanguageKorean:
		b.Ko = v
	case patient.LanguageEnglish:
		b.En = v
	}
}

// Empty reports whether no language has a body.
func (b Bodies) Empty() bool { return b.ID == "" && b.Ko == "" && b.En == "" }

func (b Bodies) asMap() map[string]string {
	out := map[string]string{}
	for _, lang := range Languages {
		if v := b.Get(lang); v != "" {
			out[lang] = v
		}
	}
	return out
}

// Value writes the bodies as a JSON object; never NULL.
func (b Bodies) Value() (driver.Value, error) {
	js, err := json.Marshal(b.asMap())
	return string(js), err
}

// Scan reads a JSON object of bodies.
func (b *Bodies) Scan(v any) error {
	raw, err := jsonBytes(v)
	if err != nil {
		return err
	}
	m := map[string]string{}
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &m); err != nil {
			return fmt.Errorf("template: bodies column: %w", err)
		}
	}
	*b = Bodies{}
	for _, lang := range Languages {
		b.set(lang, m[lang])
	}
	return nil
}

// ParamMap is a JSON object of strings in a text (SQLite) or jsonb (PostgreSQL) column.
type ParamMap map[string]string

// Value writes the map as a JSON object; never NULL.
func (p ParamMap) Value() (driver.Value, error) {
	if len(p) == 0 {
		return "{}", nil
	}
	js, err := json.Marshal(map[string]string(p))
	return string(js), err
}

// Scan reads a JSON object of strings.
func (p *ParamMap) Scan(v any) error {
	raw, err := jsonBytes(v)
	if err != nil {
		return err
	}
	m := map[string]string{}
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &m); err != nil {
			return fmt.Errorf("template: kakao_parameters column: %w", err)
		}
	}
	*p = m
	return nil
}

// Keys returns the parameter names, sorted.
func (p ParamMap) Keys() []string {
	return slices.Sorted(maps.Keys(p))
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
		return nil, fmt.Errorf("template: cannot scan %T as JSON", v)
	}
}
