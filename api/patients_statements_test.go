package api

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// reads drops the list's read audit event, which a server writes in batches
// (audit.ReadLog) and the test harness at once.
func reads(stmts []string) []string {
	var out []string
	for _, s := range stmts {
		if !strings.HasPrefix(s, "INSERT INTO audit_events") {
			out = append(out, s)
		}
	}
	return out
}

// A patient-list request, authentication included, runs a bounded number of
// SQL statements whatever the page size: the page with its adherence (one
// statement), plus the count when no total of the last few seconds holds; the caller's tenant and user come from the principal cache.
func TestPatientListRequestStatementCount(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		log := testutil.NewSQLLog()
		a := newTestApp(t, log.Logged(d))
		for i := range 120 {
			a.createPatientAs(a.admin, map[string]any{"name": fmt.Sprintf("P%03d", i), "phone": fmt.Sprintf("0812%08d", 30000000+i),
				"assigned_volunteer_id": a.volunteerID})
		}
		for _, who := range []string{a.admin, a.volunteer} {
			a.ok(a.do("GET", "/api/v1/me", nil, who), 200) // the caller's first request reads the tenant and the user
			for _, per := range []int{1, 50, 100} {
				url := fmt.Sprintf("/api/v1/patients?per_page=%d", per)
				for _, c := range []struct {
					query string
					want  int
				}{{"&count=exact", 2}, {"", 1}, {"&page=2", 1}} {
					log.Take()
					r := a.do("GET", url+c.query, nil, who)
					a.ok(r, 200)
					var list PatientList
					r.decode(&list)
					want := per
					if c.query == "&page=2" {
						want = min(per, 120-per)
					}
					if list.Total != 120 || len(list.Data) != want {
						t.Fatalf("%s: %d rows of %d", url+c.query, len(list.Data), list.Total)
					}
					if got := reads(log.Take()); len(got) != c.want {
						t.Errorf("GET %s ran %d statements, want %d: %q", url+c.query, len(got), c.want, got)
					}
				}
			}
		}
		a.ok(a.do("GET", "/api/v1/patients?count=estimate", nil, a.admin), 400)
	})
}
