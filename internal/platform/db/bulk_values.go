package db

import (
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// ValuesColumn is one column of an inline VALUES table. PGType casts the
// column on PostgreSQL, whose untyped parameters would otherwise be text.
type ValuesColumn struct {
	Name   string
	PGType string // e.g. "uuid", "text", "integer", "timestamptz"
}

// ValuesCTE returns `WITH v (a, b) AS (VALUES (?, ?), (?, ?))` and its
// arguments, so one statement can update or join many rows at once:
//
//	cte, args := d.ValuesCTE(cols, rows)
//	tx.Raw(cte+" UPDATE t SET a = v.a FROM v WHERE t.id = v.id RETURNING t.id", args...)
//
// Both PostgreSQL and SQLite (3.33 and later) accept UPDATE … FROM a CTE.
// Keep len(rows)*len(cols) under 65,535 parameters.
func (d *DB) ValuesCTE(cols []ValuesColumn, rows [][]any) (string, []any) {
	var b strings.Builder
	b.WriteString("WITH v (")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.Name)
	}
	b.WriteString(") AS (VALUES ")
	args := make([]any, 0, len(rows)*len(cols))
	for r, row := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for i := range cols {
			if i > 0 {
				b.WriteString(", ")
			}
			if d.Dialect == Postgres && cols[i].PGType != "" {
				b.WriteString("CAST(? AS " + cols[i].PGType + ")")
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
		args = append(args, row...)
	}
	b.WriteString(")")
	return b.String(), args
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

// Typed casts a parameter expression to pgType on PostgreSQL, where a bare
// parameter in a CASE or VALUES would otherwise be text; SQLite takes it as is.
func (d *DB) Typed(expr, pgType string) string {
	if d.Dialect == Postgres {
		return "CAST(" + expr + " AS " + pgType + ")"
	}
	return expr
}
