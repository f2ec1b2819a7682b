package api

import (
	"slices"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// TestNULAndInvalidUTF8AreRefusedNamingTheField sends NUL characters (the
// JSON escape \u0000) and bytes that are not UTF-8 in names, nested
// attributes (keys and values), bodies and query parameters of several
// endpoints: each is a 400 naming the field, and nothing is written.
func TestNULAndInvalidUTF8AreRefusedNamingTheField(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-7890", "consent": "granted"})
		ap := a.createAppointmentAs(a.admin, map[string]any{"patient_id": p.ID, "starts_at": "2030-01-01T09:00:00+07:00"})
		var tpl Template
		a.do("POST", "/api/v1/templates", map[string]any{"name": "Hello", "kind": "reminder",
			"bodies": map[string]any{"id": "Halo {{first_name}}"}}, a.admin).decode(&tpl)
		const bad = "\xff\xfe" // not UTF-8
		cases := []struct {
			name, method, path, body string
			field                    string
		}{
			{"patient name with NUL", "POST", "/api/v1/patients", `{"name":"Si\u0000ti","phone":"0812-1111-0001"}`, "name"},
			{"patient name not UTF-8", "POST", "/api/v1/patients", `{"name":"Si` + bad + `ti","phone":"0812-1111-0002"}`, "name"},
			{"nested attribute value with NUL", "POST", "/api/v1/patients",
				`{"name":"Ani","phone":"0812-1111-0003","attributes":{"emr":{"ids":["ok","x\u0000"]}}}`, "attributes.emr.ids[1]"},
			{"attribute key not UTF-8", "POST", "/api/v1/patients",
				`{"name":"Ani","phone":"0812-1111-0004","attributes":{"k` + bad + `":1}}`, "attributes"},
			{"attribute key with NUL", "PATCH", "/api/v1/patients/" + p.ID, `{"attributes":{"a\u0000b":"x"}}`, "attributes"},
			{"patient notes not UTF-8", "PATCH", "/api/v1/patients/" + p.ID, `{"notes":"` + bad + `"}`, "notes"},
			{"patient tag with NUL", "PATCH", "/api/v1/patients/" + p.ID, `{"tags":["ok","a\u0000"]}`, "tags[1]"},
			{"template body with NUL", "POST", "/api/v1/templates", `{"name":"T1","kind":"reply","bodies":{"en":"Hi\u0000"}}`, "bodies.en"},
			{"template name not UTF-8", "PATCH", "/api/v1/templates/" + tpl.ID, `{"name":"T` + bad + `"}`, "name"},
			{"reminder message with NUL", "POST", "/api/v1/reminders", `{"patient_id":"` + p.ID + `","type":"medication",` +
				`"message":"Minum\u0000obat","schedule":{"frequency":"daily","times":["08:00"],"start_date":"2030-01-01"}}`, "message"},
			{"reminder medication not UTF-8", "POST", "/api/v1/reminders", `{"patient_id":"` + p.ID + `","type":"medication",` +
				`"medication":"` + bad + `","message":"Minum obat","schedule":{"frequency":"daily","times":["08:00"],"start_date":"2030-01-01"}}`, "medication"},
			{"appointment doctor not UTF-8", "POST", "/api/v1/appointments",
				`{"patient_id":"` + p.ID + `","starts_at":"2030-01-02T09:00:00+07:00","doctor":"dr. ` + bad + `"}`, "doctor"},
			{"appointment notes with NUL", "PATCH", "/api/v1/appointments/" + ap.ID, `{"notes":"a\u0000"}`, "notes"},
			{"settings time zone with NUL", "PATCH", "/api/v1/settings", `{"timezone":"Asia/Jakarta\u0000"}`, "timezone"},
			{"message body not UTF-8", "POST", "/api/v1/messages", `{"patient_id":"` + p.ID + `","body":"` + bad + `"}`, "body"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				r := a.do(c.method, c.path, c.body, a.admin)
				a.ok(r, 400)
				if got := r.fieldErrors(); !slices.Contains(got, c.field) {
					t.Errorf("fields %v, want %s", got, c.field)
				}
			})
		}
		queries := []struct{ path, field string }{
			{"/api/v1/patients?search=Si%00ti", "search"},
			{"/api/v1/patients?search=%FF%FE", "search"},
			{"/api/v1/patients?tag=a%00", "tag"},
			{"/api/v1/patients?tag=%C3", "tag"},
			{"/api/v1/patients/export?search=%00", "search"},
			{"/api/v1/templates?search=%FF", "search"},
			{"/api/v1/messages?search=a%00b", "search"},
			{"/api/v1/users?search=%00", "search"},
			{"/api/v1/audit-events?action=%FF", "action"},
			{"/api/v1/appointments?status=%00", "status"},
		}
		for _, q := range queries {
			t.Run(q.path, func(t *testing.T) {
				a := a.as(t)
				r := a.do("GET", q.path, nil, a.admin)
				a.ok(r, 400)
				if got := r.fieldErrors(); !slices.Contains(got, q.field) {
					t.Errorf("fields %v, want %s", got, q.field)
				}
			})
		}
		// Nothing was written: one patient, its name and notes unchanged.
		var list PatientList
		a.do("GET", "/api/v1/patients", nil, a.admin).decode(&list)
		if list.Total != 1 || list.Data[0].Name != "Siti" || list.Data[0].Notes != nil || len(list.Data[0].Tags) != 0 {
			t.Errorf("patients after refused writes: %+v", list)
		}
		// CSV cells follow the same rule: the row is refused naming the column.
		r := a.upload("/api/v1/patients/import?dry_run=true", a.admin, "name,phone,notes\nBu\x00di,0812-2222-0001,\nCitra,0812-2222-0002,a\x00b\n")
		a.ok(r, 200)
		var res ImportResult
		r.decode(&res)
		var got []string
		for _, e := range res.Errors {
			got = append(got, strings.Join([]string{itoa(e.Row), e.Field}, ":"))
		}
		if !slices.Equal(got, []string{"2:name", "3:notes"}) {
			t.Errorf("import errors %v (%+v)", got, res.Errors)
		}
		r = a.upload("/api/v1/patients/import?dry_run=false", a.admin, "name,phone\nBu\x00di,0812-2222-0001\n")
		a.ok(r, 422)
		if got := r.fieldErrors(); !slices.Equal(got, []string{"rows[2].name"}) {
			t.Errorf("commit fields %v", got)
		}
		if n := a.patientCount(a.admin); n != 1 {
			t.Errorf("%d patients after a refused import", n)
		}
	})
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}
