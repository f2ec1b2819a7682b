package campaign

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/template"
)

// Input is a campaign as a client writes it (create, or the fields a patch sets).
type Input struct {
	Name             string
	TemplateID       *string
	Bodies           map[string]string
	ChannelOrder     []string
	Audience         Audience
	SendAt           *time.Time
	SendWindow       *Window
	RatePerMinute    *int
	FailureThreshold *int
	Variants         []Variant
}

// Patch changes some fields of a draft or scheduled campaign; nil fields stay.
// Setting Bodies clears the template and setting TemplateID clears the bodies.
type Patch struct {
	Name             *string
	TemplateID       *string
	Bodies           map[string]string
	ChannelOrder     *[]string
	Audience         *Audience
	SendAt           *time.Time
	ClearSendAt      bool
	SendWindow       *Window
	ClearSendWindow  bool
	RatePerMinute    *int
	FailureThreshold *int
	Variants         *[]Variant
	Version          *int
}

// Channels a campaign may name.
var Channels = []string{"whatsapp", "kakao", "sms", "log"}

var (
	variantKey   = regexp.MustCompile(`^[A-Za-z0-9_-]{1,16}$`)
	attributeKey = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)
	clockTime    = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
)

// campaignVariables are the variables a campaign message may use: the
// patient's and the clinic's (no reminder or appointment is behind it).
func campaignVariable(name string) bool {
	switch name {
	case template.VarName, template.VarFirstName, template.VarClinic:
		return true
	}
	return strings.HasPrefix(name, template.AttributePrefix) && attributeKey.MatchString(strings.TrimPrefix(name, template.AttributePrefix))
}

// checkBodies validates per-language message text at field.
func checkBodies(fe *errs.Fields, field string, b map[string]string) {
	if len(b) == 0 {
		fe.Add(field, "needs a text in at least one language (id, ko, en)")
		return
	}
	any := false
	for lang, text := range b {
		f := field + "." + lang
		if !slices.Contains(template.Languages, lang) {
			fe.AddCode(f, "invalid_enum", "must be one of id, ko, en")
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		any = true
		if !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
			fe.AddCode(f, "invalid_format", "must be valid UTF-8 text")
			continue
		}
		if utf8.RuneCountInString(text) > MaxBodyLength {
			fe.Add(f, fmt.Sprintf("must be at most %d characters", MaxBodyLength))
			continue
		}
		vars, err := template.Parse(text)
		if err != nil {
			fe.Add(f, err.Error())
			continue
		}
		for _, v := range vars {
			if !campaignVariable(v) {
				fe.AddCode(f, "unknown_variable", "{{"+v+"}} is not available in a campaign (use name, first_name, clinic or attributes.KEY)")
			}
		}
	}
	if !any {
		fe.Add(field, "needs a text in at least one language (id, ko, en)")
	}
}

// checkMessage validates "exactly one of template_id and bodies" at prefix.
func checkMessage(fe *errs.Fields, prefix string, templateID *string, bodies map[string]string) {
	switch {
	case templateID != nil && len(bodies) > 0:
		fe.Add(prefix+"template_id", "give either template_id or bodies, not both")
	case templateID != nil:
		if !ids.Valid(*templateID) {
			fe.AddCode(prefix+"template_id", "invalid_format", "must be a template id")
		}
	case len(bodies) > 0:
		checkBodies(fe, prefix+"bodies", bodies)
	default:
		fe.AddCode(prefix+"bodies", "required", "give a template_id or bodies")
	}
}

func checkName(fe *errs.Fields, name string) string {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		fe.Add("name", "is required")
	case !utf8.ValidString(name) || strings.ContainsRune(name, 0):
		fe.AddCode("name", "invalid_format", "must be valid UTF-8 text")
	case utf8.RuneCountInString(name) > MaxNameLength:
		fe.Add("name", fmt.Sprintf("must be at most %d characters", MaxNameLength))
	}
	return name
}

func checkOrder(fe *errs.Fields, order []string) {
	seen := map[string]bool{}
	for i, ch := range order {
		f := fmt.Sprintf("channel_order[%d]", i)
		if !slices.Contains(Channels, ch) {
			fe.AddCode(f, "invalid_enum", "must be one of "+strings.Join(Channels, ", "))
		} else if seen[ch] {
			fe.AddCode(f, "duplicate", "is named twice")
		}
		seen[ch] = true
	}
}

func checkVariants(fe *errs.Fields, vs []Variant) {
	if len(vs) > MaxVariants {
		fe.Add("variants", fmt.Sprintf("at most %d variants", MaxVariants))
		return
	}
	if len(vs) == 1 {
		fe.AddCode("variants", "too_many", "give at least two variants, or none")
		return
	}
	keys := map[string]bool{}
	for i, v := range vs {
		p := fmt.Sprintf("variants[%d].", i)
		if !variantKey.MatchString(v.Key) {
			fe.AddCode(p+"key", "invalid_format", "must be 1 to 16 letters, digits, _ or -")
		} else if keys[v.Key] {
			fe.AddCode(p+"key", "duplicate", "is used twice")
		}
		keys[v.Key] = true
		if v.Weight < 1 || v.Weight > 100 {
			fe.Add(p+"weight", "must be a whole number from 1 to 100")
		}
		checkMessage(fe, p, v.TemplateID, v.Bodies)
	}
}

func checkWindow(fe *errs.Fields, w *Window) {
	if w == nil {
		return
	}
	if !clockTime.MatchString(w.Start) {
		fe.Add("send_window.start", "must be a time HH:MM")
	}
	if !clockTime.MatchString(w.End) {
		fe.Add("send_window.end", "must be a time HH:MM")
	}
	if w.Start == w.End && clockTime.MatchString(w.Start) {
		fe.AddCode("send_window.end", "invalid_range", "must differ from start")
	}
}

func checkDate(fe *errs.Fields, field string, v *string) {
	if v == nil {
		return
	}
	if _, err := time.Parse(time.DateOnly, *v); err != nil {
		fe.Add(field, "must be a date YYYY-MM-DD")
	}
}

func checkAudience(fe *errs.Fields, a Audience) {
	switch {
	case a.Segment != nil && len(a.PatientIDs) > 0:
		fe.Add("audience", "give either patient_ids or segment, not both")
		return
	case a.Segment == nil && len(a.PatientIDs) == 0:
		fe.AddCode("audience", "required", "give patient_ids or a segment")
		return
	}
	if len(a.PatientIDs) > MaxPatientIDs {
		fe.Add("audience.patient_ids", fmt.Sprintf("at most %d patients; use a segment for more", MaxPatientIDs))
		return
	}
	for i, id := range a.PatientIDs {
		if !ids.Valid(id) {
			fe.AddCode(fmt.Sprintf("audience.patient_ids[%d]", i), "invalid_format", "must be a patient id")
		}
	}
	s := a.Segment
	if s == nil {
		return
	}
	tags := func(field string, l []string) {
		if len(l) > 20 {
			fe.Add(field, "at most 20 tags")
		}
		for i, t := range l {
			if strings.TrimSpace(t) == "" || utf8.RuneCountInString(t) > 50 || !utf8.ValidString(t) || strings.ContainsRune(t, 0) {
				fe.Add(fmt.Sprintf("%s[%d]", field, i), "must be a tag of 1 to 50 characters")
			}
		}
	}
	tags("audience.segment.tags_any", s.TagsAny)
	tags("audience.segment.tags_all", s.TagsAll)
	if len(s.Attributes) > 10 {
		fe.Add("audience.segment.attributes", "at most 10 attributes")
	}
	for k, v := range s.Attributes {
		if !attributeKey.MatchString(k) {
			fe.AddCode("audience.segment.attributes."+k, "invalid_format", "keys are 1 to 64 letters, digits or _")
		} else if utf8.RuneCountInString(v) > 200 || !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			fe.Add("audience.segment.attributes."+k, "must be text of at most 200 characters")
		}
	}
	if s.SurgeryType != nil && (strings.TrimSpace(*s.SurgeryType) == "" || utf8.RuneCountInString(*s.SurgeryType) > 100) {
		fe.AddCode("audience.segment.surgery_type", "too_long", "must be 1 to 100 characters")
	}
	checkDate(fe, "audience.segment.last_visit_from", s.LastVisitFrom)
	checkDate(fe, "audience.segment.last_visit_to", s.LastVisitTo)
	checkDate(fe, "audience.segment.last_surgery_from", s.LastSurgeryFrom)
	checkDate(fe, "audience.segment.last_surgery_to", s.LastSurgeryTo)
	for _, x := range []struct {
		f string
		v *int
	}{{"audience.segment.age_min", s.AgeMin}, {"audience.segment.age_max", s.AgeMax}} {
		if x.v != nil && (*x.v < 0 || *x.v > 130) {
			fe.Add(x.f, "must be a whole number from 0 to 130")
		}
	}
	if s.AgeMin != nil && s.AgeMax != nil && *s.AgeMin > *s.AgeMax {
		fe.AddCode("audience.segment.age_max", "invalid_range", "must be at least age_min")
	}
	if s.Gender != nil && !slices.Contains([]string{patient.GenderFemale, patient.GenderMale, patient.GenderOther}, *s.Gender) {
		fe.AddCode("audience.segment.gender", "invalid_enum", "must be one of female, male, other")
	}
	if s.Language != nil && !slices.Contains(template.Languages, *s.Language) {
		fe.AddCode("audience.segment.language", "invalid_enum", "must be one of id, ko, en")
	}
	if s.Consent != nil && !slices.Contains([]string{"pending", "granted", "declined", "revoked"}, *s.Consent) {
		fe.AddCode("audience.segment.consent", "invalid_enum", "must be one of pending, granted, declined, revoked")
	}
}

func checkRate(fe *errs.Fields, rate *int) {
	if rate != nil && (*rate < 1 || *rate > MaxRatePerMinute) {
		fe.Add("rate_per_minute", fmt.Sprintf("must be a whole number from 1 to %d", MaxRatePerMinute))
	}
}

func checkThreshold(fe *errs.Fields, n *int) {
	if n != nil && (*n < 1 || *n > MaxFailureThreshold) {
		fe.Add("failure_threshold", fmt.Sprintf("must be a whole number from 1 to %d", MaxFailureThreshold))
	}
}

// validate checks a whole campaign as it would be stored.
func validate(in Input, now time.Time) error {
	var fe errs.Fields
	checkName(&fe, in.Name)
	if len(in.Variants) == 0 {
		checkMessage(&fe, "", in.TemplateID, in.Bodies)
	} else if in.TemplateID != nil || len(in.Bodies) > 0 {
		fe.AddCode("variants", "mutually_exclusive", "with variants, each variant carries the message (leave template_id and bodies out)")
	}
	checkVariants(&fe, in.Variants)
	checkOrder(&fe, in.ChannelOrder)
	checkAudience(&fe, in.Audience)
	checkWindow(&fe, in.SendWindow)
	checkRate(&fe, in.RatePerMinute)
	checkThreshold(&fe, in.FailureThreshold)
	if in.SendAt != nil && in.SendAt.Before(now.Add(-time.Minute)) {
		fe.AddCode("send_at", "out_of_range", "must not be in the past")
	}
	return fe.Err()
}
