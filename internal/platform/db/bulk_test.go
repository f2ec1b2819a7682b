package db_test

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// label is a driver.Valuer, as JSON-backed model fields are.
type label string

func (l label) Value() (driver.Value, error) { return "label:" + string(l), nil }

// bulkTable creates a scratch table with the column kinds PRIMA uses.
func bulkTable(t *testing.T, d *db.DB) {
	t.Helper()
	ddl := `CREATE TABLE bulk_items (id uuid PRIMARY KEY, grp text NOT NULL, n integer NOT NULL,
  at timestamptz, flag boolean NOT NULL, note text, UNIQUE (grp, n))`
	if d.Dialect == db.SQLite {
		ddl = `CREATE TABLE bulk_items (id text PRIMARY KEY, grp text NOT NULL, n integer NOT NULL,
  at timestamp, flag boolean NOT NULL, note text, UNIQUE (grp, n))`
	}
	if err := d.Gorm.Exec(ddl).Error; err != nil {
		t.Fatal(err)
	}
}

func itemID(i int) string { return fmt.Sprintf("00000000-0000-7000-8000-%012d", i) }

var itemColumns = []string{"id", "grp", "n", "at", "flag", "note"}

type item struct {
	ID   string
	Grp  string
	N    int
	At   *time.Time
	Flag bool
	Note *string
}

func TestBulkInsertSkipsConflictsInFewStatements(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		bulkTable(t, d)
		log := testutil.NewSQLLog()
		tx := log.Session(d.Gorm)
		per := d.RowsPerStatement(len(itemColumns))
		n := 2*per + 3
		jakarta := time.FixedZone("WIB", 7*3600)
		base := time.Date(2026, 11, 22, 8, 0, 0, 123456000, jakarta)
		rows := make([][]any, n)
		for i := range rows {
			var at, note any
			if i%3 != 0 {
				at = base.Add(time.Duration(i) * time.Minute)
			}
			if i%2 == 0 {
				s := "catatan " + fmt.Sprint(i)
				note = &s
			}
			if i == 1 {
				note = label("x")
			}
			rows[i] = []any{itemID(i), "g", i, at, i%2 == 0, note}
		}
		got, err := d.BulkInsert(tx, "bulk_items", itemColumns, rows, "grp", "n")
		if err != nil || got != int64(n) {
			t.Fatalf("inserted %d, %v; want %d", got, err, n)
		}
		if stmts := log.Take(); len(stmts) != 3 {
			t.Fatalf("%d statements for %d rows (%d per statement), want 3", len(stmts), n, per)
		}
		// Again, with two new rows: the others collide on (grp, n) and are skipped.
		again := append(rows[:5:5], []any{itemID(n), "g", n, nil, false, nil}, []any{itemID(n + 1), "h", 0, nil, true, nil})
		for i := range 5 {
			again[i] = append([]any{itemID(1000000 + i)}, rows[i][1:]...)
		}
		if got, err := d.BulkInsert(tx, "bulk_items", itemColumns, again, "grp", "n"); err != nil || got != 2 {
			t.Fatalf("second insert: %d, %v; want 2", got, err)
		}
		var items []item
		if err := d.Gorm.Table("bulk_items").Where("grp = ?", "g").Order("n").Find(&items).Error; err != nil {
			t.Fatal(err)
		}
		if len(items) != n+1 {
			t.Fatalf("%d rows", len(items))
		}
		for _, i := range []int{0, 1, 2, 4, n - 1} {
			it := items[i]
			wantAt := base.Add(time.Duration(i) * time.Minute)
			switch {
			case it.ID != itemID(i) || it.N != i || it.Flag != (i%2 == 0):
				t.Fatalf("row %d: %+v", i, it)
			case i%3 == 0 && it.At != nil, i%3 != 0 && (it.At == nil || !it.At.Equal(wantAt)):
				t.Fatalf("row %d: at %v, want %v", i, it.At, wantAt)
			case i == 1 && (it.Note == nil || *it.Note != "label:x"), i%2 == 0 && (it.Note == nil || *it.Note != "catatan "+fmt.Sprint(i)):
				t.Fatalf("row %d: note %v", i, it.Note)
			}
		}
		// A time written in bulk compares equal to the same time bound as an argument.
		var found int64
		if err := d.Gorm.Table("bulk_items").Where("at = ? AND flag = ?", base.Add(2*time.Minute), true).Count(&found).Error; err != nil || found != 1 {
			t.Fatalf("time lookup found %d, %v", found, err)
		}
	})
}

func TestBulkUpdateSetsMatchedRows(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		bulkTable(t, d)
		const n = 40
		rows := make([][]any, n)
		at := time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC)
		for i := range rows {
			rows[i] = []any{itemID(i), "g", i, at, false, "before"}
		}
		if _, err := d.BulkInsert(d.Gorm, "bulk_items", itemColumns, rows, "id"); err != nil {
			t.Fatal(err)
		}
		key := db.BulkColumn{Name: "id", PGType: "uuid"}
		cols := []db.BulkColumn{{Name: "at", PGType: "timestamptz"}, {Name: "note", PGType: "text"}, {Name: "flag", PGType: "boolean"}}
		later := at.Add(24 * time.Hour)
		var updates [][]any
		for i := 0; i < n; i += 2 {
			var next any = later.Add(time.Duration(i) * time.Second)
			if i%4 == 0 {
				next = (*time.Time)(nil) // set to NULL
			}
			updates = append(updates, []any{itemID(i), next, "after " + fmt.Sprint(i), true})
		}
		updates = append(updates, []any{itemID(999), later, "nobody", true}) // no such row
		log := testutil.NewSQLLog()
		got, err := d.BulkUpdate(log.Session(d.Gorm), "bulk_items", key, cols, updates)
		if err != nil || got != n/2 {
			t.Fatalf("updated %d, %v; want %d", got, err, n/2)
		}
		if stmts := log.Take(); len(stmts) != 1 || !strings.HasPrefix(stmts[0], "UPDATE bulk_items SET") {
			t.Fatalf("statements %q", stmts)
		}
		var items []item
		if err := d.Gorm.Table("bulk_items").Order("n").Find(&items).Error; err != nil {
			t.Fatal(err)
		}
		for i, it := range items {
			switch {
			case i%2 == 1:
				if it.At == nil || !it.At.Equal(at) || it.Flag || *it.Note != "before" {
					t.Fatalf("row %d changed: %+v", i, it)
				}
			case i%4 == 0:
				if it.At != nil || !it.Flag || *it.Note != "after "+fmt.Sprint(i) {
					t.Fatalf("row %d: %+v", i, it)
				}
			default:
				if it.At == nil || !it.At.Equal(later.Add(time.Duration(i)*time.Second)) || !it.Flag {
					t.Fatalf("row %d: %+v", i, it)
				}
			}
		}
	})
}

func TestBulkRejectsRowsOfTheWrongWidth(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		bulkTable(t, d)
		if _, err := d.BulkInsert(d.Gorm, "bulk_items", itemColumns, [][]any{{itemID(1), "g"}}); err == nil {
			t.Fatal("a short row was inserted")
		}
		_, err := d.BulkUpdate(d.Gorm, "bulk_items", db.BulkColumn{Name: "id"}, []db.BulkColumn{{Name: "n"}}, [][]any{{itemID(1)}})
		if err == nil {
			t.Fatal("a short row was accepted")
		}
		if _, err := d.BulkUpdate(d.Gorm, "bulk_items", db.BulkColumn{Name: "id"}, nil, nil); err == nil {
			t.Fatal("an update setting nothing was accepted")
		}
	})
}

func TestRowsPerStatementKeepsPostgresParameterLimit(t *testing.T) {
	pg := &db.DB{Dialect: db.Postgres}
	for _, cols := range []int{1, 3, 15, 30, 70000} {
		got := pg.RowsPerStatement(cols)
		if got < 1 || (cols <= 65535 && got*cols > 65535) || got > 5000 {
			t.Fatalf("postgres, %d columns: %d rows", cols, got)
		}
	}
	if got := (&db.DB{Dialect: db.SQLite}).RowsPerStatement(15); got < 1000 {
		t.Fatalf("sqlite rows travel as one JSON parameter: %d rows", got)
	}
}

func TestWritersAndForUpdate(t *testing.T) {
	pg, lite := &db.DB{Dialect: db.Postgres}, &db.DB{Dialect: db.SQLite}
	if pg.Writers(3) != 3 || pg.Writers(0) != 1 || lite.Writers(3) != 1 {
		t.Fatalf("writers: %d %d %d", pg.Writers(3), pg.Writers(0), lite.Writers(3))
	}
	if pg.ForUpdate() != " FOR UPDATE" || lite.ForUpdate() != "" {
		t.Fatalf("for update: %q %q", pg.ForUpdate(), lite.ForUpdate())
	}
}
