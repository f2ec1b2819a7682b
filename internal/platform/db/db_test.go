package db_test

import (
	"context"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/migrations"
)

func TestMigrationsApplyAndReportStatus(t *testing.T) {
	for _, dialect := range testutil.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := context.Background()
			d, err := db.Open(ctx, testutil.DSN(t, dialect), db.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			pending, err := d.HasPendingMigrations(ctx, migrations.FS)
			if err != nil || !pending {
				t.Fatalf("fresh database must have pending migrations: %v %v", pending, err)
			}
			n, err := d.MigrateUp(ctx, migrations.FS)
			if err != nil || n == 0 {
				t.Fatalf("migrate up: %d %v", n, err)
			}
			pending, _ = d.HasPendingMigrations(ctx, migrations.FS)
			if pending {
				t.Fatal("still pending after up")
			}
			st, err := d.MigrationStatuses(ctx, migrations.FS)
			if err != nil || len(st) == 0 || !st[0].Applied {
				t.Fatalf("status: %+v %v", st, err)
			}
			if n, _ := d.MigrateUp(ctx, migrations.FS); n != 0 {
				t.Fatalf("second up applied %d", n)
			}
			var tables int64
			d.Gorm.Raw("SELECT count(*) FROM patients").Scan(&tables)
			if err := d.Ping(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestJSONArrayContainsFindsTag(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		var n int64
		err := d.Gorm.Raw("SELECT count(*) FROM (SELECT '[\"chemo\",\"breast\"]' AS tags) x WHERE "+jsonCol(d)+"", "breast").Scan(&n).Error
		if err != nil || n != 1 {
			t.Fatalf("contains: %d %v", n, err)
		}
		err = d.Gorm.Raw("SELECT count(*) FROM (SELECT '[\"chemo\"]' AS tags) x WHERE "+jsonCol(d)+"", "breast").Scan(&n).Error
		if err != nil || n != 0 {
			t.Fatalf("not contains: %d %v", n, err)
		}
	})
}

func jsonCol(d *db.DB) string {
	if d.Dialect == db.Postgres {
		return d.JSONArrayContains("x.tags::jsonb")
	}
	return d.JSONArrayContains("x.tags")
}
