package patient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // time zones validate the same on hosts without a zoneinfo database
	"unicode/utf8"

	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/valid"
)

// Limits on patient fields.
const (
	MaxNameLen        = 200
	MaxEmailLen       = 254
	MaxDiagnosisLen   = 2000
	MaxCancerStageLen = 50
	MaxNotesLen       = 10000
	MaxTags           = 20
	MaxTagLen         = 50
	MaxAttributesSize = 16 << 10
	MaxExternalIDLen  = 100
	MaxSourceLen      = 50
	MaxPhotoURLLen    = 2048
)

// Input is a new patient as a client describes it. Nil pointers take defaults.
type Input struct {
	Name                string
	Phone               string
	Email               *string
	BirthDate           *string // "YYYY-MM-DD"
	Gender              *string
	Language            *string
	Timezone            *string
	Diagnosis           *string
	CancerStage         *string
	Notes               *string
	Tags                []string
	Attributes          json.RawMessage // a JSON object
	ExternalID          *string
	AssignedVolunteerID *string
	Consent             *string
	ConsentSource       *string
	PreferredChannel    *string
	QuietHours          *QuietHours
	LastVisitDate       *string
	LastSurgeryDate     *string
	PhotoURL            *string
	IsActive            *bool
}

// Patch changes some fields of a patient. A nil pointer leaves its field alone;
// Clear names (by their JSON names) the fields to empty, e.g. "email" or
// "quiet_hours". Version, when set, must match the stored version.
type Patch struct {
	Name                *string
	Phone               *string
	Email               *string
	BirthDate           *string
	Gender              *string
	Language            *string
	Timezone            *string
	Diagnosis           *string
	CancerStage         *string
	Notes               *string
	Tags                *[]string
	Attributes          json.RawMessage // nil leaves attributes alone
	ExternalID          *string
	AssignedVolunteerID *string
	Consent             *string
	ConsentSource       *string
	PreferredChannel    *string
	QuietHours          *QuietHours
	LastVisitDate       *string
	LastSurgeryDate     *string
	PhotoURL            *string
	IsActive            *bool
	Clear               []string
	Version             *int
}

// clearable are the fields a Patch may set to null.
var clearable = map[string]bool{
	"email": true, "birth_date": true, "gender": true, "diagnosis": true, "cancer_stage": true, "notes": true,
	"tags": true, "attributes": true, "external_id": true, "assigned_volunteer_id": true, "consent_source": true,
	"preferred_channel": true, "quiet_hours": true, "last_visit_date": true, "last_surgery_date": true, "photo_url": true,
}

// notNullable are fields that exist but cannot be null.
var notNullable = map[string]bool{
	"name": true, "phone": true, "language": true, "timezone": true, "consent": true, "is_active": true, "version": true,
}

// patchOf turns a create input into a patch over an empty patient.
func patchOf(in Input) Patch {
	p := Patch{
		Name: &in.Name, Phone: &in.Phone, Email: in.Email, BirthDate: in.BirthDate, Gender: in.Gender,
		Language: in.Language, Timezone: in.Timezone, Diagnosis: in.Diagnosis, CancerStage: in.CancerStage,
		Notes: in.Notes, Attributes: in.Attributes, ExternalID: in.ExternalID,
		AssignedVolunteerID: in.AssignedVolunteerID, Consent: in.Consent, ConsentSource: in.ConsentSource,
		PreferredChannel: in.PreferredChannel, QuietHours: in.QuietHours, LastVisitDate: in.LastVisitDate,
		LastSurgeryDate: in.LastSurgeryDate, PhotoURL: in.PhotoURL, IsActive: in.IsActive,
	}
	if in.Tags != nil {
		tags := in.Tags
		p.Tags = &tags
	}
	return p
}

// applier applies a patch to a patient, collecting every field error and the
// JSON names of the fields whose stored value changes.
type applier struct {
	region        string    // tenant's phone region
	now           time.Time // for consent_at and "not in the future"
	consentSource string    // recorded when consent changes and the client named no source
	fe            errs.Fields
	changed       []string
}

func (ap *applier) fail(field, msg string) { ap.fe.Add(field, msg) }

func (ap *applier) mark(field string, changed bool) {
	if changed && !slices.Contains(ap.changed, field) {
		ap.changed = append(ap.changed, field)
	}
}

// apply changes p in place.
func (ap *applier) apply(p *Patient, pt Patch) {
	for _, f := range pt.Clear {
		switch {
		case clearable[f]:
		case notNullable[f]:
			ap.fail(f, "cannot be null")
		default:
			ap.fail(f, "is not a known field")
		}
	}
	cleared := func(f string) bool { return slices.Contains(pt.Clear, f) && clearable[f] }

	if pt.Name != nil {
		if v, ok := ap.text("name", *pt.Name, MaxNameLen, true); ok {
			ap.mark("name", p.Name != v)
			p.Name = v
		}
	}
	if pt.Phone != nil {
		v, err := NormalizePhone(*pt.Phone, ap.region)
		if err != nil {
			ap.fail("phone", err.Error())
		} else {
			ap.mark("phone", p.Phone != v)
			p.Phone = v
		}
	}
	ap.optText(&p.Email, "email", pt.Email, cleared("email"), func(v string) (string, bool) { return ap.email(v) })
	ap.date(&p.BirthDate, "birth_date", pt.BirthDate, cleared("birth_date"), true)
	ap.optText(&p.Gender, "gender", pt.Gender, cleared("gender"), func(v string) (string, bool) {
		return v, ap.oneOf("gender", v, GenderFemale, GenderMale, GenderOther)
	})
	if pt.Language != nil {
		v := strings.TrimSpace(*pt.Language)
		if ap.oneOf("language", v, LanguageIndonesian, LanguageKorean, LanguageEnglish) {
			ap.mark("language", p.Language != v)
			p.Language = v
		}
	}
	if pt.Timezone != nil {
		v := strings.TrimSpace(*pt.Timezone)
		if ValidTimezone(v) {
			ap.mark("timezone", p.Timezone != v)
			p.Timezone = v
		} else {
			ap.fail("timezone", "must be an IANA time zone such as Asia/Jakarta")
		}
	}
	ap.secret(&p.Diagnosis, "diagnosis", pt.Diagnosis, cleared("diagnosis"), MaxDiagnosisLen)
	ap.secret(&p.CancerStage, "cancer_stage", pt.CancerStage, cleared("cancer_stage"), MaxCancerStageLen)
	ap.secret(&p.Notes, "notes", pt.Notes, cleared("notes"), MaxNotesLen)
	switch {
	case pt.Tags != nil:
		if v, ok := ap.tags(*pt.Tags); ok {
			ap.mark("tags", !slices.Equal(p.Tags, v))
			p.Tags = v
		}
	case cleared("tags"):
		ap.mark("tags", len(p.Tags) > 0)
		p.Tags = Tags{}
	}
	switch {
	case pt.Attributes != nil:
		if v, ok := ap.attributes(pt.Attributes); ok {
			ap.mark("attributes", !jsonEqual(p.Attributes, v))
			p.Attributes = v
		}
	case cleared("attributes"):
		ap.mark("attributes", !jsonEqual(p.Attributes, Attributes("{}")))
		p.Attributes = Attributes("{}")
	}
	ap.optText(&p.ExternalID, "external_id", pt.ExternalID, cleared("external_id"), func(v string) (string, bool) {
		return ap.plain("external_id", v, MaxExternalIDLen)
	})
	ap.optText(&p.AssignedVolunteerID, "assigned_volunteer_id", pt.AssignedVolunteerID, cleared("assigned_volunteer_id"),
		func(v string) (string, bool) {
			if !ids.Valid(v) {
				ap.fail("assigned_volunteer_id", "must be the id of a user of your organization")
				return "", false
			}
			return v, true
		})
	consentBefore := p.Consent
	if pt.Consent != nil {
		v := strings.TrimSpace(*pt.Consent)
		if ap.oneOf("consent", v, ConsentPending, ConsentGranted, ConsentDeclined, ConsentRevoked) {
			ap.mark("consent", p.Consent != v)
			p.Consent = v
		}
	}
	ap.optText(&p.ConsentSource, "consent_source", pt.ConsentSource, cleared("consent_source"), func(v string) (string, bool) {
		return ap.plain("consent_source", v, MaxSourceLen)
	})
	if p.Consent != consentBefore {
		now := ap.now
		p.ConsentAt = &now
		ap.mark("consent_at", true)
		if pt.ConsentSource == nil && ap.consentSource != "" {
			src := ap.consentSource
			ap.mark("consent_source", p.ConsentSource == nil || *p.ConsentSource != src)
			p.ConsentSource = &src
		}
	}
	ap.optText(&p.PreferredChannel, "preferred_channel", pt.PreferredChannel, cleared("preferred_channel"),
		func(v string) (string, bool) {
			return v, ap.oneOf("preferred_channel", v, ChannelWhatsApp, ChannelKakao, ChannelSMS)
		})
	switch {
	case pt.QuietHours != nil:
		ap.quietHours(p, *pt.QuietHours)
	case cleared("quiet_hours"):
		ap.mark("quiet_hours", p.QuietHoursStart != nil || p.QuietHoursEnd != nil)
		p.QuietHoursStart, p.QuietHoursEnd = nil, nil
	}
	ap.date(&p.LastVisitDate, "last_visit_date", pt.LastVisitDate, cleared("last_visit_date"), false)
	ap.date(&p.LastSurgeryDate, "last_surgery_date", pt.LastSurgeryDate, cleared("last_surgery_date"), false)
	ap.optText(&p.PhotoURL, "photo_url", pt.PhotoURL, cleared("photo_url"), func(v string) (string, bool) {
		return ap.photoURL(v)
	})
	if pt.IsActive != nil {
		ap.mark("is_active", p.IsActive != *pt.IsActive)
		p.IsActive = *pt.IsActive
	}
}

// optText sets or clears a nullable text column; an empty string clears it too.
func (ap *applier) optText(dst **string, field string, v *string, clear bool, check func(string) (string, bool)) {
	switch {
	case v != nil && strings.TrimSpace(*v) != "":
		s, ok := check(strings.TrimSpace(*v))
		if !ok {
			return
		}
		ap.mark(field, *dst == nil || **dst != s)
		*dst = &s
	case v != nil || clear:
		ap.mark(field, *dst != nil)
		*dst = nil
	}
}

// secret sets or clears one of the encrypted free-text fields.
func (ap *applier) secret(dst *string, field string, v *string, clear bool, maxLen int) {
	switch {
	case v != nil:
		s, ok := ap.text(field, *v, maxLen, false)
		if !ok {
			return
		}
		ap.mark(field, *dst != s)
		*dst = s
	case clear:
		ap.mark(field, *dst != "")
		*dst = ""
	}
}

func (ap *applier) date(dst *Date, field string, v *string, clear, notFuture bool) {
	switch {
	case v != nil && strings.TrimSpace(*v) != "":
		s := strings.TrimSpace(*v)
		t, err := time.Parse(DateLayout, s)
		if err != nil {
			ap.fail(field, "must be a date such as 1970-01-31")
			return
		}
		if !valid.InRange(t) {
			ap.fail(field, valid.DateMessage)
			return
		}
		// "In the future" means after today everywhere on Earth (UTC+14), so a
		// date entered in any time zone is never refused wrongly.
		latest := ap.now.UTC().Add(14 * time.Hour)
		if notFuture && t.After(time.Date(latest.Year(), latest.Month(), latest.Day(), 0, 0, 0, 0, time.UTC)) {
			ap.fail(field, "cannot be in the future")
			return
		}
		d := Date(t.Format(DateLayout))
		ap.mark(field, *dst != d)
		*dst = d
	case v != nil || clear:
		ap.mark(field, *dst != "")
		*dst = ""
	}
}

// text trims s and checks its length (in characters) and encoding.
func (ap *applier) text(field, s string, maxLen int, required bool) (string, bool) {
	s = strings.TrimSpace(s)
	switch {
	case !valid.Text(s):
		ap.fail(field, valid.TextMessage)
		return "", false
	case required && s == "":
		ap.fail(field, "is required")
		return "", false
	case utf8.RuneCountInString(s) > maxLen:
		ap.fail(field, fmt.Sprintf("must be at most %d characters", maxLen))
		return "", false
	}
	return s, true
}

// plain is short text with no control characters.
func (ap *applier) plain(field, s string, maxLen int) (string, bool) {
	s, ok := ap.text(field, s, maxLen, false)
	if !ok {
		return "", false
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		ap.fail(field, "must not contain control characters")
		return "", false
	}
	return s, true
}

func (ap *applier) oneOf(field, v string, allowed ...string) bool {
	if slices.Contains(allowed, v) {
		return true
	}
	ap.fail(field, "must be one of "+strings.Join(allowed, ", "))
	return false
}

func (ap *applier) email(v string) (string, bool) {
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || len(v) > MaxEmailLen || !strings.Contains(v[strings.LastIndexByte(v, '@')+1:], ".") {
		ap.fail("email", "must be an email address such as name@example.org")
		return "", false
	}
	return v, true
}

func (ap *applier) photoURL(v string) (string, bool) {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(v) > MaxPhotoURLLen {
		ap.fail("photo_url", "must be an http or https URL")
		return "", false
	}
	return v, true
}

// tags trims, drops empty and duplicate (case-insensitively) tags, and checks limits.
func (ap *applier) tags(in []string) (Tags, bool) {
	out := Tags{}
	seen := map[string]bool{}
	for _, t := range in {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if !utf8.ValidString(t) || strings.ContainsFunc(t, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			ap.fail("tags", "tags must be plain text")
			return nil, false
		}
		if utf8.RuneCountInString(t) > MaxTagLen {
			ap.fail("tags", fmt.Sprintf("each tag must be at most %d characters", MaxTagLen))
			return nil, false
		}
		key := strings.ToLower(t)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, t)
	}
	if len(out) > MaxTags {
		ap.fail("tags", fmt.Sprintf("must hold at most %d tags", MaxTags))
		return nil, false
	}
	return out, true
}

func (ap *applier) attributes(raw json.RawMessage) (Attributes, bool) {
	trimmed := bytes.TrimSpace(raw)
	if bytes.Equal(trimmed, []byte("null")) {
		return Attributes("{}"), true
	}
	var obj map[string]json.RawMessage
	if len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(trimmed, &obj) != nil {
		ap.fail("attributes", "must be a JSON object")
		return nil, false
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, trimmed); err != nil {
		ap.fail("attributes", "must be a JSON object")
		return nil, false
	}
	if !utf8.Valid(buf.Bytes()) || bytes.Contains(buf.Bytes(), []byte(`\u0000`)) {
		ap.fail("attributes", "must be a JSON object whose keys and values are UTF-8 text without NUL characters")
		return nil, false
	}
	if buf.Len() > MaxAttributesSize {
		ap.fail("attributes", fmt.Sprintf("must be at most %d KiB of JSON", MaxAttributesSize>>10))
		return nil, false
	}
	return Attributes(buf.Bytes()), true
}

func (ap *applier) quietHours(p *Patient, q QuietHours) {
	start, end := strings.TrimSpace(q.Start), strings.TrimSpace(q.End)
	ok := true
	if !validClock(start) {
		ap.fail("quiet_hours.start", "must be a time of day such as 21:00")
		ok = false
	}
	if !validClock(end) {
		ap.fail("quiet_hours.end", "must be a time of day such as 07:00")
		ok = false
	}
	if ok && start == end {
		ap.fail("quiet_hours", "start and end must differ")
		ok = false
	}
	if !ok {
		return
	}
	ap.mark("quiet_hours", p.QuietHoursStart == nil || *p.QuietHoursStart != start || p.QuietHoursEnd == nil || *p.QuietHoursEnd != end)
	p.QuietHoursStart, p.QuietHoursEnd = &start, &end
}

// validClock reports whether s is "HH:MM" on a 24-hour clock.
func validClock(s string) bool {
	if len(s) != 5 || s[2] != ':' {
		return false
	}
	_, err := time.Parse("15:04", s)
	return err == nil
}

// ValidTimezone reports whether name is an IANA time zone ("Asia/Jakarta", "UTC").
func ValidTimezone(name string) bool {
	if name == "" || name == "Local" || len(name) > 64 {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

// DefaultLanguage is the language a patient from region gets unless told otherwise.
func DefaultLanguage(region string) string {
	switch strings.ToUpper(region) {
	case "ID":
		return LanguageIndonesian
	case "KR":
		return LanguageKorean
	}
	return LanguageEnglish
}

func jsonEqual(a, b Attributes) bool {
	var x, y any
	if json.Unmarshal(a.orEmpty(), &x) != nil || json.Unmarshal(b.orEmpty(), &y) != nil {
		return bytes.Equal(a, b)
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return bytes.Equal(xb, yb)
}

func (a Attributes) orEmpty() []byte {
	if len(bytes.TrimSpace(a)) == 0 {
		return []byte("{}")
	}
	return a
}
