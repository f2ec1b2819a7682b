// Package testutil gives tests real databases (a fresh SQLite file, or a fresh
// PostgreSQL schema when PRIMA_TEST_POSTGRES_URL is set), fakes of outside
// services that speak their real wire formats, and fixtures.
package testutil

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/migrations"
)

// PostgresURL is the PostgreSQL server integration tests also run on, or "".
func PostgresURL() string { return os.Getenv("PRIMA_TEST_POSTGRES_URL") }

// RedisURL is the Redis server integration tests also run on, or "".
func RedisURL() string { return os.Getenv("PRIMA_TEST_REDIS_URL") }

// Dialects lists the databases this run tests on: always sqlite, and postgres when configured.
func Dialects() []db.Dialect {
	out := []db.Dialect{db.SQLite}
	if PostgresURL() != "" {
		out = append(out, db.Postgres)
	}
	return out
}

// ForEachDB runs fn as a subtest on a fresh, migrated database of every dialect.
func ForEachDB(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, dialect := range Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			fn(t, NewDB(t, dialect))
		})
	}
}

// NewDB opens a fresh, migrated database of the dialect, dropped at cleanup.
func NewDB(t testing.TB, dialect db.Dialect) *db.DB {
	t.Helper()
	ctx := context.Background()
	dsn := DSN(t, dialect)
	d, err := db.Open(ctx, dsn, db.Options{MaxOpenConns: 8})
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { _ = d.Close() })
	if _, err := d.MigrateUp(ctx, migrations.FS); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
	return d
}

// DSN returns a DATABASE_URL for a fresh, empty database of the dialect
// (a temp SQLite file, or a new PostgreSQL schema dropped at cleanup).
func DSN(t testing.TB, dialect db.Dialect) string {
	t.Helper()
	if dialect == db.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "prima-test.db")
	}
	base := PostgresURL()
	if base == "" {
		t.Skip("PRIMA_TEST_POSTGRES_URL is not set")
	}
	schema := "t_" + randomHex(8)
	admin, err := db.Open(context.Background(), base, db.Options{MaxOpenConns: 1})
	if err != nil {
		t.Fatalf("connect to PRIMA_TEST_POSTGRES_URL: %v", err)
	}
	if err := admin.Gorm.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		_ = admin.Gorm.Exec("DROP SCHEMA " + schema + " CASCADE").Error
		_ = admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse PRIMA_TEST_POSTGRES_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
