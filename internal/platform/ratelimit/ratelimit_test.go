package ratelimit

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

func limiters(t *testing.T, now func() time.Time) map[string]Limiter {
	out := map[string]Limiter{"memory": NewMemory(now)}
	mr := miniredis.RunT(t)
	out["miniredis"] = NewRedis(redis.NewClient(&redis.Options{Addr: mr.Addr()}), now)
	if url := os.Getenv("PRIMA_TEST_REDIS_URL"); url != "" {
		opt, err := redis.ParseURL(url)
		if err != nil {
			t.Fatal(err)
		}
		c := redis.NewClient(opt)
		t.Cleanup(func() { _ = c.Close() })
		out["redis"] = NewRedis(c, now)
	}
	return out
}

func TestLimiterAllowsLimitThenRefusesThenResets(t *testing.T) {
	base := time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)
	cur := base
	now := func() time.Time { return cur }
	for name, l := range limiters(t, now) {
		t.Run(name, func(t *testing.T) {
			cur = base
			ctx := context.Background()
			key := "user:" + name + ":" + time.Now().Format(time.RFC3339Nano)
			for i := 1; i <= 3; i++ {
				r, err := l.Allow(ctx, key, 3, time.Minute)
				if err != nil || !r.Allowed || r.Remaining != 3-i {
					t.Fatalf("call %d: %+v %v", i, r, err)
				}
			}
			r, _ := l.Allow(ctx, key, 3, time.Minute)
			if r.Allowed || r.Remaining != 0 || r.Reset <= 0 {
				t.Fatalf("4th call must be refused with a reset time: %+v", r)
			}
			cur = base.Add(time.Minute)
			r, _ = l.Allow(ctx, key, 3, time.Minute)
			if !r.Allowed {
				t.Fatalf("new window must allow: %+v", r)
			}
		})
	}
}

func TestPeekCountsNothing(t *testing.T) {
	base := time.Date(2026, 11, 22, 8, 0, 30, 0, time.UTC)
	cur := base
	now := func() time.Time { return cur }
	for name, l := range limiters(t, now) {
		t.Run(name, func(t *testing.T) {
			cur = base
			ctx := context.Background()
			key := "peek:" + name + ":" + time.Now().Format(time.RFC3339Nano)
			for i := 0; i < 5; i++ {
				if r, err := l.Peek(ctx, key, 2, time.Minute); err != nil || !r.Allowed || r.Remaining != 2 {
					t.Fatalf("peek on an empty window: %+v %v", r, err)
				}
			}
			_, _ = l.Allow(ctx, key, 2, time.Minute)
			_, _ = l.Allow(ctx, key, 2, time.Minute)
			r, err := l.Peek(ctx, key, 2, time.Minute)
			if err != nil || r.Allowed || r.Reset != 30*time.Second {
				t.Fatalf("peek after the limit: %+v %v", r, err)
			}
			cur = base.Add(time.Minute)
			if r, _ := l.Peek(ctx, key, 2, time.Minute); !r.Allowed {
				t.Fatalf("a new window: %+v", r)
			}
		})
	}
}
