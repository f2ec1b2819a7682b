package reminder_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/adherence"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/testutil"
)

type rollupRow struct {
	TenantID, PatientID     string
	Day                     int64
	Confirmed, Late, Missed int64
}

// rollup is the adherence rollup's non-empty rows, in key order.
func (e *env) rollup() []rollupRow {
	e.t.Helper()
	var rows []rollupRow
	must(e.t, e.d.Gorm.Raw(`SELECT tenant_id, patient_id, day, confirmed, late, missed FROM adherence_days
WHERE confirmed <> 0 OR late <> 0 OR missed <> 0 ORDER BY tenant_id, patient_id, day`).Scan(&rows).Error)
	return rows
}

// Every state change of a medication dose moves the adherence rollup in its
// own transaction (patient and staff confirmations, missed, missed then
// skipped because the message was skipped afterwards), and the rollup always
// equals one counted afresh from the occurrences.
func TestAdherenceRollupFollowsEveryStateChange(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		start := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC) // 07:00 in Jakarta
		e := newEnv(t, d, start)
		p := e.patient(patientOpts{})
		other := e.patient(patientOpts{name: "Budi"})
		r := e.medication(p, daily("2026-11-22", "", "08:00"))
		e.medication(other, daily("2026-11-22", "", "08:00"))
		dose := func(day int) time.Time { return start.Add(time.Duration(day)*24*time.Hour + time.Hour) }
		occ := func(day int) reminder.Occurrence {
			t.Helper()
			for _, o := range e.occurrences(r.ID) {
				if o.DueAt.Equal(dose(day)) {
					return o
				}
			}
			t.Fatalf("no dose on day %d", day)
			return reminder.Occurrence{}
		}
		consistent := func(when string) {
			t.Helper()
			inc := e.rollup()
			must(t, e.svc.RebuildAdherence(ctx, ""))
			if again := e.rollup(); !slices.Equal(inc, again) {
				t.Fatalf("%s: the incremental rollup %+v differs from a recount %+v", when, inc, again)
			}
		}

		// Day 0: both patients reply in time.
		e.clock.Set(dose(0).Add(30 * time.Second))
		e.tick()
		for _, id := range []string{p, other} {
			if _, found, err := e.svc.ConfirmFromPatient(ctx, e.tenantA, id, e.clock.Now()); err != nil || !found {
				t.Fatalf("patient reply: %v %v", found, err)
			}
		}
		consistent("confirmed in time")
		// Day 1 is missed, then confirmed late by staff; day 2 is missed.
		e.clock.Set(dose(1).Add(30 * time.Second))
		e.tick()
		e.clock.Set(dose(2).Add(30 * time.Second))
		e.tick()
		consistent("missed")
		if o, err := e.svc.Confirm(ctx, e.admin, occ(1).ID); err != nil || o.State != reminder.StateLate {
			t.Fatalf("late: %+v %v", o, err)
		}
		consistent("confirmed late")
		// Day 3: missed while its message still waited, which the outbox then skipped as too late.
		e.clock.Set(dose(3).Add(30 * time.Second))
		e.tick()
		e.clock.Set(dose(3).Add(2*time.Hour + time.Minute))
		e.tick()
		if o := occ(3); o.State != reminder.StateMissed || o.MessageID == nil {
			t.Fatalf("day 3: %+v", o)
		}
		consistent("missed with the message queued")
		must(t, d.Gorm.Exec("UPDATE messages SET status = 'skipped', skip_reason = 'too_late', updated_at = ? WHERE id = ?",
			e.clock.Now(), *occ(3).MessageID).Error)
		e.clock.Advance(time.Minute)
		e.tick()
		if o := occ(3); o.State != reminder.StateSkipped || o.SkipReason == nil || *o.SkipReason != "too_late" {
			t.Fatalf("day 3 after the skip: %+v", o)
		}
		consistent("missed, then skipped")
		// Day 4: due, window open: nothing changes.
		e.clock.Set(dose(4).Add(30 * time.Second))
		e.tick()
		consistent("pending")

		// confirmed 1 (day 0), late 1 (day 1), missed 1 (day 2); day 3 skipped, day 4 open.
		got, err := adherence.ForPatients(ctx, d, d.Gorm, e.tenantA, []string{p, other}, e.clock.Now(), 7, 30)
		must(t, err)
		want := adherence.Counts{Confirmed: 1, Late: 1, Missed: 1}
		if got[p][7] != want || got[p][30] != want || math.Abs(*got[p][30].Ratio()-2.0/3.0) > 1e-9 {
			t.Fatalf("patient: %+v", got[p])
		}
		// The other patient: day 0 confirmed, days 1–3 missed.
		if o := got[other][7]; o != (adherence.Counts{Confirmed: 1, Missed: 3}) {
			t.Fatalf("other patient: %+v", o)
		}
		// Days outside the window do not count: 30 days later nothing is left in 7 days.
		later, err := adherence.ForPatients(ctx, d, d.Gorm, e.tenantA, []string{p}, dose(4).Add(10*24*time.Hour), 7, 30)
		must(t, err)
		if later[p][7].Due() != 0 || later[p][30] != want {
			t.Fatalf("ten days later: %+v", later[p])
		}
	})
}
