package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/webhook"
)

func TestInboundHookRateLimit(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(a.clock.Now().Truncate(time.Minute).Add(10 * time.Second))
		w := a.createWebhookAs(a.admin, map[string]any{"name": "EMR"})
		other := a.createWebhookAs(a.admin, map[string]any{"name": "Booking"})
		body := []byte(`{"phone":"0812-3456-7890","patient":{"name":"Siti"}}`)
		// 600 calls a minute pass the limit (these are unsigned: 401, recorded).
		for i := range 600 {
			r := a.callHook(w.ID, body, http.Header{})
			if r.code != 401 {
				t.Fatalf("call %d: %d %s", i+1, r.code, r.body)
			}
		}
		r := a.callHook(w.ID, body, a.stdHeaders(w.Secret, hookMsgID(), body))
		if r.code != 429 || r.problem().Code != CodeRateLimited || r.hdr.Get("Retry-After") != "50" || r.hdr.Get("RateLimit-Remaining") != "0" {
			t.Fatalf("call 601: %d %v %s", r.code, r.hdr, r.body)
		}
		// Other webhooks have their own budget.
		a.ok(a.hook(other, map[string]any{"phone": "0812-3456-7890", "patient": map[string]any{"name": "Siti"}}), 202)
		// The next minute the webhook answers again.
		a.clock.Advance(time.Minute)
		a.ok(a.callHook(w.ID, body, a.stdHeaders(w.Secret, hookMsgID(), body)), 202)
		execs := a.executionsOf(a.admin, w.ID)
		if len(execs) != 100 { // a page
			t.Fatalf("%d executions listed", len(execs))
		}
		if execs[0].Outcome != "started" || execs[1].Outcome != "rejected" || execs[1].StatusCode != 429 {
			t.Fatalf("newest first: %+v %+v", execs[0], execs[1])
		}
	})
}

func TestExecutionsPayloadsAreForAdmins(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		w := a.createWebhookAs(a.admin, map[string]any{"name": "EMR"})
		a.ok(a.hook(w, map[string]any{"phone": "0812-3456-7890", "patient": map[string]any{"name": "Siti Rahma"}}), 202)
		a.clock.Advance(time.Second)
		a.ok(a.callHook(w.ID, []byte(`{"phone":"0812-3456-7890"}`), http.Header{}), 401)

		execs := a.executionsOf(a.admin, w.ID)
		if len(execs) != 2 || execs[0].StatusCode != 401 || execs[1].StatusCode != 202 {
			t.Fatalf("newest first: %+v", execs)
		}
		if execs[0].Payload != nil {
			t.Fatal("an unauthenticated call's payload was kept")
		}
		if execs[1].Payload == nil || !strings.Contains(*execs[1].Payload, "Siti Rahma") || execs[1].DeliveryID == nil ||
			execs[1].PatientID == nil || execs[1].Outcome != "started" {
			t.Fatalf("the admin reads the accepted call: %+v", execs[1])
		}
		var resp InboundHookResult
		if err := json.Unmarshal(execs[1].Response, &resp); err != nil || *resp.PatientID != *execs[1].PatientID {
			t.Fatalf("response: %s %v", execs[1].Response, err)
		}
		var prob struct{ Code string }
		if err := json.Unmarshal(execs[0].Response, &prob); err != nil || prob.Code != "invalid_signature" {
			t.Fatalf("rejected response: %s", execs[0].Response)
		}
		for _, e := range a.executionsOf(a.developer, w.ID) {
			if e.Payload != nil {
				t.Fatalf("a developer read a payload: %+v", e)
			}
		}
		a.ok(a.do("GET", "/api/v1/webhooks/"+w.ID+"/executions", nil, a.volunteer), 403)
		// The payload is sealed at rest, and the admin's read is audited.
		var stored string
		if err := d.Gorm.Table("webhook_executions").Where("id = ?", execs[1].ID).Select("payload").Scan(&stored).Error; err != nil ||
			strings.Contains(stored, "Siti") || !strings.HasPrefix(stored, "enc:v1:") {
			t.Fatalf("stored payload: %q %v", stored, err)
		}
		var events AuditEventList
		a.do("GET", "/api/v1/audit-events?action=webhook.executions_read", nil, a.admin).decode(&events)
		if len(events.Data) == 0 || events.Data[0].ResourceIDs[0] != execs[1].ID {
			t.Fatalf("audit: %+v", events.Data)
		}
	})
}

// Without the workflow engine, binding is refused and calls start nothing.
func TestInboundHooksWithoutTheEngine(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.deps.Webhooks = webhook.NewService(webhook.Deps{Store: webhook.NewStore(d), Patients: a.deps.Patients, Keyring: a.keyring,
			Limiter: ratelimit.NewMemory(a.clock.Now), Clock: a.clock, BaseURL: a.cfg.BaseURL})
		a.e = New(a.deps)
		r := a.do("POST", "/api/v1/webhooks", map[string]any{"name": "EMR", "workflow_id": a.workflows.Add(a.tenantOf(a.admin))}, a.admin)
		a.ok(r, 400)
		if p := r.problem(); p.Errors[0].Field != "workflow_id" || p.Errors[0].Code != "not_found_ref" {
			t.Fatalf("binding: %s", r.body)
		}
		w := a.createWebhookAs(a.admin, map[string]any{"name": "EMR"})
		r = a.hook(w, map[string]any{"phone": "0812-3456-7890", "patient": map[string]any{"name": "Siti"}})
		a.ok(r, 202)
		if got := r.hookResult(); got.ExecutionID != nil || got.PatientID == nil {
			t.Fatalf("answer: %s", r.body)
		}
		execs := a.executionsOf(a.admin, w.ID)
		if len(execs) != 1 || execs[0].Outcome != "started" || execs[0].ExecutionID != nil {
			t.Fatalf("recorded: %+v", execs)
		}
		if got := strconv.Itoa(len(a.workflows.Calls())); got != "0" {
			t.Fatalf("%s workflow calls", got)
		}
	})
}
