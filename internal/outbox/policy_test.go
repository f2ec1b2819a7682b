package outbox

import (
	"context"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
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

// A tick catching up after downtime queues yesterday's expired dose and
// today's due one together: the expired one does not suppress today's
// identical text as its duplicate; it is skipped as too late, today's is sent.
func TestAnExpiredMessageDoesNotSuppressTheNextOne(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		p := f.patient("granted")
		now := f.clock.Now()
		past, future := now.Add(-time.Hour), now.Add(3*time.Hour)
		out, err := f.outbox.EnqueueMany(context.Background(), d.Gorm, []NewMessage{
			{TenantID: f.tenantID, PatientID: p, Body: "Waktunya minum obat", Source: SourceReminder, Automated: true, SendBefore: &past},
			{TenantID: f.tenantID, PatientID: p, Body: "Waktunya minum obat", Source: SourceReminder, Automated: true, SendBefore: &future},
		})
		must(t, err)
		if out[0].Status != StatusQueued || out[1].Status != StatusQueued {
			t.Fatalf("queued %s %v and %s %v, want both queued", out[0].Status, out[0].SkipReason, out[1].Status, out[1].SkipReason)
		}
		if st := f.drain(); st.Sent != 1 || st.Skipped != 1 {
			t.Fatalf("dispatch: %+v, want the expired one skipped and today's sent", st)
		}
	})
}
