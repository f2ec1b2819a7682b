package patient_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func TestExport(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		p := e.create(t, e.admin, fullInput(e))
		e.create(t, e.admin, patient.Input{Name: "=HYPERLINK(\"http://evil\")", Phone: "081234567891", Notes: ptr("@SUM(A1)"),
			Diagnosis: ptr("-2+3"), Tags: []string{"kemo"}})
		e.create(t, e.admin, patient.Input{Name: "Other", Phone: "081234567892", Tags: []string{"lain"}})
		e.create(t, e.adminB, patient.Input{Name: "Korean", Phone: "010-1234-5678"})

		var buf strings.Builder
		if err := e.svc.Export(ctx, e.admin, patient.Filter{Tag: "kemo"}, &buf); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(recs[0], patient.ExportColumns) {
			t.Fatalf("header %v", recs[0])
		}
		if len(recs) != 3 {
			t.Fatalf("want 2 rows for tag kemo, got %d", len(recs)-1)
		}
		row := map[string]string{}
		for i, c := range recs[0] {
			row[c] = recs[1][i]
		}
		want := map[string]string{
			"id": p.ID, "name": "Siti Rahma", "phone": "'+6281234567890", "email": "siti@example.org", "birth_date": "1970-01-31",
			"gender": "female", "language": "id", "timezone": "Asia/Makassar", "diagnosis": "Breast cancer", "cancer_stage": "IIA",
			"notes": "Prefers afternoon calls", "tags": "kemo;tamoxifen", "external_id": "EMR-1", "consent": "granted",
			"preferred_channel": "whatsapp", "last_visit_date": "2026-11-01", "last_surgery_date": "2026-10-15",
			"created_at": "2026-11-22T03:00:00Z",
		}
		for k, v := range want {
			if row[k] != v {
				t.Errorf("column %s: got %q, want %q", k, row[k], v)
			}
		}
		evil := recs[2]
		if evil[1] != "'=HYPERLINK(\"http://evil\")" || evil[8] != "'-2+3" || evil[10] != "'@SUM(A1)" {
			t.Errorf("formulas not neutralised: %q", evil)
		}
		// Volunteers export only their own patients.
		buf.Reset()
		if err := e.svc.Export(ctx, e.vol1, patient.Filter{}, &buf); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(strings.TrimSpace(buf.String()), "\n"); n != 1 || !strings.Contains(buf.String(), p.ID) {
			t.Errorf("volunteer export has %d rows:\n%s", n, buf.String())
		}
		var exports []audit.Event
		for _, ev := range e.events(t, e.tenantA) {
			if ev.Action == audit.ActionPatientExport {
				exports = append(exports, ev)
			}
		}
		if len(exports) != 2 || !slices.Equal(exports[0].ChangeList(), []string{"rows:2"}) || *exports[1].ActorUserID != e.vol1.UserID {
			t.Errorf("export audit events: %+v", exports)
		}
	})
}

// Export reads in batches: more rows than one batch all arrive, once each.
func TestExportManyRows(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		var b strings.Builder
		b.WriteString("name,phone\n")
		for i := range 1234 {
			fmt.Fprintf(&b, "P,0812%08d\n", 10000000+i)
		}
		b.WriteString("Q,081299999999\n")
		if _, err := e.svc.Import(context.Background(), e.admin, strings.NewReader(b.String()), false); err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		if err := e.svc.Export(context.Background(), e.admin, patient.Filter{}, &out); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, r := range recs[1:] {
			seen[r[0]] = true
		}
		if len(recs)-1 != 1235 || len(seen) != 1235 {
			t.Errorf("exported %d rows, %d distinct", len(recs)-1, len(seen))
		}
	})
}
