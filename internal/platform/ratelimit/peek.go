package ratelimit

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// Peek reports the current window of key without counting an event:
// Allowed is false once limit events were counted.
func (m *Memory) Peek(_ context.Context, key string, limit int, window time.Duration) (Result, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	count, start := 0, now.Truncate(window)
	if w, ok := m.windows[key]; ok && now.Sub(w.start) < window {
		count, start = w.count, w.start
	}
	return peekResult(count, limit, start.Add(window).Sub(now)), nil
}

// Peek reports the current window of key without counting an event.
func (r *Redis) Peek(ctx context.Context, key string, limit int, window time.Duration) (Result, error) {
	now := r.now()
	start := now.Truncate(window)
	n, err := r.client.Get(ctx, "prima:rl:"+key+":"+start.Format("20060102T150405")).Int()
	if err != nil && !errors.Is(err, redis.Nil) {
		return Result{}, err
	}
	return peekResult(n, limit, start.Add(window).Sub(now)), nil
}

func peekResult(count, limit int, reset time.Duration) Result {
	rem := limit - count
	if rem < 0 {
		rem = 0
	}
	return Result{Allowed: count < limit, Limit: limit, Remaining: rem, Reset: reset}
}
