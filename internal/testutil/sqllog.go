package testutil

import (
	"context"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// SQLLog is a GORM logger that keeps the SQL of every statement run through
// it, for tests that bound how many statements a piece of work takes.
type SQLLog struct {
	logger.Interface
	mu   sync.Mutex
	stmt []string
}

// NewSQLLog returns an empty log.
func NewSQLLog() *SQLLog { return &SQLLog{Interface: logger.Discard} }

// LogMode keeps the log as it is.
func (l *SQLLog) LogMode(logger.LogLevel) logger.Interface { return l }

// Trace records one statement.
func (l *SQLLog) Trace(_ context.Context, _ time.Time, fc func() (string, int64), _ error) {
	sql, _ := fc()
	l.mu.Lock()
	l.stmt = append(l.stmt, sql)
	l.mu.Unlock()
}

// Take returns the statements logged since the last Take and forgets them.
func (l *SQLLog) Take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.stmt
	l.stmt = nil
	return out
}

// Count is how many statements are logged since the last Take.
func (l *SQLLog) Count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.stmt)
}

// Session is g with every statement logged to l.
func (l *SQLLog) Session(g *gorm.DB) *gorm.DB { return g.Session(&gorm.Session{Logger: l}) }

// Logged is d with every statement logged to l.
func (l *SQLLog) Logged(d *db.DB) *db.DB {
	return &db.DB{Gorm: l.Session(d.Gorm), Dialect: d.Dialect, URL: d.URL}
}
