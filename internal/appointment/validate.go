package appointment

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/valid"
)

// Limits on appointment fields.
const (
	MaxSurgeryTypeLen = 100
	MaxDoctorLen      = 200
	MaxLocationLen    = 200
	MaxNotesLen       = 2000
)

// Input is a new appointment as a client describes it. Nil pointers take
// defaults: the patient's time zone, status scheduled.
type Input struct {
	PatientID   string
	StartsAt    string // RFC 3339 with an offset, e.g. "2026-11-24T09:00:00+09:00"
	Timezone    *string
	Status      *string
	SurgeryType *string
	Doctor      *string
	Location    *string
	Notes       *string
}

// Patch changes some fields of an appointment. A nil pointer leaves its field
// alone; Clear names (by JSON name) the nullable fields to empty. Version, when
// set, must match the stored version.
type Patch struct {
	StartsAt    *string
	Timezone    *string
	Status      *string
	SurgeryType *string
	Doctor      *string
	Location    *string
	Notes       *string
	Clear       []string
	Version     *int
}

// clearable are the fields a Patch may set to null; the others cannot be null.
var clearable = map[string]bool{"surgery_type": true, "doctor": true, "location": true, "notes": true}

// applier applies a patch, collecting field errors and the names of changed fields.
type applier struct {
	fe      errs.Fields
	changed []string
}

func (ap *applier) mark(field string, changed bool) {
	if changed && !slices.Contains(ap.changed, field) {
		ap.changed = append(ap.changed, field)
	}
}

func (ap *applier) apply(a *Appointment, pt Patch) {
	for _, f := range pt.Clear {
		switch {
		case clearable[f]:
		case f == "starts_at" || f == "timezone" || f == "status" || f == "version":
			ap.fe.Add(f, "cannot be null")
		}
	}
	cleared := func(f string) bool { return slices.Contains(pt.Clear, f) }
	if pt.StartsAt != nil {
		if t, ok := ap.instant("starts_at", *pt.StartsAt); ok {
			ap.mark("starts_at", !t.Equal(a.StartsAt))
			a.StartsAt = t
		}
	}
	if pt.Timezone != nil {
		tz := strings.TrimSpace(*pt.Timezone)
		if !patient.ValidTimezone(tz) {
			ap.fe.Add("timezone", "must be an IANA time zone such as Asia/Jakarta")
		} else {
			ap.mark("timezone", tz != a.Timezone)
			a.Timezone = tz
		}
	}
	if pt.Status != nil {
		st := strings.TrimSpace(*pt.Status)
		if !slices.Contains(Statuses, st) {
			ap.fe.Add("status", "must be one of "+strings.Join(Statuses, ", "))
		} else {
			ap.mark("status", st != a.Status)
			a.Status = st
		}
	}
	ap.text(&a.SurgeryType, "surgery_type", pt.SurgeryType, cleared("surgery_type"), MaxSurgeryTypeLen)
	ap.text(&a.Doctor, "doctor", pt.Doctor, cleared("doctor"), MaxDoctorLen)
	ap.text(&a.Location, "location", pt.Location, cleared("location"), MaxLocationLen)
	ap.text(&a.Notes, "notes", pt.Notes, cleared("notes"), MaxNotesLen)
}

// instant parses an RFC 3339 time with an offset whose UTC year is in the
// years every resource accepts (valid.MinYear..MaxYear).
func (ap *applier) instant(field, s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		ap.fe.Add(field, "is required")
		return time.Time{}, false
	}
	t, err := valid.Instant(s)
	if err != nil {
		ap.fe.Add(field, err.Error())
		return time.Time{}, false
	}
	return t.UTC().Truncate(time.Microsecond), true
}

// text sets an optional text field; "" (after trimming) clears it.
func (ap *applier) text(dst **string, field string, v *string, clear bool, maxLen int) {
	if clear {
		ap.mark(field, *dst != nil)
		*dst = nil
		return
	}
	if v == nil {
		return
	}
	s := strings.TrimSpace(*v)
	multiline := field == "notes"
	switch {
	case !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxLen:
		ap.fe.Add(field, "must be UTF-8 text of at most "+strconv.Itoa(maxLen)+" characters")
		return
	case hasControl(s, multiline):
		ap.fe.Add(field, "must not contain control characters")
		return
	}
	if s == "" {
		ap.mark(field, *dst != nil)
		*dst = nil
		return
	}
	ap.mark(field, *dst == nil || **dst != s)
	*dst = &s
}

func hasControl(s string, multiline bool) bool {
	for _, r := range s {
		if r == 0x7f || (r < 0x20 && !(multiline && (r == '\n' || r == '\r' || r == '\t'))) {
			return true
		}
	}
	return false
}
