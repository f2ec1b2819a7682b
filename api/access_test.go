package api

import (
	"bytes"
	"mime/multipart"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// Callers the walk tries, in this order (admin last, so its writes do not
// change what the others see).
var callers = []string{"anon", "pending", "volunteer", "developer", "other", "admin"}

// access is one endpoint and what each caller must get.
type access struct {
	method, route string // route as registered, e.g. /api/v1/patients/:id
	path          string // the concrete path probed
	body          func() (contentType string, body []byte)
	want          map[string]int
}

func jsonBody(s string) func() (string, []byte) {
	return func() (string, []byte) { return "application/json", []byte(s) }
}

func csvUpload() (string, []byte) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	fw, _ := w.CreateFormFile("file", "patients.csv")
	_, _ = fw.Write([]byte("name,phone\nWalk Import,0812-9999-0001\n"))
	_ = w.Close()
	return w.FormDataContentType(), b.Bytes()
}

func pngUpload() (string, []byte) { return multipartFile("file", "walk.png", "image/png", tinyPNG) }

// TestEveryEndpointEnforcesTenantAndRole walks every authenticated route with
// every kind of caller: no token (401), a pending user (403 approval_pending),
// a volunteer, a developer, the admin of another tenant probing this tenant's
// ids (404, never 403) and this tenant's admin. A new route without a row here
// fails the test.
func TestEveryEndpointEnforcesTenantAndRole(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		tokens := map[string]string{"pending": a.pending, "volunteer": a.volunteer, "developer": a.developer,
			"other": a.otherAdmin, "admin": a.admin}

		// Tenant A's resources: a target user, an unassigned patient, and one assigned to the volunteer.
		target := a.meID(a.tokenFor("user_target_a", "org_a", "member"))
		var p Patient
		a.do("POST", "/api/v1/patients", map[string]any{"name": "Unassigned", "phone": "0812-1111-2222"}, a.admin).decode(&p)
		var mine Patient
		a.do("POST", "/api/v1/patients", map[string]any{"name": "Assigned", "phone": "0812-1111-3333",
			"assigned_volunteer_id": a.volunteerID}, a.admin).decode(&mine)
		if p.ID == "" || mine.ID == "" {
			t.Fatal("fixtures not created")
		}
		// A message to each of them.
		var msg, mineMsg MessageDetail
		a.do("POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": "Walk message"}, a.admin).decode(&msg)
		a.do("POST", "/api/v1/messages", map[string]any{"patient_id": mine.ID, "body": "Walk message"}, a.admin).decode(&mineMsg)
		if msg.ID == "" || mineMsg.ID == "" {
			t.Fatal("message fixtures not created")
		}
		var art Article
		a.do("POST", "/api/v1/articles", map[string]any{"title": "Walk article", "language": "id"}, a.admin).decode(&art)
		var vid Video
		a.do("POST", "/api/v1/videos", map[string]any{"title": "Walk video", "url": "https://youtu.be/dQw4w9WgXcQ", "language": "id"}, a.admin).decode(&vid)
		if art.ID == "" || vid.ID == "" {
			t.Fatal("content fixtures not created")
		}
		var tpl Template
		a.do("POST", "/api/v1/templates", map[string]any{"name": "Walk template", "kind": "reminder",
			"bodies": map[string]any{"id": "Halo {{first_name}}"}}, a.admin).decode(&tpl)
		if tpl.ID == "" {
			t.Fatal("template fixture not created")
		}
		// An appointment and a reminder of the unassigned patient, an extra message sent now, and
		// the reminder's first occurrence, made by a tick at its due time.
		var ap Appointment
		a.do("POST", "/api/v1/appointments", map[string]any{"patient_id": p.ID, "starts_at": "2030-01-01T09:00:00+07:00"}, a.admin).decode(&ap)
		remBody := func(patientID string) string {
			return `{"patient_id":"` + patientID + `","type":"medication","message":"Walk {{first_name}}",` +
				`"schedule":{"frequency":"daily","times":["08:00"],"start_date":"2026-01-01"}}`
		}
		previewBody := `{"patient_id":"` + p.ID + `","schedule":{"frequency":"daily","times":["08:00"],"start_date":"2026-01-01"}}`
		var rem Reminder
		a.do("POST", "/api/v1/reminders", remBody(p.ID), a.admin).decode(&rem)
		a.ok(a.do("POST", "/api/v1/reminders/send-now", map[string]any{"ids": []string{rem.ID}}, a.admin), 200)
		if rem.NextDueAt != nil {
			a.clock.Set(rem.NextDueAt.Add(time.Minute))
			a.tickReminders()
		}
		var occs OccurrenceList
		a.do("GET", "/api/v1/reminders/"+rem.ID+"/occurrences", nil, a.admin).decode(&occs)
		if ap.ID == "" || rem.ID == "" || len(occs.Data) != 1 {
			t.Fatal("reminder fixtures not created")
		}
		occ := occs.Data[0].ID
		// A manual workflow that waits for a reply, running for both patients, and a second one to delete.
		waitGraph := `{"nodes":[{"id":"t","type":"trigger","data":{},"position":{"x":0,"y":0}},` +
			`{"id":"w","type":"wait_for_reply","data":{"timeout_minutes":60},"position":{"x":0,"y":100}}],` +
			`"edges":[{"id":"e","source":"t","target":"w"}]}`
		wfBody := `{"name":"Walk workflow","trigger":{"type":"manual"},"graph":` + waitGraph + `}`
		var wf, wf2 Workflow
		a.do("POST", "/api/v1/workflows", wfBody, a.admin).decode(&wf)
		a.do("POST", "/api/v1/workflows", wfBody, a.admin).decode(&wf2)
		a.ok(a.do("POST", "/api/v1/workflows/"+wf.ID+"/activate", nil, a.admin), 200)
		var run WorkflowRunResult
		a.do("POST", "/api/v1/workflows/"+wf.ID+"/run", map[string]any{"patient_ids": []string{p.ID}}, a.admin).decode(&run)
		if wf.ID == "" || wf2.ID == "" || len(run.ExecutionIDs) != 1 {
			t.Fatal("workflow fixtures not created")
		}
		exec := run.ExecutionIDs[0]
		var hook Webhook
		a.do("POST", "/api/v1/webhooks", map[string]any{"name": "Walk webhook"}, a.admin).decode(&hook)
		if hook.ID == "" {
			t.Fatal("webhook fixture not created")
		}
		hookPath := "/api/v1/webhooks/" + hook.ID
		var esub EventSubscription
		a.do("POST", "/api/v1/event-subscriptions", map[string]any{"url": "https://hooks.example.org/walk", "events": []string{"message.sent"}},
			a.admin).decode(&esub)
		esubPath := "/api/v1/event-subscriptions/" + esub.ID
		var edl EventDelivery
		a.do("POST", esubPath+"/test", nil, a.admin).decode(&edl)
		if esub.ID == "" || edl.ID == "" {
			t.Fatal("event subscription fixtures not created")
		}
		// A campaign to a consenting patient (executed, paused, resumed, cancelled in turn) and a draft to delete.
		var cp Patient
		a.do("POST", "/api/v1/patients", map[string]any{"name": "Campaign walk", "phone": "0812-1111-4444", "consent": "granted"}, a.admin).decode(&cp)
		campBody := `{"name":"Walk campaign","bodies":{"id":"Halo {{first_name}}"},"audience":{"patient_ids":["` + cp.ID + `"]}}`
		var camp, camp2 Campaign
		a.do("POST", "/api/v1/campaigns", campBody, a.admin).decode(&camp)
		a.do("POST", "/api/v1/campaigns", campBody, a.admin).decode(&camp2)
		if cp.ID == "" || camp.ID == "" || camp2.ID == "" {
			t.Fatal("campaign fixtures not created")
		}
		campPath := "/api/v1/campaigns/" + camp.ID
		segBody := `{"name":"Walk","bodies":{"en":"Hi"},"audience":{"segment":{"tags_any":["walk"]}}}`
		// API keys: one to revoke in the walk, and the two the key walk below calls with.
		var walkKey, readKey, fullKey APIKey
		a.do("POST", "/api/v1/api-keys", map[string]any{"name": "Walk", "scopes": []string{"read"}}, a.admin).decode(&walkKey)
		a.do("POST", "/api/v1/api-keys", map[string]any{"name": "Read", "scopes": []string{"read"}}, a.admin).decode(&readKey)
		a.do("POST", "/api/v1/api-keys", map[string]any{"name": "Full", "scopes": []string{"read", "write", "send"}}, a.admin).decode(&fullKey)
		if walkKey.ID == "" || readKey.Key == "" || fullKey.Key == "" {
			t.Fatal("API key fixtures not created")
		}

		// all lists what each caller gets; anon and pending are implied (401, 403).
		all := func(vol, dev, other, admin int) map[string]int {
			return map[string]int{"volunteer": vol, "developer": dev, "other": other, "admin": admin}
		}
		table := []access{
			{"GET", "/api/v1/me", "/api/v1/me", nil, all(200, 200, 200, 200)},
			{"GET", "/api/v1/users", "/api/v1/users", nil, all(403, 403, 200, 200)},
			{"POST", "/api/v1/users/:id/approve", "/api/v1/users/" + target + "/approve", jsonBody(`{"role":"volunteer"}`), all(403, 403, 404, 200)},
			{"POST", "/api/v1/users/:id/reject", "/api/v1/users/" + target + "/reject", nil, all(403, 403, 404, 200)},
			{"PATCH", "/api/v1/users/:id", "/api/v1/users/" + target, jsonBody(`{"role":"developer"}`), all(403, 403, 404, 200)},
			{"GET", "/api/v1/audit-events", "/api/v1/audit-events", nil, all(403, 403, 200, 200)},
			{"GET", "/api/v1/api-keys", "/api/v1/api-keys", nil, all(403, 200, 200, 200)},
			{"POST", "/api/v1/api-keys", "/api/v1/api-keys", jsonBody(`{"name":"Walk 2","scopes":["read"]}`), all(403, 201, 201, 201)},
			// Developers may revoke keys too; revoking again changes nothing.
			{"DELETE", "/api/v1/api-keys/:id", "/api/v1/api-keys/" + walkKey.ID, nil, all(403, 204, 404, 204)},
			{"GET", "/api/v1/stats/dashboard", "/api/v1/stats/dashboard", nil, all(200, 200, 200, 200)},
			{"GET", "/api/v1/stats/adherence", "/api/v1/stats/adherence?window=90", nil, all(200, 200, 200, 200)},
			// One patient's adherence: only who may see the patient.
			{"GET", "", "/api/v1/stats/adherence?patient_id=" + p.ID, nil, all(404, 200, 404, 200)},
			{"GET", "", "/api/v1/stats/adherence?patient_id=" + mine.ID, nil, all(200, 200, 404, 200)},
			{"GET", "/api/v1/templates", "/api/v1/templates", nil, all(200, 200, 200, 200)},
			{"POST", "/api/v1/templates", "/api/v1/templates", jsonBody(`{"name":"Walk","kind":"reply","bodies":{"en":"Hi {{name}}"}}`), all(403, 403, 201, 201)},
			{"GET", "/api/v1/templates/:id", "/api/v1/templates/" + tpl.ID, nil, all(200, 200, 404, 200)},
			{"PATCH", "/api/v1/templates/:id", "/api/v1/templates/" + tpl.ID, jsonBody(`{"name":"Walk template 2"}`), all(403, 403, 404, 200)},
			{"POST", "/api/v1/templates/:id/preview", "/api/v1/templates/" + tpl.ID + "/preview", jsonBody(`{"patient_id":"` + mine.ID + `"}`), all(200, 200, 404, 200)},
			{"DELETE", "/api/v1/templates/:id", "/api/v1/templates/" + tpl.ID, nil, all(403, 403, 404, 204)},
			{"GET", "/api/v1/workflows", "/api/v1/workflows", nil, all(200, 200, 200, 200)},
			{"POST", "/api/v1/workflows", "/api/v1/workflows", jsonBody(wfBody), all(403, 403, 201, 201)},
			{"POST", "/api/v1/workflows/validate", "/api/v1/workflows/validate", jsonBody(`{"trigger":{"type":"manual"},"graph":` + waitGraph + `}`), all(200, 200, 200, 200)},
			{"POST", "/api/v1/workflows/simulate", "/api/v1/workflows/simulate", jsonBody(`{"workflow_id":"` + wf.ID + `","script":[{"action":"reply","text":"ya"}]}`), all(200, 200, 404, 200)},
			{"GET", "/api/v1/workflows/:id", "/api/v1/workflows/" + wf.ID, nil, all(200, 200, 404, 200)},
			{"PATCH", "/api/v1/workflows/:id", "/api/v1/workflows/" + wf.ID, jsonBody(`{"name":"Walk workflow 2"}`), all(403, 403, 404, 200)},
			{"POST", "/api/v1/workflows/:id/activate", "/api/v1/workflows/" + wf.ID + "/activate", nil, all(403, 403, 404, 200)},
			{"POST", "/api/v1/workflows/:id/run", "/api/v1/workflows/" + wf.ID + "/run", jsonBody(`{"patient_ids":["` + mine.ID + `"]}`), all(201, 403, 404, 201)},
			{"POST", "", "/api/v1/workflows/" + wf.ID + "/run", jsonBody(`{"patient_ids":["` + p.ID + `"]}`), all(400, 403, 404, 201)},
			{"GET", "/api/v1/workflow-executions", "/api/v1/workflow-executions", nil, all(200, 200, 200, 200)},
			{"GET", "/api/v1/workflow-executions/:id", "/api/v1/workflow-executions/" + exec, nil, all(404, 200, 404, 200)},
			{"POST", "/api/v1/workflow-executions/:id/cancel", "/api/v1/workflow-executions/" + exec + "/cancel", nil, all(404, 403, 404, 200)},
			{"POST", "/api/v1/workflows/:id/deactivate", "/api/v1/workflows/" + wf.ID + "/deactivate", nil, all(403, 403, 404, 200)},
			{"DELETE", "/api/v1/workflows/:id", "/api/v1/workflows/" + wf2.ID, nil, all(403, 403, 404, 204)},
			{"GET", "/api/v1/conversations", "/api/v1/conversations", nil, all(200, 200, 200, 200)},
			{"GET", "/api/v1/conversations/counts", "/api/v1/conversations/counts", nil, all(200, 200, 200, 200)},
			{"GET", "/api/v1/conversations/:patient_id", "/api/v1/conversations/" + p.ID, nil, all(404, 200, 404, 200)},
			{"GET", "", "/api/v1/conversations/" + mine.ID, nil, all(200, 200, 404, 200)},
			{"POST", "/api/v1/conversations/:patient_id/reply", "/api/v1/conversations/" + mine.ID + "/reply", jsonBody(`{"body":"Walk reply"}`), all(201, 403, 404, 201)},
			{"POST", "", "/api/v1/conversations/" + p.ID + "/reply", jsonBody(`{"body":"Walk reply"}`), all(404, 403, 404, 201)},
			{"POST", "/api/v1/conversations/:patient_id/resolve", "/api/v1/conversations/" + mine.ID + "/resolve", nil, all(200, 403, 404, 200)},
			{"GET", "/api/v1/notifications", "/api/v1/notifications", nil, all(200, 200, 200, 200)},
			{"POST", "/api/v1/notifications/:id/read", "/api/v1/notifications/01a23c9b-6524-7607-8d77-fc0c8606ad9d/read", nil, all(404, 404, 404, 404)},
			{"GET", "/api/v1/unknown-senders", "/api/v1/unknown-senders", nil, all(403, 403, 200, 200)},
			{"POST", "/api/v1/ai/draft", "/api/v1/ai/draft", jsonBody(`{"kind":"template","language":"id","brief":"walk"}`), all(409, 403, 409, 409)},
			{"POST", "/api/v1/dev/simulate-inbound", "/api/v1/dev/simulate-inbound", jsonBody(`{"patient_id":"` + mine.ID + `","body":"halo"}`), all(202, 403, 404, 202)},
			{"GET", "/api/v1/articles", "/api/v1/articles", nil, all(200, 200, 200, 200)},
			{"POST", "/api/v1/articles", "/api/v1/articles", jsonBody(`{"title":"Walk","language":"en"}`), all(403, 403, 201, 201)},
			{"GET", "/api/v1/articles/:id", "/api/v1/articles/" + art.ID, nil, all(200, 200, 404, 200)},
			{"PATCH", "/api/v1/articles/:id", "/api/v1/articles/" + art.ID, jsonBody(`{"published":true}`), all(403, 403, 404, 200)},
			{"DELETE", "/api/v1/articles/:id", "/api/v1/articles/" + art.ID, nil, all(403, 403, 404, 204)},
			{"GET", "/api/v1/videos", "/api/v1/videos", nil, all(200, 200, 200, 200)},
			{"POST", "/api/v1/videos", "/api/v1/videos", jsonBody(`{"title":"Walk","url":"https://vimeo.com/1","language":"en"}`), all(403, 403, 201, 201)},
			{"GET", "/api/v1/videos/:id", "/api/v1/videos/" + vid.ID, nil, all(200, 200, 404, 200)},
			{"PATCH", "/api/v1/videos/:id", "/api/v1/videos/" + vid.ID, jsonBody(`{"published":true}`), all(403, 403, 404, 200)},
			{"DELETE", "/api/v1/videos/:id", "/api/v1/videos/" + vid.ID, nil, all(403, 403, 404, 204)},
			{"POST", "/api/v1/uploads", "/api/v1/uploads", pngUpload, all(201, 403, 201, 201)},
			{"GET", "/api/v1/messages", "/api/v1/messages", nil, all(200, 200, 200, 200)},
			{"GET", "/api/v1/messages/stats", "/api/v1/messages/stats", nil, all(200, 200, 200, 200)},
			{"GET", "/api/v1/messages/:id", "/api/v1/messages/" + msg.ID, nil, all(404, 200, 404, 200)},
			{"GET", "", "/api/v1/messages/" + mineMsg.ID, nil, all(200, 200, 404, 200)},
			{"POST", "/api/v1/messages", "/api/v1/messages", jsonBody(`{"patient_id":"` + mine.ID + `","body":"Walk send"}`), all(201, 403, 404, 201)},
			{"POST", "", "/api/v1/messages", jsonBody(`{"patient_id":"` + p.ID + `","body":"Walk send"}`), all(404, 403, 404, 201)},
			// Retry passes over messages the caller may not see: nothing is retried, nothing leaks.
			{"POST", "/api/v1/messages/retry", "/api/v1/messages/retry", jsonBody(`{"ids":["` + msg.ID + `"]}`), all(200, 403, 200, 200)},
			{"GET", "/api/v1/settings", "/api/v1/settings", nil, all(200, 200, 200, 200)},
			{"PATCH", "/api/v1/settings", "/api/v1/settings", jsonBody(`{"ai_enabled":true}`), all(403, 403, 200, 200)},
			{"POST", "/api/v1/settings/test-message", "/api/v1/settings/test-message", jsonBody(`{"phone":"0812-7777-8888"}`), all(403, 403, 202, 202)},
			{"GET", "/api/v1/appointments", "/api/v1/appointments", nil, all(200, 200, 200, 200)},
			{"POST", "/api/v1/appointments", "/api/v1/appointments", jsonBody(`{"patient_id":"` + p.ID + `","starts_at":"2030-01-02T09:00:00Z"}`), all(404, 403, 404, 201)},
			{"GET", "/api/v1/appointments/:id", "/api/v1/appointments/" + ap.ID, nil, all(404, 200, 404, 200)},
			{"PATCH", "/api/v1/appointments/:id", "/api/v1/appointments/" + ap.ID, jsonBody(`{"location":"Walk"}`), all(404, 403, 404, 200)},
			{"GET", "/api/v1/reminders", "/api/v1/reminders", nil, all(200, 200, 200, 200)},
			{"POST", "/api/v1/reminders", "/api/v1/reminders", jsonBody(remBody(p.ID)), all(404, 403, 404, 201)},
			{"POST", "", "/api/v1/reminders", jsonBody(remBody(mine.ID)), all(201, 403, 404, 201)},
			{"POST", "/api/v1/reminders/preview", "/api/v1/reminders/preview", jsonBody(previewBody), all(404, 200, 404, 200)},
			{"POST", "/api/v1/reminders/send-now", "/api/v1/reminders/send-now", nil, all(200, 403, 200, 200)},
			{"GET", "/api/v1/reminders/:id", "/api/v1/reminders/" + rem.ID, nil, all(404, 200, 404, 200)},
			{"PATCH", "/api/v1/reminders/:id", "/api/v1/reminders/" + rem.ID, jsonBody(`{"dose":"10 mg"}`), all(404, 403, 404, 200)},
			{"POST", "/api/v1/reminders/:id/pause", "/api/v1/reminders/" + rem.ID + "/pause", nil, all(404, 403, 404, 200)},
			{"POST", "/api/v1/reminders/:id/resume", "/api/v1/reminders/" + rem.ID + "/resume", nil, all(404, 403, 404, 200)},
			{"GET", "/api/v1/reminders/:id/occurrences", "/api/v1/reminders/" + rem.ID + "/occurrences", nil, all(404, 200, 404, 200)},
			{"POST", "/api/v1/occurrences/:id/confirm", "/api/v1/occurrences/" + occ + "/confirm", nil, all(404, 403, 404, 200)},
			{"DELETE", "/api/v1/reminders/:id", "/api/v1/reminders/" + rem.ID, nil, all(404, 403, 404, 204)},
			{"DELETE", "/api/v1/appointments/:id", "/api/v1/appointments/" + ap.ID, nil, all(404, 403, 404, 204)},
			// Webhooks: admins and developers manage them; volunteers have no access.
			{"GET", "/api/v1/webhooks", "/api/v1/webhooks", nil, all(403, 200, 200, 200)},
			{"POST", "/api/v1/webhooks", "/api/v1/webhooks", jsonBody(`{"name":"Walk"}`), all(403, 201, 201, 201)},
			{"GET", "/api/v1/webhooks/:id", hookPath, nil, all(403, 200, 404, 200)},
			{"PATCH", "/api/v1/webhooks/:id", hookPath, jsonBody(`{"name":"Walk 2"}`), all(403, 200, 404, 200)},
			{"POST", "/api/v1/webhooks/:id/rotate-secret", hookPath + "/rotate-secret", nil, all(403, 200, 404, 200)},
			{"GET", "/api/v1/webhooks/:id/executions", hookPath + "/executions", nil, all(403, 200, 404, 200)},
			// The developer deletes it; the admin, after, finds nothing.
			{"DELETE", "/api/v1/webhooks/:id", hookPath, nil, all(403, 204, 404, 404)},
			// Event subscriptions: admins and developers manage them; volunteers have no access.
			{"GET", "/api/v1/event-subscriptions", "/api/v1/event-subscriptions", nil, all(403, 200, 200, 200)},
			{"POST", "/api/v1/event-subscriptions", "/api/v1/event-subscriptions", jsonBody(`{"url":"https://hooks.example.org/w","events":["message.sent"]}`), all(403, 201, 201, 201)},
			{"GET", "/api/v1/event-subscriptions/:id", esubPath, nil, all(403, 200, 404, 200)},
			{"PATCH", "/api/v1/event-subscriptions/:id", esubPath, jsonBody(`{"description":"Walk"}`), all(403, 200, 404, 200)},
			{"POST", "/api/v1/event-subscriptions/:id/rotate-secret", esubPath + "/rotate-secret", nil, all(403, 200, 404, 200)},
			{"POST", "/api/v1/event-subscriptions/:id/test", esubPath + "/test", nil, all(403, 202, 404, 202)},
			{"GET", "/api/v1/event-subscriptions/:id/deliveries", esubPath + "/deliveries", nil, all(403, 200, 404, 200)},
			{"POST", "/api/v1/event-subscriptions/:id/deliveries/:delivery_id/redeliver", esubPath + "/deliveries/" + edl.ID + "/redeliver", nil, all(403, 202, 404, 202)},
			{"DELETE", "/api/v1/event-subscriptions/:id", esubPath, nil, all(403, 204, 404, 404)},
			{"GET", "/api/v1/campaigns", "/api/v1/campaigns", nil, all(200, 200, 200, 200)},
			{"POST", "/api/v1/campaigns", "/api/v1/campaigns", jsonBody(segBody), all(403, 403, 201, 201)},
			{"POST", "/api/v1/campaigns/preview-audience", "/api/v1/campaigns/preview-audience", jsonBody(`{"audience":{"segment":{"tags_any":["walk"]}}}`), all(403, 200, 200, 200)},
			{"POST", "", "/api/v1/campaigns/preview-audience", jsonBody(`{"audience":{"patient_ids":["` + cp.ID + `"]}}`), all(403, 200, 400, 200)},
			{"GET", "/api/v1/campaigns/:id", campPath, nil, all(200, 200, 404, 200)},
			{"PATCH", "/api/v1/campaigns/:id", campPath, jsonBody(`{"name":"Walk campaign 2"}`), all(403, 403, 404, 200)},
			{"GET", "/api/v1/campaigns/:id/recipients", campPath + "/recipients", nil, all(200, 200, 404, 200)},
			{"POST", "/api/v1/campaigns/:id/execute", campPath + "/execute?dry_run=true", nil, all(403, 403, 404, 200)},
			{"POST", "", campPath + "/execute", nil, all(403, 403, 404, 200)},
			// The volunteer pauses it (anyone who may change data may stop a campaign); the admin then finds it paused.
			{"POST", "/api/v1/campaigns/:id/pause", campPath + "/pause", nil, all(200, 403, 404, 409)},
			{"POST", "/api/v1/campaigns/:id/resume", campPath + "/resume", nil, all(403, 403, 404, 200)},
			{"POST", "/api/v1/campaigns/:id/cancel", campPath + "/cancel", nil, all(403, 403, 404, 200)},
			{"DELETE", "/api/v1/campaigns/:id", "/api/v1/campaigns/" + camp2.ID, nil, all(403, 403, 404, 204)},
			{"GET", "/api/v1/patients", "/api/v1/patients", nil, all(200, 200, 200, 200)},
			{"POST", "/api/v1/patients", "/api/v1/patients", jsonBody(`{"name":"Walk","phone":"0812-5555-6666"}`), all(201, 403, 201, 201)},
			{"GET", "/api/v1/patients/export", "/api/v1/patients/export", nil, all(200, 200, 200, 200)},
			{"POST", "/api/v1/patients/import", "/api/v1/patients/import?dry_run=true", csvUpload, all(200, 403, 200, 200)},
			{"GET", "/api/v1/patients/import/sample", "/api/v1/patients/import/sample", nil, all(200, 200, 200, 200)},
			{"GET", "/api/v1/patients/:id", "/api/v1/patients/" + p.ID, nil, all(404, 200, 404, 200)},
			{"GET", "/api/v1/patients/:id/timeline", "/api/v1/patients/" + p.ID + "/timeline", nil, all(404, 200, 404, 200)},
			{"PATCH", "/api/v1/patients/:id", "/api/v1/patients/" + p.ID, jsonBody(`{"notes":"walked"}`), all(404, 403, 404, 200)},
			{"DELETE", "/api/v1/patients/:id", "/api/v1/patients/" + p.ID, nil, all(404, 403, 404, 204)},
			// The volunteer's own patient: readable and editable by them, not deletable.
			{"GET", "", "/api/v1/patients/" + mine.ID, nil, all(200, 200, 404, 200)},
			{"PATCH", "", "/api/v1/patients/" + mine.ID, jsonBody(`{"notes":"seen today"}`), all(200, 403, 404, 200)},
			{"DELETE", "", "/api/v1/patients/" + mine.ID, nil, all(403, 403, 404, 204)},
		}

		public := map[string]bool{"GET /api/v1/config": true, "POST /api/v1/dev/sign-in": true, "POST /api/v1/hooks/clerk": true,
			"POST /api/v1/cron/trigger": true, "POST /api/v1/hooks/gowa": true, "POST /api/v1/hooks/nhn": true, "GET /api/v1/cron/trigger": true,
			"GET /api/v1/public/articles/:slug": true, "POST /api/v1/hooks/in/:webhook_id": true}
		covered := map[string]bool{}
		for _, c := range table {
			covered[c.method+" "+c.route] = true
		}
		var missing []string
		for _, r := range a.e.Routes() {
			key := r.Method + " " + r.Path
			if strings.HasPrefix(r.Path, "/api/v1/") && !public[key] && !covered[key] {
				missing = append(missing, key)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Fatalf("routes without an access row: %v", missing)
		}

		for _, c := range table {
			for _, who := range callers {
				want, ok := c.want[who]
				switch who {
				case "anon":
					want, ok = 401, true
				case "pending":
					want, ok = 403, true
					if c.route == "/api/v1/me" {
						want = 200
					}
				}
				if !ok {
					t.Fatalf("%s %s: no expectation for %s", c.method, c.path, who)
				}
				var body []byte
				ct := ""
				if c.body != nil {
					ct, body = c.body()
				}
				req := httptest.NewRequest(c.method, c.path, bytes.NewReader(body))
				if ct != "" {
					req.Header.Set("Content-Type", ct)
				}
				if tok := tokens[who]; tok != "" {
					req.Header.Set("Authorization", "Bearer "+tok)
				}
				r := a.send(req)
				if r.code != want {
					t.Errorf("%s %s as %s: %d, want %d: %.200s", c.method, c.path, who, r.code, want, r.body)
					continue
				}
				if want >= 400 {
					p := r.problem()
					wantCode := map[int]string{401: CodeUnauthenticated, 404: CodeNotFound}[want]
					if who == "pending" {
						wantCode = CodeApprovalPending
					}
					if wantCode != "" && p.Code != wantCode {
						t.Errorf("%s %s as %s: code %s, want %s", c.method, c.path, who, p.Code, wantCode)
					}
				}
			}
		}
		// API keys, after everyone else: every route takes the key scope its
		// documentation names. A read key is refused everything but reads; a
		// key with every scope passes every scope check but the dashboard-only
		// routes'. (Refusals for a missing scope say "API key"; other answers,
		// such as a 404 for what the admin deleted, are not the key's doing.)
		scopes := specScopes(t)
		for _, c := range table {
			if c.route == "" {
				continue
			}
			scope, ok := scopes[c.method+" "+echoParam.ReplaceAllString(c.route, "{$1}")]
			if !ok {
				t.Errorf("%s %s: no x-required-scope in openapi.yaml", c.method, c.route)
				continue
			}
			for _, k := range []struct {
				name, key string
				holds     func(string) bool
			}{
				{"read key", readKey.Key, func(s string) bool { return s == "read" }},
				{"full key", fullKey.Key, func(s string) bool { return s != "session" }},
			} {
				var body []byte
				ct := ""
				if c.body != nil {
					ct, body = c.body()
				}
				req := httptest.NewRequest(c.method, c.path, bytes.NewReader(body))
				if ct != "" {
					req.Header.Set("Content-Type", ct)
				}
				req.Header.Set("Authorization", "Bearer "+k.key)
				r := a.send(req)
				refused := r.code == 403 && strings.Contains(r.problem().Detail, "API key")
				switch {
				case r.code == 401:
					t.Errorf("%s %s with the %s: 401: %.200s", c.method, c.path, k.name, r.body)
				case refused == k.holds(scope):
					t.Errorf("%s %s (scope %s) with the %s: %d: %.200s", c.method, c.path, scope, k.name, r.code, r.body)
				}
			}
		}
		// The other tenant's admin learned nothing and changed nothing here.
		var u User
		r := a.do("GET", "/api/v1/users?per_page=100", nil, a.admin)
		var list UserList
		r.decode(&list)
		for _, x := range list.Data {
			if x.ID == target {
				u = x
			}
		}
		if u.Role != "developer" {
			t.Fatalf("only tenant A's admin changed the target user: %+v", u)
		}
	})
}
