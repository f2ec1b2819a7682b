package api

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func (a *testApp) createWebhookAs(token string, body map[string]any) Webhook {
	a.t.Helper()
	r := a.do("POST", "/api/v1/webhooks", body, token)
	a.ok(r, 201)
	var w Webhook
	r.decode(&w)
	return w
}

// webhookCount is how many webhooks the tenant of token has.
func (a *testApp) webhookCount(token string) int64 {
	a.t.Helper()
	var list WebhookList
	a.do("GET", "/api/v1/webhooks", nil, token).decode(&list)
	return list.Total
}

func TestWebhookLifecycle(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		flow := a.workflows.Add(a.tenantOf(a.admin))
		r := a.do("POST", "/api/v1/webhooks", map[string]any{"name": "EMR bookings", "workflow_id": flow}, a.admin)
		a.ok(r, 201)
		var raw map[string]json.RawMessage
		r.decode(&raw)
		for _, k := range []string{"id", "name", "workflow_id", "is_active", "url", "secret", "created_at", "last_called_at", "version"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("key %s missing", k)
			}
		}
		var w Webhook
		r.decode(&w)
		if !strings.HasPrefix(w.Secret, "whsec_") || w.URL != testBaseURL+"/api/v1/hooks/in/"+w.ID || *w.WorkflowID != flow ||
			!w.IsActive || w.Version != 1 || w.LastCalledAt != nil {
			t.Fatalf("created: %+v", w)
		}
		path := "/api/v1/webhooks/" + w.ID

		// The secret is shown once: never by GET, the list, PATCH, or in the audit log.
		for _, res := range []*response{a.do("GET", path, nil, a.admin), a.do("GET", "/api/v1/webhooks", nil, a.developer),
			a.do("PATCH", path, map[string]any{"name": "EMR surgery bookings", "version": 1}, a.admin)} {
			a.ok(res, 200)
			if strings.Contains(string(res.body), `"secret"`) || strings.Contains(string(res.body), w.Secret) {
				t.Fatalf("the secret came back: %s", res.body)
			}
		}
		var got Webhook
		a.do("GET", path, nil, a.developer).decode(&got)
		if got.Name != "EMR surgery bookings" || got.Version != 2 {
			t.Fatalf("after patch: %+v", got)
		}
		// Stale versions: 409 by body and by If-Match; null unbinds the workflow.
		a.ok(a.do("PATCH", path, map[string]any{"name": "X", "version": 1}, a.admin), 409)
		a.ok(a.do("PATCH", path, map[string]any{"name": "X"}, a.admin, "If-Match", `"1"`), 409)
		r = a.do("PATCH", path, `{"workflow_id":null,"is_active":false}`, a.developer)
		a.ok(r, 200)
		r.decode(&raw)
		if string(raw["workflow_id"]) != "null" || string(raw["is_active"]) != "false" {
			t.Fatalf("unbound and disabled: %s", r.body)
		}

		// Rotation shows the new secret once.
		r = a.do("POST", path+"/rotate-secret", nil, a.admin)
		a.ok(r, 200)
		var rot Webhook
		r.decode(&rot)
		if !strings.HasPrefix(rot.Secret, "whsec_") || rot.Secret == w.Secret || rot.PreviousSecretExpiresAt == nil || rot.Version != 4 {
			t.Fatalf("rotated: %+v", rot)
		}

		// Another tenant's admin: 404 everywhere, an empty list.
		a.ok(a.do("GET", path, nil, a.otherAdmin), 404)
		a.ok(a.do("PATCH", path, map[string]any{"name": "X"}, a.otherAdmin), 404)
		a.ok(a.do("POST", path+"/rotate-secret", nil, a.otherAdmin), 404)
		a.ok(a.do("GET", path+"/executions", nil, a.otherAdmin), 404)
		a.ok(a.do("DELETE", path, nil, a.otherAdmin), 404)
		if a.webhookCount(a.otherAdmin) != 0 {
			t.Fatal("the other tenant sees tenant A's webhook")
		}
		// Volunteers have no access.
		a.ok(a.do("GET", "/api/v1/webhooks", nil, a.volunteer), 403)
		a.ok(a.do("GET", path, nil, a.volunteer), 403)

		// Delete: 204, then gone; a stale If-Match is 409.
		a.ok(a.do("DELETE", path, nil, a.admin, "If-Match", `"1"`), 409)
		a.ok(a.do("DELETE", path, nil, a.admin), 204)
		a.ok(a.do("GET", path, nil, a.admin), 404)
		if a.webhookCount(a.admin) != 0 {
			t.Fatal("a deleted webhook is listed")
		}
		var events AuditEventList
		a.do("GET", "/api/v1/audit-events?resource_type=webhook&resource_id="+w.ID, nil, a.admin).decode(&events)
		actions := map[string]bool{}
		for _, e := range events.Data {
			actions[e.Action] = true
			js, _ := json.Marshal(e)
			if strings.Contains(string(js), "whsec_") {
				t.Fatalf("a secret in the audit log: %s", js)
			}
		}
		for _, want := range []string{"webhook.create", "webhook.update", "webhook.rotate_secret", "webhook.delete"} {
			if !actions[want] {
				t.Errorf("audit lacks %s: %+v", want, events.Data)
			}
		}
	})
}

func TestWebhookInputIsValidatedAndNothingIsWritten(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		otherFlow := a.workflows.Add(a.tenantOf(a.otherAdmin))
		cases := []struct {
			name   string
			body   any
			status int
			fields string
		}{
			{"missing fields", `{}`, 400, "name"},
			{"wrong types", `{"name":5,"is_active":"yes"}`, 400, "name"},
			{"unknown field", `{"name":"A","url":"https://x"}`, 400, "url"},
			{"NUL byte", `{"name":"A\u0000B"}`, 400, "name"},
			{"control character", `{"name":"A\u0007B"}`, 400, "name"},
			{"odd bytes", "{\"name\":\"A\xff\"}", 400, "name"},
			{"too long", map[string]any{"name": strings.Repeat("n", 201)}, 400, "name"},
			{"not a workflow id", map[string]any{"name": "A", "workflow_id": "flow-1"}, 400, "workflow_id"},
			{"another tenant's workflow", map[string]any{"name": "A", "workflow_id": otherFlow}, 400, "workflow_id"},
			{"not json", `name=A`, 400, "body"},
			{"oversize body", `{"name":"` + strings.Repeat("x", 1<<20) + `"}`, 413, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				r := a.do("POST", "/api/v1/webhooks", c.body, a.admin)
				a.ok(r, c.status)
				if c.fields != "" {
					got := r.fieldErrors()
					slices.Sort(got)
					if strings.Join(got, ",") != c.fields {
						t.Fatalf("fields %v, want %s: %s", got, c.fields, r.body)
					}
				}
			})
		}
		r := a.do("POST", "/api/v1/webhooks", map[string]any{"name": "A", "workflow_id": otherFlow}, a.admin)
		if p := r.problem(); p.Errors[0].Code != "not_found_ref" {
			t.Fatalf("another tenant's workflow: %+v", p)
		}
		// Wrong roles write nothing either.
		a.ok(a.do("POST", "/api/v1/webhooks", map[string]any{"name": "A"}, a.volunteer), 403)
		if n := a.webhookCount(a.admin); n != 0 {
			t.Fatalf("%d webhooks written by rejected requests", n)
		}

		// The same rules on PATCH and rotate-secret, and nothing changes.
		w := a.createWebhookAs(a.admin, map[string]any{"name": "Asli"})
		path := "/api/v1/webhooks/" + w.ID
		for _, body := range []any{map[string]any{"name": ""}, `{"name":null}`, `{"is_active":null}`, `{"name":"B","version":"1"}`,
			`{"name":"B","secret":"whsec_x"}`} {
			a.ok(a.do("PATCH", path, body, a.admin), 400)
		}
		for _, body := range []any{`{"overlap_seconds":-1}`, `{"overlap_seconds":604801}`, `{"overlap_seconds":"1h"}`, `{"overlap":1}`} {
			a.ok(a.do("POST", path+"/rotate-secret", body, a.admin), 400)
		}
		a.ok(a.do("POST", path+"/rotate-secret", `{"overlap_seconds":60}`, a.admin, "If-Match", `"7"`), 409)
		var got Webhook
		a.do("GET", path, nil, a.admin).decode(&got)
		if got.Name != "Asli" || got.Version != 1 || got.PreviousSecretExpiresAt != nil {
			t.Fatalf("a rejected request changed the webhook: %+v", got)
		}
		a.ok(a.do("GET", "/api/v1/webhooks/not-an-id", nil, a.admin), 404)
		a.ok(a.do("GET", "/api/v1/webhooks?per_page=500", nil, a.admin), 400)
	})
}
