package adherence

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
)

// PageRead reads a page of patients and their counts in one statement: the
// page (any query selecting the patients' id among its columns, ordered and
// limited) is wrapped, and each of its rows carries its counts over each
// window after its own columns.
type PageRead struct {
	windows []int
	vals    []sql.NullInt64
}

// NewPageRead prepares a read over windows (lengths in days).
func NewPageRead(windows ...int) *PageRead {
	w := slices.Clone(windows)
	slices.Sort(w)
	return &PageRead{windows: w, vals: make([]sql.NullInt64, 3*len(w))}
}

// SQL wraps a page query. The page is the statement's first argument (a
// placeholder "?"), and args follow it; order is the page's ORDER BY, which
// the wrapped rows keep. Each row's days are read through the primary key of
// adherence_days, one patient at a time, whatever plan a prepared statement
// settles on: on PostgreSQL a LATERAL aggregate (a plain join's generic plan
// read every day of the tenant and hashed them: 33 ms instead of 1 ms with
// 90,000 patients); SQLite, without LATERAL, joins the page to its days
// through the same key.
func (r *PageRead) SQL(d *db.DB, tenantID string, now time.Time, order string) (string, []any) {
	var cols []string
	var args []any
	for i, w := range r.windows {
		first, _ := Span(w, now)
		for j, c := range []string{"confirmed", "late", "missed"} {
			cols = append(cols, fmt.Sprintf("SUM(CASE WHEN a.day >= %s THEN a.%s ELSE 0 END) AS adh_%d", d.Typed("?", "integer"), c, 3*i+j))
			args = append(args, first)
		}
	}
	first, last := Span(r.windows[len(r.windows)-1], now)
	out := make([]string, 0, len(cols))
	for i := range cols {
		out = append(out, fmt.Sprintf("adh.adh_%d", i))
	}
	if d.Dialect == db.Postgres {
		args = append(args, first, last)
		return "SELECT page.*, " + strings.Join(out, ", ") + " FROM (?) AS page LEFT JOIN LATERAL (SELECT " + strings.Join(cols, ", ") +
			" FROM " + Table + " a WHERE a.tenant_id = page.tenant_id AND a.patient_id = page.id AND a.day >= ? AND a.day <= ?) adh ON true" +
			" ORDER BY " + order, args
	}
	args = append(args, tenantID, first, last)
	return "WITH page AS (?) SELECT page.*, " + strings.Join(out, ", ") + " FROM page LEFT JOIN (" +
		"SELECT pg.id AS adh_patient_id, " + strings.Join(cols, ", ") + " FROM page pg JOIN " + Table + " a ON a.tenant_id = ? AND a.patient_id = pg.id" +
		" AND a.day >= ? AND a.day <= ? GROUP BY pg.id) adh ON adh.adh_patient_id = page.id ORDER BY " + order, args
}

// Dest is the scan destinations of a row's counts, to follow the page's own.
func (r *PageRead) Dest() []any {
	out := make([]any, len(r.vals))
	for i := range r.vals {
		out[i] = &r.vals[i]
	}
	return out
}

// Figures are the counts of the row last scanned, or nil when nothing is
// settled in the longest window.
func (r *PageRead) Figures() Figures {
	f := make(Figures, len(r.windows))
	for i, w := range r.windows {
		f[w] = Counts{Confirmed: r.vals[3*i].Int64, Late: r.vals[3*i+1].Int64, Missed: r.vals[3*i+2].Int64}
	}
	if f[r.windows[len(r.windows)-1]].Due() <= 0 {
		return nil
	}
	return f
}
