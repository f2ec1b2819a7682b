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

// PostgreSQL's JIT compiles a plan whose estimated cost is high, whatever
// rows it finally reads: the reminder tick's MarkMissed spent 300 ms a tick
// compiling a statement that updated nothing once open doses outnumbered the
// statistics. PRIMA's short statements run without it, unless the
// DATABASE_URL asks otherwise.
func TestPostgresConnectionsRunWithoutJIT(t *testing.T) {
	if testutil.PostgresURL() == "" {
		t.Skip("PRIMA_TEST_POSTGRES_URL is not set")
	}
	ctx := context.Background()
	show := func(url string) string {
		t.Helper()
		d, err := db.Open(ctx, url, db.Options{MaxOpenConns: 2})
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		var v string
		if err := d.Gorm.Raw("SHOW jit").Scan(&v).Error; err != nil {
			t.Fatal(err)
		}
		return v
	}
	dsn := testutil.DSN(t, db.Postgres)
	if got := show(dsn); got != "off" {
		t.Fatalf("jit = %q on PRIMA's connections, want off", got)
	}
	if got := show(dsn + "&jit=on"); got != "on" {
		t.Fatalf("jit = %q with jit=on in the DATABASE_URL, want on", got)
	}
}
