package adherence_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/adherence"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/testutil"
)

func TestDaysWindowsAndRatio(t *testing.T) {
	at := time.Date(2026, 11, 22, 23, 59, 59, 0, time.FixedZone("WIB", 7*3600)) // 16:59:59 UTC
	if d := adherence.Day(at); adherence.Date(d) != "2026-11-22" {
		t.Fatalf("day of %s: %s", at, adherence.Date(d))
	}
	if d := adherence.Day(time.Date(1969, 12, 31, 23, 0, 0, 0, time.UTC)); d != -1 {
		t.Fatalf("before 1970: %d", d)
	}
	first, last := adherence.Span(7, at)
	if adherence.Date(first) != "2026-11-16" || adherence.Date(last) != "2026-11-22" {
		t.Fatalf("7 days: %s…%s", adherence.Date(first), adherence.Date(last))
	}
	if (adherence.Counts{}).Ratio() != nil {
		t.Fatal("nothing settled has no ratio")
	}
	if r := (adherence.Counts{Confirmed: 2, Late: 1, Missed: 1}).Ratio(); r == nil || *r != 0.75 {
		t.Fatalf("ratio %v", r)
	}
	for state, settled := range map[string]bool{"confirmed": true, "late": true, "missed": true, "skipped": false, "pending": false} {
		if adherence.Settled(state) != settled {
			t.Errorf("%s settled: %v", state, !settled)
		}
	}
	for n, ok := range map[int]bool{7: true, 30: true, 90: true, 14: false, 0: false} {
		if adherence.ValidWindow(n) != ok {
			t.Errorf("window %d", n)
		}
	}
}

// The report covers the patients each role may see, buckets ratios at their
// bounds, pages lowest first, and leaves deleted patients and days outside
// the window out. Record nets moves of one patient and day.
func TestReportScopesBucketsAndPages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 22, 5, 0, 0, 0, time.UTC)
		today := adherence.Day(now)
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
		patient := func(name string, assigned any) string {
			id := ids.New()
			exec(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, is_active, assigned_volunteer_id, created_at, updated_at, version)
				VALUES (?, ?, ?, '+6281234567890', 'id', 'Asia/Jakarta', 'granted', ?, ?, ?, ?, 1)`, id, tenant, name, true, assigned, now, now)
			return id
		}
		var moves []adherence.Move
		doses := func(p string, day int64, taken, missed int) {
			for range taken {
				moves = append(moves, adherence.Move{TenantID: tenant, PatientID: p, Day: day, From: "pending", To: "confirmed"})
			}
			for range missed {
				moves = append(moves, adherence.Move{TenantID: tenant, PatientID: p, Day: day, From: "pending", To: "missed"})
			}
		}
		quarter, half, most, all := patient("Quarter", vol), patient("Half", nil), patient("Most", vol), patient("All", nil)
		gone, quiet := patient("Gone", nil), patient("Quiet", nil)
		doses(quarter, today, 1, 3) // 0.25 → 25-50
		doses(half, today-6, 1, 1)  // 0.5 → 50-75
		doses(most, today-20, 3, 1) // 0.75 → 75-100 in 30 days; outside 7 days
		doses(all, today, 2, 0)     // 1 → 75-100
		doses(gone, today, 0, 1)    // deleted below
		doses(quiet, today-40, 0, 5)
		// Moves that cancel out: a missed dose confirmed late, a confirmed one never counted twice.
		moves = append(moves,
			adherence.Move{TenantID: tenant, PatientID: all, Day: today, From: "pending", To: "missed"},
			adherence.Move{TenantID: tenant, PatientID: all, Day: today, From: "missed", To: "late"},
			adherence.Move{TenantID: tenant, PatientID: all, Day: today, From: "pending", To: "skipped"})
		if err := adherence.Record(g, d, moves); err != nil {
			t.Fatal(err)
		}
		exec(`UPDATE patients SET deleted_at = ? WHERE id = ?`, now, gone)

		svc := adherence.NewService(d, clock.NewFake(now))
		admin := identity.Actor{UserID: ids.New(), TenantID: tenant, Role: identity.RoleAdmin}
		rep, err := svc.Report(ctx, admin, adherence.Query{})
		if err != nil {
			t.Fatal(err)
		}
		order := []string{}
		for _, p := range rep.Patients {
			order = append(order, p.Name)
		}
		if rep.Window != 30 || rep.Total != 4 || len(order) != 4 || order[0] != "Quarter" || order[1] != "Half" || order[2] != "Most" || order[3] != "All" {
			t.Fatalf("30 days: %+v (%v)", rep, order)
		}
		if rep.Cohort != (adherence.Counts{Confirmed: 7, Late: 1, Missed: 5}) {
			t.Fatalf("cohort %+v", rep.Cohort)
		}
		buckets := map[string]int64{}
		for _, b := range rep.Distribution {
			buckets[b.Name] = b.Patients
		}
		if buckets["0-25"] != 0 || buckets["25-50"] != 1 || buckets["50-75"] != 1 || buckets["75-100"] != 2 {
			t.Fatalf("distribution %+v", rep.Distribution)
		}
		// 7 days, highest first, two per page.
		rep, err = svc.Report(ctx, admin, adherence.Query{Window: 7, Sort: "-adherence", PerPage: 2, Page: 1})
		if err != nil || rep.Total != 3 || len(rep.Patients) != 2 || rep.Patients[0].Name != "All" || rep.Patients[1].Name != "Half" {
			t.Fatalf("7 days: %+v %v", rep, err)
		}
		// A volunteer sees their patients only; a patient they may not see is not found.
		volunteer := identity.Actor{UserID: vol, TenantID: tenant, Role: identity.RoleVolunteer}
		rep, err = svc.Report(ctx, volunteer, adherence.Query{Window: 90})
		if err != nil || rep.Total != 2 {
			t.Fatalf("volunteer: %+v %v", rep, err)
		}
		if _, err := svc.Report(ctx, volunteer, adherence.Query{PatientID: half}); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("another's patient: %v", err)
		}
		rep, err = svc.Report(ctx, volunteer, adherence.Query{PatientID: quarter})
		if err != nil || rep.Total != 1 || rep.Patients[0].PatientID != quarter {
			t.Fatalf("own patient: %+v %v", rep, err)
		}
		if _, err := svc.Report(ctx, admin, adherence.Query{PatientID: gone}); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("deleted patient: %v", err)
		}
		if _, err := svc.Report(ctx, admin, adherence.Query{Window: 14, Sort: "name", PatientID: "x"}); err == nil {
			t.Fatal("bad query accepted")
		}
		if _, err := svc.Report(ctx, identity.Actor{TenantID: tenant, Role: "guest"}, adherence.Query{}); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("unknown role: %v", err)
		}
		dist, err := svc.Distribution(ctx, volunteer, 30)
		if err != nil || dist[1].Patients != 1 || dist[3].Patients != 1 {
			t.Fatalf("volunteer distribution: %+v %v", dist, err)
		}
	})
}
