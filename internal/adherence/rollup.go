package adherence

import (
	"cmp"
	"slices"

	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
)

// Table is the rollup: settled medication doses per patient and UTC day.
const Table = "adherence_days"

var (
	rollupColumns  = []string{"tenant_id", "patient_id", "day", "confirmed", "late", "missed"}
	rollupKey      = []string{"tenant_id", "patient_id", "day"}
	rollupAddition = "confirmed = " + Table + ".confirmed + excluded.confirmed, " +
		"late = " + Table + ".late + excluded.late, missed = " + Table + ".missed + excluded.missed"
)

// Move is one medication dose going from one occurrence state to another.
type Move struct {
	TenantID  string
	PatientID string
	Day       int64 // the day of the dose's due time (Day)
	From, To  string
}

type dayKey struct {
	tenant, patient string
	day             int64
}

// Record applies moves to the rollup inside tx, the transaction that changed
// the occurrences: the net change per patient and day, in key order (so that
// concurrent writers lock rows in the same order), one statement per few
// thousand patient-days. Moves between states that do not count change nothing.
func Record(tx *gorm.DB, d *db.DB, moves []Move) error {
	net := map[dayKey]Counts{}
	for _, m := range moves {
		to, from := countOf(m.To), countOf(m.From)
		if to == from {
			continue
		}
		k := dayKey{m.TenantID, m.PatientID, m.Day}
		c := net[k]
		c.add(to)
		c.add(Counts{-from.Confirmed, -from.Late, -from.Missed})
		net[k] = c
	}
	keys := make([]dayKey, 0, len(net))
	for k, c := range net {
		if !c.zero() {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	slices.SortFunc(keys, func(a, b dayKey) int {
		return cmp.Or(cmp.Compare(a.tenant, b.tenant), cmp.Compare(a.patient, b.patient), cmp.Compare(a.day, b.day))
	})
	rows := make([][]any, len(keys))
	for i, k := range keys {
		c := net[k]
		rows[i] = []any{k.tenant, k.patient, k.day, c.Confirmed, c.Late, c.Missed}
	}
	_, err := d.BulkUpsert(tx, Table, rollupColumns, rows, rollupKey, rollupAddition)
	return err
}

// Recount rebuilds the rollup of tenantID ("" for every tenant) from the
// occurrences' states, inside tx.
func Recount(tx *gorm.DB, d *db.DB, tenantID string) error {
	del, delArgs := "DELETE FROM "+Table, []any{}
	if tenantID != "" {
		del, delArgs = del+" WHERE tenant_id = ?", append(delArgs, tenantID)
	}
	if err := tx.Exec(del, delArgs...).Error; err != nil {
		return err
	}
	day := d.EpochDay("due_at")
	sql := `INSERT INTO ` + Table + ` (tenant_id, patient_id, day, confirmed, late, missed)
SELECT tenant_id, patient_id, ` + day + `,
  SUM(CASE WHEN state = 'confirmed' THEN 1 ELSE 0 END), SUM(CASE WHEN state = 'late' THEN 1 ELSE 0 END),
  SUM(CASE WHEN state = 'missed' THEN 1 ELSE 0 END)
FROM occurrences
WHERE reminder_type = 'medication' AND state IN ('confirmed', 'late', 'missed')`
	args := []any{}
	if tenantID != "" {
		sql += " AND tenant_id = ?"
		args = append(args, tenantID)
	}
	sql += " GROUP BY tenant_id, patient_id, " + day
	return tx.Exec(sql, args...).Error
}
