package testutil

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
)

// TablesContaining reads every row of every table of d, byte for byte as
// stored, and names the tables and columns where needle appears. Privacy tests
// use it to prove that a value sent in a sensitive field is kept nowhere in clear.
func TablesContaining(t testing.TB, d *db.DB, needle string) []string {
	t.Helper()
	var tables []string
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if d.Dialect == db.Postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
	}
	if err := d.Gorm.Raw(q).Scan(&tables).Error; err != nil {
		t.Fatalf("list tables: %v", err)
	}
	var found []string
	for _, table := range tables {
		rows, err := d.Gorm.Raw(fmt.Sprintf("SELECT * FROM %q", table)).Rows()
		if err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				_ = rows.Close()
				t.Fatalf("scan %s: %v", table, err)
			}
			for i, v := range vals {
				var s string
				switch x := v.(type) {
				case []byte:
					s = string(x)
				case string:
					s = x
				default:
					continue
				}
				if strings.Contains(s, needle) {
					found = append(found, table+"."+cols[i])
				}
			}
		}
		_ = rows.Close()
	}
	return found
}

// NoQuietHours switches every tenant's quiet hours off, for tests that send on
// the real clock: whatever the time of day the test runs at, nothing is held.
func NoQuietHours(t testing.TB, d *db.DB) {
	t.Helper()
	if err := d.Gorm.Exec("UPDATE tenants SET quiet_hours_start = '', quiet_hours_end = ''").Error; err != nil {
		t.Fatal(err)
	}
}
