package api

import (
	"slices"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// TestSharedPhoneIsAcceptedWithAWarning: families share phones, so a phone
// another active patient of the tenant has is accepted, and the create or
// update response warns (code duplicate_phone) naming the patients the caller
// may see. Inactive and deleted patients do not count.
func TestSharedPhoneIsAcceptedWithAWarning(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		mother := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-7890"})
		if mother.Warnings != nil {
			t.Fatalf("first patient with the phone: warnings %+v", mother.Warnings)
		}
		child := a.createPatientAs(a.admin, map[string]any{"name": "Ani", "phone": "+62 812 3456 7890"})
		if len(child.Warnings) != 1 {
			t.Fatalf("shared phone: warnings %+v", child.Warnings)
		}
		w := child.Warnings[0]
		if w.Field != "phone" || w.Code != "duplicate_phone" || !slices.Equal(w.PatientIDs, []string{mother.ID}) ||
			!strings.Contains(w.Message, "1 other patient") {
			t.Errorf("warning %+v", w)
		}
		// A change of phone to a shared one warns; a change of something else does not.
		other := a.createPatientAs(a.admin, map[string]any{"name": "Budi", "phone": "0813-1111-2222"})
		var got Patient
		r := a.do("PATCH", "/api/v1/patients/"+other.ID, map[string]any{"phone": "081234567890"}, a.admin)
		a.ok(r, 200)
		r.decode(&got)
		if len(got.Warnings) != 1 || !slices.Equal(got.Warnings[0].PatientIDs, []string{mother.ID, child.ID}) {
			t.Errorf("patched to a shared phone: %+v", got.Warnings)
		}
		r = a.do("PATCH", "/api/v1/patients/"+other.ID, map[string]any{"notes": "x"}, a.admin)
		a.ok(r, 200)
		got = Patient{}
		r.decode(&got)
		if got.Warnings != nil {
			t.Errorf("unrelated change warned: %+v", got.Warnings)
		}
		// Reads never carry warnings.
		a.do("GET", "/api/v1/patients/"+child.ID, nil, a.admin).decode(&got)
		if got.Warnings != nil {
			t.Errorf("read warned: %+v", got.Warnings)
		}
		// Inactive and deleted patients do not count.
		a.ok(a.do("PATCH", "/api/v1/patients/"+child.ID, map[string]any{"is_active": false}, a.admin), 200)
		a.ok(a.do("DELETE", "/api/v1/patients/"+other.ID, nil, a.admin), 204)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Dewi", "phone": "0812-3456-7890"})
		if len(p.Warnings) != 1 || !slices.Equal(p.Warnings[0].PatientIDs, []string{mother.ID}) {
			t.Errorf("with an inactive and a deleted sharer: %+v", p.Warnings)
		}
		// A volunteer is warned too, but sees only the ids of their own patients.
		v := a.createPatientAs(a.volunteer, map[string]any{"name": "Rina", "phone": "0812-3456-7890"})
		if len(v.Warnings) != 1 || len(v.Warnings[0].PatientIDs) != 0 || !strings.Contains(v.Warnings[0].Message, "2 other patients") {
			t.Errorf("volunteer warning %+v", v.Warnings)
		}
		// Another tenant's patients never count.
		if o := a.createPatientAs(a.otherAdmin, map[string]any{"name": "Siti", "phone": "0812-3456-7890"}); o.Warnings != nil {
			t.Errorf("other tenant warned: %+v", o.Warnings)
		}
	})
}

// TestImportMatchesExistingPatients: a row is matched to an existing patient
// by id, then external_id, then phone together with the name; a matched row
// updates the patient, or skips it when nothing would change; the preview
// says which. Importing the same file twice creates nobody twice.
func TestImportMatchesExistingPatients(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		emr := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahma", "phone": "0812-3456-0101", "external_id": "RM-1"})
		budi := a.createPatientAs(a.admin, map[string]any{"name": "Budi Santoso", "phone": "0813-2222-0102"})
		file := "name,phone,external_id,notes\n" +
			"Siti Rahma,0812-3456-0101,RM-1,\n" + // 2: same as stored → skip
			"budi  santoso,0813 2222 0102,,follow up\n" + // 3: phone + name → update notes
			"Citra,0821-4444-0104,,\n" + // 4: new
			"Ani Santoso,0813-2222-0102,,\n" // 5: shares Budi's phone, another name → new, with a warning
		r := a.upload("/api/v1/patients/import", a.admin, file)
		a.ok(r, 200)
		var res ImportResult
		r.decode(&res)
		if len(res.Errors) != 0 || len(res.Preview) != 4 {
			t.Fatalf("dry run: %+v", res)
		}
		var actions []string
		for _, p := range res.Preview {
			actions = append(actions, p.Action)
		}
		if !slices.Equal(actions, []string{"skip", "update", "create", "create"}) {
			t.Errorf("actions %v", actions)
		}
		if p := res.Preview[0]; p.PatientID == nil || *p.PatientID != emr.ID || p.MatchedBy == nil || *p.MatchedBy != "external_id" {
			t.Errorf("row 2: %+v", p)
		}
		if p := res.Preview[1]; p.PatientID == nil || *p.PatientID != budi.ID || *p.MatchedBy != "phone" ||
			!slices.Equal(p.Changes, []string{"notes"}) {
			t.Errorf("row 3: %+v", p)
		}
		if p := res.Preview[3]; p.PatientID != nil || len(p.Warnings) != 1 || p.Warnings[0].Code != "duplicate_phone" {
			t.Errorf("row 5: %+v", p)
		}
		if res.Actions != (ImportActions{Create: 2, Update: 1, Skip: 1}) || res.Created != 0 || res.Updated != 0 {
			t.Errorf("summary %+v", res)
		}
		r = a.upload("/api/v1/patients/import?dry_run=false", a.admin, file)
		a.ok(r, 200)
		r.decode(&res)
		if res.Created != 2 || res.Updated != 1 || res.Skipped != 1 {
			t.Fatalf("commit: %+v", res)
		}
		var got Patient
		a.do("GET", "/api/v1/patients/"+budi.ID, nil, a.admin).decode(&got)
		if got.Notes == nil || *got.Notes != "follow up" || got.Name != "Budi Santoso" || got.Version != 2 {
			t.Errorf("updated patient: %+v", got)
		}
		if n := a.patientCount(a.admin); n != 4 {
			t.Fatalf("%d patients after the import", n)
		}
		// The same file again: every row matches and nothing changes.
		r = a.upload("/api/v1/patients/import?dry_run=false", a.admin, file)
		a.ok(r, 200)
		r.decode(&res)
		if res.Created != 0 || res.Updated != 0 || res.Skipped != 4 || a.patientCount(a.admin) != 4 {
			t.Errorf("re-import: %+v", res)
		}
		// A file that names one patient twice is refused on the second row.
		twice := "name,phone,external_id\nSiti Rahma,0812-3456-0101,RM-1\nSiti R.,0812-3456-0101,RM-1\n"
		r = a.upload("/api/v1/patients/import", a.admin, twice)
		a.ok(r, 200)
		r.decode(&res)
		if len(res.Errors) != 1 || res.Errors[0].Row != 3 || res.Errors[0].Field != "external_id" {
			t.Errorf("same patient twice: %+v", res.Errors)
		}
		// Matching is per tenant: another tenant's import of the file creates its own patients.
		r = a.upload("/api/v1/patients/import", a.otherAdmin, file)
		a.ok(r, 200)
		r.decode(&res)
		if res.Actions != (ImportActions{Create: 4}) {
			t.Errorf("other tenant: %+v", res.Actions)
		}
	})
}

// TestExportReimportsUnchanged: an export file, with its id and created_at
// columns, quoted phones and tags, imports back as four skipped rows; edited,
// it updates the patients it names by id.
func TestExportReimportsUnchanged(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		siti := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-0101", "tags": []string{"chemo", "breast"},
			"notes": "=1+1", "external_id": "RM-1", "birth_date": "1970-01-31", "consent": "granted"})
		a.createPatientAs(a.admin, map[string]any{"name": "Ani", "phone": "0812-3456-0101"}) // shares Siti's phone
		a.createPatientAs(a.admin, map[string]any{"name": "Kim", "phone": "+82 10-2345-0106", "language": "ko"})
		a.createPatientAs(a.admin, map[string]any{"name": "Budi", "phone": "0813-2222-0102", "diagnosis": "Ca; stage II, left"})
		r := a.do("GET", "/api/v1/patients/export", nil, a.admin)
		a.ok(r, 200)
		export := string(r.body)
		if !strings.Contains(export, "'+6281234560101") {
			t.Fatalf("export without the formula guard:\n%s", export)
		}
		r = a.upload("/api/v1/patients/import", a.admin, export)
		a.ok(r, 200)
		var res ImportResult
		r.decode(&res)
		if len(res.Errors) != 0 || res.Actions != (ImportActions{Skip: 4}) {
			t.Fatalf("re-import of an export: %+v", res)
		}
		// Edit Siti's row in the file: her name, and her tags written with commas.
		recs := mustCSV(t, []byte(export))
		for _, rec := range recs[1:] {
			if rec[0] == siti.ID {
				rec[1], rec[11] = "Siti Rahma", "chemo, breast;follow-up"
			}
		}
		var edited strings.Builder
		for _, rec := range recs {
			for i, c := range rec {
				rec[i] = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			edited.WriteString(strings.Join(rec, ",") + "\n")
		}
		r = a.upload("/api/v1/patients/import?dry_run=false", a.admin, edited.String())
		a.ok(r, 200)
		r.decode(&res)
		if res.Updated != 1 || res.Skipped != 3 || res.Created != 0 {
			t.Fatalf("edited export: %+v", res)
		}
		var got Patient
		a.do("GET", "/api/v1/patients/"+siti.ID, nil, a.admin).decode(&got)
		if got.Name != "Siti Rahma" || !slices.Equal(got.Tags, []string{"chemo", "breast", "follow-up"}) || *got.Notes != "=1+1" {
			t.Errorf("after the edited import: %+v", got)
		}
		// A phone typed with a leading apostrophe (a spreadsheet's text marker) reads as the number.
		r = a.upload("/api/v1/patients/import", a.otherAdmin, "name,phone,tags\nDewi,'0812-7777-0001,\"chemo,breast\"\n")
		a.ok(r, 200)
		r.decode(&res)
		if len(res.Errors) != 0 || res.Preview[0].Phone != "+6281277770001" || !slices.Equal(res.Preview[0].Tags, []string{"chemo", "breast"}) {
			t.Errorf("apostrophe phone, comma tags: %+v", res)
		}
	})
}

// TestImportSampleFollowsTheTenantRegionAndImportsCleanly: the sample CSV
// the import page offers has every import column and phone numbers of the
// tenant's region, and imports without an error.
func TestImportSampleFollowsTheTenantRegionAndImportsCleanly(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		for _, region := range []string{"ID", "KR", "US"} {
			a.ok(a.do("PATCH", "/api/v1/settings", map[string]any{"default_region": region}, a.admin), 200)
			r := a.do("GET", "/api/v1/patients/import/sample", nil, a.admin)
			a.ok(r, 200)
			if ct := r.hdr.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || !strings.Contains(r.hdr.Get("Content-Disposition"), ".csv") {
				t.Fatalf("%s: headers %v", region, r.hdr)
			}
			recs := mustCSV(t, r.body)
			if !slices.Contains(recs[0], "name") || !slices.Contains(recs[0], "tags") || len(recs) < 3 {
				t.Fatalf("%s: sample %q", region, recs)
			}
			up := a.upload("/api/v1/patients/import", a.admin, string(r.body))
			a.ok(up, 200)
			var res ImportResult
			up.decode(&res)
			if len(res.Errors) != 0 || res.ValidRows != len(recs)-1 {
				t.Errorf("%s: sample does not import cleanly: %+v", region, res)
			}
			prefix := map[string]string{"ID": "+62", "KR": "+82", "US": "+1"}[region]
			for _, p := range res.Preview {
				if !strings.HasPrefix(p.Phone, prefix) {
					t.Errorf("%s: sample phone %s", region, p.Phone)
				}
			}
		}
		a.ok(a.do("GET", "/api/v1/patients/import/sample", nil, a.developer), 200)
		a.ok(a.do("GET", "/api/v1/patients/import/sample", nil, ""), 401)
	})
}

// TestInvalidPhoneSaysWhichRegionWasAssumed: a national number is read with
// the tenant's region, and the error says so.
func TestInvalidPhoneSaysWhichRegionWasAssumed(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		msg := func(phone string) string {
			r := a.do("POST", "/api/v1/patients", map[string]any{"name": "X", "phone": phone}, a.admin)
			a.ok(r, 400)
			for _, e := range r.problem().Errors {
				if e.Field == "phone" {
					return e.Message
				}
			}
			t.Fatalf("no phone error: %s", r.body)
			return ""
		}
		if m := msg("010-1234"); !strings.Contains(m, "for region ID") {
			t.Errorf("ID tenant: %q", m)
		}
		a.ok(a.do("PATCH", "/api/v1/settings", map[string]any{"default_region": "KR"}, a.admin), 200)
		if m := msg("0812-34"); !strings.Contains(m, "for region KR") {
			t.Errorf("KR tenant: %q", m)
		}
		if m := msg("+999 1234 5678"); strings.Contains(m, "region") {
			t.Errorf("international number: %q", m)
		}
		r := a.upload("/api/v1/patients/import", a.admin, "name,phone\nX,0812-34\n")
		var res ImportResult
		r.decode(&res)
		if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "for region KR") {
			t.Errorf("import: %+v", res.Errors)
		}
	})
}
