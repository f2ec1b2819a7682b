package bench

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/prima-health/prima/internal/platform/db"
)

// fillRow writes row i's values into row (one per column, nil for NULL).
// Values are string, *string, time.Time, *time.Time, bool, int or nil.
type fillRow func(i int, row []any)

// sink bulk-loads generated rows into a table.
type sink interface {
	load(ctx context.Context, table string, cols []string, n int, fill fillRow) error
}

func newSink(d *db.DB) (sink, error) {
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return nil, err
	}
	if d.Dialect == db.Postgres {
		return copySink{db: sqlDB}, nil
	}
	return insertSink{db: sqlDB}, nil
}

// copySink streams rows into PostgreSQL with COPY … FROM STDIN (text format).
type copySink struct{ db *sql.DB }

func (s copySink) load(ctx context.Context, table string, cols []string, n int, fill fillRow) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("bench: COPY needs a pgx connection, got %T", dc)
		}
		pr, pw := io.Pipe()
		go func() {
			w := bufio.NewWriterSize(pw, 256<<10)
			row := make([]any, len(cols))
			var err error
			for i := 0; i < n && err == nil; i++ {
				clear(row)
				fill(i, row)
				err = writeCopyRow(w, row)
			}
			if err == nil {
				err = w.Flush()
			}
			pw.CloseWithError(err)
		}()
		_, err := sc.Conn().PgConn().CopyFrom(ctx, pr, "COPY "+table+" ("+strings.Join(cols, ", ")+") FROM STDIN")
		_ = pr.CloseWithError(errors.New("bench: COPY ended"))
		if err != nil {
			return fmt.Errorf("COPY %s: %w", table, err)
		}
		return nil
	})
}

var copyEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

func writeCopyRow(w *bufio.Writer, row []any) error {
	for i, v := range row {
		if i > 0 {
			_ = w.WriteByte('\t')
		}
		switch x := v.(type) {
		case nil:
			_, _ = w.WriteString(`\N`)
		case string:
			_, _ = copyEscaper.WriteString(w, x)
		case *string:
			if x == nil {
				_, _ = w.WriteString(`\N`)
			} else {
				_, _ = copyEscaper.WriteString(w, *x)
			}
		case time.Time:
			_, _ = w.WriteString(x.UTC().Format(time.RFC3339Nano))
		case *time.Time:
			if x == nil {
				_, _ = w.WriteString(`\N`)
			} else {
				_, _ = w.WriteString(x.UTC().Format(time.RFC3339Nano))
			}
		case bool:
			if x {
				_ = w.WriteByte('t')
			} else {
				_ = w.WriteByte('f')
			}
		case int:
			_, _ = w.WriteString(strconv.Itoa(x))
		default:
			return fmt.Errorf("bench: cannot COPY a %T", v)
		}
	}
	return w.WriteByte('\n')
}

// insertSink loads rows into SQLite with multi-row INSERTs, many per transaction.
type insertSink struct{ db *sql.DB }

// sqliteMaxVars stays under SQLite's default limit of bind parameters per
// statement; sqliteRowsPerInsert keeps statements short, since the driver's
// binding time grows with the square of the number of parameters.
const (
	sqliteMaxVars       = 32000
	sqliteRowsPerInsert = 40
)

func (s insertSink) load(ctx context.Context, table string, cols []string, n int, fill fillRow) error {
	per := min(sqliteRowsPerInsert, sqliteMaxVars/len(cols))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	stmtFor := func(rows int) string {
		return head + strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
	}
	full := stmtFor(per)
	const perTx = 400 // statements per transaction
	row := make([]any, len(cols))
	args := make([]any, 0, per*len(cols))
	for start := 0; start < n; {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		for k := 0; k < perTx && start < n; k++ {
			end := min(start+per, n)
			args = args[:0]
			for i := start; i < end; i++ {
				clear(row)
				fill(i, row)
				for _, v := range row {
					args = append(args, sqliteValue(v))
				}
			}
			q := full
			if end-start != per {
				q = stmtFor(end - start)
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				_ = tx.Rollback()
				return fmt.Errorf("insert into %s: %w", table, err)
			}
			start = end
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// sqliteValue is v as the driver takes it; times are UTC like the server writes them.
func sqliteValue(v any) any {
	switch x := v.(type) {
	case *string:
		if x == nil {
			return nil
		}
		return *x
	case time.Time:
		return x.UTC()
	case *time.Time:
		if x == nil {
			return nil
		}
		return x.UTC()
	}
	return v
}
