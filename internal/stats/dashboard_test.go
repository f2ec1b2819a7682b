package stats

import (
	"context"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/adherence"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/testutil"
)

func TestDashboardNumbers(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		now := time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC) // 12:00 in Jakarta
		c := clock.NewFake(now)
		g := d.Gorm
		exec := func(sql string, args ...any) {
			t.Helper()
			if err := g.Exec(sql, args...).Error; err != nil {
				t.Fatal(err)
			}
		}
		tenant, vol := ids.New(), ids.New()
		exec(`INSERT INTO tenants (id, clerk_org_id, name, default_region, timezone, created_at, updated_at, version) VALUES (?, 'org', 'K', 'ID', 'Asia/Jakarta', ?, ?, 1)`, tenant, now, now)
		exec(`INSERT INTO users (id, tenant_id, clerk_user_id, role, status, is_active, created_at, updated_at, version) VALUES (?, ?, 'u', 'volunteer', 'approved', ?, ?, ?, 1)`, vol, tenant, true, now, now)
		patient := func(assigned *string) string {
			id := ids.New()
			exec(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, is_active, assigned_volunteer_id, created_at, updated_at, version)
				VALUES (?, ?, 'P', '+6281234567890', 'id', 'Asia/Jakarta', 'granted', ?, ?, ?, ?, 1)`, id, tenant, true, assigned, now, now)
			return id
		}
		p1, p2 := patient(&vol), patient(nil)
		rem := func(p string, next time.Time) string {
			id := ids.New()
			exec(`INSERT INTO reminders (id, tenant_id, patient_id, type, message, schedule, is_active, next_due_at, created_at, updated_at, version)
				VALUES (?, ?, ?, 'medication', 'Minum obat', '{}', ?, ?, ?, ?, 1)`, id, tenant, p, true, next, now, now)
			return id
		}
		r1 := rem(p1, now.Add(2*time.Hour))
		r2 := rem(p2, now.Add(30*time.Hour)) // tomorrow: not upcoming today
		occ := func(r, p, state string, due time.Time) {
			exec(`INSERT INTO occurrences (id, tenant_id, reminder_id, patient_id, reminder_type, due_at, confirm_by, state, created_at, updated_at)
				VALUES (?, ?, ?, ?, 'medication', ?, ?, ?, ?, ?)`, ids.New(), tenant, r, p, due, due.Add(2*time.Hour), state, now, now)
		}
		for i := 1; i <= 4; i++ { // p1: 3 of 4 confirmed → 75-100
			state := "confirmed"
			if i == 4 {
				state = "missed"
			}
			occ(r1, p1, state, now.Add(-time.Duration(i)*24*time.Hour))
		}
		occ(r2, p2, "missed", now.Add(-24*time.Hour))  // p2: 0 of 1 → 0-25
		occ(r2, p2, "pending", now.Add(-time.Hour))    // window still open: does not count
		occ(r2, p2, "skipped", now.Add(-48*time.Hour)) // never reached the patient: does not count
		// The occurrences were written behind the reminder store's back: count the rollup afresh.
		if err := adherence.Recount(g, d, ""); err != nil {
			t.Fatal(err)
		}
		msg := func(p, status string, at time.Time) {
			exec(`INSERT INTO messages (id, tenant_id, patient_id, direction, channel, status, body, source, created_at, updated_at, version)
				VALUES (?, ?, ?, 'outbound', 'whatsapp', ?, 'x', 'reminder', ?, ?, 1)`, ids.New(), tenant, p, status, at, at)
		}
		msg(p1, "delivered", now.Add(-time.Hour))  // today
		msg(p1, "failed", now.Add(-48*time.Hour))  // this week
		msg(p2, "read", now.Add(-time.Hour))       // today
		msg(p2, "sent", now.Add(-10*24*time.Hour)) // older than a week

		s := NewService(d, c)
		admin := identity.Actor{UserID: ids.New(), TenantID: tenant, Role: identity.RoleAdmin}
		got, err := s.Dashboard(context.Background(), admin, "Asia/Jakarta")
		if err != nil {
			t.Fatal(err)
		}
		if got.Patients != 2 || got.ActiveReminders != 2 || got.MessagesToday != 2 || got.Messages7d != 3 {
			t.Fatalf("counts: %+v", got)
		}
		if got.DeliveryRate == nil || *got.DeliveryRate < 0.66 || *got.DeliveryRate > 0.67 {
			t.Fatalf("delivery rate 2/3: %v", got.DeliveryRate)
		}
		want := map[string]int64{"0-25": 1, "25-50": 0, "50-75": 0, "75-100": 1}
		for _, b := range got.AdherenceDistribution {
			if want[b.Bucket] != b.Patients {
				t.Fatalf("distribution: %+v", got.AdherenceDistribution)
			}
		}
		if len(got.UpcomingToday) != 1 || got.UpcomingToday[0].ReminderID != r1 {
			t.Fatalf("upcoming today: %+v", got.UpcomingToday)
		}
		volunteer := identity.Actor{UserID: vol, TenantID: tenant, Role: identity.RoleVolunteer}
		got, _ = s.Dashboard(context.Background(), volunteer, "Asia/Jakarta")
		if got.Patients != 1 || got.ActiveReminders != 1 || got.MessagesToday != 1 || got.Messages7d != 2 {
			t.Fatalf("a volunteer sees only their patients: %+v", got)
		}
	})
}
