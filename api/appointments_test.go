package api

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func (a *testApp) createAppointmentAs(token string, body map[string]any) Appointment {
	a.t.Helper()
	r := a.do("POST", "/api/v1/appointments", body, token)
	a.ok(r, 201)
	var ap Appointment
	r.decode(&ap)
	return ap
}

func TestAppointmentLifecycle(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Kim Min-ji", "phone": "+82 10-2345-0106", "timezone": "Asia/Seoul"})
		ap := a.createAppointmentAs(a.admin, map[string]any{"patient_id": p.ID, "starts_at": "2026-11-25T10:30:00+09:00",
			"surgery_type": "mastectomy", "doctor": "Dr. Park"})
		if ap.Timezone != "Asia/Seoul" || ap.Status != "scheduled" || !ap.StartsAt.Equal(time.Date(2026, 11, 25, 1, 30, 0, 0, time.UTC)) ||
			*ap.SurgeryType != "mastectomy" || ap.Location != nil || ap.Version != 1 {
			t.Fatalf("created: %+v", ap)
		}
		var got Appointment
		a.do("GET", "/api/v1/appointments/"+ap.ID, nil, a.admin).decode(&got)
		if got.ID != ap.ID || !got.StartsAt.Equal(ap.StartsAt) {
			t.Fatalf("read back: %+v", got)
		}
		r := a.do("PATCH", "/api/v1/appointments/"+ap.ID, map[string]any{"location": "Ward 3", "doctor": nil}, a.admin, "If-Match", `"1"`)
		a.ok(r, 200)
		r.decode(&got)
		if got.Version != 2 || *got.Location != "Ward 3" || got.Doctor != nil {
			t.Fatalf("patched: %+v", got)
		}
		a.ok(a.do("PATCH", "/api/v1/appointments/"+ap.ID, map[string]any{"notes": "x"}, a.admin, "If-Match", `"1"`), 409)
		a.ok(a.do("PATCH", "/api/v1/appointments/"+ap.ID, map[string]any{"notes": "x", "version": 1}, a.admin), 409)
		r = a.do("PATCH", "/api/v1/appointments/"+ap.ID, map[string]any{"status": "completed"}, a.admin)
		a.ok(r, 200)
		r.decode(&got)
		if got.Status != "completed" {
			t.Fatalf("status: %+v", got)
		}
		second := a.createAppointmentAs(a.admin, map[string]any{"patient_id": p.ID, "starts_at": "2026-12-01T09:00:00+09:00"})

		for _, c := range []struct {
			query string
			want  []string
		}{
			{"", []string{ap.ID, second.ID}},
			{"sort=-starts_at", []string{second.ID, ap.ID}},
			{"status=scheduled", []string{second.ID}},
			{"patient_id=" + p.ID + "&per_page=1", []string{ap.ID}},
			{"from=2026-11-30T00:00:00Z", []string{second.ID}},
			{"to=2026-11-30T00:00:00Z", []string{ap.ID}},
		} {
			var list AppointmentList
			r := a.do("GET", "/api/v1/appointments?"+c.query, nil, a.admin)
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
		a.ok(a.do("DELETE", "/api/v1/appointments/"+ap.ID, nil, a.admin), 204)
		a.ok(a.do("GET", "/api/v1/appointments/"+ap.ID, nil, a.admin), 404)
	})
}

func TestAppointmentEndpointsRejectBadInputAndWrongRoles(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Unassigned", "phone": "0812-1111-0001"})
		mine := a.createPatientAs(a.volunteer, map[string]any{"name": "Volunteer's", "phone": "0812-1111-0002"})
		other := a.createPatientAs(a.otherAdmin, map[string]any{"name": "Other clinic", "phone": "0812-1111-0003"})
		ap := a.createAppointmentAs(a.admin, map[string]any{"patient_id": p.ID, "starts_at": "2026-11-25T09:00:00+07:00"})
		theirs := a.createAppointmentAs(a.otherAdmin, map[string]any{"patient_id": other.ID, "starts_at": "2026-11-25T09:00:00+07:00"})
		own := "/api/v1/appointments/" + ap.ID
		cases := []struct {
			name, method, path string
			body               any
			token              string
			code               int
			fields             []string
		}{
			{"missing fields", "POST", "/api/v1/appointments", `{}`, a.admin, 400, []string{"patient_id", "starts_at"}},
			{"bad values", "POST", "/api/v1/appointments", map[string]any{"patient_id": p.ID, "starts_at": "tomorrow 9am",
				"timezone": "Jakarta", "status": "maybe", "doctor": strings.Repeat("d", 201)}, a.admin, 400,
				[]string{"starts_at", "timezone", "status", "doctor"}},
			{"wrong type", "POST", "/api/v1/appointments", `{"patient_id":"` + p.ID + `","starts_at":20261125}`, a.admin, 400, []string{"starts_at"}},
			{"unknown field", "POST", "/api/v1/appointments", `{"patient_id":"` + p.ID + `","starts_at":"2026-11-25T09:00:00Z","room":"3"}`, a.admin, 400, []string{"room"}},
			{"oversize", "POST", "/api/v1/appointments", `{"patient_id":"` + p.ID + `","starts_at":"2026-11-25T09:00:00Z","notes":"` + strings.Repeat("a", 2<<20) + `"}`, a.admin, 413, nil},
			{"patch null start", "PATCH", own, `{"starts_at":null}`, a.admin, 400, []string{"starts_at"}},
			{"patch unknown", "PATCH", own, `{"patient_id":"` + p.ID + `"}`, a.admin, 400, []string{"patient_id"}},
			{"bad filters", "GET", "/api/v1/appointments?status=maybe&sort=doctor&from=yesterday", nil, a.admin, 400, []string{"from"}},
			{"bad status filter", "GET", "/api/v1/appointments?status=maybe&sort=doctor", nil, a.admin, 400, []string{"status", "sort"}},
			{"another tenant's patient", "POST", "/api/v1/appointments", map[string]any{"patient_id": other.ID, "starts_at": "2026-11-25T09:00:00Z"}, a.admin, 404, nil},
			{"other tenant get", "GET", "/api/v1/appointments/" + theirs.ID, nil, a.admin, 404, nil},
			{"other tenant patch", "PATCH", "/api/v1/appointments/" + theirs.ID, map[string]any{"notes": "x"}, a.admin, 404, nil},
			{"other tenant delete", "DELETE", "/api/v1/appointments/" + theirs.ID, nil, a.admin, 404, nil},
			{"malformed id", "GET", "/api/v1/appointments/123", nil, a.admin, 404, nil},
			{"volunteer reads unassigned", "GET", own, nil, a.volunteer, 404, nil},
			{"volunteer books for unassigned", "POST", "/api/v1/appointments", map[string]any{"patient_id": p.ID, "starts_at": "2026-11-25T09:00:00Z"}, a.volunteer, 404, nil},
			{"developer books", "POST", "/api/v1/appointments", map[string]any{"patient_id": p.ID, "starts_at": "2026-11-25T09:00:00Z"}, a.developer, 403, nil},
			{"developer patches", "PATCH", own, map[string]any{"notes": "x"}, a.developer, 403, nil},
			{"developer deletes", "DELETE", own, nil, a.developer, 403, nil},
			{"no token", "GET", "/api/v1/appointments", nil, "", 401, nil},
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
		// The volunteer books for their own patient; the developer reads.
		a.createAppointmentAs(a.volunteer, map[string]any{"patient_id": mine.ID, "starts_at": "2026-11-26T09:00:00+07:00"})
		a.ok(a.do("GET", own, nil, a.developer), 200)
		var list AppointmentList
		a.do("GET", "/api/v1/appointments", nil, a.volunteer).decode(&list)
		if list.Total != 1 || list.Data[0].PatientID != mine.ID {
			t.Fatalf("volunteer list: %+v", list)
		}
		var got Appointment
		a.do("GET", own, nil, a.admin).decode(&got)
		if got.Version != 1 {
			t.Fatalf("rejected requests changed the appointment: %+v", got)
		}
	})
}
