package outbox

import (
	"fmt"
	"time"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/platform/clock"
)

// Recipient is what the dispatcher needs to know about a message's patient.
type Recipient struct {
	PatientID  string
	Phone      string
	Consent    string
	Timezone   string
	QuietStart string
	QuietEnd   string
	Active     bool
}

// TenantPolicy is a tenant's sending rules.
type TenantPolicy struct {
	Timezone   string
	QuietStart string
	QuietEnd   string
	// Account is the tenant's own sending account (empty fields: the server's).
	Account channel.Account
}

// verdict says what to do with a claimed message before any channel sees it.
type verdict struct {
	skip      string    // a skip reason, or ""
	holdUntil time.Time // non-zero: put back in the queue until then
}

// check applies consent, opt-out, time-to-live and quiet hours.
func check(m Message, r *Recipient, p TenantPolicy, now time.Time) verdict {
	if m.SendBefore != nil && now.After(*m.SendBefore) {
		return verdict{skip: SkipTooLate}
	}
	if m.PatientID != nil {
		switch {
		case r == nil || !r.Active:
			return verdict{skip: SkipPatientInactive}
		case r.Phone == "":
			return verdict{skip: SkipInvalidPhone}
		case r.Consent == "revoked" && !m.exempt(ExemptOptOutConfirmation):
			return verdict{skip: SkipOptedOut}
		case r.Consent != "granted" && r.Consent != "revoked" && m.Source != SourceConsent && !m.exempt(ExemptSafety):
			return verdict{skip: SkipNoConsent}
		}
	}
	if m.Source == SourceTest || m.exempt(ExemptSafety) {
		// Staff testing a channel, or the answer to an urgent message: quiet hours do not apply.
		return verdict{}
	}
	tz, start, end := p.Timezone, p.QuietStart, p.QuietEnd
	if r != nil {
		if r.Timezone != "" {
			tz = r.Timezone
		}
		if r.QuietStart != "" && r.QuietEnd != "" {
			start, end = r.QuietStart, r.QuietEnd
		}
	}
	if until, quiet := quietUntil(now, tz, start, end); quiet {
		if m.SendBefore != nil && until.After(*m.SendBefore) {
			return verdict{skip: SkipQuietHoursExpired}
		}
		return verdict{holdUntil: until}
	}
	return verdict{}
}

// quietUntil reports whether now falls in the quiet hours [start, end) of the
// time zone (the window may wrap midnight) and when they end.
func quietUntil(now time.Time, tz, start, end string) (time.Time, bool) {
	if start == "" || end == "" || start == end {
		return time.Time{}, false
	}
	loc := clock.Zone(tz)
	s, err1 := minutes(start)
	e, err2 := minutes(end)
	if err1 != nil || err2 != nil {
		return time.Time{}, false
	}
	local := now.In(loc)
	cur := local.Hour()*60 + local.Minute()
	var inQuiet bool
	if s < e {
		inQuiet = cur >= s && cur < e
	} else {
		inQuiet = cur >= s || cur < e
	}
	if !inQuiet {
		return time.Time{}, false
	}
	day := local
	if s > e && cur >= s { // evening part of a window that ends tomorrow morning
		day = local.AddDate(0, 0, 1)
	}
	until := time.Date(day.Year(), day.Month(), day.Day(), e/60, e%60, 0, 0, loc)
	return until.UTC(), true
}

func minutes(hhmm string) (int, error) {
	var h, m int
	if _, err := fmt.Sscanf(hhmm, "%d:%d", &h, &m); err != nil || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, fmt.Errorf("bad time %q", hhmm)
	}
	return h*60 + m, nil
}

// exempt reports whether the message carries exemption e.
func (m Message) exempt(e string) bool { return m.Exemption != nil && *m.Exemption == e }
