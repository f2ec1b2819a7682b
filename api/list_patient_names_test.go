package api

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// The reminder and appointment lists name each row's patient (and, for
// reminders, the patient's time zone), read with the page in one joined
// statement: the dashboard needs no patient read per row, and a bigger page
// costs no more statements than a page of one.
func TestListsNameTheirPatients(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		sql := testutil.NewSQLLog()
		a := newTestApp(t, sql.Logged(d))
		a.clock.Set(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
		names := map[string]string{}
		zones := map[string]string{}
		for i := range 6 {
			zone := "Asia/Jakarta"
			if i%2 == 1 {
				zone = "Asia/Seoul"
			}
			body := map[string]any{"name": fmt.Sprintf("Pasien %d", i), "phone": fmt.Sprintf("0812-3456-78%02d", i),
				"consent": "granted", "timezone": zone}
			if i < 2 {
				body["assigned_volunteer_id"] = a.volunteerID
			}
			p := a.createPatientAs(a.admin, body)
			names[p.ID], zones[p.ID] = p.Name, zone
			a.createReminderAs(a.admin, medicationBody(p.ID))
			a.createAppointmentAs(a.admin, map[string]any{"patient_id": p.ID,
				"starts_at": fmt.Sprintf("2026-12-%02dT09:00:00+07:00", i+1)})
		}

		// get reads a list and returns how many statements it took.
		get := func(path, token string, out any) int {
			t.Helper()
			sql.Take()
			r := a.do("GET", path, nil, token)
			n := sql.Count()
			a.ok(r, 200)
			r.decode(out)
			return n
		}

		var rems ReminderList
		one := get("/api/v1/reminders?per_page=1", a.admin, &rems)
		all := get("/api/v1/reminders?per_page=50", a.admin, &rems)
		if len(rems.Data) != 6 {
			t.Fatalf("%d reminders", len(rems.Data))
		}
		for _, r := range rems.Data {
			if r.PatientName != names[r.PatientID] || r.PatientTimezone != zones[r.PatientID] {
				t.Fatalf("reminder of %s names %q (%q), want %q (%q)", r.PatientID, r.PatientName, r.PatientTimezone,
					names[r.PatientID], zones[r.PatientID])
			}
		}
		if all != one {
			t.Fatalf("a page of 6 reminders took %d statements, a page of 1 took %d", all, one)
		}

		var apps AppointmentList
		one = get("/api/v1/appointments?per_page=1", a.admin, &apps)
		all = get("/api/v1/appointments?per_page=50", a.admin, &apps)
		if len(apps.Data) != 6 {
			t.Fatalf("%d appointments", len(apps.Data))
		}
		for _, ap := range apps.Data {
			if ap.PatientName != names[ap.PatientID] {
				t.Fatalf("appointment of %s names %q, want %q", ap.PatientID, ap.PatientName, names[ap.PatientID])
			}
		}
		if all != one {
			t.Fatalf("a page of 6 appointments took %d statements, a page of 1 took %d", all, one)
		}

		// A volunteer's lists name their own patients; sorting still works with the join.
		get("/api/v1/reminders?sort=-next_due_at", a.volunteer, &rems)
		get("/api/v1/appointments?sort=-starts_at", a.volunteer, &apps)
		if len(rems.Data) != 2 || len(apps.Data) != 2 || apps.Data[0].PatientName != "Pasien 1" ||
			!strings.HasPrefix(rems.Data[0].PatientName, "Pasien ") {
			t.Fatalf("volunteer: %+v %+v", rems.Data, apps.Data)
		}

		// The single reads name the patient too.
		var rem Reminder
		get("/api/v1/reminders/"+rems.Data[0].ID, a.admin, &rem)
		if rem.PatientName != names[rem.PatientID] || rem.PatientTimezone != zones[rem.PatientID] {
			t.Fatalf("one reminder: %+v", rem)
		}
		var ap Appointment
		get("/api/v1/appointments/"+apps.Data[0].ID, a.admin, &ap)
		if ap.PatientName != names[ap.PatientID] {
			t.Fatalf("one appointment: %+v", ap)
		}
	})
}
