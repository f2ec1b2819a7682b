package db

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// MigrationStatus is one migration and whether it is applied.
type MigrationStatus struct {
	Version int64
	Name    string
	Applied bool
}

func (d *DB) provider(migrations fs.FS) (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, string(d.Dialect))
	if err != nil {
		return nil, err
	}
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, sqlDB, sub, opts...)
}

// MigrateUp applies every pending migration and returns how many ran.
func (d *DB) MigrateUp(ctx context.Context, migrations fs.FS) (int, error) {
	p, err := d.provider(migrations)
	if err != nil {
		return 0, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("apply migrations: %w", err)
	}
	return len(res), nil
}

// MigrationStatuses lists every migration with its state.
func (d *DB) MigrationStatuses(ctx context.Context, migrations fs.FS) ([]MigrationStatus, error) {
	p, err := d.provider(migrations)
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]MigrationStatus, 0, len(st))
	for _, s := range st {
		out = append(out, MigrationStatus{Version: s.Source.Version, Name: s.Source.Path, Applied: s.State == goose.StateApplied})
	}
	return out, nil
}

// HasPendingMigrations reports whether the schema is behind the binary.
func (d *DB) HasPendingMigrations(ctx context.Context, migrations fs.FS) (bool, error) {
	p, err := d.provider(migrations)
	if err != nil {
		return false, err
	}
	return p.HasPending(ctx)
}
