package outbox

import (
	"context"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func TestEnqueueManyKeepsEnqueueRules(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		p1, p2 := f.patient("granted"), f.patient("granted")
		earlier := f.enqueue(p1, "Minum obat pagi")
		keyed, err := f.outbox.Enqueue(context.Background(), d.Gorm, NewMessage{TenantID: f.tenantID, PatientID: p2, Body: "Dosis",
			Source: SourceReminder, DedupeKey: "occ:1"})
		must(t, err)
		ns := []NewMessage{
			{TenantID: f.tenantID, PatientID: p1, Body: "Minum obat pagi", Source: SourceReminder},             // duplicate of the table
			{TenantID: f.tenantID, PatientID: p2, Body: "Dosis", Source: SourceReminder, DedupeKey: "occ:1"},   // key taken
			{TenantID: f.tenantID, PatientID: p2, Body: "Kontrol", Source: SourceReminder, DedupeKey: "occ:2"}, // new
			{TenantID: f.tenantID, PatientID: p2, Body: "Kontrol", Source: SourceReminder},                     // duplicate within the batch
			{TenantID: f.tenantID, PatientID: p1, Body: "Malam", Source: SourceReminder},                       // new
		}
		out, err := f.outbox.EnqueueMany(context.Background(), d.Gorm, ns)
		must(t, err)
		if len(out) != 5 {
			t.Fatalf("results: %d", len(out))
		}
		if out[0].Status != StatusSkipped || *out[0].SkipReason != SkipDuplicate || out[0].ID == earlier.ID {
			t.Fatalf("table duplicate: %+v", out[0])
		}
		if out[1].ID != keyed.ID {
			t.Fatal("a taken dedupe key must return the message holding it")
		}
		if out[2].Status != StatusQueued || out[3].Status != StatusSkipped || out[4].Status != StatusQueued {
			t.Fatalf("statuses: %s %s %s", out[2].Status, out[3].Status, out[4].Status)
		}
		var n int64
		d.Gorm.Model(&Message{}).Count(&n)
		if n != 6 { // earlier, keyed, and four new rows (the taken key wrote nothing)
			t.Fatalf("rows: %d", n)
		}
		f.drain()
		if f.ch.sent[out[2].ID] != 1 || f.ch.sent[out[4].ID] != 1 || f.ch.sent[out[3].ID] != 0 {
			t.Fatal("queued batch messages must go out once; skipped ones never")
		}
	})
}
