package ratelimit

import (
	"context"
	"time"
)

// Tokens hands out send tokens at a steady rate (GCRA), in-process or shared by
// every replica through Redis. The outbox dispatcher uses it for per-channel and
// per-tenant throughput (SPEC §5.2).
//
// Take and the pause are independent: Take does not look at pauses, so callers
// check PausedUntil before taking tokens for a paused key.
type Tokens interface {
	// Take asks for up to n tokens of key, whose rate is perSecond tokens a second with a burst of
	// perSecond, and returns how many were granted (0..n). When fewer than n were granted, retryAfter
	// says how long until the next token (always > 0 then). perSecond <= 0 means no limit: all n granted.
	Take(ctx context.Context, key string, perSecond, n int) (granted int, retryAfter time.Duration, err error)
	// Pause stops key until `until` (a later existing pause is kept: the max wins). Used when a provider
	// answers 429: every replica must see the pause.
	Pause(ctx context.Context, key string, until time.Time) error
	// PausedUntil returns the end of key's pause, or the zero time when it is not paused.
	PausedUntil(ctx context.Context, key string) (time.Time, error)
}

var (
	_ Tokens = (*MemoryTokens)(nil)
	_ Tokens = (*RedisTokens)(nil)
)

// emissionInterval is the time between two tokens at perSecond tokens a second
// (perSecond > 0), never less than a nanosecond.
func emissionInterval(perSecond int) time.Duration {
	ei := time.Second / time.Duration(perSecond)
	if ei <= 0 {
		ei = 1
	}
	return ei
}
