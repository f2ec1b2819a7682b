package ratelimit

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

const (
	// tokensPrefix namespaces token buckets; redis_rate adds its own "rate:"
	// in front, so a bucket lives at "rate:prima:tokens:<key>".
	tokensPrefix = "prima:tokens:"
	pausePrefix  = "prima:pause:"
)

// pauseScript keeps the later of the stored and the requested pause end (unix
// ms) and lets Redis drop the key when the pause ends.
var pauseScript = redis.NewScript(`
local cur = tonumber(redis.call("GET", KEYS[1]))
local v = tonumber(ARGV[1])
if cur and cur >= v then
  return 0
end
redis.call("SET", KEYS[1], ARGV[1])
redis.call("PEXPIREAT", KEYS[1], ARGV[1])
return 1
`)

// RedisTokens is a Tokens shared by every replica using one Redis. Buckets use
// the GCRA of redis_rate, timed by the Redis server's clock.
//
// When only part of n can be granted, redis_rate also spends the fraction of
// the next token that had accrued, so under sustained pressure a key can get
// slightly less than perSecond (less than one token per partial grant).
type RedisTokens struct {
	client  redis.UniversalClient
	limiter *redis_rate.Limiter
	now     func() time.Time
}

// NewRedisTokens returns a Redis-backed Tokens.
func NewRedisTokens(client redis.UniversalClient) *RedisTokens {
	return &RedisTokens{client: client, limiter: redis_rate.NewLimiter(client), now: time.Now}
}

// Take grants up to n tokens of key at perSecond tokens a second with a burst of perSecond.
func (r *RedisTokens) Take(ctx context.Context, key string, perSecond, n int) (int, time.Duration, error) {
	if n <= 0 {
		return 0, 0, nil
	}
	if perSecond <= 0 {
		return n, 0, nil
	}
	res, err := r.limiter.AllowAtMost(ctx, tokensPrefix+key, redis_rate.PerSecond(perSecond), n)
	if err != nil {
		return 0, 0, err
	}
	granted := min(max(res.Allowed, 0), n)
	if granted == n {
		return granted, 0, nil
	}
	retry := res.RetryAfter
	if granted > 0 {
		// A partial grant empties the bucket: the next token is one interval away.
		retry = emissionInterval(perSecond)
	}
	if retry <= 0 {
		retry = time.Millisecond
	}
	return granted, retry, nil
}

// Pause stops key until until; an existing later pause is kept. The Redis key
// expires when the pause ends.
func (r *RedisTokens) Pause(ctx context.Context, key string, until time.Time) error {
	return pauseScript.Run(ctx, r.client, []string{pausePrefix + key}, until.UnixMilli()).Err()
}

// PausedUntil returns the end of key's pause, or the zero time when it is not paused.
func (r *RedisTokens) PausedUntil(ctx context.Context, key string) (time.Time, error) {
	s, err := r.client.Get(ctx, pausePrefix+key).Result()
	if errors.Is(err, redis.Nil) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	until := time.UnixMilli(ms)
	if !until.After(r.now()) {
		return time.Time{}, nil
	}
	return until, nil
}
