// Package db opens PRIMA's database (embedded SQLite or PostgreSQL) through
// GORM, applies the embedded goose migrations, and keeps the few places where
// the two dialects differ.
package db

import (
	"context"
	"errors"
	"fmt"
	neturl "net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Dialect names the database kind.
type Dialect string

// The two supported dialects.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// DB is an open database with its dialect.
type DB struct {
	Gorm    *gorm.DB
	Dialect Dialect
	// URL is the DATABASE_URL it was opened with (LISTEN needs a connection of its own).
	URL string
}

// Options tune Open.
type Options struct {
	// MaxOpenConns for PostgreSQL (SQLite always uses one writer connection).
	MaxOpenConns int
	// Logger receives GORM's SQL log; nil silences it.
	Logger logger.Interface
}

// DialectOf tells the dialect of a DATABASE_URL.
func DialectOf(url string) Dialect {
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		return Postgres
	}
	return SQLite
}

// Open connects to url: "sqlite:PATH" or "postgres://…".
func Open(ctx context.Context, url string, opts Options) (*DB, error) {
	gcfg := &gorm.Config{
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return time.Now().UTC() },
		SkipDefaultTransaction: true,
		TranslateError:         true,
	}
	if opts.Logger != nil {
		gcfg.Logger = opts.Logger
	}
	d := &DB{Dialect: DialectOf(url), URL: url}
	var err error
	switch d.Dialect {
	case Postgres:
		d.URL = withoutJIT(url)
		d.Gorm, err = gorm.Open(postgres.New(postgres.Config{DSN: d.URL}), gcfg)
	default:
		path := strings.TrimPrefix(url, "sqlite:")
		if path == "" {
			return nil, errors.New("DATABASE_URL: sqlite: needs a file path")
		}
		if path != ":memory:" {
			if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
				return nil, fmt.Errorf("create database folder: %w", err)
			}
		}
		dsn := path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
		d.Gorm, err = gorm.Open(sqlite.Open(dsn), gcfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return nil, err
	}
	if d.Dialect == SQLite {
		// One connection: SQLite has one writer, and this keeps "database is locked" away.
		sqlDB.SetMaxOpenConns(1)
	} else {
		n := opts.MaxOpenConns
		if n <= 0 {
			n = 20
		}
		sqlDB.SetMaxOpenConns(n)
		sqlDB.SetMaxIdleConns(n)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return d, nil
}

// withoutJIT turns PostgreSQL's JIT off on PRIMA's connections unless the
// DATABASE_URL sets it. PRIMA's statements are short and bounded by partial
// indexes, but the planner estimates their cost from statistics that a burst
// (100,000 doses opened by one tick) leaves far from the truth; above
// jit_above_cost it then spends hundreds of milliseconds compiling a plan
// that reads no row.
func withoutJIT(raw string) string {
	u, err := neturl.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	if q.Has("jit") {
		return raw
	}
	q.Set("jit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}

// Ping checks the database answers.
func (d *DB) Ping(ctx context.Context) error {
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes the pool.
func (d *DB) Close() error {
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// JSONArrayContains is a WHERE fragment true when the JSON array column holds
// the string given as the single bind parameter.
func (d *DB) JSONArrayContains(column string) string {
	if d.Dialect == Postgres {
		return column + " @> jsonb_build_array(?::text)"
	}
	return "EXISTS (SELECT 1 FROM json_each(" + column + ") WHERE json_each.value = ?)"
}

// IsUniqueViolation reports whether err is a unique-constraint violation.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// SkipLocked is the row-lock clause that lets concurrent claimers pass over each
// other's rows: " FOR UPDATE SKIP LOCKED" on PostgreSQL, nothing on SQLite
// (whose single writer makes the claiming UPDATE atomic on its own).
func (d *DB) SkipLocked() string {
	if d.Dialect == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// EscapeLike escapes the LIKE wildcards of s, for patterns written with
// ESCAPE '\' (the same on SQLite and PostgreSQL).
func EscapeLike(s string) string {
	return likeEscaper.Replace(s)
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
