package api

import (
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

// A condition on the status of the message just sent waits until that
// message settles, then branches on it: sent → thanks; skipped (no
// consent) → staff are told.
func TestConditionOnMessageStatusWaitsForTheMessageToSettle(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(morning)
		graph := graphOf(t, `{"nodes":[
 {"id":"t","type":"trigger","data":{},"position":{"x":0,"y":0}},
 {"id":"s","type":"send_message","data":{"message":"Jadwal kontrol Anda besok pukul 09.00."},"position":{"x":0,"y":100}},
 {"id":"c","type":"condition","data":{"subject":"message_status","op":"in","value":["sent","delivered","read"]},"position":{"x":0,"y":200}},
 {"id":"ok","type":"send_message","data":{"message":"Sampai jumpa besok."},"position":{"x":-100,"y":300}},
 {"id":"staff","type":"notify_staff","data":{"message":"Pesan jadwal tidak terkirim; mohon telepon pasien."},"position":{"x":100,"y":300}}],
"edges":[{"id":"e1","source":"t","target":"s"},{"id":"e2","source":"s","target":"c"},
 {"id":"e3","source":"c","target":"ok","source_handle":"true"},{"id":"e4","source":"c","target":"staff","source_handle":"false"}]}`)
		w := a.createWorkflow(map[string]any{"name": "Visit notice", "trigger": map[string]any{"type": "manual"}, "graph": graph})
		a.activate(w.ID)
		reached := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		unreached := a.createPatientAs(a.admin, map[string]any{"name": "Dewi Lestari", "phone": "0812-3456-7891", "consent": "pending"})
		a.ok(a.do("POST", "/api/v1/workflows/"+w.ID+"/run", map[string]any{"patient_ids": []string{reached.ID, unreached.ID}}, a.admin), 201)
		a.wfTick()
		for _, e := range a.executions("workflow_id=" + w.ID) {
			if e.Status != "waiting" || e.CurrentNodeID != "c" || e.Waiting != "message_status" {
				t.Fatalf("before the message settled: %+v", e)
			}
		}
		a.drainTo(fakeprovider.NewGOWA(t))
		a.wfTick()
		if got := a.workflowBodies(reached.ID); len(got) != 2 || got[1] != "Sampai jumpa besok." {
			t.Fatalf("a sent message: %q", got)
		}
		if got := a.workflowBodies(unreached.ID); len(got) != 1 {
			t.Fatalf("a skipped message: %q", got)
		}
		if n := a.count("SELECT count(*) FROM notifications WHERE kind = 'workflow' AND patient_id = ?", unreached.ID); n == 0 {
			t.Fatal("nobody was told the message did not go out")
		}
		for _, e := range a.executions("workflow_id=" + w.ID) {
			if e.Status != "completed" {
				t.Fatalf("after the message settled: %+v", e)
			}
		}
	})
}
