package reminder_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/testutil"
	"gorm.io/gorm"
)

// failingEvents fails the transaction it records in.
type failingEvents struct{}

func (failingEvents) Record(*gorm.DB, ...events.Event) error { return errors.New("event store down") }

// subscribe makes tenant A take the event types and returns the recorder.
func (e *env) subscribe(types ...string) *events.Recorder {
	e.t.Helper()
	rec := events.NewRecorder(e.d, e.clock)
	subs := events.NewService(events.Deps{DB: e.d, Recorder: rec, Clock: e.clock})
	_, err := subs.Create(context.Background(), e.admin, events.Input{URL: "https://hooks.example.org/prima", Events: types})
	must(e.t, err)
	return rec
}

// events reads the recorded events of a type, oldest first, and checks
// that none carries the patient's data.
func (e *env) events(typ string) []events.Data {
	e.t.Helper()
	var rows []events.Record
	must(e.t, e.d.Gorm.Where("type = ?", typ).Order("created_at, id").Find(&rows).Error)
	var raw []string
	must(e.t, e.d.Gorm.Raw("SELECT CAST(payload AS text) FROM events").Scan(&raw).Error)
	for _, js := range raw {
		for _, phi := range []string{"Siti", "Rahma", "6281234567890", "Tamoxifen", "20 mg", "minum"} {
			if strings.Contains(js, phi) {
				e.t.Fatalf("event payload %s holds %q", js, phi)
			}
		}
	}
	out := make([]events.Data, len(rows))
	for i, r := range rows {
		if r.TenantID != e.tenantA {
			e.t.Fatalf("event of tenant %s", r.TenantID)
		}
		out[i] = r.Payload.V
	}
	return out
}

// A tick records occurrence.missed for each dose it marks missed, in its
// transaction: a tick that rolls back marks and records nothing.
func TestMarkMissedRecordsOccurrenceMissed(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
		rec := e.subscribe(events.TypeOccurrenceMissed)
		p1, p2 := e.patient(patientOpts{}), e.patient(patientOpts{})
		r1, r2 := e.medication(p1, daily("2026-11-22", "", "08:00")), e.medication(p2, daily("2026-11-22", "", "08:00"))
		e.clock.Set(time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC))
		e.tick()
		e.clock.Advance(3 * time.Hour)

		e.svc.SetEvents(failingEvents{})
		if _, err := e.svc.MarkMissed(ctx, e.clock.Now()); err == nil {
			t.Fatal("a tick whose events failed succeeded")
		}
		if o := e.occurrences(r1.ID)[0]; o.State != reminder.StatePending {
			t.Fatalf("rolled back tick left %s", o.State)
		}
		e.svc.SetEvents(rec)
		if n, err := e.svc.MarkMissed(ctx, e.clock.Now()); err != nil || n != 2 {
			t.Fatalf("missed %d, %v", n, err)
		}
		got := e.events(events.TypeOccurrenceMissed)
		if len(got) != 2 {
			t.Fatalf("events: %v", got)
		}
		want := map[string][2]string{e.occurrences(r1.ID)[0].ID: {r1.ID, p1}, e.occurrences(r2.ID)[0].ID: {r2.ID, p2}}
		for _, g := range got {
			w, ok := want[g["occurrence_id"].(string)]
			if !ok || g["reminder_id"] != w[0] || g["patient_id"] != w[1] || g["state"] != "missed" {
				t.Fatalf("event data %v, want one of %v", g, want)
			}
		}
		if n, _ := e.svc.MarkMissed(ctx, e.clock.Now()); n != 0 || len(e.events(events.TypeOccurrenceMissed)) != 2 {
			t.Fatal("a second tick recorded again")
		}
	})
}

// Confirmations by staff and by the patient's reply record
// occurrence.confirmed, with who confirmed and whether it was late.
func TestConfirmationsRecordOccurrenceConfirmed(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
		e.svc.SetEvents(e.subscribe(events.TypeOccurrenceConfirmed))
		p := e.patient(patientOpts{})
		r := e.medication(p, daily("2026-11-22", "", "08:00", "20:00"))
		e.clock.Set(time.Date(2026, 11, 22, 1, 30, 0, 0, time.UTC)) // 08:30 WIB
		e.tick()
		morning := e.occurrences(r.ID)[0]
		// The patient answers within the window.
		if _, found, err := e.svc.ConfirmFromPatient(ctx, e.tenantA, p, e.clock.Now()); err != nil || !found {
			t.Fatalf("patient confirm: %v %v", found, err)
		}
		// Staff confirm the evening dose the next morning: late.
		e.clock.Set(time.Date(2026, 11, 23, 0, 30, 0, 0, time.UTC))
		e.tick()
		evening := e.occurrences(r.ID)[1]
		if _, err := e.svc.Confirm(ctx, e.admin, evening.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Confirm(ctx, e.admin, evening.ID); err != nil { // again: nothing changes
			t.Fatal(err)
		}
		got := e.events(events.TypeOccurrenceConfirmed)
		if len(got) != 2 {
			t.Fatalf("events: %v", got)
		}
		byOcc := map[string]events.Data{}
		for _, g := range got {
			byOcc[g["occurrence_id"].(string)] = g
			if g["reminder_id"] != r.ID || g["patient_id"] != p {
				t.Fatalf("event data %v", g)
			}
		}
		if g := byOcc[morning.ID]; g["confirmed_by"] != "patient" || g["state"] != "confirmed" || g["late"] != false {
			t.Fatalf("patient's confirmation: %v", g)
		}
		if g := byOcc[evening.ID]; g["confirmed_by"] != "staff" || g["state"] != "late" || g["late"] != true {
			t.Fatalf("staff confirmation: %v", g)
		}
	})
}

// A staff confirmation whose event cannot be recorded confirms nothing.
func TestConfirmationRollsBackWithItsEvent(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
		p := e.patient(patientOpts{})
		r := e.medication(p, daily("2026-11-22", "", "08:00"))
		e.clock.Set(time.Date(2026, 11, 22, 1, 30, 0, 0, time.UTC))
		e.tick()
		e.svc.SetEvents(failingEvents{})
		o := e.occurrences(r.ID)[0]
		if _, err := e.svc.Confirm(context.Background(), e.admin, o.ID); err == nil {
			t.Fatal("confirmed although its event failed")
		}
		if o := e.occurrences(r.ID)[0]; o.State != reminder.StatePending {
			t.Fatalf("state %s after a rolled-back confirmation", o.State)
		}
	})
}
