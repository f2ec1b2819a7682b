package patient_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/testutil"
)

const goodCSV = "\ufeffName,Phone,email,birth_date,gender,language,timezone,diagnosis,cancer_stage,notes,tags,External ID,consent,preferred_channel,last_visit_date,last_surgery_date\n" +
	"Siti Rahma,0812-3456-7890,siti@example.org,1970-01-31,Female,ID,Asia/Jakarta,Ca mammae,IIA,note one,kemo; bpjs ;kemo,EMR-1,granted,whatsapp,2026-11-01,2026-10-15\n" +
	"\"Budi, Jr.\",+62 813 3333 4444,,,,,,,,,,EMR-2,,,,\n" +
	",,,,,,,,,,,,,,,\n" +
	"김민준,+82 10 1234 5678,,,male,,,,,,,,,,,\n"

func TestImportPreviewThenCommit(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		res, err := e.svc.Import(ctx, e.admin, strings.NewReader(goodCSV), true)
		if err != nil {
			t.Fatal(err)
		}
		if !res.DryRun || res.TotalRows != 3 || res.ValidRows != 3 || res.Created != 0 || len(res.Errors) != 0 || len(res.Preview) != 3 {
			t.Fatalf("dry run: %+v", res)
		}
		p0 := res.Preview[0]
		if p0.Row != 2 || p0.Name != "Siti Rahma" || p0.Phone != "+6281234567890" || *p0.ExternalID != "EMR-1" ||
			p0.Language != "id" || !slices.Equal(p0.Tags, []string{"kemo", "bpjs"}) || !p0.Valid {
			t.Errorf("preview row: %+v", p0)
		}
		// The blank row 4 is skipped, and numbering follows the file.
		if res.Preview[1].Row != 3 || res.Preview[1].Name != "Budi, Jr." || res.Preview[2].Row != 5 || res.Preview[2].Language != "ko" {
			t.Errorf("preview rows: %+v", res.Preview)
		}
		if n := e.countPatients(t, e.tenantA); n != 0 {
			t.Fatalf("dry run wrote %d patients", n)
		}

		res, err = e.svc.Import(ctx, e.admin, strings.NewReader(goodCSV), false)
		if err != nil {
			t.Fatal(err)
		}
		if res.DryRun || res.Created != 3 || res.ValidRows != 3 {
			t.Fatalf("commit: %+v", res)
		}
		list, total, err := e.svc.List(ctx, e.admin, patient.Filter{Search: "Siti"})
		if err != nil || total != 1 {
			t.Fatalf("imported patient not listed: %d, %v", total, err)
		}
		s := list[0]
		if s.Diagnosis != "Ca mammae" || *s.Gender != "female" || s.Consent != "granted" || *s.ConsentSource != "import" ||
			s.BirthDate != "1970-01-31" || s.LastSurgeryDate != "2026-10-15" || *s.PreferredChannel != "whatsapp" {
			t.Errorf("imported patient: %+v", s)
		}
		var imports []audit.Event
		for _, ev := range e.events(t, e.tenantA) {
			if ev.Action == audit.ActionPatientImport {
				imports = append(imports, ev)
			}
		}
		if len(imports) != 1 || imports[0].ResourceID != "" || !slices.Equal(imports[0].ChangeList(), []string{"rows:3", "created:3", "updated:0"}) {
			t.Errorf("import audit events: %+v", imports)
		}
		// Importing the same file again matches every row (by external_id, or phone and name) and changes nothing.
		res, err = e.svc.Import(ctx, e.admin, strings.NewReader(goodCSV), true)
		if err != nil {
			t.Fatal(err)
		}
		if res.ValidRows != 3 || len(res.Errors) != 0 || res.Actions != (patient.ImportActions{Skip: 3}) ||
			res.Preview[0].MatchedBy != patient.MatchByExternalID || res.Preview[2].MatchedBy != patient.MatchByPhone {
			t.Errorf("re-import: %+v", res)
		}
	})
}

func TestImportRowErrors(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		e.create(t, e.admin, patient.Input{Name: "Existing", Phone: "081200000000", ExternalID: ptr("EMR-OLD")})
		file := "name,phone,birth_date,external_id,tags,consent\n" +
			"Ok,081234567890,,EMR-1,,\n" + // 2
			",12345,2999-01-01,,,maybe\n" + // 3: name, phone, birth_date, consent
			"Shared phone,0812 3456 7890,,,,\n" + // 4: shares row 2's phone: allowed
			"Dup ext,081234567891,,EMR-1,,\n" + // 5: external_id repeats row 2
			"Ok,081234567890,,,,\n" + // 6: the same name and phone as row 2
			"Existing,081200000000,,,,\n" + // 7: matches the existing patient by phone and name (no change)
			"Many,081234567893,,,\"" + strings.Repeat("t;", 25) + "\",\n" + // 8: 25 times the same tag, kept once
			"Existing again,081299999999,,EMR-OLD,,\n" // 9: the existing patient again (by external_id)
		res, err := e.svc.Import(ctx, e.admin, strings.NewReader(file), true)
		if err != nil {
			t.Fatal(err)
		}
		type key struct {
			row   int
			field string
		}
		var got []key
		for _, er := range res.Errors {
			got = append(got, key{er.Row, er.Field})
		}
		want := []key{{3, "name"}, {3, "phone"}, {3, "birth_date"}, {3, "consent"}, {5, "external_id"}, {6, "phone"}, {9, "external_id"}}
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("missing error %+v (got %+v)", w, got)
			}
		}
		if len(got) != len(want) {
			t.Errorf("errors %+v, want %+v", got, want)
		}
		if res.TotalRows != 8 || res.ValidRows != 4 || res.Actions != (patient.ImportActions{Create: 3, Skip: 1}) {
			t.Errorf("total %d valid %d", res.TotalRows, res.ValidRows)
		}
		// Committing a file with errors is refused as a whole, naming rows[n].field.
		res, err = e.svc.Import(ctx, e.admin, strings.NewReader(file), false)
		wantFields(t, err, "rows[3].name", "rows[3].phone", "rows[5].external_id", "rows[6].phone", "rows[9].external_id")
		if res.Created != 0 {
			t.Errorf("created %d", res.Created)
		}
		if n := e.countPatients(t, e.tenantA); n != 1 {
			t.Errorf("a rejected import wrote patients: %d in the table", n)
		}
		for _, ev := range e.events(t, e.tenantA) {
			if ev.Action == audit.ActionPatientImport {
				t.Error("a rejected import was audited as done")
			}
		}
	})
}

func TestImportFileErrors(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		var big strings.Builder
		big.WriteString("name,phone\n")
		for i := range patient.MaxImportRows + 1 {
			fmt.Fprintf(&big, "P%d,0812%08d\n", i, i)
		}
		cases := []struct{ name, file, want string }{
			{"unknown columns", "name,phone,shoe_size,Hobby\nA,081234567890,42,x\n", "shoe_size, Hobby"},
			{"missing phone", "name,email\nA,a@example.org\n", "phone"},
			{"missing name", "phone\n081234567890\n", "name"},
			{"duplicate column", "name,phone,name\nA,081234567890,B\n", "more than once"},
			{"empty", "", "empty"},
			{"header only", "name,phone\n", "no patient rows"},
			{"not utf-8", "name,phone\n\xff\xfe,081234567890\n", "UTF-8"},
			{"broken quotes", "name,phone\n\"A,081234567890\nB\"x,1\n", "not valid CSV"},
			{"too many rows", big.String(), "more than 5000"},
		}
		for _, c := range cases {
			for _, dry := range []bool{true, false} {
				_, err := e.svc.Import(ctx, e.admin, strings.NewReader(c.file), dry)
				var ve *errs.ValidationError
				if !errors.As(err, &ve) || ve.Fields[0].Field != "file" || !strings.Contains(ve.Fields[0].Message, c.want) {
					t.Errorf("%s (dry run %v): got %v, want a file error containing %q", c.name, dry, err, c.want)
				}
			}
		}
		if n := e.countPatients(t, e.tenantA); n != 0 {
			t.Errorf("file errors wrote %d patients", n)
		}
	})
}

func TestImportFormats(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		// Semicolon-separated (spreadsheets in Indonesian locale), CRLF line ends, a row
		// with a trailing empty cell, a volunteer importing.
		file := "name;phone;tags\r\nSiti;0812-3456-7890;\"kemo;bpjs\"\r\nBudi;0813 3333 4444;;\r\n"
		res, err := e.svc.Import(ctx, e.vol1, strings.NewReader(file), false)
		if err != nil {
			t.Fatalf("%v (%+v)", err, res.Errors)
		}
		if res.Created != 2 {
			t.Fatalf("created %d", res.Created)
		}
		list, _, err := e.svc.List(ctx, e.vol1, patient.Filter{Sort: "name"})
		if err != nil || len(list) != 2 || !slices.Equal([]string(list[1].Tags), []string{"kemo", "bpjs"}) {
			t.Fatalf("volunteer sees imported patients: %+v, %v", list, err)
		}
		if *list[0].AssignedVolunteerID != e.vol1.UserID {
			t.Errorf("a volunteer's import is assigned to them")
		}
		// More cells than the header is a row error.
		res, err = e.svc.Import(ctx, e.admin, strings.NewReader("name,phone\nA,081234567899,extra\n"), true)
		if err != nil || len(res.Errors) != 1 || res.Errors[0].Row != 2 || res.Errors[0].Field != "" {
			t.Errorf("extra cells: %+v, %v", res, err)
		}
	})
}

func TestExportImportRoundTrip(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		e.create(t, e.admin, fullInput(e))
		var buf strings.Builder
		if err := e.svc.Export(ctx, e.admin, patient.Filter{}, &buf); err != nil {
			t.Fatal(err)
		}
		// Drop id and created_at, then import into the Korean tenant.
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		var out []string
		for _, l := range lines {
			cells := strings.Split(l, ",")
			out = append(out, strings.Join(cells[1:len(cells)-1], ","))
		}
		res, err := e.svc.Import(ctx, e.adminB, strings.NewReader(strings.Join(out, "\n")), false)
		if err != nil {
			t.Fatalf("%v %+v", err, res.Errors)
		}
		list, _, _ := e.svc.List(ctx, e.adminB, patient.Filter{})
		if len(list) != 1 || list[0].Phone != "+6281234567890" || list[0].Diagnosis != "Breast cancer" {
			t.Errorf("round trip: %+v", list)
		}
	})
}

func TestParseCSVRowLimitIsExact(t *testing.T) {
	// A parser limit: one dialect is enough.
	func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		var b strings.Builder
		b.WriteString("name,phone\n")
		for i := range patient.MaxImportRows {
			fmt.Fprintf(&b, "P%d,0812%08d\n", i, 10000000+i)
		}
		res, err := e.svc.Import(context.Background(), e.admin, strings.NewReader(b.String()), false)
		if err != nil || res.Created != patient.MaxImportRows {
			t.Fatalf("5000 rows: created %d, %v", res.Created, err)
		}
	}(t, testutil.NewDB(t, db.SQLite))
}
