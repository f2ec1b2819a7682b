package db

import (
	"strings"

	"gorm.io/gorm"
)

// BulkUpsert inserts rows into table inside tx like BulkInsert, and a row that
// collides with an existing one on the conflict columns updates it instead:
// ON CONFLICT (conflict…) DO UPDATE SET set. In set, table.column is the
// stored value and excluded.column the proposed one, e.g.
// "n = counters.n + excluded.n". Two rows of one call must not share conflict
// values (PostgreSQL refuses to update a row twice in one statement). It
// returns how many rows it inserted or updated.
func (d *DB) BulkUpsert(tx *gorm.DB, table string, columns []string, rows [][]any, conflict []string, set string) (int64, error) {
	if err := checkWidth(rows, len(columns)); err != nil {
		return 0, err
	}
	head := "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") "
	tail := " ON CONFLICT (" + strings.Join(conflict, ", ") + ") DO UPDATE SET " + set
	placeholders := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(columns)), ", ") + ")"
	return d.eachChunk(tx, rows, len(columns), func(n int) string {
		if d.Dialect == Postgres {
			return head + "VALUES " + repeatJoin(placeholders, n) + tail
		}
		// "WHERE true" tells SQLite's parser that ON CONFLICT belongs to the INSERT.
		return head + "SELECT * FROM " + jsonRows(len(columns)) + " AS v WHERE true" + tail
	})
}

// EpochDay is an SQL expression for the day number (days since 1970-01-01,
// in UTC) of the timestamp column col.
func (d *DB) EpochDay(col string) string {
	if d.Dialect == Postgres {
		return "CAST(floor(extract(epoch FROM " + col + ") / 86400) AS integer)"
	}
	return "(unixepoch(" + col + ") / 86400)"
}
