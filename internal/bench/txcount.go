package bench

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
)

// txCounter counts what commits in the database, at the one place every GORM
// statement passes: the connection pool. It replaces the pool of the server's
// *gorm.DB with one that counts each statement run outside a transaction (it
// commits on its own) and hands out transactions that count their COMMIT and
// ROLLBACK. GORM begins transactions through the pool (ConnPoolBeginner), so
// every Transaction and Begin in PRIMA goes through it; nested transactions
// are savepoints inside the outer one and commit nothing themselves.
type txCounter struct {
	auto       atomic.Int64 // statements outside a transaction
	autoWrites atomic.Int64 // of which not a plain SELECT
	inTx       atomic.Int64 // statements inside transactions
	begun      atomic.Int64
	committed  atomic.Int64
	rolledBack atomic.Int64
}

// txCounts is a snapshot of the counter.
type txCounts struct {
	Auto, AutoWrites, InTx, Begun, Committed, RolledBack int64
}

// Commits is every commit the database made: explicit transactions and
// statements that ran on their own.
func (c txCounts) Commits() int64 { return c.Committed + c.Auto }

func (c txCounts) sub(o txCounts) txCounts {
	return txCounts{Auto: c.Auto - o.Auto, AutoWrites: c.AutoWrites - o.AutoWrites, InTx: c.InTx - o.InTx,
		Begun: c.Begun - o.Begun, Committed: c.Committed - o.Committed, RolledBack: c.RolledBack - o.RolledBack}
}

func (c *txCounter) snapshot() txCounts {
	return txCounts{Auto: c.auto.Load(), AutoWrites: c.autoWrites.Load(), InTx: c.inTx.Load(), Begun: c.begun.Load(),
		Committed: c.committed.Load(), RolledBack: c.rolledBack.Load()}
}

// wrap puts the counting pool under d's GORM handle. Call it before anything
// derives a session from d.Gorm (sessions copy the pool they start from).
func (c *txCounter) wrap(d *db.DB) {
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		panic(fmt.Sprintf("bench: the database has no *sql.DB pool: %v", err))
	}
	p := &countingPool{db: sqlDB, c: c}
	d.Gorm.ConnPool = p
	d.Gorm.Statement.ConnPool = p
}

func (c *txCounter) autocommit(query string) {
	c.auto.Add(1)
	q := strings.TrimLeft(query, " \t\r\n(")
	if len(q) < 6 || !strings.EqualFold(q[:6], "select") {
		c.autoWrites.Add(1)
	}
}

// countingPool is the pool outside transactions.
type countingPool struct {
	db *sql.DB
	c  *txCounter
}

var (
	_ gorm.ConnPool         = (*countingPool)(nil)
	_ gorm.ConnPoolBeginner = (*countingPool)(nil)
	_ gorm.GetDBConnector   = (*countingPool)(nil)
	_ gorm.TxCommitter      = (*countingTx)(nil)
	_ gorm.GetDBConnector   = (*countingTx)(nil)
)

func (p *countingPool) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.db.PrepareContext(ctx, query)
}

func (p *countingPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	p.c.autocommit(query)
	return p.db.ExecContext(ctx, query, args...)
}

func (p *countingPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	p.c.autocommit(query)
	return p.db.QueryContext(ctx, query, args...)
}

func (p *countingPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	p.c.autocommit(query)
	return p.db.QueryRowContext(ctx, query, args...)
}

func (p *countingPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	tx, err := p.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	p.c.begun.Add(1)
	return &countingTx{tx: tx, db: p.db, c: p.c}, nil
}

func (p *countingPool) GetDBConn() (*sql.DB, error) { return p.db, nil }

// countingTx is one transaction.
type countingTx struct {
	tx *sql.Tx
	db *sql.DB
	c  *txCounter
}

func (t *countingTx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, query)
}

func (t *countingTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	t.c.inTx.Add(1)
	return t.tx.ExecContext(ctx, query, args...)
}

func (t *countingTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	t.c.inTx.Add(1)
	return t.tx.QueryContext(ctx, query, args...)
}

func (t *countingTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	t.c.inTx.Add(1)
	return t.tx.QueryRowContext(ctx, query, args...)
}

func (t *countingTx) Commit() error {
	err := t.tx.Commit()
	if err == nil {
		t.c.committed.Add(1)
	}
	return err
}

func (t *countingTx) Rollback() error {
	err := t.tx.Rollback()
	if err == nil {
		t.c.rolledBack.Add(1)
	}
	return err
}

func (t *countingTx) GetDBConn() (*sql.DB, error) { return t.db, nil }
