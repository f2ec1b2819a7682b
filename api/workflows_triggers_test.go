package api

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/pkg/stdwebhooks"
)

// The appointment trigger runs relative to a scheduled appointment: the day
// before at 09:00 here. Rescheduling moves the wait; cancelling stops it.
func TestAppointmentWorkflowMovesWithTheAppointmentAndStopsWhenCancelled(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(morning) // 22 Nov 08:30 Jakarta
		steps := []any{map[string]any{"day": -1, "time_of_day": "09:00", "action": map[string]any{"type": "send_message", "message": "Besok jadwal kontrol Anda."}}}
		w := a.createWorkflow(map[string]any{"name": "Visit reminder", "trigger": map[string]any{"type": "appointment"}, "steps": steps})
		a.activate(w.ID)
		moved := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		cancelled := a.createPatientAs(a.admin, map[string]any{"name": "Dewi Lestari", "phone": "0812-3456-7891", "consent": "granted"})
		ap := a.createAppointmentAs(a.admin, map[string]any{"patient_id": moved.ID, "starts_at": "2026-11-26T10:00:00+07:00"})
		ap2 := a.createAppointmentAs(a.admin, map[string]any{"patient_id": cancelled.ID, "starts_at": "2026-11-26T10:00:00+07:00"})
		a.wfTick()
		if ex := a.executions("patient_id=" + moved.ID); len(ex) != 1 || !ex[0].NextRunAt.Equal(jakarta9(25)) {
			t.Fatalf("waiting for the day before: %+v", ex)
		}
		a.ok(a.do("PATCH", "/api/v1/appointments/"+ap.ID, map[string]any{"starts_at": "2026-11-28T10:00:00+07:00"}, a.admin), 200)
		a.ok(a.do("PATCH", "/api/v1/appointments/"+ap2.ID, map[string]any{"status": "cancelled"}, a.admin), 200)
		if ex := a.executions("patient_id=" + moved.ID); len(ex) != 1 || !ex[0].NextRunAt.Equal(jakarta9(27)) {
			t.Fatalf("after rescheduling: %+v", ex)
		}
		if ex := a.executions("patient_id=" + cancelled.ID); len(ex) != 1 || ex[0].Status != "cancelled" {
			t.Fatalf("after cancelling: %+v", ex)
		}
		a.ticksUntil(moved.ID, jakarta9(27))
		if got := a.workflowBodies(moved.ID); len(got) != 1 {
			t.Fatalf("rescheduled: %q", got)
		}
		if n := a.count("SELECT count(*) FROM messages WHERE patient_id = ? AND source = 'workflow'", cancelled.ID); n != 0 {
			t.Fatalf("a cancelled appointment got %d messages", n)
		}
		var rows []struct{ CreatedAt time.Time }
		a.db.Gorm.Raw("SELECT created_at FROM messages WHERE patient_id = ? AND source = 'workflow'", moved.ID).Scan(&rows)
		if len(rows) != 1 || !rows[0].CreatedAt.Equal(jakarta9(27)) {
			t.Fatalf("sent at %+v, want the day before the new date at 09:00", rows)
		}
	})
}

// A call_webhook step posts to the URL, signed with the workflow's secret
// by the Standard Webhooks scheme; the answer goes into the step log.
func TestCallWebhookIsSignedWithTheWorkflowSecret(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(morning)
		var mu sync.Mutex
		var secret string
		var verified []string
		recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			defer mu.Unlock()
			if _, err := stdwebhooks.Verify(stdwebhooks.Standard, r.Header, body, time.Now(), secret); err != nil {
				http.Error(w, "bad signature", http.StatusUnauthorized)
				return
			}
			var got map[string]any
			_ = json.Unmarshal(body, &got)
			verified = append(verified, got["node_id"].(string))
			_, _ = io.WriteString(w, `{"booked":true}`)
		}))
		defer recv.Close()
		graph := map[string]any{
			"nodes": []any{
				map[string]any{"id": "t", "type": "trigger", "data": map[string]any{}, "position": map[string]any{"x": 0, "y": 0}},
				map[string]any{"id": "hook", "type": "call_webhook", "data": map[string]any{"url": recv.URL + "/emr", "body": map[string]any{"event": "follow_up"}}, "position": map[string]any{"x": 0, "y": 100}},
				map[string]any{"id": "done", "type": "end", "data": map[string]any{}, "position": map[string]any{"x": 0, "y": 200}},
			},
			"edges": []any{map[string]any{"id": "e1", "source": "t", "target": "hook"}, map[string]any{"id": "e2", "source": "hook", "target": "done"}},
		}
		w := a.createWorkflow(map[string]any{"name": "EMR sync", "trigger": map[string]any{"type": "manual"}, "graph": graph})
		if w.SigningSecret == nil || len(*w.SigningSecret) < 10 {
			t.Fatalf("no signing secret for the admin: %+v", w)
		}
		mu.Lock()
		secret = *w.SigningSecret
		mu.Unlock()
		a.activate(w.ID)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		r := a.do("POST", "/api/v1/workflows/"+w.ID+"/run", map[string]any{"patient_ids": []string{p.ID}}, a.admin)
		a.ok(r, 201)
		var run WorkflowRunResult
		r.decode(&run)
		a.wfTick()
		a.wfTick()
		e := a.execution(run.ExecutionIDs[0])
		if len(verified) != 1 || verified[0] != "hook" || e.Status != "completed" {
			t.Fatalf("verified %v, execution %s", verified, e.Status)
		}
		var hookStep *WorkflowStep
		for i := range e.Steps {
			if e.Steps[i].NodeID == "hook" {
				hookStep = &e.Steps[i]
			}
		}
		if hookStep == nil || hookStep.Status != "done" || hookStep.Detail == nil || *hookStep.Detail != `status 200: {"booked":true}` {
			t.Fatalf("the call's step: %+v", hookStep)
		}
		// Others than admins never see the secret.
		var seen Workflow
		r = a.do("GET", "/api/v1/workflows/"+w.ID, nil, a.volunteer)
		r.decode(&seen)
		if seen.SigningSecret != nil {
			t.Fatal("a volunteer read the signing secret")
		}
	})
}
