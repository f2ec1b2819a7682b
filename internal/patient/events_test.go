package patient_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"gorm.io/gorm"
)

type failingEvents struct{}

func (failingEvents) Record(*gorm.DB, ...events.Event) error { return errors.New("event store down") }

// optOuts are the recorded patient.opted_out events, oldest first; none
// may hold a name or phone.
func (e *env) optOuts(t *testing.T) []events.Data {
	t.Helper()
	var rows []events.Record
	if err := e.d.Gorm.Where("type = ?", events.TypePatientOptedOut).Order("created_at, id").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := make([]events.Data, len(rows))
	for i, r := range rows {
		for _, v := range r.Payload.V {
			if s, _ := v.(string); strings.Contains(s, "Siti") || strings.Contains(s, "Budi") || strings.Contains(s, "6281") {
				t.Fatalf("event data %v holds patient data", r.Payload.V)
			}
		}
		out[i] = r.Payload.V
	}
	return out
}

// Staff withdrawing consent (an update or an import) records
// patient.opted_out with the change; an update whose event cannot be
// recorded changes nothing.
func TestConsentWithdrawnRecordsPatientOptedOut(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		rec := events.NewRecorder(d, e.clock)
		_, err := events.NewService(events.Deps{DB: d, Recorder: rec, Clock: e.clock}).Create(ctx, e.admin,
			events.Input{URL: "https://hooks.example.org/prima", Events: []string{events.TypePatientOptedOut}})
		if err != nil {
			t.Fatal(err)
		}
		p := e.create(t, e.admin, patient.Input{Name: "Siti Rahma", Phone: "0812-3456-7890", Consent: ptr("granted")})

		e.svc.SetEvents(failingEvents{})
		if _, err := e.svc.Update(ctx, e.admin, p.ID, patient.Patch{Consent: ptr("revoked")}); err == nil {
			t.Fatal("the update succeeded although its event failed")
		}
		if got, _ := e.svc.Get(ctx, e.admin, p.ID); got.Consent != "granted" {
			t.Fatalf("consent %s after a rolled-back update", got.Consent)
		}
		e.svc.SetEvents(rec)
		if _, err := e.svc.Update(ctx, e.admin, p.ID, patient.Patch{Name: ptr("Siti R.")}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Update(ctx, e.admin, p.ID, patient.Patch{Consent: ptr("revoked")}); err != nil {
			t.Fatal(err)
		}
		got := e.optOuts(t)
		if len(got) != 1 || got[0]["patient_id"] != p.ID || got[0]["consent"] != "revoked" || got[0]["source"] != "staff" {
			t.Fatalf("after the update: %v", got)
		}

		q := e.create(t, e.admin, patient.Input{Name: "Budi Santoso", Phone: "0813-3333-4444", Consent: ptr("granted")})
		csv := "name,phone,consent\nBudi Santoso,0813-3333-4444,declined\n"
		if _, err := e.svc.Import(ctx, e.admin, strings.NewReader(csv), false); err != nil {
			t.Fatal(err)
		}
		got = e.optOuts(t)
		if len(got) != 2 || got[1]["patient_id"] != q.ID || got[1]["consent"] != "declined" || got[1]["source"] != "import" {
			t.Fatalf("after the import: %v", got)
		}
	})
}
