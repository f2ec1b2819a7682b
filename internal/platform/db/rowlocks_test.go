package db_test

import (
	"slices"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func TestSelectPerKeyReturnsTheRowsOfEachKey(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		bulkTable(t, d)
		var rows [][]any
		for i := range 6 {
			rows = append(rows, []any{itemID(i), []string{"a", "b"}[i%2], i, nil, true, nil})
		}
		if _, err := d.BulkInsert(d.Gorm, "bulk_items", itemColumns, rows); err != nil {
			t.Fatal(err)
		}
		sql := d.SelectPerKey("b.id, b.n", "bulk_items AS b", "b.id", "b.grp = ?", "uuid")
		var got []struct {
			ID string
			N  int
		}
		keys := []string{itemID(0), itemID(1), itemID(2), itemID(5), itemID(9)}
		if err := d.Gorm.Raw(sql, d.KeysArg(keys), "a").Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		var ns []int
		for _, g := range got {
			ns = append(ns, g.N)
		}
		slices.Sort(ns)
		if !slices.Equal(ns, []int{0, 2}) {
			t.Fatalf("rows of keys 0, 1, 2, 5, 9 in group a: %v", ns)
		}
	})
}
