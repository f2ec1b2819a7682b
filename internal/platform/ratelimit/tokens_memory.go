package ratelimit

import (
	"context"
	"sync"
	"time"
)

// tokensSweepEvery is how often MemoryTokens drops full buckets and ended pauses.
const tokensSweepEvery = time.Minute

// MemoryTokens is an in-process Tokens for a single replica. It keeps one
// theoretical arrival time (TAT) per key, like the Redis implementation, and is
// safe for concurrent use.
type MemoryTokens struct {
	mu     sync.Mutex
	now    func() time.Time
	tat    map[string]time.Time // a key whose TAT is not after now has a full burst
	pauses map[string]time.Time
	sweep  time.Time
}

// NewMemoryTokens returns an in-process Tokens; now may be nil for the system clock.
func NewMemoryTokens(now func() time.Time) *MemoryTokens {
	if now == nil {
		now = time.Now
	}
	return &MemoryTokens{now: now, tat: map[string]time.Time{}, pauses: map[string]time.Time{}}
}

// Take grants up to n tokens of key at perSecond tokens a second with a burst of perSecond.
func (m *MemoryTokens) Take(_ context.Context, key string, perSecond, n int) (int, time.Duration, error) {
	if n <= 0 {
		return 0, 0, nil
	}
	if perSecond <= 0 {
		return n, 0, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.sweepLocked(now)

	ei := emissionInterval(perSecond)
	tat, ok := m.tat[key]
	if !ok || tat.Before(now) {
		tat = now
	}
	// diff is the credit accumulated since the bucket was last empty, at most one burst.
	diff := now.Sub(tat.Add(-ei * time.Duration(perSecond)))
	avail := int(diff / ei)
	if avail < 1 {
		return 0, ei - diff, nil
	}
	granted := min(avail, n)
	m.tat[key] = tat.Add(ei * time.Duration(granted))
	if granted < n {
		return granted, ei - (diff - ei*time.Duration(granted)), nil
	}
	return granted, 0, nil
}

// Pause stops key until until; an existing later pause is kept.
func (m *MemoryTokens) Pause(_ context.Context, key string, until time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.sweepLocked(now)
	if !until.After(now) {
		return nil
	}
	if cur, ok := m.pauses[key]; !ok || until.After(cur) {
		m.pauses[key] = until
	}
	return nil
}

// PausedUntil returns the end of key's pause, or the zero time when it is not paused.
func (m *MemoryTokens) PausedUntil(_ context.Context, key string) (time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.sweepLocked(now)
	until, ok := m.pauses[key]
	if !ok {
		return time.Time{}, nil
	}
	if !until.After(now) {
		delete(m.pauses, key)
		return time.Time{}, nil
	}
	return until, nil
}

// sweepLocked drops full buckets and ended pauses, at most once per tokensSweepEvery.
func (m *MemoryTokens) sweepLocked(now time.Time) {
	if now.Sub(m.sweep) < tokensSweepEvery {
		return
	}
	for k, tat := range m.tat {
		if !tat.After(now) {
			delete(m.tat, k)
		}
	}
	for k, until := range m.pauses {
		if !until.After(now) {
			delete(m.pauses, k)
		}
	}
	m.sweep = now
}
