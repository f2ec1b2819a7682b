package db

import (
	"encoding/json"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// ForUpdate is the row-lock clause that waits for other holders: " FOR
// UPDATE" on PostgreSQL, nothing on SQLite, whose single writer already
// serialises write transactions.
func (d *DB) ForUpdate() string {
	if d.Dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// Writers is how many write transactions of one job are worth running side by
// side, given the want of the caller: want (at least one) on PostgreSQL, whose
// claims skip each other's rows, and one on SQLite, which has one writer.
func (d *DB) Writers(want int) int {
	if d.Dialect != Postgres {
		return 1
	}
	return max(want, 1)
}

// LockKeys takes transaction-scoped locks on keys, in ascending order so two
// callers never deadlock, and holds them until tx commits: PostgreSQL
// advisory locks. SQLite needs none (its transactions take the one write lock
// when they begin). tx must be a transaction.
func (d *DB) LockKeys(tx *gorm.DB, keys []int64) error {
	if d.Dialect != Postgres || len(keys) == 0 {
		return nil
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT unnest(CAST(? AS bigint[])) AS k) AS keys ORDER BY k",
		int64Array(keys)).Error
}

// int64Array renders keys as a PostgreSQL array literal.
func int64Array(keys []int64) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(k, 10))
	}
	b.WriteByte('}')
	return b.String()
}

// LockShared takes a transaction-scoped lock on key that other shared holders
// pass and an exclusive holder (LockKeys) waits for: PostgreSQL advisory locks;
// nothing on SQLite. tx must be a transaction.
func (d *DB) LockShared(tx *gorm.DB, key int64) error {
	if d.Dialect != Postgres {
		return nil
	}
	return tx.Exec("SELECT pg_advisory_xact_lock_shared(?)", key).Error
}

// SelectPerKey is a query that runs `SELECT cols FROM from WHERE keyCol = <key>
// AND where` for each key of its first argument (KeysArg), so each run uses
// the index that starts with keyCol whatever the table's statistics say
// (right after a bulk insert PostgreSQL's can be far off and pick an index
// that scans every recent row). PostgreSQL: a LATERAL join over unnest;
// SQLite: keyCol IN the keys of a JSON array. cols must be qualified with
// from's alias.
func (d *DB) SelectPerKey(cols, from, keyCol, where, pgType string) string {
	if d.Dialect == Postgres {
		return "SELECT s.* FROM unnest(CAST(? AS " + pgType + "[])) AS k(key) CROSS JOIN LATERAL (SELECT " + cols + " FROM " + from +
			" WHERE " + keyCol + " = k.key AND " + where + " OFFSET 0) AS s" // OFFSET 0: not flattened into a join
	}
	return "SELECT " + cols + " FROM " + from + " WHERE " + keyCol + " IN (SELECT value FROM json_each(?)) AND " + where
}

// KeysArg is the keys argument of a SelectPerKey query.
func (d *DB) KeysArg(keys []string) any {
	if d.Dialect == Postgres {
		return "{" + strings.Join(keys, ",") + "}"
	}
	b, _ := json.Marshal(keys)
	return string(b)
}
