package api

import (
	"math"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// One patient, doses in different states: the patient list, the patient page,
// the dashboard's distribution and /stats/adherence must tell the same story.
// Settled doses count (confirmed and late as taken, missed as not); a dose
// whose window is still open does not count yet.
func TestListDashboardAndStatsAgreeOnAdherence(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		start := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC) // 07:00 in Jakarta
		a.clock.Set(start)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-7890", "consent": "granted",
			"assigned_volunteer_id": a.volunteerID})
		rem := a.createReminderAs(a.admin, medicationBody(p.ID))
		doseAt := func(day int) time.Time { return start.Add(time.Duration(day)*24*time.Hour + time.Hour) } // 08:00 WIB
		confirm := func(due time.Time) {
			t.Helper()
			for _, o := range a.occurrencesOf(a.admin, rem.ID) {
				if o.DueAt.Equal(due) {
					a.ok(a.do("POST", "/api/v1/occurrences/"+o.ID+"/confirm", nil, a.admin), 200)
					return
				}
			}
			t.Fatalf("no occurrence due at %s", due)
		}
		// Days 0 and 1 confirmed on time; day 2 missed, then confirmed late; day 3 missed;
		// day 4 due with its window still open, so it does not count yet.
		a.clock.Set(doseAt(0).Add(30 * time.Second))
		a.tickReminders()
		confirm(doseAt(0))
		a.clock.Set(doseAt(1).Add(30 * time.Second))
		a.tickReminders()
		confirm(doseAt(1))
		a.clock.Set(doseAt(2).Add(30 * time.Second))
		a.tickReminders()
		a.clock.Set(doseAt(3).Add(30 * time.Second))
		a.tickReminders()
		confirm(doseAt(2))
		a.clock.Set(doseAt(4).Add(30 * time.Second))
		a.tickReminders()
		const want = 3.0 / 4.0 // (confirmed 2 + late 1) ÷ (2 + 1 + missed 1)

		var list PatientList
		a.do("GET", "/api/v1/patients", nil, a.admin).decode(&list)
		if len(list.Data) != 1 || list.Data[0].Adherence30d == nil || math.Abs(*list.Data[0].Adherence30d-want) > 1e-9 {
			t.Fatalf("list adherence_30d: %+v", list.Data)
		}
		var one Patient
		a.do("GET", "/api/v1/patients/"+p.ID, nil, a.admin).decode(&one)
		if one.Adherence30d == nil || math.Abs(*one.Adherence30d-want) > 1e-9 || one.Adherence7d == nil ||
			math.Abs(*one.Adherence7d-want) > 1e-9 {
			t.Fatalf("patient adherence: %v %v", one.Adherence7d, one.Adherence30d)
		}
		var dash DashboardStats
		a.do("GET", "/api/v1/stats/dashboard", nil, a.admin).decode(&dash)
		for _, b := range dash.AdherenceDistribution {
			wantN := int64(0)
			if b.Bucket == "75-100" {
				wantN = 1
			}
			if b.Patients != wantN {
				t.Fatalf("the list says %.2f, the dashboard's distribution %+v", want, dash.AdherenceDistribution)
			}
		}

		for _, who := range []string{a.admin, a.volunteer, a.developer} {
			var rep AdherenceReport
			r := a.do("GET", "/api/v1/stats/adherence?window=30", nil, who)
			a.ok(r, 200)
			r.decode(&rep)
			if rep.WindowDays != 30 || rep.Total != 1 || len(rep.Data) != 1 || rep.Data[0].PatientID != p.ID ||
				rep.Data[0].Confirmed != 2 || rep.Data[0].Late != 1 || rep.Data[0].Missed != 1 || rep.Data[0].Due != 4 ||
				rep.Data[0].Adherence == nil || math.Abs(*rep.Data[0].Adherence-want) > 1e-9 {
				t.Fatalf("stats/adherence: %+v", rep)
			}
			if rep.Cohort.Patients != 1 || rep.Cohort.Due != 4 || rep.Cohort.Adherence == nil || math.Abs(*rep.Cohort.Adherence-want) > 1e-9 {
				t.Fatalf("cohort: %+v", rep.Cohort)
			}
		}
		// One patient's figures; another tenant's admin learns nothing about them.
		var mine AdherenceReport
		a.do("GET", "/api/v1/stats/adherence?window=7&patient_id="+p.ID, nil, a.volunteer).decode(&mine)
		if len(mine.Data) != 1 || mine.Data[0].Adherence == nil || math.Abs(*mine.Data[0].Adherence-want) > 1e-9 {
			t.Fatalf("one patient: %+v", mine)
		}
		a.ok(a.do("GET", "/api/v1/stats/adherence?patient_id="+p.ID, nil, a.otherAdmin), 404)
		var other AdherenceReport
		a.do("GET", "/api/v1/stats/adherence", nil, a.otherAdmin).decode(&other)
		if other.Total != 0 || len(other.Data) != 0 || other.Cohort.Patients != 0 || other.Cohort.Adherence != nil {
			t.Fatalf("another tenant: %+v", other)
		}
		r := a.do("GET", "/api/v1/stats/adherence?window=14", nil, a.admin)
		a.ok(r, 400)
		if f := r.fieldErrors(); len(f) != 1 || f[0] != "window" {
			t.Fatalf("window 14: %v", f)
		}
	})
}
