package db

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

const (
	// pgMaxParams is PostgreSQL's bind-parameter limit per statement (the wire
	// protocol counts them in 16 bits).
	pgMaxParams = 65535
	// maxBulkRows bounds the rows of one bulk statement, so its text (or JSON
	// document) stays modest.
	maxBulkRows = 5000
	// sqliteTimeFormat is how the SQLite driver writes a bound time.Time (its
	// default: Open sets no _time_format); bulk rows write times the same way,
	// so they compare and read back like values bound one by one.
	sqliteTimeFormat = "2006-01-02 15:04:05.999999999-07:00"
)

// RowsPerStatement is how many rows of columns values one bulk statement
// carries. On PostgreSQL the rows are bind parameters, never more than
// 65,535 of them. On SQLite the rows travel as one JSON parameter: the driver
// binds each parameter with a linear search over all of them, so a statement
// with thousands of parameters costs the square of that.
func (d *DB) RowsPerStatement(columns int) int {
	if d.Dialect == Postgres {
		return max(1, min(maxBulkRows, pgMaxParams/max(columns, 1)))
	}
	return maxBulkRows
}

// BulkColumn is a column of a bulk update. PGType is its PostgreSQL type
// ("uuid", "timestamptz", …), which a bare parameter in a VALUES list lacks.
type BulkColumn struct {
	Name   string
	PGType string
}

// AnyConflict, as BulkInsert's only conflict column, skips a row that
// collides with any unique index (ON CONFLICT DO NOTHING), partial ones too.
const AnyConflict = "*"

// BulkInsert inserts rows (one value per column each) into table inside tx,
// one statement per RowsPerStatement rows. With conflict columns, a row that
// collides with an existing one on them is skipped (ON CONFLICT (…) DO
// NOTHING). It returns how many rows it inserted. Values are scalars
// (string, integer, float, bool, time.Time, nil), pointers to them or
// driver.Valuers; table and column names are trusted identifiers.
func (d *DB) BulkInsert(tx *gorm.DB, table string, columns []string, rows [][]any, conflict ...string) (int64, error) {
	if err := checkWidth(rows, len(columns)); err != nil {
		return 0, err
	}
	head := "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") "
	tail := ""
	switch {
	case len(conflict) == 1 && conflict[0] == AnyConflict:
		tail = " ON CONFLICT DO NOTHING"
	case len(conflict) > 0:
		tail = " ON CONFLICT (" + strings.Join(conflict, ", ") + ") DO NOTHING"
	}
	placeholders := make([]string, len(columns))
	for i := range placeholders {
		placeholders[i] = "?" // an INSERT's VALUES take their types from the columns
	}
	return d.eachChunk(tx, rows, len(columns), func(n int) string {
		if d.Dialect == Postgres {
			return head + "VALUES " + repeatJoin("("+strings.Join(placeholders, ", ")+")", n) + tail
		}
		// "WHERE true" tells SQLite's parser that ON CONFLICT belongs to the INSERT.
		return head + "SELECT * FROM " + jsonRows(len(columns)) + " AS v WHERE true" + tail
	})
}

// BulkUpdate sets columns of table's rows matched on key, inside tx. Each row
// holds the key's value and then one value per column; one statement per
// RowsPerStatement rows does
//
//	UPDATE t SET c1 = v.column2, … FROM (rows) AS v WHERE t.key = v.column1
//
// where rows is a VALUES list on PostgreSQL and a JSON document on SQLite.
// It returns how many rows it updated. Values and names as for BulkInsert.
func (d *DB) BulkUpdate(tx *gorm.DB, table string, key BulkColumn, columns []BulkColumn, rows [][]any) (int64, error) {
	keys, err := d.BulkUpdateWhere(tx, table, key, columns, rows, BulkWhere{})
	return int64(len(keys)), err
}

// BulkWhere narrows and extends a bulk update: Set adds assignments (e.g.
// "version = version + 1"), Where adds a condition on the target rows (e.g.
// "t.claim_token = ?"), each with its arguments.
type BulkWhere struct {
	Set       string
	SetArgs   []any
	Where     string
	WhereArgs []any
}

// BulkUpdateWhere is BulkUpdate with more assignments and a condition; it
// returns the keys of the rows it updated (as text).
func (d *DB) BulkUpdateWhere(tx *gorm.DB, table string, key BulkColumn, columns []BulkColumn, rows [][]any, w BulkWhere) ([]string, error) {
	if len(columns) == 0 {
		return nil, fmt.Errorf("db: bulk update of %s sets no column", table)
	}
	width := len(columns) + 1
	if err := checkWidth(rows, width); err != nil {
		return nil, err
	}
	set := make([]string, len(columns))
	row := []string{d.param(key.PGType)}
	for i, c := range columns {
		set[i] = c.Name + " = v.column" + strconv.Itoa(i+2)
		row = append(row, d.param(c.PGType))
	}
	if w.Set != "" {
		set = append(set, w.Set)
	}
	head := "UPDATE " + table + " SET " + strings.Join(set, ", ") + " FROM "
	tail := " AS v WHERE " + table + "." + key.Name + " = v.column1"
	if w.Where != "" {
		tail += " AND " + w.Where
	}
	tail += " RETURNING " + table + "." + key.Name
	per := d.RowsPerStatement(width)
	var out []string
	for start := 0; start < len(rows); start += per {
		part := rows[start:min(start+per, len(rows))]
		vals, err := d.bulkArgs(part, width)
		if err != nil {
			return out, err
		}
		sql := head + jsonRows(width) + tail
		if d.Dialect == Postgres {
			sql = head + "(VALUES " + repeatJoin("("+strings.Join(row, ", ")+")", len(part)) + ")" + tail
		}
		args := append(append(append([]any{}, w.SetArgs...), vals...), w.WhereArgs...)
		var got []string
		if err := tx.Raw(sql, args...).Find(&got).Error; err != nil {
			return out, err
		}
		out = append(out, got...)
	}
	return out, nil
}

// eachChunk runs, for each statement-sized part of rows, the statement sql
// builds for that many rows, with the part's values as its arguments.
func (d *DB) eachChunk(tx *gorm.DB, rows [][]any, width int, sql func(n int) string) (int64, error) {
	per := d.RowsPerStatement(width)
	var n int64
	for start := 0; start < len(rows); start += per {
		part := rows[start:min(start+per, len(rows))]
		args, err := d.bulkArgs(part, width)
		if err != nil {
			return n, err
		}
		res := tx.Exec(sql(len(part)), args...)
		if res.Error != nil {
			return n, res.Error
		}
		n += res.RowsAffected
	}
	return n, nil
}

// bulkArgs are the arguments of one statement: every value on PostgreSQL,
// one JSON array of rows on SQLite.
func (d *DB) bulkArgs(part [][]any, width int) ([]any, error) {
	if d.Dialect != Postgres {
		doc := make([][]any, len(part))
		for i, r := range part {
			out := make([]any, len(r))
			for j, v := range r {
				jv, err := jsonValue(v)
				if err != nil {
					return nil, fmt.Errorf("db: bulk row %d, value %d: %w", i, j, err)
				}
				out[j] = jv
			}
			doc[i] = out
		}
		b, err := json.Marshal(doc)
		return []any{string(b)}, err
	}
	args := make([]any, 0, len(part)*width)
	for _, r := range part {
		args = append(args, r...)
	}
	return args, nil
}

// jsonRows is a SQLite subquery that reads the rows of the JSON parameter as
// columns column1…columnN (the names a VALUES list has).
func jsonRows(width int) string {
	cols := make([]string, width)
	for i := range cols {
		cols[i] = "value ->> " + strconv.Itoa(i) + " AS column" + strconv.Itoa(i+1)
	}
	return "(SELECT " + strings.Join(cols, ", ") + " FROM json_each(?))"
}

// jsonValue is v as the SQLite driver would bind it, in a form JSON carries:
// times in the driver's text format, booleans as JSON booleans (read back as
// 1 and 0, as the driver binds them).
func jsonValue(v any) (any, error) {
	if dv, ok := v.(driver.Valuer); ok {
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return nil, nil
		}
		x, err := dv.Value()
		if err != nil {
			return nil, err
		}
		v = x
	}
	switch x := v.(type) {
	case nil, string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return x, nil
	case time.Time:
		return x.Format(sqliteTimeFormat), nil
	case []byte:
		return nil, fmt.Errorf("bytes cannot travel in a JSON row")
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, nil
		}
		return jsonValue(rv.Elem().Interface())
	}
	return nil, fmt.Errorf("unsupported type %T", v)
}

// param is a bind parameter, cast to pgType on PostgreSQL.
func (d *DB) param(pgType string) string {
	if d.Dialect == Postgres && pgType != "" {
		return "CAST(? AS " + pgType + ")"
	}
	return "?"
}

func checkWidth(rows [][]any, width int) error {
	for i, r := range rows {
		if len(r) != width {
			return fmt.Errorf("db: bulk row %d has %d values, want %d", i, len(r), width)
		}
	}
	return nil
}

// repeatJoin is n copies of s separated by ", ".
func repeatJoin(s string, n int) string {
	var b strings.Builder
	b.Grow(n * (len(s) + 2))
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s)
	}
	return b.String()
}

// Typed casts a parameter expression to pgType on PostgreSQL, where a bare
// parameter in a CASE or VALUES would otherwise be text; SQLite takes it as is.
func (d *DB) Typed(expr, pgType string) string {
	if d.Dialect == Postgres {
		return "CAST(" + expr + " AS " + pgType + ")"
	}
	return expr
}
