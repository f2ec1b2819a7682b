package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/pkg/stdwebhooks"
)

func TestInboundHookSignaturesAndReplays(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		flow := a.workflows.Add(a.tenantOf(a.admin))
		w := a.createWebhookAs(a.admin, map[string]any{"name": "EMR", "workflow_id": flow})
		body := []byte(`{"phone":"0812-3456-7890","patient":{"name":"Siti"},"data":{"surgery_date":"2026-11-20"}}`)

		// Standard Webhooks.
		h := a.stdHeaders(w.Secret, "msg_std_1", body)
		r := a.callHook(w.ID, body, h)
		a.ok(r, 202)
		first := r.hookResult()
		if first.ExecutionID == nil || first.PatientID == nil || !first.PatientCreated || first.Replayed {
			t.Fatalf("accepted: %s", r.body)
		}
		calls := a.workflows.Calls()
		if len(calls) != 1 || calls[0].WorkflowID != flow || calls[0].PatientID != *first.PatientID ||
			calls[0].Payload["data"].(map[string]any)["surgery_date"] != "2026-11-20" {
			t.Fatalf("the workflow starts with the payload as context: %+v", calls)
		}
		// The same delivery again: 200, the first execution, nothing runs again.
		r = a.callHook(w.ID, body, h)
		a.ok(r, 200)
		if again := r.hookResult(); !again.Replayed || *again.ExecutionID != *first.ExecutionID || *again.PatientID != *first.PatientID {
			t.Fatalf("replay: %s", r.body)
		}
		if n := len(a.workflows.Calls()); n != 1 {
			t.Fatalf("a replay started the workflow again (%d calls)", n)
		}

		// x-webhook-signature, keyed with the secret string as shown; the same body is the same delivery.
		seedBody := []byte(`{"external_id":"EMR-7","phone":"0812-3456-7891","patient":{"name":"Ani"}}`)
		a.ok(a.callHook(w.ID, seedBody, seedHeaders(w.Secret, seedBody)), 202)
		r = a.callHook(w.ID, seedBody, seedHeaders(w.Secret, seedBody))
		a.ok(r, 200)
		if !r.hookResult().Replayed {
			t.Fatalf("seed replay: %s", r.body)
		}
		// An Idempotency-Key names the delivery instead.
		a.ok(a.callHook(w.ID, seedBody, seedHeaders(w.Secret, seedBody, "Idempotency-Key", "visit-1")), 202)
		a.ok(a.callHook(w.ID, seedBody, seedHeaders(w.Secret, seedBody, "Idempotency-Key", "visit-1")), 200)
		if n := len(a.workflows.Calls()); n != 3 {
			t.Fatalf("%d workflow starts, want 3", n)
		}

		// Bad signatures: 401 invalid_signature, recorded as rejected.
		stale, _ := stdwebhooks.Headers(stdwebhooks.Standard, w.Secret, "msg_old", a.clock.Now().Add(-6*time.Minute), body)
		badKey := seedHeaders(strings.TrimPrefix(w.Secret, "whsec_"), body) // keyed without the prefix: not the seed scheme
		tampered := a.stdHeaders(w.Secret, "msg_std_2", body)
		for name, h := range map[string]http.Header{"stale": stale, "seed without prefix": badKey, "unsigned": {},
			"other secret": a.stdHeaders(stdwebhooks.NewSecret(), "msg_x", body)} {
			r := a.callHook(w.ID, body, h)
			if r.code != 401 || r.problem().Code != CodeInvalidSig {
				t.Fatalf("%s: %d %s", name, r.code, r.body)
			}
		}
		a.ok(a.callHook(w.ID, []byte(`{"phone":"0812-0000-0000"}`), tampered), 401)

		got := strings.Join(a.outcomesOf(w.ID), ",")
		want := "rejected:401,rejected:401,rejected:401,rejected:401,rejected:401,replayed:200,started:202,replayed:200,started:202,replayed:200,started:202"
		if got != want {
			t.Fatalf("recorded, newest first:\n got %s\nwant %s", got, want)
		}
		var hook Webhook
		a.do("GET", "/api/v1/webhooks/"+w.ID, nil, a.admin).decode(&hook)
		if hook.LastCalledAt == nil {
			t.Fatal("last_called_at is set by accepted calls")
		}
	})
}

func TestRotatedSecretsOverlap(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		w := a.createWebhookAs(a.admin, map[string]any{"name": "EMR"})
		old := w
		var rotated Webhook
		a.do("POST", "/api/v1/webhooks/"+w.ID+"/rotate-secret", map[string]any{"overlap_seconds": 3600}, a.admin).decode(&rotated)
		if rotated.Secret == "" || rotated.Secret == old.Secret || !rotated.PreviousSecretExpiresAt.Equal(a.clock.Now().Add(time.Hour).Truncate(time.Microsecond)) {
			t.Fatalf("rotated: %+v", rotated)
		}
		payload := map[string]any{"phone": "0812-3456-7890", "patient": map[string]any{"name": "Siti"}}
		a.ok(a.hook(old, payload), 202)
		a.ok(a.hook(rotated, payload), 202)
		// Past the overlap only the new secret verifies.
		a.clock.Advance(time.Hour + time.Second)
		a.ok(a.hook(old, payload), 401)
		a.ok(a.hook(rotated, payload), 202)
		body, _ := json.Marshal(payload)
		a.ok(a.callHook(w.ID, body, seedHeaders(old.Secret, body)), 401)

		// overlap_seconds 0 ends the replaced secret at once; a secret replaced earlier stops too.
		var again Webhook
		a.do("POST", "/api/v1/webhooks/"+w.ID+"/rotate-secret", map[string]any{"overlap_seconds": 0}, a.admin).decode(&again)
		if again.PreviousSecretExpiresAt != nil {
			t.Fatalf("no overlap: %+v", again)
		}
		a.ok(a.hook(rotated, payload), 401)
		a.ok(a.hook(again, payload), 202)
	})
}

func TestInboundHookFindsOrCreatesThePatient(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		w := a.createWebhookAs(a.admin, map[string]any{"name": "EMR"})
		emr := a.createPatientAs(a.admin, map[string]any{"name": "Ani", "phone": "0812-1111-0001", "external_id": "EMR-1"})
		byPhone := a.createPatientAs(a.admin, map[string]any{"name": "Budi", "phone": "0812-1111-0002"})

		res := a.hook(w, map[string]any{"external_id": "EMR-1"})
		a.ok(res, 202)
		if got := res.hookResult(); *got.PatientID != emr.ID || got.PatientCreated || got.ExecutionID != nil {
			t.Fatalf("by external id (unbound: no execution): %s", res.body)
		}
		res = a.hook(w, map[string]any{"phone": "+62 812-1111-0002"})
		a.ok(res, 202)
		if got := res.hookResult(); *got.PatientID != byPhone.ID || got.PatientCreated {
			t.Fatalf("by phone: %s", res.body)
		}
		res = a.hook(w, map[string]any{"external_id": "EMR-9", "phone": "0812-1111-0009",
			"patient": map[string]any{"name": "Citra", "language": "en", "attributes": map[string]any{"ward": "B"}}})
		a.ok(res, 202)
		created := res.hookResult()
		if !created.PatientCreated {
			t.Fatalf("created: %s", res.body)
		}
		var p Patient
		a.do("GET", "/api/v1/patients/"+*created.PatientID, nil, a.admin).decode(&p)
		if p.Name != "Citra" || p.Consent != "pending" || p.Phone != "+6281211110009" || *p.ExternalID != "EMR-9" || p.Language != "en" {
			t.Fatalf("created patient: %+v", p)
		}

		// Payloads that are not valid: 400 naming the fields, recorded as failed, nothing created.
		cases := []struct {
			name, body, fields string
		}{
			{"no id", `{"patient":{"name":"X"}}`, "external_id,phone"},
			{"bad json", `{"phone":`, "body"},
			{"not an object", `"0812-1111-0003"`, "body"},
			{"odd bytes", "{\"phone\":\"0812\xff\"}", "body"},
			{"wrong types", `{"phone":812,"patient":{"tags":"a"},"data":[]}`, "data,patient.tags,phone"},
			{"unknown fields", `{"phone":"0812-1111-0003","colour":"red","patient":{"name":"X","consent":"granted"}}`, "colour,patient.consent"},
			{"invalid phone", `{"phone":"12345"}`, "phone"},
			{"no name to create", `{"phone":"0812-1111-0003"}`, "patient.name"},
			{"bad patient field", `{"phone":"0812-1111-0003","patient":{"name":"X","language":"fr"}}`, "patient.language"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				body := []byte(c.body)
				r := a.callHook(w.ID, body, a.stdHeaders(w.Secret, hookMsgID(), body))
				a.ok(r, 400)
				got := r.fieldErrors()
				if strings.Join(sortedStrings(got), ",") != c.fields {
					t.Fatalf("fields %v, want %s: %s", got, c.fields, r.body)
				}
			})
		}
		var list PatientList
		a.do("GET", "/api/v1/patients?per_page=100", nil, a.admin).decode(&list)
		if list.Total != 3 {
			t.Fatalf("%d patients; rejected calls created some", list.Total)
		}
		for i, o := range a.outcomesOf(w.ID) {
			if i < len(cases) && o != "failed:400" {
				t.Fatalf("call %d recorded as %s", i, o)
			}
		}

		// Oversize bodies: 413, recorded; an unknown webhook is 404, recorded nowhere.
		big := []byte(`{"phone":"0812-1111-0003","data":{"x":"` + strings.Repeat("x", 256<<10) + `"}}`)
		r := a.callHook(w.ID, big, a.stdHeaders(w.Secret, hookMsgID(), big))
		if r.code != 413 || r.problem().Code != CodeTooLarge {
			t.Fatalf("oversize: %d %s", r.code, r.body)
		}
		if o := a.outcomesOf(w.ID)[0]; o != "rejected:413" {
			t.Fatalf("oversize recorded as %s", o)
		}
		a.ok(a.callHook("01a23c9b-6524-7607-8d77-fc0c8606ad9d", []byte(`{}`), nil), 404)
		a.ok(a.callHook("not-an-id", []byte(`{}`), nil), 404)
	})
}

func TestConcurrentDeliveriesStartOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		w := a.createWebhookAs(a.admin, map[string]any{"name": "EMR", "workflow_id": a.workflows.Add(a.tenantOf(a.admin))})
		body := []byte(`{"external_id":"EMR-5","phone":"0812-5555-0005","patient":{"name":"Dewi"}}`)
		h := a.stdHeaders(w.Secret, "msg_five", body)
		codes := make([]int, 5)
		var wg sync.WaitGroup
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rec := httptest.NewRecorder()
				a.e.ServeHTTP(rec, hookRequest(w.ID, body, h.Clone()))
				codes[i] = rec.Code
			}()
		}
		wg.Wait()
		accepted, replayed := 0, 0
		for _, c := range codes {
			switch c {
			case 202:
				accepted++
			case 200:
				replayed++
			}
		}
		if accepted != 1 || replayed != 4 || len(a.workflows.Calls()) != 1 {
			t.Fatalf("codes %v, %d workflow starts", codes, len(a.workflows.Calls()))
		}
		var list PatientList
		a.do("GET", "/api/v1/patients?search=EMR-5", nil, a.admin).decode(&list)
		if list.Total != 1 {
			t.Fatalf("%d patients for one delivery", list.Total)
		}
	})
}
