package outbox

import (
	"sync"
	"sync/atomic"
	"time"
)

// Waker wakes idle dispatcher workers when a message is queued. Each worker
// has its own one-slot channel, so a wake-up is never lost and never blocks.
type Waker struct {
	mu   sync.Mutex
	subs []chan struct{}
	gen  atomic.Uint64 // wake-ups so far
}

// NewWaker returns a waker with no workers yet.
func NewWaker() *Waker { return &Waker{} }

// Wake tells every worker that there may be work.
func (w *Waker) Wake() {
	w.gen.Add(1)
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, c := range w.subs {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

func (w *Waker) subscribe() chan struct{} {
	c := make(chan struct{}, 1)
	w.mu.Lock()
	w.subs = append(w.subs, c)
	w.mu.Unlock()
	return c
}

func (w *Waker) generation() uint64 { return w.gen.Load() }

// laneWaits remembers, per lane, until when this process's workers need not
// claim from it. A wait ends early once a message has been queued since it
// began (the waker's generation moved on).
type laneWaits struct {
	mu sync.Mutex
	m  map[lane]laneWait
}

type laneWait struct {
	until time.Time
	gen   uint64 // the waker's generation when the wait began
	empty bool   // the lane was found empty (not waiting on a limit)
}

func (w *laneWaits) set(l lane, lw laneWait) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.m == nil {
		w.m = map[lane]laneWait{}
	}
	w.m[l] = lw
}

// get is the lane's wait, if one still stands at the waker's generation gen.
func (w *laneWaits) get(l lane, gen uint64) (laneWait, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	lw, ok := w.m[l]
	if !ok || lw.gen != gen {
		return laneWait{}, false
	}
	return lw, true
}
