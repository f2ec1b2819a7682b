package adherence

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
)

// Figures are one patient's counts by window length (days).
type Figures map[int]Counts

// ForPatients reads, in one statement, the counts of patientIDs (a page of
// them) over each of windows (lengths in days) ending on now's UTC day.
// Patients with nothing settled in the longest window are absent. Each
// patient's days are read through the primary key (db.SelectPerKey), whatever
// plan a prepared statement would otherwise settle on: its generic plan for
// an IN list scanned every day of the tenant and filtered the ids (11 ms
// instead of under 1 ms with 2,000 patients, and growing with the tenant).
func ForPatients(ctx context.Context, d *db.DB, g *gorm.DB, tenantID string, patientIDs []string, now time.Time, windows ...int) (map[string]Figures, error) {
	out := make(map[string]Figures, len(patientIDs))
	if len(patientIDs) == 0 || len(windows) == 0 {
		return out, nil
	}
	windows = slices.Clone(windows)
	slices.Sort(windows)
	var cols strings.Builder
	var args []any
	for _, w := range windows {
		first, _ := Span(w, now)
		for _, c := range []string{"confirmed", "late", "missed"} {
			fmt.Fprintf(&cols, ", SUM(CASE WHEN x.day >= %s THEN x.%s ELSE 0 END)", d.Typed("?", "integer"), c)
			args = append(args, first)
		}
	}
	first, last := Span(windows[len(windows)-1], now)
	perKey := d.SelectPerKey("a.patient_id, a.day, a.confirmed, a.late, a.missed", Table+" AS a", "a.patient_id",
		"a.tenant_id = ? AND a.day >= ? AND a.day <= ?", "uuid")
	args = append(args, d.KeysArg(patientIDs), tenantID, first, last)
	rows, err := g.WithContext(ctx).Raw(`SELECT x.patient_id`+cols.String()+` FROM (`+perKey+`) x GROUP BY x.patient_id`, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	vals := make([]int64, 3*len(windows))
	dest := make([]any, 1+len(vals))
	var id string
	dest[0] = &id
	for i := range vals {
		dest[i+1] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		f := make(Figures, len(windows))
		for i, w := range windows {
			f[w] = Counts{Confirmed: vals[3*i], Late: vals[3*i+1], Missed: vals[3*i+2]}
		}
		if f[windows[len(windows)-1]].Due() > 0 {
			out[id] = f
		}
	}
	return out, rows.Err()
}
