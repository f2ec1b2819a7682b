package api

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

// rightsSecrets are distinctive values of the patient whose rights the tests exercise.
var rightsSecrets = struct {
	name, diagnosis, notes, stage, email, externalID, attribute, tag string
	outbound, inbound, appointmentNote, doctor, medication, hookData string
}{
	name: "Kartini Wulandari Rightsxq", diagnosis: "Karsinoma mammae XQR-DX", notes: "Alergi XQR-NOTES", stage: "IIIB-XQR",
	email: "kartini.xqr@example.org", externalID: "EMR-XQR-77", attribute: "MRN-XQR-991", tag: "xqr-tag",
	outbound: "Jadwal kemoterapi Anda XQR-OUT-1", inbound: "Saya sudah minum obat XQR-IN-1",
	appointmentNote: "Bawa hasil biopsi XQR-APT", doctor: "dr. Hartono XQR", medication: "Letrozole-XQR",
	hookData: "booking XQR-HOOK-DATA",
}

// The phone in every form it is written: E.164, international digits, national.
var rightsPhones = []string{"+6281234567890", "6281234567890", "081234567890", "0812-3456-7890", "81234567890"}

// rightsPatient builds a patient with a full history: messages sent through
// the outbox to the fake WhatsApp, a reply, a reminder with an occurrence,
// an appointment, a webhook call that started a workflow execution, and a
// create sent with an Idempotency-Key.
func (a *testApp) rightsPatient(gowa *fakeprovider.GOWA) Patient {
	a.t.Helper()
	s := rightsSecrets
	a.clock.Set(time.Date(2026, 11, 22, 0, 30, 0, 0, time.UTC)) // 07:30 in Jakarta
	r := a.do("POST", "/api/v1/patients", map[string]any{"name": s.name, "phone": "0812-3456-7890", "consent": "granted",
		"diagnosis": s.diagnosis, "notes": s.notes, "cancer_stage": s.stage, "email": s.email, "external_id": s.externalID,
		"birth_date": "1971-04-12", "tags": []string{s.tag}, "attributes": map[string]any{"mrn": s.attribute}},
		a.admin, "Idempotency-Key", "create-rights-patient")
	a.ok(r, 201)
	var p Patient
	r.decode(&p)
	a.ok(a.do("POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": s.outbound}, a.admin), 201)
	a.createAppointmentAs(a.admin, map[string]any{"patient_id": p.ID, "starts_at": "2026-11-30T02:00:00Z",
		"notes": s.appointmentNote, "doctor": s.doctor, "location": "Poli Onkologi XQR"})
	a.createReminderAs(a.admin, map[string]any{"patient_id": p.ID, "type": "medication", "medication": s.medication, "dose": "2.5 mg",
		"message":  "Halo {{first_name}}, saatnya minum {{medication}}.",
		"schedule": map[string]any{"frequency": "daily", "times": []string{"08:00"}, "start_date": "2026-11-22"}})
	a.clock.Set(time.Date(2026, 11, 22, 1, 0, 30, 0, time.UTC)) // the 08:00 dose is due
	a.tickReminders()
	a.drainTo(gowa)
	a.ok(a.inbound(patientPhone, s.inbound), 200)
	a.process()
	// A booking system calls a webhook with the patient in it; the workflow it starts keeps the data in its context.
	w := a.createWorkflow(map[string]any{"name": "After booking", "trigger": map[string]any{"type": "webhook"},
		"graph": twoStepGraph("Terima kasih, jadwal diterima.", 30, "Sampai jumpa.")})
	a.activate(w.ID)
	hook := a.createWebhookAs(a.admin, map[string]any{"name": "Booking", "workflow_id": w.ID})
	a.ok(a.hook(hook, map[string]any{"phone": "0812-3456-7890", "patient": map[string]any{"name": s.name},
		"data": map[string]any{"note": s.hookData}}), 202)
	a.wfTick()
	a.drainTo(gowa)
	return p
}

func (a *testApp) stats() (dash DashboardStats, msgs json.RawMessage) {
	a.t.Helper()
	a.do("GET", "/api/v1/stats/dashboard", nil, a.admin).decode(&dash)
	r := a.do("GET", "/api/v1/messages/stats?from=2026-11-20&to=2026-11-23&timezone=Asia/Jakarta", nil, a.admin)
	a.ok(r, 200)
	return dash, r.body
}

// Erasure leaves no copy of the patient's health data in any column of any
// table, in clear or sealed, while the message statistics stay as they were;
// the patient leaves the patient count as a deletion would, and the same phone
// makes a new patient afterwards.
func TestErasureRemovesThePatientFromEveryTable(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		testutil.NoQuietHours(t, d)
		gowa := fakeprovider.NewGOWA(t)
		s := rightsSecrets
		other := a.createPatientAs(a.admin, map[string]any{"name": "Control Patient", "phone": "0813-1111-2222", "consent": "granted",
			"diagnosis": "Control diagnosis kept"})
		a.ok(a.do("POST", "/api/v1/messages", map[string]any{"patient_id": other.ID, "body": "Control message kept"}, a.admin), 201)
		p := a.rightsPatient(gowa)
		// One more message still queued when the erasure comes: it must never be sent.
		var queued MessageDetail
		a.do("POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": "Queued XQR-QUEUED"}, a.admin).decode(&queued)

		needles := append([]string{s.name, s.diagnosis, s.notes, s.stage, s.email, s.externalID, s.attribute, s.tag, s.outbound,
			s.inbound, s.appointmentNote, s.doctor, s.medication, s.hookData, "XQR-QUEUED", "Poli Onkologi XQR"}, rightsPhones...)
		// The values are there before (else the scan would prove nothing).
		before := strings.Join(testutil.StoredAnywhere(t, d, a.keyring, needles), "\n")
		for _, where := range []string{"patients.name", "patients.diagnosis", "messages.body: " + s.outbound, "messages.body: " + s.inbound,
			"webhook_executions.payload", "workflow_executions.context", "idempotency_keys.response_body", "appointments.notes",
			"reminders.medication"} {
			if !strings.Contains(before, where) {
				t.Fatalf("the fixture holds nothing at %s:\n%s", where, before)
			}
		}
		dash0, msgs0 := a.stats()
		sent := len(gowa.Requests())
		if sent < 3 { // the message, the dose, the workflow's first step
			t.Fatalf("the fixture sent %d messages", sent)
		}

		r := a.do("POST", "/api/v1/patients/"+p.ID+"/erase", map[string]any{"confirm": "ERASE"}, a.admin)
		a.ok(r, 200)
		var sum PatientErasure
		r.decode(&sum)
		e := sum.Erased
		if sum.AlreadyErased || e.Patient != 1 || e.Messages < 3 || e.MessagesCancelled != 1 || e.Appointments != 1 || e.Reminders != 1 ||
			e.WorkflowExecutions != 1 || e.WebhookCalls != 1 || e.IdempotencyRecords != 1 {
			t.Fatalf("summary: %s", r.body)
		}

		if found := testutil.StoredAnywhere(t, d, a.keyring, needles); len(found) > 0 {
			t.Fatalf("after the erasure the patient is still stored at:\n%s", strings.Join(found, "\n"))
		}
		if found := testutil.StoredAnywhere(t, d, a.keyring, []string{"Control Patient", "Control diagnosis kept", "Control message kept"}); len(found) != 3 {
			t.Fatalf("the other patient's data: %v", found)
		}
		// Statistics: the messages count as before; the patient left the patient and reminder counts.
		dash1, msgs1 := a.stats()
		if dash1.MessagesToday != dash0.MessagesToday || dash1.Messages7d != dash0.Messages7d ||
			*dash1.DeliveryRate != *dash0.DeliveryRate || dash1.Patients != dash0.Patients-1 || dash1.ActiveReminders != dash0.ActiveReminders-1 {
			t.Fatalf("dashboard before %+v, after %+v", dash0, dash1)
		}
		var m0, m1 MessageStats
		_ = json.Unmarshal(msgs0, &m0)
		_ = json.Unmarshal(msgs1, &m1)
		// The queued message became skipped: all else is the same.
		m0.Totals.ByStatus["queued"]--
		m0.Totals.ByStatus["skipped"]++
		if m0.Totals.ByStatus["queued"] == 0 {
			delete(m0.Totals.ByStatus, "queued")
		}
		if m1.Totals.Total != m0.Totals.Total || m1.Delivered != m0.Delivered || m1.Settled != m0.Settled ||
			m1.Attempted != m0.Attempted || !sameCounts(m0.Totals.ByStatus, m1.Totals.ByStatus) || !sameCounts(m0.Totals.ByChannel, m1.Totals.ByChannel) {
			t.Fatalf("message stats before %s\nafter %s", msgs0, msgs1)
		}

		// Nothing more goes to the patient, and the patient is gone from every read.
		a.clock.Advance(time.Hour)
		a.tickReminders()
		a.wfTick()
		a.drainTo(gowa)
		if n := len(gowa.Requests()); n != sent {
			t.Fatalf("%d messages sent after the erasure", n-sent)
		}
		if st := a.status(queued.ID); st != "skipped" {
			t.Fatalf("the queued message is %s", st)
		}
		a.ok(a.do("GET", "/api/v1/patients/"+p.ID, nil, a.admin), 404)
		a.ok(a.do("GET", "/api/v1/patients/"+p.ID+"/export", nil, a.admin), 404)
		if n := a.count("SELECT count(*) FROM audit_events WHERE action = 'patient.erase' AND resource_id = ? AND changes = '[]'", p.ID); n != 1 {
			t.Fatalf("%d erase events", n)
		}

		// Erasing again finds nothing left; the same phone makes a new patient.
		r = a.do("POST", "/api/v1/patients/"+p.ID+"/erase", map[string]any{"confirm": "ERASE"}, a.admin)
		a.ok(r, 200)
		var again PatientErasure
		r.decode(&again)
		if !again.AlreadyErased || !strings.Contains(string(r.body), `"erased":{"patient":0,"messages":0,"messages_cancelled":0,"message_attempts":0,"appointments":0,"reminders":0,"workflow_executions":0,"workflow_steps":0,"webhook_calls":0,"idempotency_records":0,"notifications":0,"inbound_jobs":0,"unknown_senders":0,"files":0,"other":{}}`) {
			t.Fatalf("a second erasure: %s", r.body)
		}
		r = a.do("POST", "/api/v1/patients", map[string]any{"name": "Someone New", "phone": "0812-3456-7890"}, a.admin)
		a.ok(r, 201)
		var fresh Patient
		r.decode(&fresh)
		if fresh.ID == p.ID || len(fresh.Warnings) != 0 {
			t.Fatalf("the phone again: %s", r.body)
		}
	})
}

func sameCounts(a, b map[string]int64) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

// The export is the whole record, decrypted, as an attachment; it is audited
// with the patient's id only.
func TestExportIsTheWholeRecord(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		testutil.NoQuietHours(t, d)
		s := rightsSecrets
		p := a.rightsPatient(fakeprovider.NewGOWA(t))
		r := a.do("GET", "/api/v1/patients/"+p.ID+"/export", nil, a.admin)
		a.ok(r, 200)
		if cd := r.hdr.Get("Content-Disposition"); cd != `attachment; filename="patient-`+p.ID+`.json"` {
			t.Fatalf("Content-Disposition: %q", cd)
		}
		var rec PatientRecord
		r.decode(&rec)
		if rec.Patient.ID != p.ID || rec.Patient.Name != s.name || rec.Patient.Diagnosis == nil || *rec.Patient.Diagnosis != s.diagnosis || rec.Patient.Phone != "+6281234567890" {
			t.Fatalf("patient: %+v", rec.Patient)
		}
		if len(rec.Appointments) != 1 || rec.Appointments[0].Notes == nil || *rec.Appointments[0].Notes != s.appointmentNote {
			t.Fatalf("appointments: %+v", rec.Appointments)
		}
		if len(rec.Reminders) != 1 || *rec.Reminders[0].Medication != s.medication || len(rec.Occurrences) != 1 {
			t.Fatalf("reminders %+v, occurrences %+v", rec.Reminders, rec.Occurrences)
		}
		bodies := map[string]MessageDetail{}
		for _, m := range rec.Messages {
			bodies[m.Body] = m
		}
		out, in := bodies[s.outbound], bodies[s.inbound]
		if out.Status != "sent" || len(out.Attempts) == 0 || out.Attempts[0].Channel != "whatsapp" || in.Direction != "inbound" || len(rec.Messages) < 4 {
			t.Fatalf("messages: %+v", rec.Messages)
		}
		if rec.Conversation == nil || rec.Conversation.PatientID != p.ID {
			t.Fatalf("conversation: %+v", rec.Conversation)
		}
		if len(rec.WorkflowExecutions) != 1 || len(rec.WorkflowExecutions[0].Steps) == 0 ||
			!strings.Contains(string(mustJSON(rec.WorkflowExecutions[0].Context)), s.hookData) {
			t.Fatalf("workflow executions: %+v", rec.WorkflowExecutions)
		}
		if len(rec.WebhookCalls) != 1 || rec.WebhookCalls[0].Payload == nil || !strings.Contains(*rec.WebhookCalls[0].Payload, s.hookData) {
			t.Fatalf("webhook calls: %+v", rec.WebhookCalls)
		}
		actions := map[string]bool{}
		for _, e := range rec.AuditEvents {
			actions[e.Action] = true
		}
		if !actions["patient.create"] || !actions["patient.export"] || rec.CampaignRecipients == nil {
			t.Fatalf("audit events: %+v", rec.AuditEvents)
		}
		if n := a.count("SELECT count(*) FROM audit_events WHERE action = 'patient.export' AND resource_id = ? AND changes = '[]'", p.ID); n != 1 {
			t.Fatalf("%d export events", n)
		}
		// A deleted patient's data is still held: it is exported too.
		a.ok(a.do("DELETE", "/api/v1/patients/"+p.ID, nil, a.admin), 204)
		a.ok(a.do("GET", "/api/v1/patients/"+p.ID+"/export", nil, a.admin), 200)
	})
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// Only admins export or erase; another tenant's patient is not found; an
// erasure needs its confirmation and a well-formed body, and a rejected one
// changes nothing.
func TestPatientRightsInputAndRoles(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "assigned_volunteer_id": a.volunteerID})
		path := "/api/v1/patients/" + p.ID
		ok := map[string]any{"confirm": "ERASE"}
		for _, who := range []string{a.volunteer, a.developer} {
			a.rightsProblem(a.do("GET", path+"/export", nil, who), 403, "")
			a.rightsProblem(a.do("POST", path+"/erase", ok, who), 403, "")
		}
		a.rightsProblem(a.do("GET", path+"/export", nil, a.otherAdmin), 404, "")
		a.rightsProblem(a.do("POST", path+"/erase", ok, a.otherAdmin), 404, "")
		a.rightsProblem(a.do("GET", "/api/v1/patients/not-an-id/export", nil, a.admin), 404, "")
		a.rightsProblem(a.do("POST", "/api/v1/patients/01a23c9b-6524-7607-8d77-fc0c8606ad9d/erase", ok, a.admin), 404, "")

		for _, c := range []struct {
			name   string
			body   any
			ct     string
			status int
			field  string
		}{
			{"no body", nil, "", 400, "confirm"},
			{"empty object", `{}`, "application/json", 400, "confirm"},
			{"wrong word", `{"confirm":"erase please"}`, "application/json", 400, "confirm"},
			{"wrong type", `{"confirm":1}`, "application/json", 400, "confirm"},
			{"null", `{"confirm":null}`, "application/json", 400, "confirm"},
			{"unknown field", `{"confirm":"ERASE","force":true}`, "application/json", 400, "force"},
			{"not JSON", `confirm=ERASE`, "application/json", 400, ""},
			{"odd bytes", "{\"confirm\":\"ERA\xffSE\"}", "application/json", 400, "confirm"},
			{"NUL", "{\"confirm\":\"ERASE\\u0000\"}", "application/json", 400, "confirm"},
			{"form", `confirm=ERASE`, "application/x-www-form-urlencoded", 415, ""},
			{"oversize", `{"confirm":"ERASE","pad":"` + strings.Repeat("x", 2<<20) + `"}`, "application/json", 413, ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				var r *response
				if c.body == nil {
					r = a.do("POST", path+"/erase", nil, a.admin)
				} else {
					r = a.do("POST", path+"/erase", c.body, a.admin, "Content-Type", c.ct)
				}
				a.rightsProblem(r, c.status, c.field)
			})
		}
		// Nothing was erased by any of them.
		var got Patient
		a.do("GET", path, nil, a.admin).decode(&got)
		if got.Name != "Siti Rahmawati" || got.Phone != "+6281234567890" {
			t.Fatalf("after rejected erasures: %+v", got)
		}
		if n := a.count("SELECT count(*) FROM audit_events WHERE action IN ('patient.erase', 'patient.export')"); n != 0 {
			t.Fatalf("%d rights events after refused requests", n)
		}
	})
}

// rightsProblem expects a problem with status, naming field when field is not "".
func (a *testApp) rightsProblem(r *response, status int, field string) {
	a.t.Helper()
	if field != "" {
		a.expectProblem(r, status, field)
		return
	}
	a.ok(r, status)
	r.problem()
}

// A photo uploaded to this server is deleted with the patient; a photo
// elsewhere is only forgotten.
func TestErasureDeletesTheUploadedPhoto(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		r := a.uploadImage(a.admin, "face.png", "image/png", tinyPNG)
		a.ok(r, 201)
		var up UploadResult
		r.decode(&up)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Sari", "phone": "0812-3456-7890", "photo_url": up.URL})
		q := a.createPatientAs(a.admin, map[string]any{"name": "Budi", "phone": "0812-3456-7891", "photo_url": "https://photos.example.org/budi.png"})
		path := up.URL[strings.Index(up.URL, "/uploads/"):]
		a.ok(a.do("GET", path, nil, ""), 200)

		r = a.do("POST", "/api/v1/patients/"+p.ID+"/erase", map[string]any{"confirm": "ERASE"}, a.admin)
		a.ok(r, 200)
		var sum PatientErasure
		r.decode(&sum)
		if sum.Erased.Files != 1 {
			t.Fatalf("summary: %s", r.body)
		}
		a.ok(a.do("GET", path, nil, ""), 404)
		r = a.do("POST", "/api/v1/patients/"+q.ID+"/erase", map[string]any{"confirm": "ERASE"}, a.admin)
		a.ok(r, 200)
		r.decode(&sum)
		if sum.Erased.Files != 0 || a.count("SELECT count(*) FROM patients WHERE photo_url IS NOT NULL") != 0 {
			t.Fatalf("summary: %s", r.body)
		}
	})
}

// Erasing a patient who has already been removed (deleted) changes no number
// of the dashboard or of the message statistics: what erasure takes away is
// who the patient was, not what happened.
func TestErasureOfARemovedPatientKeepsEveryStatistic(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		testutil.NoQuietHours(t, d)
		gowa := fakeprovider.NewGOWA(t)
		other := a.createPatientAs(a.admin, map[string]any{"name": "Control Patient", "phone": "0813-1111-2222", "consent": "granted"})
		a.ok(a.do("POST", "/api/v1/messages", map[string]any{"patient_id": other.ID, "body": "Control message"}, a.admin), 201)
		p := a.rightsPatient(gowa)
		a.ok(a.do("DELETE", "/api/v1/patients/"+p.ID, nil, a.admin), 204)
		a.drainTo(gowa)
		dash0, msgs0 := a.stats()
		if dash0.Messages7d < 3 || dash0.DeliveryRate == nil {
			t.Fatalf("the fixture's statistics are empty: %+v", dash0)
		}
		// A removed patient and their reminders no longer count as active.
		if dash0.Patients != 1 || dash0.ActiveReminders != 0 {
			t.Fatalf("after the deletion: %d patients, %d active reminders", dash0.Patients, dash0.ActiveReminders)
		}
		a.ok(a.do("POST", "/api/v1/patients/"+p.ID+"/erase", map[string]any{"confirm": "ERASE"}, a.admin), 200)
		dash1, msgs1 := a.stats()
		j0, _ := json.Marshal(dash0)
		j1, _ := json.Marshal(dash1)
		if string(j0) != string(j1) {
			t.Fatalf("dashboard before the erasure %s\nafter %s", j0, j1)
		}
		if string(msgs0) != string(msgs1) {
			t.Fatalf("message statistics before the erasure %s\nafter %s", msgs0, msgs1)
		}
	})
}

// Erasing a patient scrubs only its own tenant's idempotency replays: another
// clinic that registered a patient with the same name and phone keeps its
// replay, so its retry answers the first response instead of registering the
// patient twice.
func TestErasureLeavesOtherTenantsReplays(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		body := map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890"}
		var ours, theirs Patient
		a.do("POST", "/api/v1/patients", body, a.admin, "Idempotency-Key", "reg-1").decode(&ours)
		r := a.do("POST", "/api/v1/patients", body, a.otherAdmin, "Idempotency-Key", "reg-1")
		a.ok(r, 201)
		r.decode(&theirs)
		a.ok(a.do("POST", "/api/v1/patients/"+ours.ID+"/erase", map[string]any{"confirm": "ERASE"}, a.admin), 200)
		var again Patient
		r = a.do("POST", "/api/v1/patients", body, a.otherAdmin, "Idempotency-Key", "reg-1")
		a.ok(r, 201)
		r.decode(&again)
		if again.ID != theirs.ID {
			t.Fatalf("the other clinic's retry registered patient %s again (first %s)", again.ID, theirs.ID)
		}
		// A replay kept for the clinic's own API key is scrubbed with the patient.
		k := a.createKey(a.admin, map[string]any{"name": "EMR", "scopes": []string{"write"}})
		var viaKey Patient
		emr := map[string]any{"name": "Dewi Lestari", "phone": "0812-3333-4444"}
		a.do("POST", "/api/v1/patients", emr, k.Key, "Idempotency-Key", "emr-1").decode(&viaKey)
		if n := a.count("SELECT count(*) FROM idempotency_keys WHERE user_id = ?", "key:"+k.ID); n != 1 {
			t.Fatalf("%d replays kept for the key", n)
		}
		a.ok(a.do("POST", "/api/v1/patients/"+viaKey.ID+"/erase", map[string]any{"confirm": "ERASE"}, a.admin), 200)
		if n := a.count("SELECT count(*) FROM idempotency_keys WHERE user_id = ?", "key:"+k.ID); n != 0 {
			t.Fatalf("the key's replay of the erased patient is still kept (%d)", n)
		}
	})
}
