package outbox

import (
	"testing"
	"time"
)

// The two exemptions each lift exactly one rule, for exactly one kind of
// automated reply.
func TestExemptionsLiftOneRuleEach(t *testing.T) {
	night := time.Date(2026, 12, 3, 16, 0, 0, 0, time.UTC) // 23:00 in Jakarta
	policy := TenantPolicy{Timezone: "Asia/Jakarta", QuietStart: "21:00", QuietEnd: "07:00"}
	ex := func(e string) *string { return &e }
	pid := "p"
	for _, c := range []struct {
		name      string
		consent   string
		exemption *string
		source    string
		skip      string
		held      bool
	}{
		{"a reminder at night waits for the morning", "granted", nil, SourceReminder, "", true},
		{"the urgent answer goes out at night", "granted", ex(ExemptSafety), SourceAutoReply, "", false},
		{"the urgent answer goes out before consent", "pending", ex(ExemptSafety), SourceAutoReply, "", false},
		{"the urgent answer goes out after a NO", "declined", ex(ExemptSafety), SourceAutoReply, "", false},
		{"the urgent answer respects a STOP", "revoked", ex(ExemptSafety), SourceAutoReply, SkipOptedOut, false},
		{"the STOP confirmation goes out after the STOP", "revoked", ex(ExemptOptOutConfirmation), SourceConsent, "", true},
		{"a STOP confirmation is no way around a pending consent", "pending", ex(ExemptOptOutConfirmation), SourceAutoReply, SkipNoConsent, false},
		{"an auto reply waits for consent", "pending", nil, SourceAutoReply, SkipNoConsent, false},
		{"an auto reply respects a STOP", "revoked", nil, SourceAutoReply, SkipOptedOut, false},
	} {
		m := Message{PatientID: &pid, Source: c.source, Exemption: c.exemption}
		v := check(m, &Recipient{PatientID: pid, Phone: "+628111", Consent: c.consent, Active: true}, policy, night)
		if v.skip != c.skip || v.holdUntil.IsZero() == c.held {
			t.Errorf("%s: skip %q held %v, want skip %q held %v", c.name, v.skip, !v.holdUntil.IsZero(), c.skip, c.held)
		}
	}
}
