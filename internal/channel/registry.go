package channel

import (
	"errors"
	"net"
	"net/http"
	"slices"
	"time"
)

// DefaultTimeout bounds one provider request, from dialling to the last byte
// of the answer.
const DefaultTimeout = 15 * time.Second

// NewHTTPClient returns the HTTP client provider clients use by default:
// DefaultTimeout, and enough idle connections per host that a busy
// dispatcher reuses connections instead of opening one per message.
func NewHTTPClient() *http.Client {
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   128,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{Timeout: DefaultTimeout, Transport: t}
}

// Registry maps channel names to their senders. It is read-only once built
// and safe for concurrent use. Build it with NewRegistry, or from
// configuration with providers.New (which always includes the log channel).
type Registry struct {
	senders map[Name]Sender
}

// canonicalOrder is the order Configured reports channels in.
var canonicalOrder = []Name{WhatsApp, Kakao, SMS, Log}

// ErrDuplicateChannel is returned by NewRegistry when two senders share a name.
var ErrDuplicateChannel = errors.New("channel: two senders for the same channel")

// NewRegistry builds a registry from senders; nil senders are skipped.
func NewRegistry(senders ...Sender) (*Registry, error) {
	r := &Registry{senders: make(map[Name]Sender, len(senders))}
	for _, s := range senders {
		if s == nil {
			continue
		}
		if _, dup := r.senders[s.Name()]; dup {
			return nil, ErrDuplicateChannel
		}
		r.senders[s.Name()] = s
	}
	return r, nil
}

// Get returns the sender of a channel.
func (r *Registry) Get(n Name) (Sender, bool) {
	s, ok := r.senders[n]
	return s, ok
}

// Configured lists the channels present: whatsapp, kakao, sms, log in that
// order, then any other names alphabetically.
func (r *Registry) Configured() []Name {
	out := make([]Name, 0, len(r.senders))
	for _, n := range canonicalOrder {
		if _, ok := r.senders[n]; ok {
			out = append(out, n)
		}
	}
	var extra []Name
	for n := range r.senders {
		if !slices.Contains(canonicalOrder, n) {
			extra = append(extra, n)
		}
	}
	slices.Sort(extra)
	return append(out, extra...)
}
