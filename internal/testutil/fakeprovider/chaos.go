package fakeprovider

import (
	"hash/fnv"
	"math/rand/v2"
	"time"
)

// Chaos answers the sends no script covers at random, from a seeded source.
// Every answer is held back a uniform 0..MaxDelay; a share FailRate is
// answered with Fail; a share HangRate is taken (the patient gets the
// message) and answered only after Hang, or never when the client gives up
// first: an unknown outcome for the client. The rest succeed.
//
// A draw depends only on Seed, the recipient and how many sends to that
// recipient came before, so the same seed gives every recipient the same
// sequence of answers whatever the interleaving of concurrent sends.
type Chaos struct {
	Seed     uint64
	MaxDelay time.Duration
	FailRate float64
	// Fail is the failure answer; zero means HTTP 500 (GOWA's
	// INTERNAL_SERVER_ERROR envelope, NHN's -9999). Its Delay is replaced
	// by the drawn one.
	Fail     Reply
	HangRate float64
	Hang     time.Duration
}

// draw picks the answer to the n-th (0-based) send to phone and reports
// whether it is a hang.
func (ch *Chaos) draw(phone string, n int) (Reply, bool) {
	h := fnv.New64a()
	_, _ = h.Write([]byte(phone))
	rng := rand.New(rand.NewPCG(ch.Seed, h.Sum64()^(uint64(n+1)*0x9E3779B97F4A7C15)))
	var delay time.Duration
	if ch.MaxDelay > 0 {
		delay = time.Duration(rng.Int64N(int64(ch.MaxDelay) + 1))
	}
	p := rng.Float64()
	switch {
	case p < ch.FailRate:
		r := ch.Fail
		if r == (Reply{}) {
			r = Reply{Status: 500}
		}
		r.Delay = delay
		return r, false
	case p < ch.FailRate+ch.HangRate:
		return Reply{Delay: ch.Hang}, true
	}
	return Reply{Delay: delay}, false
}

// Stats counts what a fake did with all sends since it started (or Reset).
type Stats struct {
	Received int // send requests
	Accepted int // sends taken: copies a patient would receive
	Refused  int // sends answered with a failure (nothing reached the patient)
	Hung     int // sends Chaos chose to take and hold back for Chaos.Hang
	// Abandoned counts sends whose client went away before the answer was
	// written (its timeout, a cancelled request, a crashed process).
	Abandoned int
	// AbandonedAccepted counts abandoned sends that had been taken: the
	// patient got the message but the client never learned it.
	AbandonedAccepted int
}

// SendRecord is what a fake did with one send (kept while KeepRequests is on).
type SendRecord struct {
	Phone     string        // E.164 of the recipient
	At        time.Time     // when the request arrived
	Status    int           // HTTP status of the answer
	Accepted  bool          // taken: the patient gets it
	Hang      bool          // a Chaos hang
	Delay     time.Duration // how long the answer was to be held back
	Abandoned bool          // the client went away before the answer
}
