package bench

import (
	"context"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm/logger"
	"gorm.io/gorm/utils"
)

// sqlCounter is a GORM logger that counts the statements the services run,
// and, when bySite is on, the statements and their time per call site. It
// prints nothing.
type sqlCounter struct {
	n      atomic.Int64
	bySite bool

	mu    sync.Mutex
	sites map[string]*siteStat
}

type siteStat struct {
	n    int64
	took time.Duration
}

var _ logger.Interface = (*sqlCounter)(nil)

func newSQLCounter(bySite bool) *sqlCounter {
	return &sqlCounter{bySite: bySite, sites: map[string]*siteStat{}}
}

func (c *sqlCounter) LogMode(logger.LogLevel) logger.Interface { return c }
func (c *sqlCounter) Info(context.Context, string, ...any)     {}
func (c *sqlCounter) Warn(context.Context, string, ...any)     {}
func (c *sqlCounter) Error(context.Context, string, ...any)    {}

// Trace is called once per statement.
func (c *sqlCounter) Trace(_ context.Context, begin time.Time, _ func() (string, int64), _ error) {
	c.n.Add(1)
	if !c.bySite {
		return
	}
	site := utils.FileWithLineNum()
	took := time.Since(begin)
	c.mu.Lock()
	s := c.sites[site]
	if s == nil {
		s = &siteStat{}
		c.sites[site] = s
	}
	s.n++
	s.took += took
	c.mu.Unlock()
}

// Count is the number of statements so far.
func (c *sqlCounter) Count() int64 { return c.n.Load() }

// siteLine is one call site's share of a phase.
type siteLine struct {
	Site string
	N    int64
	Took time.Duration
}

// takeSites returns the per-site statistics gathered since the last call,
// most time first, and starts afresh.
func (c *sqlCounter) takeSites() []siteLine {
	c.mu.Lock()
	sites := c.sites
	c.sites = map[string]*siteStat{}
	c.mu.Unlock()
	out := make([]siteLine, 0, len(sites))
	for k, v := range sites {
		out = append(out, siteLine{Site: k, N: v.n, Took: v.took})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Took > out[j].Took })
	return out
}
