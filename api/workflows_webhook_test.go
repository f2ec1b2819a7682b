package api

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/safehttp"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/workflow"
)

// A webhook delivered five times at once, while ten ticks run, starts one
// execution, and each of its steps sends one message.
func TestWebhookDeliveredFiveTimesStartsOneExecution(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(morning)
		w := a.createWorkflow(map[string]any{"name": "After booking", "trigger": map[string]any{"type": "webhook"},
			"graph": twoStepGraph("Jadwal Anda sudah kami terima.", 30, "Jangan lupa bawa kartu berobat.")})
		a.activate(w.ID)
		hook := a.createWebhookAs(a.admin, map[string]any{"name": "Booking system", "workflow_id": w.ID})
		body := []byte(`{"external_id":"BOOK-1","phone":"0812-3456-7890","patient":{"name":"Siti Rahmawati"},"data":{"visit":"2026-11-30"}}`)
		h := a.stdHeaders(hook.Secret, "msg_booking_1", body)
		var wg sync.WaitGroup
		codes := make([]int, 5)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rec := httptest.NewRecorder()
				a.e.ServeHTTP(rec, hookRequest(hook.ID, body, h.Clone()))
				codes[i] = rec.Code
			}()
		}
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := a.deps.Workflows.ProcessAll(context.Background()); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		started := 0
		for _, c := range codes {
			if c == 202 {
				started++
			}
		}
		ex := a.executions("workflow_id=" + w.ID)
		if started != 1 || len(ex) != 1 || ex[0].Context["trigger"].(map[string]any)["data"].(map[string]any)["visit"] != "2026-11-30" {
			t.Fatalf("codes %v, executions %+v", codes, ex)
		}
		a.clock.Set(morning.Add(time.Hour))
		a.wfTick()
		a.wfTick()
		if got := a.workflowBodies(ex[0].PatientID); len(got) != 2 || got[0] != "Jadwal Anda sudah kami terima." {
			t.Fatalf("messages: %q", got)
		}
	})
}

// In production a call_webhook step never reaches a private address: the
// step fails with the reason, and the walk goes on.
func TestCallWebhookRefusesPrivateAddressesInProduction(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(morning)
		graph := map[string]any{
			"nodes": []any{
				map[string]any{"id": "t", "type": "trigger", "data": map[string]any{}, "position": map[string]any{"x": 0, "y": 0}},
				map[string]any{"id": "hook", "type": "call_webhook", "data": map[string]any{"url": "http://169.254.169.254/latest/meta-data"}, "position": map[string]any{"x": 0, "y": 100}},
			},
			"edges": []any{map[string]any{"id": "e1", "source": "t", "target": "hook"}},
		}
		w := a.createWorkflow(map[string]any{"name": "Metadata", "trigger": map[string]any{"type": "manual"}, "graph": graph})
		a.activate(w.ID)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		r := a.do("POST", "/api/v1/workflows/"+w.ID+"/run", map[string]any{"patient_ids": []string{p.ID}}, a.admin)
		a.ok(r, 201)
		var run WorkflowRunResult
		r.decode(&run)
		prod := workflow.New(workflow.Deps{DB: d, Clock: a.clock, Keyring: a.keyring, Outbox: outbox.NewOutbox(d, a.clock, testChannels, outbox.NewDBLookups(d)),
			HTTP: safehttp.New(safehttp.Options{AllowPrivate: false, Timeout: 2 * time.Second}), Log: testLogger()})
		if _, err := prod.ProcessAll(context.Background()); err != nil {
			t.Fatal(err)
		}
		e := a.execution(run.ExecutionIDs[0])
		last := e.Steps[len(e.Steps)-1]
		if e.Status != "completed" || last.NodeID != "hook" || last.Status != "failed" || last.Detail == nil {
			t.Fatalf("execution %s, last step %+v", e.Status, last)
		}
		t.Logf("refused: %s", *last.Detail)
	})
}
