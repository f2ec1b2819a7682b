// Package ratelimit counts requests in fixed windows, in-process or shared
// across replicas through Redis.
package ratelimit

import (
	"context"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Result is the outcome of one Allow call.
type Result struct {
	Allowed   bool
	Limit     int
	Remaining int
	Reset     time.Duration // until the window ends
}

// Limiter allows at most limit events per window for a key.
type Limiter interface {
	// Allow counts one event and says whether it is within the limit.
	Allow(ctx context.Context, key string, limit int, window time.Duration) (Result, error)
	// Peek says whether another event would be within the limit, counting nothing.
	Peek(ctx context.Context, key string, limit int, window time.Duration) (Result, error)
}

// Memory is an in-process limiter for a single replica.
type Memory struct {
	mu      sync.Mutex
	now     func() time.Time
	windows map[string]*memWindow
	sweep   time.Time
}

type memWindow struct {
	start time.Time
	count int
}

// NewMemory returns an in-process limiter; now may be nil for the system clock.
func NewMemory(now func() time.Time) *Memory {
	if now == nil {
		now = time.Now
	}
	return &Memory{now: now, windows: map[string]*memWindow{}}
}

// Allow counts one event.
func (m *Memory) Allow(_ context.Context, key string, limit int, window time.Duration) (Result, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if now.Sub(m.sweep) > window {
		for k, w := range m.windows {
			if now.Sub(w.start) >= window {
				delete(m.windows, k)
			}
		}
		m.sweep = now
	}
	w, ok := m.windows[key]
	if !ok || now.Sub(w.start) >= window {
		w = &memWindow{start: now.Truncate(window)}
		m.windows[key] = w
	}
	w.count++
	return result(w.count, limit, w.start.Add(window).Sub(now)), nil
}

func result(count, limit int, reset time.Duration) Result {
	rem := limit - count
	if rem < 0 {
		rem = 0
	}
	return Result{Allowed: count <= limit, Limit: limit, Remaining: rem, Reset: reset}
}

// Redis is a limiter shared by every replica using one Redis.
type Redis struct {
	client redis.UniversalClient
	now    func() time.Time
}

// NewRedis returns a Redis-backed limiter.
func NewRedis(client redis.UniversalClient, now func() time.Time) *Redis {
	if now == nil {
		now = time.Now
	}
	return &Redis{client: client, now: now}
}

// Allow counts one event in the current window, atomically.
func (r *Redis) Allow(ctx context.Context, key string, limit int, window time.Duration) (Result, error) {
	now := r.now()
	start := now.Truncate(window)
	k := "prima:rl:" + key + ":" + start.Format("20060102T150405")
	pipe := r.client.TxPipeline()
	incr := pipe.Incr(ctx, k)
	pipe.PExpire(ctx, k, window+time.Second)
	if _, err := pipe.Exec(ctx); err != nil {
		return Result{}, err
	}
	return result(int(incr.Val()), limit, start.Add(window).Sub(now)), nil
}
