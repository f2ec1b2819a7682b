// Package fakeprovider runs local stand-ins for GOWA, NHN Cloud SMS and NHN
// AlimTalk that speak their wire formats (shared/contracts/), check
// credentials, record every send, and answer as scripted. They also build
// signed GOWA webhooks and NHN webhook bodies.
//
// The default answer is success. Script queues answers for the next sends
// (in order, whatever the recipient); ScriptFor queues answers for one
// recipient, which keeps concurrent tests deterministic. SetChaos answers
// what no script covers at random from a seeded source, for chaos tests. The
// fakes are built for load tests too: no sleeping on the normal path, one
// short critical section per send, and KeepRequests(false) stops keeping
// request copies.
package fakeprovider

import (
	"io"
	"maps"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Reply scripts one answer.
type Reply struct {
	// Status is the HTTP status; 0 means the one the provider uses for Code
	// (200 when Code is empty too).
	Status int
	// Code is GOWA's envelope code ("INVALID_JID") or NHN's header
	// resultCode ("-2019").
	Code string
	// Message is the provider's text; empty = a realistic default.
	Message string
	// RecipientCode (NHN only) makes the header succeed and the recipient's
	// resultCode fail with this value.
	RecipientCode int
	// RetryAfter sets a Retry-After header.
	RetryAfter string
	// Delay holds the answer back this long, or until the client gives up.
	// The send is still taken (and counted as accepted when the answer is a
	// success): it is the "provider got it, the answer was lost" case.
	Delay time.Duration
	// Raw is sent as the body instead of a generated one.
	Raw string
}

func (r Reply) accepted() bool {
	return (r.Status == 0 || (r.Status >= 200 && r.Status < 300)) && r.Code == "" && r.RecipientCode == 0
}

// core holds what the three fakes share: the script, the counters and the
// recorded requests, behind one mutex.
type core[T any] struct {
	mu       sync.Mutex
	queue    []Reply
	byPhone  map[string][]Reply
	def      Reply
	chaos    *Chaos
	requests []T
	sends    []SendRecord
	received map[string]int
	accepted map[string]int
	total    int
	stats    Stats
	noRecord bool
	status   func(Reply) int // the HTTP status a reply is answered with
}

func newCore[T any](status func(Reply) int) *core[T] {
	return &core[T]{byPhone: map[string][]Reply{}, received: map[string]int{}, accepted: map[string]int{}, status: status}
}

// Script queues answers for the next sends, whatever their recipient.
func (c *core[T]) Script(replies ...Reply) {
	c.mu.Lock()
	c.queue = append(c.queue, replies...)
	c.mu.Unlock()
}

// ScriptFor queues answers for the next sends to one E.164 number; they go
// before the general queue.
func (c *core[T]) ScriptFor(phone string, replies ...Reply) {
	c.mu.Lock()
	c.byPhone[phone] = append(c.byPhone[phone], replies...)
	c.mu.Unlock()
}

// SetDefault sets the answer used once the scripts are empty (success by default).
func (c *core[T]) SetDefault(r Reply) {
	c.mu.Lock()
	c.def = r
	c.mu.Unlock()
}

// SetChaos makes the answers no script covers random (nil: back to the
// default answer). See Chaos.
func (c *core[T]) SetChaos(ch *Chaos) {
	c.mu.Lock()
	if ch != nil {
		cp := *ch
		ch = &cp
	}
	c.chaos = ch
	c.mu.Unlock()
}

// KeepRequests turns keeping request copies (and send records) on (the
// default) or off; counts are kept either way.
func (c *core[T]) KeepRequests(on bool) {
	c.mu.Lock()
	c.noRecord = !on
	c.mu.Unlock()
}

// Requests returns copies of the recorded send requests, oldest first.
func (c *core[T]) Requests() []T {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.requests)
}

// Count is the number of send requests received for an E.164 number.
func (c *core[T]) Count(phone string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.received[phone]
}

// Accepted is the number of sends to an E.164 number that the fake took
// (answered with success, or held back by a Delay with a success answer).
func (c *core[T]) Accepted(phone string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.accepted[phone]
}

// AcceptedByPhone returns, per E.164 number, how many sends the fake took.
func (c *core[T]) AcceptedByPhone() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.accepted)
}

// Stats returns the counters over all sends.
func (c *core[T]) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}

// Sends returns what the fake did with each send, in arrival order.
func (c *core[T]) Sends() []SendRecord {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.sends)
}

// Total is the number of send requests received.
func (c *core[T]) Total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total
}

// Reset forgets scripts, counts and recorded requests.
func (c *core[T]) Reset() {
	c.mu.Lock()
	c.queue, c.requests, c.sends, c.total, c.def, c.chaos, c.stats = nil, nil, nil, 0, Reply{}, nil, Stats{}
	clear(c.byPhone)
	clear(c.received)
	clear(c.accepted)
	c.mu.Unlock()
}

// take picks the answer for one send and records it. override, when set,
// replaces the script (credential and validation failures) without using
// it up. fill completes the recorded request once the answer is known. The
// caller holds the answer back (hold) and then calls finish with whether the
// client went away first.
func (c *core[T]) take(phone string, override *Reply, fill func(*T, Reply)) (r Reply, finish func(abandoned bool)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	hang := false
	switch {
	case override != nil:
		r = *override
	case len(c.byPhone[phone]) > 0:
		q := c.byPhone[phone]
		r, c.byPhone[phone] = q[0], q[1:]
	case len(c.queue) > 0:
		r, c.queue = c.queue[0], c.queue[1:]
	case c.chaos != nil:
		r, hang = c.chaos.draw(phone, c.received[phone])
	default:
		r = c.def
	}
	c.total++
	c.received[phone]++
	c.stats.Received++
	ok := r.accepted()
	if ok {
		c.accepted[phone]++
		c.stats.Accepted++
	} else {
		c.stats.Refused++
	}
	if hang {
		c.stats.Hung++
	}
	var rec T
	fill(&rec, r)
	idx := -1
	if !c.noRecord {
		c.requests = append(c.requests, rec)
		idx = len(c.sends)
		c.sends = append(c.sends, SendRecord{Phone: phone, At: time.Now(), Status: c.status(r), Accepted: ok, Hang: hang, Delay: r.Delay})
	}
	return r, func(abandoned bool) {
		if !abandoned {
			return
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		c.stats.Abandoned++
		if ok {
			c.stats.AbandonedAccepted++
		}
		if idx >= 0 && idx < len(c.sends) {
			c.sends[idx].Abandoned = true
		}
	}
}

// hold waits out a scripted Delay, or until the client goes away; it reports
// whether the client went away first.
func hold(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return r.Context().Err() != nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return false
	case <-r.Context().Done():
		return true
	}
}

// readBody reads a request body (bounded).
func readBody(r *http.Request) []byte {
	b, _ := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	return b
}

func writeJSON(w http.ResponseWriter, status int, retryAfter string, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
