package campaign

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"gorm.io/gorm"
)

// failingEvents records nothing and fails the transaction it is called in.
type failingEvents struct{}

func (failingEvents) Record(*gorm.DB, ...events.Event) error { return errors.New("event store down") }

// A campaign's completion records campaign.completed, with its counters, in
// the completing transaction: a completion that rolls back records nothing.
func TestCompletionRecordsCampaignCompleted(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rec := events.NewRecorder(d, f.clock)
		subs := events.NewService(events.Deps{DB: d, Recorder: rec, Clock: f.clock})
		_, err := subs.Create(context.Background(), f.admin, events.Input{URL: "https://hooks.example.org/prima",
			Events: []string{events.TypeCampaignCompleted}})
		f.must(err)
		f.patients(3, person{"tags": `["kemo"]`})

		// The completing transaction fails: the campaign stays running, no event.
		f.svc.events = failingEvents{}
		c := f.create(Input{Audience: segmentTagged("kemo")})
		f.execute(c.ID)
		var stepErr error
		for range 10 {
			f.clock.Advance(time.Second)
			if _, err := f.svc.Step(context.Background()); err != nil {
				stepErr = err
			}
			_, err := f.disp.Drain(context.Background())
			f.must(err)
		}
		if got := f.get(c.ID); got.Status == StatusCompleted || stepErr == nil {
			t.Fatalf("the campaign is %s although its event could not be recorded (%v)", got.Status, stepErr)
		}
		var n int64
		d.Gorm.Model(&events.Record{}).Count(&n)
		if n != 0 {
			t.Fatalf("%d events after a rolled-back completion", n)
		}

		f.svc.events = rec
		if got := f.run(c.ID, 10); got.Status != StatusCompleted {
			t.Fatalf("campaign: %s", got.Status)
		}
		var rows []events.Record
		f.must(d.Gorm.Find(&rows).Error)
		if len(rows) != 1 || rows[0].Type != events.TypeCampaignCompleted || rows[0].Payload.V["campaign_id"] != c.ID {
			t.Fatalf("events: %+v", rows)
		}
		counters, _ := rows[0].Payload.V["counters"].(map[string]any)
		if counters["total"] != float64(3) || counters["sent"] != float64(3) {
			t.Fatalf("counters: %v", rows[0].Payload.V)
		}
	})
}
