package api

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/testutil"
)

// testBaseURL is PRIMA_BASE_URL in the tests' configuration.
const testBaseURL = "http://localhost:8080"

// testReminderServices wires appointments and reminders the way cmd/prima
// does, with only the log channel.
func testReminderServices(d *db.DB, c clock.Clock) (*appointment.Service, *reminder.Service) {
	ob := outbox.NewOutbox(d, c, []string{"log"}, outbox.NewDBLookups(d))
	rem := reminder.NewService(reminder.NewStore(d), ob, c, reminder.Options{Logger: testLogger(), BaseURL: testBaseURL})
	return appointment.NewService(appointment.NewStore(d), c, rem), rem
}

// tickReminders runs the reminder side of a tick at the app's clock.
func (a *testApp) tickReminders() (occurrences, messages int) {
	a.t.Helper()
	_, rem := testReminderServices(a.db, a.clock)
	occ, msg, err := rem.Materialize(context.Background(), a.clock.Now())
	if err != nil {
		a.t.Fatal(err)
	}
	if _, err := rem.MarkMissed(context.Background(), a.clock.Now()); err != nil {
		a.t.Fatal(err)
	}
	return occ, msg
}

func (a *testApp) createReminderAs(token string, body map[string]any) Reminder {
	a.t.Helper()
	r := a.do("POST", "/api/v1/reminders", body, token)
	a.ok(r, 201)
	var rem Reminder
	r.decode(&rem)
	return rem
}

func (a *testApp) occurrencesOf(token, reminderID string) []Occurrence {
	a.t.Helper()
	r := a.do("GET", "/api/v1/reminders/"+reminderID+"/occurrences?per_page=100", nil, token)
	a.ok(r, 200)
	var list OccurrenceList
	r.decode(&list)
	return list.Data
}

func medicationBody(patientID string) map[string]any {
	return map[string]any{"patient_id": patientID, "type": "medication", "medication": "Tamoxifen", "dose": "20 mg",
		"message":  "Halo {{first_name}}, saatnya minum {{medication}} {{dose}}.",
		"schedule": map[string]any{"frequency": "daily", "times": []string{"08:00"}, "start_date": "2026-11-22"}}
}

func TestReminderLifecycle(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)) // 07:00 in Jakarta
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		rem := a.createReminderAs(a.admin, medicationBody(p.ID))
		if rem.Type != "medication" || rem.TemplateID != nil || *rem.Medication != "Tamoxifen" || rem.ChannelOrder != nil ||
			rem.ConfirmationWindowMinutes != 120 || rem.TTLMinutes != 180 || !rem.IsActive || rem.Version != 1 ||
			rem.NextDueAt == nil || !rem.NextDueAt.Equal(time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC)) {
			t.Fatalf("created: %+v", rem)
		}
		if s := rem.Schedule; *s.Frequency != "daily" || !slices.Equal(s.Times, []string{"08:00"}) || s.EndDate != nil ||
			len(s.Offsets) != 0 || len(s.Weekdays) != 0 {
			t.Fatalf("schedule: %+v", s)
		}
		// The JSON keys integrators rely on.
		var raw map[string]json.RawMessage
		a.do("GET", "/api/v1/reminders/"+rem.ID, nil, a.admin).decode(&raw)
		for _, k := range []string{"id", "patient_id", "type", "template_id", "message", "medication", "dose", "appointment_id",
			"schedule", "channel_order", "confirmation_window_minutes", "ttl_minutes", "is_active", "next_due_at", "version"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("reminder key %s missing", k)
			}
		}
		var sched map[string]json.RawMessage
		_ = json.Unmarshal(raw["schedule"], &sched)
		for _, k := range []string{"frequency", "times", "weekdays", "interval", "rrule", "date", "start_date", "end_date", "count", "offsets"} {
			if _, ok := sched[k]; !ok {
				t.Errorf("schedule key %s missing", k)
			}
		}

		// Edit: a new time and a channel order; stale versions are refused.
		r := a.do("PATCH", "/api/v1/reminders/"+rem.ID, map[string]any{"channel_order": []string{"sms", "whatsapp"},
			"schedule": map[string]any{"frequency": "daily", "times": []string{"20:00", "08:00"}, "start_date": "2026-11-22"}},
			a.admin, "If-Match", `"1"`)
		a.ok(r, 200)
		var got Reminder
		r.decode(&got)
		if got.Version != 2 || !slices.Equal(got.ChannelOrder, []string{"sms", "whatsapp"}) || !slices.Equal(got.Schedule.Times, []string{"08:00", "20:00"}) {
			t.Fatalf("patched: %+v", got)
		}
		a.ok(a.do("PATCH", "/api/v1/reminders/"+rem.ID, map[string]any{"dose": "10 mg"}, a.admin, "If-Match", `"1"`), 409)
		// The message uses {{dose}}: clearing the dose alone would leave a blank, so it is refused.
		a.ok(a.do("PATCH", "/api/v1/reminders/"+rem.ID, map[string]any{"dose": nil}, a.admin), 400)
		r = a.do("PATCH", "/api/v1/reminders/"+rem.ID, map[string]any{"channel_order": nil, "dose": nil,
			"message": "Halo {{first_name}}, saatnya minum {{medication}}."}, a.admin)
		a.ok(r, 200)
		r.decode(&got)
		if got.ChannelOrder != nil || got.Dose != nil {
			t.Fatalf("cleared: %+v", got)
		}

		// Pause and resume.
		r = a.do("POST", "/api/v1/reminders/"+rem.ID+"/pause", nil, a.admin)
		a.ok(r, 200)
		r.decode(&got)
		if got.IsActive || got.NextDueAt != nil || got.PausedAt == nil {
			t.Fatalf("paused: %+v", got)
		}
		a.clock.Advance(2 * time.Hour)
		if occ, _ := a.tickReminders(); occ != 0 {
			t.Fatalf("paused reminder ticked %d", occ)
		}
		r = a.do("POST", "/api/v1/reminders/"+rem.ID+"/resume", nil, a.admin)
		a.ok(r, 200)
		r.decode(&got)
		if !got.IsActive || got.NextDueAt == nil || !got.NextDueAt.Equal(time.Date(2026, 11, 22, 13, 0, 0, 0, time.UTC)) {
			t.Fatalf("resumed (08:00 passed while paused; 20:00 is next): %+v", got)
		}

		// Filters.
		second := a.createReminderAs(a.admin, map[string]any{"patient_id": p.ID, "type": "custom", "message": "Kontrol ya, {{name}}",
			"schedule": map[string]any{"frequency": "weekly", "weekdays": []string{"mon"}, "times": []string{"09:00"}, "start_date": "2026-11-23"}})
		for _, c := range []struct {
			query string
			want  []string
		}{
			{"", []string{second.ID, rem.ID}},
			{"type=custom", []string{second.ID}},
			{"patient_id=" + p.ID + "&sort=next_due_at", []string{rem.ID, second.ID}},
			{"is_active=false", nil},
		} {
			var list ReminderList
			r := a.do("GET", "/api/v1/reminders?"+c.query, nil, a.admin)
			a.ok(r, 200)
			r.decode(&list)
			var ids []string
			for _, x := range list.Data {
				ids = append(ids, x.ID)
			}
			if !slices.Equal(ids, c.want) {
				t.Errorf("?%s: %v, want %v", c.query, ids, c.want)
			}
		}

		// A tick sends the 20:00 dose; the occurrence shows with its message.
		a.clock.Set(time.Date(2026, 11, 22, 13, 0, 30, 0, time.UTC))
		if occ, msg := a.tickReminders(); occ != 1 || msg != 1 {
			t.Fatalf("tick: %d occurrences, %d messages", occ, msg)
		}
		os := a.occurrencesOf(a.admin, rem.ID)
		if len(os) != 1 || os[0].State != "pending" || os[0].MessageID == nil || *os[0].MessageStatus != "queued" ||
			os[0].ReminderID != rem.ID || os[0].PatientID != p.ID || os[0].Type != "medication" {
			t.Fatalf("occurrences: %+v", os)
		}

		a.ok(a.do("DELETE", "/api/v1/reminders/"+rem.ID, nil, a.admin), 204)
		a.ok(a.do("GET", "/api/v1/reminders/"+rem.ID, nil, a.admin), 404)
		a.clock.Advance(24 * time.Hour)
		if occ, _ := a.tickReminders(); occ != 1 { // only the custom reminder's Monday 09:00
			t.Fatalf("after delete: %d occurrences", occ)
		}
	})
}

func TestReminderPreviewShowsTheNextFiveLocalTimes(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)) // 09:00 in Jakarta: today's 08:00 has passed
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-7890"})
		r := a.do("POST", "/api/v1/reminders/preview", map[string]any{"patient_id": p.ID,
			"schedule": map[string]any{"frequency": "daily", "times": []string{"08:00"}, "start_date": "2026-11-01"}}, a.developer)
		a.ok(r, 200)
		var pv ReminderPreview
		r.decode(&pv)
		want := []string{"2026-11-23T08:00:00+07:00", "2026-11-24T08:00:00+07:00", "2026-11-25T08:00:00+07:00",
			"2026-11-26T08:00:00+07:00", "2026-11-27T08:00:00+07:00"}
		var local []string
		for _, o := range pv.Occurrences {
			local = append(local, o.Local)
		}
		if pv.Timezone != "Asia/Jakarta" || !slices.Equal(local, want) || !pv.Occurrences[0].At.Equal(time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)) {
			t.Fatalf("preview: %+v", pv)
		}
		// New York across the end of daylight saving time: 08:00 local, an hour later in UTC.
		ny := a.createPatientAs(a.admin, map[string]any{"name": "Mary", "phone": "+1 212 555 0100", "timezone": "America/New_York"})
		a.clock.Set(time.Date(2026, 10, 30, 20, 0, 0, 0, time.UTC))
		r = a.do("POST", "/api/v1/reminders/preview", map[string]any{"patient_id": ny.ID, "count": 3,
			"schedule": map[string]any{"frequency": "daily", "times": []string{"08:00"}, "start_date": "2026-10-01"}}, a.admin)
		a.ok(r, 200)
		r.decode(&pv)
		if len(pv.Occurrences) != 3 || pv.Occurrences[0].Local != "2026-10-31T08:00:00-04:00" || pv.Occurrences[2].Local != "2026-11-02T08:00:00-05:00" ||
			pv.Occurrences[2].At.Hour() != 13 {
			t.Fatalf("DST preview: %+v", pv)
		}
		// An appointment reminder's offsets.
		a.clock.Set(time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC))
		ap := a.createAppointmentAs(a.admin, map[string]any{"patient_id": p.ID, "starts_at": "2026-11-25T10:00:00+07:00"})
		r = a.do("POST", "/api/v1/reminders/preview", map[string]any{"patient_id": p.ID, "appointment_id": ap.ID,
			"schedule": map[string]any{"offsets": []map[string]any{{"days": -1, "time": "09:00"}, {"minutes": -120}}}}, a.admin)
		a.ok(r, 200)
		r.decode(&pv)
		if len(pv.Occurrences) != 2 || pv.Occurrences[0].Local != "2026-11-24T09:00:00+07:00" || pv.Occurrences[1].Local != "2026-11-25T08:00:00+07:00" {
			t.Fatalf("appointment preview: %+v", pv)
		}
		// Errors name the schedule's fields.
		r = a.do("POST", "/api/v1/reminders/preview", map[string]any{"patient_id": p.ID, "count": 0,
			"schedule": map[string]any{"frequency": "daily", "times": []string{"8am"}}}, a.admin)
		a.ok(r, 400)
		if got := r.fieldErrors(); !slices.Contains(got, "schedule.times[0]") || !slices.Contains(got, "schedule.start_date") || !slices.Contains(got, "count") {
			t.Fatalf("fields %v", got)
		}
	})
}

func TestReminderEndpointsRejectBadInputAndWrongRoles(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Unassigned", "phone": "0812-1111-0001"})
		p2 := a.createPatientAs(a.admin, map[string]any{"name": "Second", "phone": "0812-1111-0004"})
		mine := a.createPatientAs(a.volunteer, map[string]any{"name": "Volunteer's", "phone": "0812-1111-0002"})
		other := a.createPatientAs(a.otherAdmin, map[string]any{"name": "Other clinic", "phone": "0812-1111-0003"})
		rem := a.createReminderAs(a.admin, medicationBody(p.ID))
		theirs := a.createReminderAs(a.otherAdmin, medicationBody(other.ID))
		var otherTpl, attrTpl Template
		a.do("POST", "/api/v1/templates", map[string]any{"name": "Theirs", "kind": "reminder", "bodies": map[string]any{"en": "Hi {{name}}"}},
			a.otherAdmin).decode(&otherTpl)
		a.do("POST", "/api/v1/templates", map[string]any{"name": "Needs MRN", "kind": "reminder",
			"bodies": map[string]any{"id": "RM {{attributes.mrn}}"}}, a.admin).decode(&attrTpl)
		apOfP2 := a.createAppointmentAs(a.admin, map[string]any{"patient_id": p2.ID, "starts_at": "2030-01-01T09:00:00+07:00"})
		own := "/api/v1/reminders/" + rem.ID
		with := func(change map[string]any) map[string]any {
			b := medicationBody(p.ID)
			for k, v := range change {
				if v == nil {
					delete(b, k)
				} else {
					b[k] = v
				}
			}
			return b
		}
		cases := []struct {
			name, method, path string
			body               any
			token              string
			code               int
			fields             []string
		}{
			{"missing fields", "POST", "/api/v1/reminders", `{"patient_id":"` + p.ID + `"}`, a.admin, 400, []string{"type", "schedule", "message", "template_id"}},
			{"no patient", "POST", "/api/v1/reminders", `{}`, a.admin, 400, []string{"patient_id"}},
			{"both texts", "POST", "/api/v1/reminders", with(map[string]any{"template_id": attrTpl.ID}), a.admin, 400, []string{"template_id", "message"}},
			{"schedule fields", "POST", "/api/v1/reminders", with(map[string]any{"schedule": map[string]any{"frequency": "weekly",
				"times": []string{"25:00"}, "start_date": "2026-13-01"}}), a.admin, 400, []string{"schedule.times[0]", "schedule.weekdays", "schedule.start_date"}},
			{"bad values", "POST", "/api/v1/reminders", with(map[string]any{"type": "pill", "channel_order": []string{"fax", "sms", "sms"},
				"ttl_minutes": 0, "confirmation_window_minutes": 5000, "message": "Hi {{nama}}"}), a.admin, 400,
				[]string{"type", "channel_order[0]", "channel_order[2]", "ttl_minutes", "confirmation_window_minutes"}},
			{"unknown variable", "POST", "/api/v1/reminders", with(map[string]any{"message": "Hi {{nama}}"}), a.admin, 400, []string{"message"}},
			{"value missing for the patient", "POST", "/api/v1/reminders", with(map[string]any{"message": nil, "template_id": attrTpl.ID}), a.admin, 400, []string{"template_id"}},
			{"another tenant's template", "POST", "/api/v1/reminders", with(map[string]any{"message": nil, "template_id": otherTpl.ID}), a.admin, 400, []string{"template_id"}},
			{"appointment of another patient", "POST", "/api/v1/reminders", with(map[string]any{"type": "appointment", "appointment_id": apOfP2.ID,
				"schedule": map[string]any{"offsets": []map[string]any{{"days": -1, "time": "09:00"}}}}), a.admin, 400, []string{"appointment_id"}},
			{"appointment reminder without one", "POST", "/api/v1/reminders", with(map[string]any{"type": "appointment",
				"schedule": map[string]any{"offsets": []map[string]any{{"minutes": 30}}}}), a.admin, 400, []string{"appointment_id", "schedule.offsets[0].minutes"}},
			{"wrong type", "POST", "/api/v1/reminders", with(map[string]any{"schedule": map[string]any{"frequency": "daily", "times": "08:00"}}), a.admin, 400, []string{"schedule.times"}},
			{"wrong type top", "POST", "/api/v1/reminders", with(map[string]any{"ttl_minutes": "180"}), a.admin, 400, []string{"ttl_minutes"}},
			{"unknown field", "POST", "/api/v1/reminders", with(map[string]any{"colour": "red"}), a.admin, 400, []string{"colour"}},
			{"unknown nested field", "POST", "/api/v1/reminders", with(map[string]any{"schedule": map[string]any{"frequency": "daily",
				"times": []string{"08:00"}, "start_date": "2026-11-22", "tz": "UTC"}}), a.admin, 400, []string{"tz"}},
			{"oversize", "POST", "/api/v1/reminders", with(map[string]any{"message": strings.Repeat("a", 2<<20)}), a.admin, 413, nil},
			{"another tenant's patient", "POST", "/api/v1/reminders", medicationBody(other.ID), a.admin, 404, nil},
			{"patch null type", "PATCH", own, `{"type":null}`, a.admin, 400, []string{"type"}},
			{"patch patient", "PATCH", own, map[string]any{"patient_id": p2.ID}, a.admin, 400, []string{"patient_id"}},
			{"patch removes the only text", "PATCH", own, `{"message":null}`, a.admin, 400, []string{"message"}},
			{"bad list filters", "GET", "/api/v1/reminders?type=pill&sort=name&patient_id=x", nil, a.admin, 400, []string{"type", "sort", "patient_id"}},
			{"bad is_active", "GET", "/api/v1/reminders?is_active=maybe", nil, a.admin, 400, []string{"is_active"}},
			{"empty send-now selection", "POST", "/api/v1/reminders/send-now", `{"ids":[]}`, a.admin, 400, []string{"ids"}},
			{"send-now bad id", "POST", "/api/v1/reminders/send-now", `{"ids":["x"]}`, a.admin, 400, []string{"ids[0]"}},
			{"send-now another tenant's", "POST", "/api/v1/reminders/send-now", `{"ids":["` + theirs.ID + `"]}`, a.admin, 404, nil},
			{"other tenant get", "GET", "/api/v1/reminders/" + theirs.ID, nil, a.admin, 404, nil},
			{"other tenant patch", "PATCH", "/api/v1/reminders/" + theirs.ID, map[string]any{"dose": "1"}, a.admin, 404, nil},
			{"other tenant pause", "POST", "/api/v1/reminders/" + theirs.ID + "/pause", nil, a.admin, 404, nil},
			{"other tenant occurrences", "GET", "/api/v1/reminders/" + theirs.ID + "/occurrences", nil, a.admin, 404, nil},
			{"other tenant delete", "DELETE", "/api/v1/reminders/" + theirs.ID, nil, a.admin, 404, nil},
			{"malformed id", "GET", "/api/v1/reminders/123", nil, a.admin, 404, nil},
			{"volunteer reads unassigned", "GET", own, nil, a.volunteer, 404, nil},
			{"volunteer creates for unassigned", "POST", "/api/v1/reminders", medicationBody(p.ID), a.volunteer, 404, nil},
			{"volunteer previews unassigned", "POST", "/api/v1/reminders/preview", map[string]any{"patient_id": p.ID,
				"schedule": map[string]any{"frequency": "daily", "times": []string{"08:00"}, "start_date": "2026-11-22"}}, a.volunteer, 404, nil},
			{"developer creates", "POST", "/api/v1/reminders", medicationBody(p.ID), a.developer, 403, nil},
			{"developer patches", "PATCH", own, map[string]any{"dose": "1"}, a.developer, 403, nil},
			{"developer pauses", "POST", own + "/pause", nil, a.developer, 403, nil},
			{"developer sends", "POST", "/api/v1/reminders/send-now", nil, a.developer, 403, nil},
			{"developer deletes", "DELETE", own, nil, a.developer, 403, nil},
			{"pending lists", "GET", "/api/v1/reminders", nil, a.pending, 403, nil},
			{"no token", "GET", "/api/v1/reminders", nil, "", 401, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				r := a.do(c.method, c.path, c.body, c.token)
				a.ok(r, c.code)
				r.problem()
				got := r.fieldErrors()
				for _, f := range c.fields {
					if !slices.Contains(got, f) {
						t.Fatalf("fields %v lack %q", got, f)
					}
				}
			})
		}
		// Allowed: the volunteer manages their own patient's reminders; the developer reads.
		vr := a.createReminderAs(a.volunteer, medicationBody(mine.ID))
		a.ok(a.do("POST", "/api/v1/reminders/"+vr.ID+"/pause", nil, a.volunteer), 200)
		a.ok(a.do("GET", own, nil, a.developer), 200)
		var list ReminderList
		a.do("GET", "/api/v1/reminders", nil, a.volunteer).decode(&list)
		if list.Total != 1 || list.Data[0].ID != vr.ID {
			t.Fatalf("volunteer list: %+v", list)
		}
		var got Reminder
		a.do("GET", own, nil, a.admin).decode(&got)
		if got.Version != 1 {
			t.Fatalf("rejected requests changed the reminder: %+v", got)
		}
	})
}

// Cancelling an appointment over the API stops its reminders.
func TestCancellingAnAppointmentStopsItsReminders(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-7890"})
		ap := a.createAppointmentAs(a.admin, map[string]any{"patient_id": p.ID, "starts_at": "2026-11-25T10:00:00+07:00"})
		rem := a.createReminderAs(a.admin, map[string]any{"patient_id": p.ID, "type": "appointment", "appointment_id": ap.ID,
			"message":  "Besok jam {{appointment_time}} di {{clinic}}",
			"schedule": map[string]any{"offsets": []map[string]any{{"days": -1, "time": "09:00"}, {"minutes": -120}}}})
		if rem.NextDueAt == nil || !rem.NextDueAt.Equal(time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)) ||
			len(rem.Schedule.Offsets) != 2 || rem.Schedule.Frequency != nil || len(rem.Schedule.Times) != 0 {
			t.Fatalf("appointment reminder: %+v", rem)
		}
		a.ok(a.do("PATCH", "/api/v1/appointments/"+ap.ID, map[string]any{"starts_at": "2026-11-27T10:00:00+07:00"}, a.admin), 200)
		var got Reminder
		a.do("GET", "/api/v1/reminders/"+rem.ID, nil, a.admin).decode(&got)
		if !got.NextDueAt.Equal(time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)) {
			t.Fatalf("after the move: %v", got.NextDueAt)
		}
		a.ok(a.do("PATCH", "/api/v1/appointments/"+ap.ID, map[string]any{"status": "cancelled"}, a.admin), 200)
		a.do("GET", "/api/v1/reminders/"+rem.ID, nil, a.admin).decode(&got)
		if got.IsActive || got.NextDueAt != nil {
			t.Fatalf("after cancelling: %+v", got)
		}
		a.ok(a.do("POST", "/api/v1/reminders/"+rem.ID+"/resume", nil, a.admin), 409)
	})
}
