package bench

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
)

func TestTxCounterCountsCommitsAtThePool(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "c.db"), db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	c := &txCounter{}
	c.wrap(d)
	g := d.Gorm.WithContext(ctx)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(g.Exec("CREATE TABLE t (n integer)").Error)
	var n int
	must(g.Raw("SELECT count(*) FROM t").Scan(&n).Error)
	must(g.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("INSERT INTO t VALUES (1)").Error; err != nil {
			return err
		}
		// A nested transaction is a savepoint: no commit of its own.
		return tx.Transaction(func(tx *gorm.DB) error { return tx.Exec("INSERT INTO t VALUES (2)").Error })
	}))
	_ = g.Transaction(func(tx *gorm.DB) error {
		_ = tx.Exec("INSERT INTO t VALUES (3)").Error
		return gorm.ErrInvalidData
	})
	got := c.snapshot()
	want := txCounts{Auto: 2, AutoWrites: 1, Begun: 2, Committed: 1, RolledBack: 1}
	if got.Auto != want.Auto || got.AutoWrites != want.AutoWrites || got.Begun != want.Begun ||
		got.Committed != want.Committed || got.RolledBack != want.RolledBack {
		t.Fatalf("counts %+v, want %+v", got, want)
	}
	if got.InTx < 3 { // the inserts, plus the savepoint statements
		t.Fatalf("statements in transactions %d, want at least 3", got.InTx)
	}
	if got.Commits() != 3 {
		t.Fatalf("commits %d, want 3 (two statements on their own, one transaction)", got.Commits())
	}
	must(g.Raw("SELECT count(*) FROM t").Scan(&n).Error)
	if n != 2 {
		t.Fatalf("rows %d, want 2 (the rolled-back insert is gone)", n)
	}
	if _, err := d.Gorm.DB(); err != nil {
		t.Fatalf("the wrapped pool hides *sql.DB: %v", err)
	}
}
