package events

import (
	"math/rand/v2"
	"time"
)

// Schedule is the wait before each retry of a delivery (the last repeats),
// about a day in all before MaxRetryAge ends it.
var Schedule = []time.Duration{
	5 * time.Second, 30 * time.Second, 2 * time.Minute, 10 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour,
}

// MaxRetryAge is how long after its first attempt a delivery is retried.
const MaxRetryAge = 24 * time.Hour

// backoff is the wait after the attempts-th failed attempt (1-based), with
// ±20 % jitter so endpoints that failed together are not retried together.
func backoff(attempts int) time.Duration {
	base := Schedule[min(max(attempts, 1), len(Schedule))-1]
	jitter := time.Duration((rand.Float64()*0.4 - 0.2) * float64(base))
	return base + jitter
}
