package testutil

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
)

// TextColumns lists, by table, every column of d's schema that can hold text:
// text, character varying, json, jsonb and bytea on PostgreSQL
// (information_schema), TEXT, VARCHAR, JSON, BLOB and untyped columns on
// SQLite (sqlite_master and PRAGMA table_info). Nothing is hard-coded, so a
// table a later migration adds is listed too.
func TextColumns(t testing.TB, d *db.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	if d.Dialect == db.Postgres {
		var rows []struct{ TableName, ColumnName string }
		err := d.Gorm.Raw(`SELECT c.table_name, c.column_name FROM information_schema.columns c
			JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
			WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
			AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY')
			ORDER BY c.table_name, c.ordinal_position`).Scan(&rows).Error
		if err != nil {
			t.Fatalf("list columns: %v", err)
		}
		for _, r := range rows {
			out[r.TableName] = append(out[r.TableName], r.ColumnName)
		}
		return out
	}
	var tables []string
	if err := d.Gorm.Raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").Scan(&tables).Error; err != nil {
		t.Fatalf("list tables: %v", err)
	}
	for _, table := range tables {
		var cols []struct{ Name, Type string }
		if err := d.Gorm.Raw(fmt.Sprintf("SELECT name, type FROM pragma_table_info(%s)", quoteLiteral(table))).Scan(&cols).Error; err != nil {
			t.Fatalf("columns of %s: %v", table, err)
		}
		for _, c := range cols {
			ty := strings.ToUpper(c.Type)
			if ty == "" || strings.Contains(ty, "TEXT") || strings.Contains(ty, "CHAR") || strings.Contains(ty, "CLOB") ||
				strings.Contains(ty, "BLOB") || strings.Contains(ty, "JSON") {
				out[table] = append(out[table], c.Name)
			}
		}
	}
	return out
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// StoredAnywhere reads every text column of every table (TextColumns) and
// reports where any of needles appears (any case), as "table.column: needle":
// in clear, or inside a sealed value, which it opens with k. A sealed value k
// cannot open is reported too (it could hide anything).
func StoredAnywhere(t testing.TB, d *db.DB, k *crypto.Keyring, needles []string) []string {
	t.Helper()
	lower := make([]string, len(needles))
	for i, n := range needles {
		lower[i] = strings.ToLower(n)
	}
	seen := map[string]bool{}
	cols := TextColumns(t, d)
	tables := make([]string, 0, len(cols))
	for table := range cols {
		tables = append(tables, table)
	}
	sort.Strings(tables)
	for _, table := range tables {
		names := cols[table]
		quoted := make([]string, len(names))
		for i, c := range names {
			quoted[i] = `"` + c + `"`
		}
		rows, err := d.Gorm.Raw(fmt.Sprintf(`SELECT %s FROM %q`, strings.Join(quoted, ", "), table)).Rows()
		if err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		for rows.Next() {
			vals := make([]any, len(names))
			ptrs := make([]any, len(names))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				_ = rows.Close()
				t.Fatalf("scan %s: %v", table, err)
			}
			for i, v := range vals {
				s := textOf(v)
				if s == "" {
					continue
				}
				if crypto.IsSealed(s) {
					plain, err := k.Open(s)
					if err != nil {
						seen[table+"."+names[i]+": a sealed value the key cannot open"] = true
						continue
					}
					s = plain
				}
				s = strings.ToLower(s)
				for j, n := range lower {
					if n != "" && strings.Contains(s, n) {
						seen[table+"."+names[i]+": "+needles[j]] = true
					}
				}
			}
		}
		_ = rows.Close()
	}
	out := make([]string, 0, len(seen))
	for w := range seen {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

func textOf(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case string:
		return x
	case map[string]any, []any:
		b, _ := json.Marshal(x)
		return string(b)
	}
	return ""
}
