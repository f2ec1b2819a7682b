package outbox

import "sync"

// Waker wakes idle dispatcher workers when a message is queued. Each worker
// has its own one-slot channel, so a wake-up is never lost and never blocks.
type Waker struct {
	mu   sync.Mutex
	subs []chan struct{}
}

// NewWaker returns a waker with no workers yet.
func NewWaker() *Waker { return &Waker{} }

// Wake tells every worker that there may be work.
func (w *Waker) Wake() {
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
