package api

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func init() {
	// Let the spec validation read CSV downloads as plain strings.
	openapi3filter.RegisterBodyDecoder("text/csv", openapi3filter.FileBodyDecoder)
}

// createPatientAs posts a patient and returns it.
func (a *testApp) createPatientAs(token string, body map[string]any) Patient {
	a.t.Helper()
	r := a.do("POST", "/api/v1/patients", body, token)
	a.ok(r, 201)
	var p Patient
	r.decode(&p)
	return p
}

// multipartCSV is a multipart body holding csvText in the field "file", and its content type.
func multipartCSV(t *testing.T, csvText string) ([]byte, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", "patients.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write([]byte(csvText))
	_ = mw.Close()
	return body.Bytes(), mw.FormDataContentType()
}

// upload posts a CSV file as the multipart field "file".
func (a *testApp) upload(path, token, csvText string, headers ...string) *response {
	a.t.Helper()
	body, ct := multipartCSV(a.t, csvText)
	return a.postRaw(path, token, body, ct, headers...)
}

func (a *testApp) postRaw(path, token string, body []byte, contentType string, headers ...string) *response {
	a.t.Helper()
	req := httptest.NewRequest("POST", path, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+token)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return a.send(req)
}

func (a *testApp) patientCount(tenantOf string) int64 {
	a.t.Helper()
	var list PatientList
	r := a.do("GET", "/api/v1/patients?per_page=1", nil, tenantOf)
	a.ok(r, 200)
	r.decode(&list)
	return list.Total
}

func TestPatientLifecycle(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		r := a.do("POST", "/api/v1/patients", map[string]any{
			"name": "Siti Rahmawati", "phone": "0812-3456-7890", "email": "siti@example.org", "birth_date": "1971-04-12",
			"gender": "female", "diagnosis": "Kanker payudara", "cancer_stage": "II", "tags": []string{"tamoxifen", " breast ", "tamoxifen"},
			"attributes": map[string]any{"mrn": "A-17", "bpjs": true}, "external_id": "RM-1", "consent": "granted",
			"preferred_channel": "whatsapp", "quiet_hours": map[string]any{"start": "21:00", "end": "07:00"},
			"assigned_volunteer_id": a.volunteerID,
		}, a.admin)
		a.ok(r, 201)
		var raw map[string]any
		r.decode(&raw)
		want := map[string]any{"name": "Siti Rahmawati", "phone": "+6281234567890", "language": "id", "timezone": "Asia/Jakarta",
			"consent": "granted", "consent_source": "staff", "notes": nil, "photo_url": nil, "last_visit_date": nil,
			"version": float64(1), "is_active": true, "birth_date": "1971-04-12", "diagnosis": "Kanker payudara"}
		for k, v := range want {
			if fmt.Sprint(raw[k]) != fmt.Sprint(v) {
				t.Errorf("%s: got %v, want %v", k, raw[k], v)
			}
			if _, ok := raw[k]; !ok {
				t.Errorf("%s missing from the response", k)
			}
		}
		if fmt.Sprint(raw["tags"]) != "[tamoxifen breast]" || raw["consent_at"] == nil {
			t.Errorf("tags %v consent_at %v", raw["tags"], raw["consent_at"])
		}
		id := raw["id"].(string)
		path := "/api/v1/patients/" + id

		var p Patient
		r = a.do("GET", path, nil, a.admin)
		a.ok(r, 200)
		r.decode(&p)
		if p.QuietHours == nil || p.QuietHours.Start != "21:00" || string(p.Attributes) == "{}" || *p.CancerStage != "II" {
			t.Fatalf("read back: %+v", p)
		}

		// PATCH: change, clear with null, leave the rest.
		r = a.do("PATCH", path, `{"name":"Siti R.","email":null,"quiet_hours":null,"tags":null,"version":1}`, a.admin)
		a.ok(r, 200)
		r.decode(&p)
		if p.Version != 2 || p.Name != "Siti R." || p.Email != nil || p.QuietHours != nil || len(p.Tags) != 0 || *p.Diagnosis != "Kanker payudara" {
			t.Fatalf("after patch: %+v", p)
		}
		// Stale version in the body or in If-Match: 409.
		r = a.do("PATCH", path, map[string]any{"name": "X", "version": 1}, a.admin)
		a.ok(r, 409)
		if r.problem().Code != CodeConflict {
			t.Fatal("stale version is a conflict")
		}
		a.ok(a.do("PATCH", path, map[string]any{"name": "X"}, a.admin, "If-Match", `"1"`), 409)
		a.ok(a.do("PATCH", path, map[string]any{"name": "Siti"}, a.admin, "If-Match", `W/"2"`), 200)

		// Duplicate external_id: 409.
		r = a.do("POST", "/api/v1/patients", map[string]any{"name": "B", "phone": "0813-0000-1111", "external_id": "RM-1"}, a.admin)
		a.ok(r, 409)
		if !strings.Contains(r.problem().Detail, "external_id") {
			t.Errorf("conflict detail: %s", r.body)
		}

		// Timeline, newest first: updated twice, created.
		var tl TimelineList
		r = a.do("GET", path+"/timeline", nil, a.admin)
		a.ok(r, 200)
		r.decode(&tl)
		if len(tl.Data) != 3 || tl.Data[2].Kind != "patient.created" || tl.Data[1].Kind != "patient.updated" ||
			tl.Data[1].ActorID == nil || *tl.Data[1].ActorID != a.adminID || !strings.Contains(tl.Data[1].Summary, "email") ||
			!slices.Contains(tl.Data[1].Changes, "email") || len(tl.Data[2].Changes) != 0 || tl.NextCursor != nil {
			t.Fatalf("timeline: %+v", tl.Data)
		}

		// Delete: 204, then gone everywhere.
		a.ok(a.do("DELETE", path, nil, a.admin), 204)
		a.ok(a.do("GET", path, nil, a.admin), 404)
		a.ok(a.do("DELETE", path, nil, a.admin), 404)
		if n := a.patientCount(a.admin); n != 0 {
			t.Fatalf("deleted patient still listed: %d", n)
		}

		// The audit log holds the reads and changes, with field names only.
		var events AuditEventList
		a.do("GET", "/api/v1/audit-events?resource_type=patient&resource_id="+id+"&per_page=100", nil, a.admin).decode(&events)
		seen := map[string]bool{}
		for _, e := range events.Data {
			seen[e.Action] = true
			for _, c := range e.Changes {
				if strings.Contains(c, "Siti") || strings.Contains(c, "6281") {
					t.Errorf("audit event holds a value: %+v", e)
				}
			}
		}
		for _, want := range []string{"patient.create", "patient.read", "patient.update", "patient.delete"} {
			if !seen[want] {
				t.Errorf("audit lacks %s", want)
			}
		}
	})
}

func TestPatientEndpointsRejectBadInputAndWrongRoles(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		adminsPatient := a.createPatientAs(a.admin, map[string]any{"name": "Unassigned", "phone": "0812-1111-0001"})
		volsPatient := a.createPatientAs(a.volunteer, map[string]any{"name": "Volunteer's", "phone": "0812-1111-0002"})
		otherTenants := a.createPatientAs(a.otherAdmin, map[string]any{"name": "Other clinic", "phone": "0812-1111-0003"})
		own := "/api/v1/patients/" + adminsPatient.ID
		cases := []struct {
			name, method, path string
			body               any
			token              string
			code               int
			fields             []string
		}{
			{"missing fields", "POST", "/api/v1/patients", `{}`, a.admin, 400, []string{"name", "phone"}},
			{"invalid phone", "POST", "/api/v1/patients", map[string]any{"name": "A", "phone": "12345"}, a.admin, 400, []string{"phone"}},
			{"all invalid fields listed", "POST", "/api/v1/patients", map[string]any{"name": "A", "phone": "0812-1111-0009",
				"email": "x", "gender": "x", "language": "fr", "birth_date": "31-01-1970", "quiet_hours": map[string]any{"start": "9pm", "end": "07:00"}},
				a.admin, 400, []string{"email", "birth_date", "gender", "language", "quiet_hours.start"}},
			{"wrong type", "POST", "/api/v1/patients", `{"name":"A","phone":"0812-1111-0009","tags":"kemo"}`, a.admin, 400, []string{"tags"}},
			{"wrong type number", "POST", "/api/v1/patients", `{"name":5,"phone":"0812-1111-0009"}`, a.admin, 400, []string{"name"}},
			{"attributes not an object", "POST", "/api/v1/patients", `{"name":"A","phone":"0812-1111-0009","attributes":[1]}`, a.admin, 400, []string{"attributes"}},
			{"unknown fields", "POST", "/api/v1/patients", `{"name":"A","phone":"0812-1111-0009","colour":"red","id":"x"}`, a.admin, 400, []string{"colour", "id"}},
			{"not json", "POST", "/api/v1/patients", `name=A`, a.admin, 400, []string{"body"}},
			{"no body", "POST", "/api/v1/patients", nil, a.admin, 415, nil},
			{"oversize", "POST", "/api/v1/patients", `{"name":"A","phone":"0812","notes":"` + strings.Repeat("a", 2<<20) + `"}`, a.admin, 413, nil},
			{"patch null name", "PATCH", own, `{"name":null}`, a.admin, 400, []string{"name"}},
			{"patch wrong type", "PATCH", own, `{"is_active":"yes"}`, a.admin, 400, []string{"is_active"}},
			{"patch unknown field", "PATCH", own, `{"created_at":"2020-01-01T00:00:00Z"}`, a.admin, 400, []string{"created_at"}},
			{"bad If-Match", "PATCH", own, `{"name":"B"}`, a.admin, 400, []string{"If-Match"}},
			{"bad list filters", "GET", "/api/v1/patients?sort=phone&consent=maybe&is_active=perhaps", nil, a.admin, 400, []string{"is_active"}},
			{"bad sort", "GET", "/api/v1/patients?sort=phone&consent=maybe", nil, a.admin, 400, []string{"consent", "sort"}},
			{"bad paging", "GET", "/api/v1/patients?page=0&per_page=500", nil, a.admin, 400, []string{"page", "per_page"}},
			{"bad export filter", "GET", "/api/v1/patients/export?consent=maybe", nil, a.admin, 400, []string{"consent"}},
			{"other tenant get", "GET", "/api/v1/patients/" + otherTenants.ID, nil, a.admin, 404, nil},
			{"other tenant patch", "PATCH", "/api/v1/patients/" + otherTenants.ID, map[string]any{"name": "x"}, a.admin, 404, nil},
			{"other tenant delete", "DELETE", "/api/v1/patients/" + otherTenants.ID, nil, a.admin, 404, nil},
			{"other tenant timeline", "GET", "/api/v1/patients/" + otherTenants.ID + "/timeline", nil, a.admin, 404, nil},
			{"malformed id", "GET", "/api/v1/patients/123", nil, a.admin, 404, nil},
			{"volunteer reads unassigned", "GET", own, nil, a.volunteer, 404, nil},
			{"volunteer patches unassigned", "PATCH", own, map[string]any{"name": "x"}, a.volunteer, 404, nil},
			{"volunteer deletes unassigned", "DELETE", own, nil, a.volunteer, 404, nil},
			{"volunteer deletes own", "DELETE", "/api/v1/patients/" + volsPatient.ID, nil, a.volunteer, 403, nil},
			{"volunteer reassigns own", "PATCH", "/api/v1/patients/" + volsPatient.ID, map[string]any{"assigned_volunteer_id": a.adminID}, a.volunteer, 403, nil},
			{"volunteer creates for another", "POST", "/api/v1/patients", map[string]any{"name": "A", "phone": "0812-1111-0009", "assigned_volunteer_id": a.adminID}, a.volunteer, 403, nil},
			{"assign to a developer", "PATCH", own, map[string]any{"assigned_volunteer_id": a.developerID}, a.admin, 400, []string{"assigned_volunteer_id"}},
			{"developer creates", "POST", "/api/v1/patients", map[string]any{"name": "A", "phone": "0812-1111-0009"}, a.developer, 403, nil},
			{"developer patches", "PATCH", own, map[string]any{"name": "x"}, a.developer, 403, nil},
			{"developer deletes", "DELETE", own, nil, a.developer, 403, nil},
			{"pending lists", "GET", "/api/v1/patients", nil, a.pending, 403, nil},
			{"pending creates", "POST", "/api/v1/patients", map[string]any{"name": "A", "phone": "0812-1111-0009"}, a.pending, 403, nil},
			{"no token", "GET", "/api/v1/patients", nil, "", 401, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				var headers []string
				if c.name == "bad If-Match" {
					headers = []string{"If-Match", "latest"}
				}
				r := a.do(c.method, c.path, c.body, c.token, headers...)
				a.ok(r, c.code)
				p := r.problem()
				if len(c.fields) > 0 {
					got := r.fieldErrors()
					for _, f := range c.fields {
						if !slices.Contains(got, f) {
							t.Fatalf("fields %v lack %q (%+v)", got, f, p)
						}
					}
				}
			})
		}
		if p := a.do("GET", "/api/v1/patients", nil, a.pending).problem(); p.Code != CodeApprovalPending {
			t.Errorf("pending user: %+v", p)
		}
		// Reads that are allowed.
		a.ok(a.do("GET", own, nil, a.developer), 200)
		a.ok(a.do("GET", "/api/v1/patients/"+volsPatient.ID, nil, a.volunteer), 200)
		var list PatientList
		a.do("GET", "/api/v1/patients", nil, a.volunteer).decode(&list)
		if list.Total != 1 || list.Data[0].ID != volsPatient.ID || *list.Data[0].AssignedVolunteerID != a.volunteerID {
			t.Errorf("volunteer list: %+v", list)
		}
		// Nothing was written by the rejected requests.
		var p Patient
		a.do("GET", own, nil, a.admin).decode(&p)
		if p.Version != 1 || p.Name != "Unassigned" {
			t.Errorf("rejected requests changed the patient: %+v", p)
		}
		if n := a.patientCount(a.admin); n != 2 {
			t.Errorf("tenant A has %d patients, want 2", n)
		}
	})
}

func TestPatientListFiltersAndPaging(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		for i, name := range []string{"Siti", "Budi", "Dewi", "Agus", "Rina"} {
			body := map[string]any{"name": name, "phone": fmt.Sprintf("0812-3456-00%02d", i), "tags": []string{"group" + fmt.Sprint(i%2)}}
			if i == 0 {
				body["consent"] = "granted"
				body["assigned_volunteer_id"] = a.volunteerID
			}
			if i == 4 {
				body["is_active"] = false
			}
			a.createPatientAs(a.admin, body)
		}
		cases := []struct {
			query string
			want  []string
			total int64
		}{
			{"sort=name", []string{"Agus", "Budi", "Dewi", "Rina", "Siti"}, 5},
			{"sort=-name&per_page=2", []string{"Siti", "Rina"}, 5},
			{"sort=name&per_page=2&page=3", []string{"Siti"}, 5},
			{"search=dew", []string{"Dewi"}, 1},
			{"search=0812-3456-0003", []string{"Agus"}, 1},
			{"tag=group1&sort=name", []string{"Agus", "Budi"}, 2},
			{"consent=granted", []string{"Siti"}, 1},
			{"assigned_volunteer_id=" + a.volunteerID, []string{"Siti"}, 1},
			{"is_active=false", []string{"Rina"}, 1},
		}
		for _, c := range cases {
			var list PatientList
			r := a.do("GET", "/api/v1/patients?"+c.query, nil, a.admin)
			a.ok(r, 200)
			r.decode(&list)
			var got []string
			for _, p := range list.Data {
				got = append(got, p.Name)
			}
			if !slices.Equal(got, c.want) || list.Total != c.total {
				t.Errorf("?%s: got %v (total %d), want %v (total %d)", c.query, got, list.Total, c.want, c.total)
			}
		}
		var list PatientList
		a.do("GET", "/api/v1/patients", nil, a.admin).decode(&list)
		if list.Page.Page != 1 || list.PerPage != 50 {
			t.Errorf("default paging: %+v", list.Page)
		}
	})
}

func TestPatientCreateIsIdempotent(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		body := map[string]any{"name": "Siti", "phone": "0812-3456-7890"}
		first := a.do("POST", "/api/v1/patients", body, a.admin, "Idempotency-Key", "create-siti-1")
		a.ok(first, 201)
		again := a.do("POST", "/api/v1/patients", body, a.admin, "Idempotency-Key", "create-siti-1")
		a.ok(again, 201)
		if !bytes.Equal(first.body, again.body) || again.hdr.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay differs:\n%s\n%s", first.body, again.body)
		}
		if n := a.patientCount(a.admin); n != 1 {
			t.Fatalf("a replayed create made %d patients", n)
		}
		other := a.do("POST", "/api/v1/patients", map[string]any{"name": "Budi", "phone": "0813-3456-7890"}, a.admin,
			"Idempotency-Key", "create-siti-1")
		a.ok(other, 422)
		// Imports are idempotent too: the same upload again replays the first answer.
		upload, ct := multipartCSV(t, "name,phone\nBudi,0813-3333-4444\n")
		r1 := a.postRaw("/api/v1/patients/import?dry_run=false", a.admin, upload, ct, "Idempotency-Key", "import-1")
		a.ok(r1, 200)
		r2 := a.postRaw("/api/v1/patients/import?dry_run=false", a.admin, upload, ct, "Idempotency-Key", "import-1")
		a.ok(r2, 200)
		if r2.hdr.Get("Idempotent-Replayed") != "true" || !bytes.Equal(r1.body, r2.body) {
			t.Fatalf("import replay: %s", r2.body)
		}
		if n := a.patientCount(a.admin); n != 2 {
			t.Fatalf("after the import: %d patients", n)
		}
	})
}

const importCSV = "name,phone,tags,external_id,consent\n" +
	"Siti Rahmawati,0812-3456-0101,tamoxifen;breast,RM-1,granted\n" +
	"Budi Santoso,0813-2222-0102,,RM-2,\n" +
	"Kim Mi-young,+82 10-2345-0106,,,\n"

func TestPatientImport(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		// Dry run (the default): a preview, nothing written.
		r := a.upload("/api/v1/patients/import", a.admin, importCSV)
		a.ok(r, 200)
		var res ImportResult
		r.decode(&res)
		if !res.DryRun || res.TotalRows != 3 || res.ValidRows != 3 || res.Created != 0 || len(res.Errors) != 0 || len(res.Preview) != 3 {
			t.Fatalf("dry run: %+v", res)
		}
		if pr := res.Preview[0]; pr.Row != 2 || pr.Phone != "+6281234560101" || *pr.ExternalID != "RM-1" ||
			!slices.Equal(pr.Tags, []string{"tamoxifen", "breast"}) || res.Preview[2].Language != "ko" || res.Preview[1].ExternalID == nil {
			t.Errorf("preview: %+v", res.Preview)
		}
		if n := a.patientCount(a.admin); n != 0 {
			t.Fatalf("dry run wrote %d patients", n)
		}

		// A file with bad rows: the dry run lists them; the commit is refused with 422 and writes nothing.
		// (Row 6 shares row 2's phone, which is allowed, but repeats its external_id.)
		bad := importCSV + "No phone,12345,,,\n" + "Dup,0812-3456-0101,,RM-1,\n"
		r = a.upload("/api/v1/patients/import?dry_run=true", a.admin, bad)
		a.ok(r, 200)
		r.decode(&res)
		if res.ValidRows != 3 || len(res.Errors) != 2 || res.Errors[0].Row != 5 || res.Errors[0].Field != "phone" {
			t.Fatalf("dry run with errors: %+v", res)
		}
		r = a.upload("/api/v1/patients/import?dry_run=false", a.admin, bad)
		a.ok(r, 422)
		fields := r.fieldErrors()
		for _, f := range []string{"rows[5].phone", "rows[6].external_id"} {
			if !slices.Contains(fields, f) {
				t.Errorf("422 fields %v lack %s", fields, f)
			}
		}
		if n := a.patientCount(a.admin); n != 0 {
			t.Fatalf("a refused import wrote %d patients", n)
		}

		// Commit.
		r = a.upload("/api/v1/patients/import?dry_run=false", a.admin, importCSV)
		a.ok(r, 200)
		r.decode(&res)
		if res.DryRun || res.Created != 3 {
			t.Fatalf("commit: %+v", res)
		}
		if n := a.patientCount(a.admin); n != 3 {
			t.Fatalf("after commit: %d patients", n)
		}
		var events AuditEventList
		a.do("GET", "/api/v1/audit-events?action=patient.import", nil, a.admin).decode(&events)
		if len(events.Data) != 1 || !slices.Equal(events.Data[0].Changes, []string{"rows:3", "created:3", "updated:0"}) {
			t.Errorf("import audit: %+v", events.Data)
		}

		// A text/csv body works as well as a form.
		r = a.postRaw("/api/v1/patients/import", a.admin, []byte("name,phone\nAgus,0821-4444-0104\n"), "text/csv")
		a.ok(r, 200)

		// A file bigger than the 1 MiB JSON limit is fine; one over 10 MiB is not.
		var big strings.Builder
		big.WriteString("name,phone,notes\n")
		for i := 0; big.Len() < 2<<20; i++ {
			fmt.Fprintf(&big, "P%d,0812%08d,%s\n", i, 30000000+i, strings.Repeat("n", 5000))
		}
		r = a.upload("/api/v1/patients/import", a.admin, big.String())
		a.ok(r, 200)
		huge := strings.Repeat("x", 11<<20)
		r = a.upload("/api/v1/patients/import", a.admin, huge)
		a.ok(r, 413)
		if r.problem().Code != CodeTooLarge {
			t.Errorf("oversize upload: %s", r.body)
		}
	})
}

func TestPatientImportRejectsBadFilesAndRoles(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		cases := []struct {
			name, token, file string
			code              int
			detail            string
		}{
			{"unknown columns", a.admin, "name,phone,shoe_size\nA,0812-3456-0101,42\n", 400, "shoe_size"},
			{"no phone column", a.admin, "name\nA\n", 400, "phone"},
			{"empty file", a.admin, "", 400, "empty"},
			{"developer", a.developer, importCSV, 403, ""},
			{"pending", a.pending, importCSV, 403, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				r := a.upload("/api/v1/patients/import?dry_run=false", c.token, c.file)
				a.ok(r, c.code)
				p := r.problem()
				if c.detail != "" && (len(p.Errors) == 0 || p.Errors[0].Field != "file" || !strings.Contains(p.Errors[0].Message, c.detail)) {
					t.Fatalf("problem %+v", p)
				}
			})
		}
		// No file field, wrong media type, bad dry_run.
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("other", "x")
		_ = mw.Close()
		r := a.postRaw("/api/v1/patients/import", a.admin, body.Bytes(), mw.FormDataContentType())
		a.ok(r, 400)
		if f := r.fieldErrors(); !slices.Equal(f, []string{"file"}) {
			t.Errorf("missing file: %v", f)
		}
		a.ok(a.do("POST", "/api/v1/patients/import", `{"name":"A"}`, a.admin), 415)
		r = a.upload("/api/v1/patients/import?dry_run=maybe", a.admin, importCSV)
		a.ok(r, 400)
		if n := a.patientCount(a.admin); n != 0 {
			t.Fatalf("rejected imports wrote %d patients", n)
		}
	})
}

func TestPatientExport(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		siti := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-0101", "diagnosis": "Kanker payudara",
			"notes": "=cmd|' /C calc'!A0", "tags": []string{"breast"}, "assigned_volunteer_id": a.volunteerID})
		a.createPatientAs(a.admin, map[string]any{"name": "Budi", "phone": "0813-2222-0102", "tags": []string{"chemo"}})
		a.createPatientAs(a.otherAdmin, map[string]any{"name": "Elsewhere", "phone": "0813-2222-0103"})

		r := a.do("GET", "/api/v1/patients/export", nil, a.admin)
		a.ok(r, 200)
		if ct := r.hdr.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Fatalf("content type %q", ct)
		}
		if cd := r.hdr.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".csv") {
			t.Errorf("content disposition %q", cd)
		}
		if !bytes.HasPrefix(r.body, []byte("\ufeff")) {
			t.Error("export starts with a UTF-8 byte-order mark for spreadsheets")
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.body, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(recs[0], ",") != "id,name,phone,email,birth_date,gender,language,timezone,diagnosis,cancer_stage,notes,tags,external_id,consent,preferred_channel,last_visit_date,last_surgery_date,created_at" {
			t.Fatalf("header %v", recs[0])
		}
		if len(recs) != 3 {
			t.Fatalf("%d rows, want 2 (own tenant only)", len(recs)-1)
		}
		row := recs[1]
		if row[0] != siti.ID || row[2] != "'+6281234560101" || row[8] != "Kanker payudara" || row[10] != "'=cmd|' /C calc'!A0" || row[11] != "breast" {
			t.Errorf("row %q", row)
		}
		// Filters apply; volunteers get their own patients; developers may export.
		r = a.do("GET", "/api/v1/patients/export?tag=chemo", nil, a.admin)
		a.ok(r, 200)
		if n := strings.Count(strings.TrimSpace(string(r.body)), "\n"); n != 1 || !strings.Contains(string(r.body), "Budi") {
			t.Errorf("filtered export:\n%s", r.body)
		}
		r = a.do("GET", "/api/v1/patients/export", nil, a.volunteer)
		a.ok(r, 200)
		if strings.Contains(string(r.body), "Budi") || !strings.Contains(string(r.body), "Siti") {
			t.Errorf("volunteer export:\n%s", r.body)
		}
		a.ok(a.do("GET", "/api/v1/patients/export", nil, a.developer), 200)
		a.ok(a.do("GET", "/api/v1/patients/export", nil, a.pending), 403)

		var events AuditEventList
		a.do("GET", "/api/v1/audit-events?action=patient.export", nil, a.admin).decode(&events)
		if len(events.Data) != 4 {
			t.Errorf("export audit events: %d, want 4", len(events.Data))
		}
		// Export → import round trip: the quote on +62… is removed again.
		r = a.do("GET", "/api/v1/patients/export?tag=breast", nil, a.admin)
		var out strings.Builder
		for _, rec := range mustCSV(t, r.body) {
			out.WriteString(strings.Join([]string{rec[1], rec[2]}, ",") + "\n")
		}
		r = a.upload("/api/v1/patients/import", a.otherAdmin, out.String())
		a.ok(r, 200)
		var res ImportResult
		r.decode(&res)
		if res.ValidRows != 1 || res.Preview[0].Phone != "+6281234560101" {
			t.Errorf("re-import of an export: %+v", res)
		}
	})
}

func mustCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// The JSON shape integrators rely on: every documented key present, nulls for unset values.
func TestPatientJSONShape(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		r := a.do("POST", "/api/v1/patients", map[string]any{"name": "Siti", "phone": "+62 812 3456 0101"}, a.admin)
		a.ok(r, 201)
		var raw map[string]json.RawMessage
		r.decode(&raw)
		keys := []string{"id", "name", "phone", "email", "birth_date", "gender", "language", "timezone", "diagnosis",
			"cancer_stage", "notes", "tags", "attributes", "external_id", "assigned_volunteer_id", "consent", "consent_at",
			"consent_source", "preferred_channel", "quiet_hours", "last_visit_date", "last_surgery_date", "photo_url",
			"is_active", "created_at", "updated_at", "version"}
		for _, k := range keys {
			if _, ok := raw[k]; !ok {
				t.Errorf("key %s missing", k)
			}
		}
		for _, k := range []string{"email", "gender", "diagnosis", "external_id", "consent_at", "quiet_hours", "photo_url"} {
			if string(raw[k]) != "null" {
				t.Errorf("%s = %s, want null", k, raw[k])
			}
		}
		if string(raw["tags"]) != "[]" || string(raw["attributes"]) != "{}" {
			t.Errorf("tags %s attributes %s", raw["tags"], raw["attributes"])
		}
	})
}
