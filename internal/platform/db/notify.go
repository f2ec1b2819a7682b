package db

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// Notify tells every process listening on channel that something changed, once
// tx commits (PostgreSQL NOTIFY; nothing on SQLite, whose only process is
// this one).
func (d *DB) Notify(tx *gorm.DB, channel string) error {
	if d.Dialect != Postgres {
		return nil
	}
	return tx.Exec("SELECT pg_notify(?, '')", channel).Error
}

// Listen calls fn for every notification on channel until ctx ends, on a
// connection of its own, reconnecting after failures. On SQLite it returns at
// once: there is nobody else to hear from.
func (d *DB) Listen(ctx context.Context, channel string, fn func(), log *slog.Logger) {
	if d.Dialect != Postgres {
		return
	}
	wait := time.Second
	for ctx.Err() == nil {
		err := d.listenOnce(ctx, channel, fn)
		if ctx.Err() != nil {
			return
		}
		if log != nil && err != nil {
			log.Warn("database notifications interrupted; polling until they are back", slog.String("error", err.Error()))
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(wait*2, 30*time.Second)
	}
}

func (d *DB) listenOnce(ctx context.Context, channel string, fn func()) error {
	conn, err := pgx.Connect(ctx, d.URL)
	if err != nil {
		return err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = conn.Close(cctx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	fn() // anything queued while no one listened
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		fn()
	}
}
