package ratelimit

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// tokensImpl is one Tokens implementation under test.
type tokensImpl struct {
	name string
	a, b Tokens // b shares a's state: another instance on the same Redis, or a itself in memory
	// shared is true when a and b are distinct instances sharing one store.
	shared bool
	// exact is true when the test controls the clock; otherwise time really
	// passes (real Redis) and assertions allow for it.
	exact bool
	// advance moves the implementation's clock forward by d.
	advance func(d time.Duration)
	// rdb is the Redis behind a and b, nil in memory.
	rdb redis.UniversalClient
	// now is the controlled clock of an exact implementation.
	now func() time.Time
}

func tokensImpls(t *testing.T) []tokensImpl {
	t.Helper()
	var out []tokensImpl

	memClock := newFakeClock()
	mem := NewMemoryTokens(memClock.now)
	out = append(out, tokensImpl{name: "memory", a: mem, b: mem, exact: true, advance: memClock.advance, now: memClock.now})

	mr := miniredis.RunT(t)
	mrClock := newFakeClock()
	mr.SetTime(mrClock.now())
	mrA := redis.NewClient(&redis.Options{Addr: mr.Addr()})
	mrB := redis.NewClient(&redis.Options{Addr: mr.Addr()})
	t.Cleanup(func() { _ = mrA.Close(); _ = mrB.Close() })
	ta, tb := NewRedisTokens(mrA), NewRedisTokens(mrB)
	ta.now, tb.now = mrClock.now, mrClock.now
	advance := func(d time.Duration) {
		mrClock.advance(d)
		mr.SetTime(mrClock.now())
		mr.FastForward(d)
	}
	// A Redis clock never stands still between two commands: redis_rate computes
	// in float seconds, and with a frozen TIME a partial grant can lose a token
	// to rounding. Each call therefore moves the clock by a microsecond.
	tick := func() { advance(time.Microsecond) }
	out = append(out, tokensImpl{
		name: "miniredis", a: tickingTokens{ta, tick}, b: tickingTokens{tb, tick},
		shared: true, exact: true, rdb: mrA, advance: advance, now: mrClock.now,
	})

	if url := os.Getenv("PRIMA_TEST_REDIS_URL"); url != "" {
		opt, err := redis.ParseURL(url)
		if err != nil {
			t.Fatal(err)
		}
		ca, cb := redis.NewClient(opt), redis.NewClient(opt)
		t.Cleanup(func() { _ = ca.Close(); _ = cb.Close() })
		out = append(out, tokensImpl{
			name: "redis", a: NewRedisTokens(ca), b: NewRedisTokens(cb), shared: true, rdb: ca,
			advance: func(d time.Duration) { time.Sleep(d) },
		})
	}
	return out
}

// tickingTokens runs before ahead of every call.
type tickingTokens struct {
	Tokens
	before func()
}

func (w tickingTokens) Take(ctx context.Context, key string, perSecond, n int) (int, time.Duration, error) {
	w.before()
	return w.Tokens.Take(ctx, key, perSecond, n)
}

func (w tickingTokens) Pause(ctx context.Context, key string, until time.Time) error {
	w.before()
	return w.Tokens.Pause(ctx, key, until)
}

func (w tickingTokens) PausedUntil(ctx context.Context, key string) (time.Time, error) {
	w.before()
	return w.Tokens.PausedUntil(ctx, key)
}

type fakeClock struct {
	mu  sync.Mutex
	cur time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{cur: time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cur
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cur = c.cur.Add(d)
}

// tokenKey is unique per test and run, so runs against a real Redis never share
// state; its pause key is removed when the test ends.
func tokenKey(t *testing.T, im tokensImpl) string {
	key := fmt.Sprintf("test:%s:%d", t.Name(), time.Now().UnixNano())
	if im.rdb != nil {
		t.Cleanup(func() { im.rdb.Del(context.Background(), pausePrefix+key) })
	}
	return key
}

func take(t *testing.T, tk Tokens, key string, perSecond, n int) (int, time.Duration) {
	t.Helper()
	g, retry, err := tk.Take(context.Background(), key, perSecond, n)
	if err != nil {
		t.Fatalf("Take(%d, %d): %v", perSecond, n, err)
	}
	if g < 0 || g > n {
		t.Fatalf("Take(%d, %d) granted %d", perSecond, n, g)
	}
	if g < n && retry <= 0 {
		t.Fatalf("Take(%d, %d) granted %d with retryAfter %v, want > 0", perSecond, n, g, retry)
	}
	if g == n && retry != 0 {
		t.Fatalf("Take(%d, %d) granted all with retryAfter %v, want 0", perSecond, n, retry)
	}
	return g, retry
}

// within fails unless lo <= got <= hi; exact implementations must hit want.
func within(t *testing.T, im tokensImpl, what string, got, want, hi int) {
	t.Helper()
	if im.exact {
		if got != want {
			t.Fatalf("%s: got %d, want %d", what, got, want)
		}
		return
	}
	if got < want || got > hi {
		t.Fatalf("%s: got %d, want %d..%d", what, got, want, hi)
	}
}

func TestTokensBurstThenEmpty(t *testing.T) {
	for _, im := range tokensImpls(t) {
		t.Run(im.name, func(t *testing.T) {
			key := tokenKey(t, im)
			if g, _ := take(t, im.a, key, 10, 10); g != 10 {
				t.Fatalf("burst: granted %d, want 10", g)
			}
			g, retry := take(t, im.a, key, 10, 1)
			within(t, im, "after burst", g, 0, 0)
			if retry > 100*time.Millisecond {
				t.Fatalf("retryAfter %v, want at most one interval (100ms)", retry)
			}
			if im.exact && retry < 99*time.Millisecond {
				t.Fatalf("retryAfter %v, want 100ms", retry)
			}
		})
	}
}

func TestTokensSteadyRate(t *testing.T) {
	for _, im := range tokensImpls(t) {
		t.Run(im.name, func(t *testing.T) {
			key := tokenKey(t, im)
			if g, _ := take(t, im.a, key, 10, 10); g != 10 {
				t.Fatalf("burst: granted %d, want 10", g)
			}
			im.advance(500 * time.Millisecond)
			g, retry := take(t, im.a, key, 10, 10)
			within(t, im, "after 500ms", g, 5, 7)
			if retry > 100*time.Millisecond {
				t.Fatalf("retryAfter %v, want at most 100ms", retry)
			}
			im.advance(50 * time.Millisecond)
			g, _ = take(t, im.a, key, 10, 10)
			within(t, im, "after 50ms more", g, 0, 2)

			// Idle time refills one burst, never more.
			im.advance(1100 * time.Millisecond)
			if g, _ := take(t, im.a, key, 10, 25); g != 10 {
				t.Fatalf("after idling: granted %d, want the burst of 10", g)
			}
		})
	}
}

func TestTokensGrantsFewerThanAvailable(t *testing.T) {
	for _, im := range tokensImpls(t) {
		t.Run(im.name, func(t *testing.T) {
			key := tokenKey(t, im)
			for i := 0; i < 2; i++ {
				if g, _ := take(t, im.a, key, 10, 3); g != 3 {
					t.Fatalf("call %d: granted %d, want 3", i, g)
				}
			}
			g, _ := take(t, im.a, key, 10, 10)
			within(t, im, "rest of the burst", g, 4, 5)
		})
	}
}

func TestTokensFractionalRate(t *testing.T) {
	for _, im := range tokensImpls(t) {
		if !im.exact {
			continue
		}
		t.Run(im.name, func(t *testing.T) {
			key := tokenKey(t, im)
			if g, _ := take(t, im.a, key, 3, 5); g != 3 {
				t.Fatalf("burst: granted %d, want 3", g)
			}
			im.advance(340 * time.Millisecond) // a token every 333.3ms
			if g, _ := take(t, im.a, key, 3, 5); g != 1 {
				t.Fatalf("after 340ms: granted %d, want 1", g)
			}
			if g, _ := take(t, im.a, key, 3, 5); g != 0 {
				t.Fatalf("right after: granted %d, want 0", g)
			}
		})
	}
}

func TestTokensNoLimit(t *testing.T) {
	for _, im := range tokensImpls(t) {
		t.Run(im.name, func(t *testing.T) {
			key := tokenKey(t, im)
			for _, rate := range []int{0, -5} {
				for i := 0; i < 3; i++ {
					if g, _ := take(t, im.a, key, rate, 1000); g != 1000 {
						t.Fatalf("rate %d: granted %d, want 1000", rate, g)
					}
				}
			}
			if g, retry, err := im.a.Take(context.Background(), key, 10, 0); g != 0 || retry != 0 || err != nil {
				t.Fatalf("n=0: %d %v %v", g, retry, err)
			}
			// Unlimited calls spent nothing from the limited bucket.
			if g, _ := take(t, im.a, key, 10, 10); g != 10 {
				t.Fatalf("limited after unlimited: granted %d, want 10", g)
			}
		})
	}
}

func TestTokensSharedBudget(t *testing.T) {
	for _, im := range tokensImpls(t) {
		if !im.shared {
			continue
		}
		t.Run(im.name, func(t *testing.T) {
			key := tokenKey(t, im)
			if g, _ := take(t, im.a, key, 10, 6); g != 6 {
				t.Fatalf("first instance: granted %d, want 6", g)
			}
			g, _ := take(t, im.b, key, 10, 10)
			within(t, im, "second instance", g, 4, 5)
			g, _ = take(t, im.a, key, 10, 10)
			within(t, im, "first instance again", g, 0, 1)
		})
	}
}

func TestTokensKeysAreIndependent(t *testing.T) {
	for _, im := range tokensImpls(t) {
		t.Run(im.name, func(t *testing.T) {
			key := tokenKey(t, im)
			if g, _ := take(t, im.a, key+":a", 5, 5); g != 5 {
				t.Fatalf("key a: granted %d, want 5", g)
			}
			if g, _ := take(t, im.a, key+":b", 5, 5); g != 5 {
				t.Fatalf("key b: granted %d, want 5 (must not share key a's bucket)", g)
			}
		})
	}
}

func TestTokensPause(t *testing.T) {
	ctx := context.Background()
	for _, im := range tokensImpls(t) {
		t.Run(im.name, func(t *testing.T) {
			key := tokenKey(t, im)
			if u, err := im.b.PausedUntil(ctx, key); err != nil || !u.IsZero() {
				t.Fatalf("never paused: %v %v", u, err)
			}
			until := time.Now().Add(time.Hour).Truncate(time.Millisecond)
			if im.exact {
				until = im.now().Truncate(time.Millisecond).Add(time.Hour)
			}
			if err := im.a.Pause(ctx, key, until); err != nil {
				t.Fatal(err)
			}
			if u, err := im.b.PausedUntil(ctx, key); err != nil || !u.Equal(until) {
				t.Fatalf("other instance sees %v %v, want %v", u, err, until)
			}
			if u, _ := im.b.PausedUntil(ctx, key+":other"); !u.IsZero() {
				t.Fatalf("other key paused until %v", u)
			}
		})
	}
}

func TestTokensLaterPauseWins(t *testing.T) {
	ctx := context.Background()
	for _, im := range tokensImpls(t) {
		t.Run(im.name, func(t *testing.T) {
			key := tokenKey(t, im)
			base := time.Now().Truncate(time.Millisecond)
			if im.exact {
				base = im.now().Truncate(time.Millisecond)
			}
			steps := []struct {
				by   Tokens
				at   time.Duration
				want time.Duration
			}{
				{im.a, 2 * time.Hour, 2 * time.Hour},
				{im.b, time.Hour, 2 * time.Hour}, // earlier: kept the later one
				{im.b, 3 * time.Hour, 3 * time.Hour},
				{im.a, -time.Hour, 3 * time.Hour}, // already over: no effect
			}
			for i, s := range steps {
				if err := s.by.Pause(ctx, key, base.Add(s.at)); err != nil {
					t.Fatal(err)
				}
				for _, tk := range []Tokens{im.a, im.b} {
					if u, err := tk.PausedUntil(ctx, key); err != nil || !u.Equal(base.Add(s.want)) {
						t.Fatalf("step %d: paused until %v %v, want %v", i, u, err, base.Add(s.want))
					}
				}
			}
		})
	}
}

func TestTokensPauseExpires(t *testing.T) {
	ctx := context.Background()
	for _, im := range tokensImpls(t) {
		t.Run(im.name, func(t *testing.T) {
			key := tokenKey(t, im)
			start := time.Now()
			if im.exact {
				start = im.now().Truncate(time.Millisecond)
			}
			if err := im.a.Pause(ctx, key, start.Add(300*time.Millisecond)); err != nil {
				t.Fatal(err)
			}
			if im.rdb != nil {
				ttl, err := im.rdb.PTTL(ctx, pausePrefix+key).Result()
				if err != nil || ttl <= 0 || ttl > 300*time.Millisecond {
					t.Fatalf("pause key TTL %v %v, want (0, 300ms]", ttl, err)
				}
			}
			if u, _ := im.b.PausedUntil(ctx, key); u.IsZero() {
				t.Fatal("not paused right after Pause")
			}
			im.advance(450 * time.Millisecond)
			if u, err := im.b.PausedUntil(ctx, key); err != nil || !u.IsZero() {
				t.Fatalf("after the end: paused until %v %v, want zero", u, err)
			}
			if im.rdb != nil {
				if n, err := im.rdb.Exists(ctx, pausePrefix+key).Result(); err != nil || n != 0 {
					t.Fatalf("pause key still in Redis: %d %v", n, err)
				}
			}
			// A pause that already ended sets nothing.
			if err := im.a.Pause(ctx, key, start); err != nil {
				t.Fatal(err)
			}
			if u, _ := im.b.PausedUntil(ctx, key); !u.IsZero() {
				t.Fatalf("pause in the past: paused until %v", u)
			}
		})
	}
}

func TestMemoryTokensSweepsExpiredEntries(t *testing.T) {
	clock := newFakeClock()
	m := NewMemoryTokens(clock.now)
	ctx := context.Background()
	for i := 0; i < 50; i++ {
		key := fmt.Sprintf("k%d", i)
		if _, _, err := m.Take(ctx, key, 10, 3); err != nil {
			t.Fatal(err)
		}
		if err := m.Pause(ctx, key, clock.now().Add(time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Pause(ctx, "long", clock.now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	clock.advance(2 * tokensSweepEvery)
	if _, _, err := m.Take(ctx, "fresh", 10, 1); err != nil {
		t.Fatal(err)
	}
	m.mu.Lock()
	nt, np := len(m.tat), len(m.pauses)
	m.mu.Unlock()
	if nt != 1 || np != 1 {
		t.Fatalf("after sweep: %d buckets, %d pauses; want 1 and 1", nt, np)
	}
}

func TestMemoryTokensConcurrentTakesNeverOvergrant(t *testing.T) {
	clock := newFakeClock()
	m := NewMemoryTokens(clock.now)
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 10; j++ {
				g, _, _ := m.Take(context.Background(), "k", 50, 1)
				mu.Lock()
				total += g
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if total != 50 {
		t.Fatalf("granted %d in total, want the burst of 50", total)
	}
}
