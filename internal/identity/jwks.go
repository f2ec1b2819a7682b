package identity

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/clerk/clerk-sdk-go/v2"
	"github.com/clerk/clerk-sdk-go/v2/jwks"
)

// fetchTimeout bounds one JWKS fetch; it does not depend on the request that
// caused it, so a caller hanging up cannot fail the fetch others wait for.
const fetchTimeout = 10 * time.Second

// retryAfterError is how soon a failed JWKS fetch may be tried again.
const retryAfterError = 5 * time.Second

var errUnknownKid = errors.New("unknown kid")

// keySet is Clerk's JWKS, cached. Keys are trusted for keyTTL. A kid the set
// does not list causes a fetch only if none happened for minInterval, and one
// fetch at a time serves every waiting caller, so forged tokens cannot make
// PRIMA call Clerk more than once a minute.
type keySet struct {
	client      *jwks.Client
	now         func() time.Time
	keyTTL      time.Duration
	minInterval time.Duration

	fetch sync.Mutex // held while fetching: one fetch at a time

	mu      sync.Mutex
	keys    map[string]*clerk.JSONWebKey
	fetched time.Time // last successful fetch
	next    time.Time // no fetch before this, whatever kid is asked for
}

func newKeySet(c *jwks.Client, now func() time.Time, keyTTL, minInterval time.Duration) *keySet {
	return &keySet{client: c, now: now, keyTTL: keyTTL, minInterval: minInterval}
}

// get returns the key for kid, fetching the JWKS when the cache cannot answer
// and a fetch is allowed.
func (s *keySet) get(ctx context.Context, kid string) (*clerk.JSONWebKey, error) {
	if k, fresh, mayFetch := s.cached(kid); fresh {
		return k, nil
	} else if !mayFetch && k == nil {
		return nil, errUnknownKid
	}
	s.fetch.Lock()
	defer s.fetch.Unlock()
	// Whoever held the lock may have fetched what this caller needs.
	k, fresh, mayFetch := s.cached(kid)
	if fresh {
		return k, nil
	}
	if !mayFetch {
		if k != nil {
			return k, nil // stale, but no fetch is allowed yet
		}
		return nil, errUnknownKid
	}
	keys, err := s.load(ctx)
	now := s.now()
	s.mu.Lock()
	if err != nil {
		s.next = now.Add(min(retryAfterError, s.minInterval))
	} else {
		s.keys, s.fetched, s.next = keys, now, now.Add(s.minInterval)
	}
	s.mu.Unlock()
	if err != nil {
		if k != nil {
			return k, nil // Clerk unreachable: keep trusting the key we had
		}
		return nil, fmt.Errorf("fetch JWKS: %w", err)
	}
	if k := keys[kid]; k != nil {
		return k, nil
	}
	return nil, errUnknownKid
}

// cached returns the cached key for kid (nil if none), whether it is fresh,
// and whether a fetch is allowed now.
func (s *keySet) cached(kid string) (key *clerk.JSONWebKey, fresh, mayFetch bool) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	key = s.keys[kid]
	fresh = key != nil && now.Sub(s.fetched) < s.keyTTL
	return key, fresh, !now.Before(s.next)
}

func (s *keySet) load(ctx context.Context) (map[string]*clerk.JSONWebKey, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), fetchTimeout)
	defer cancel()
	set, err := s.client.Get(ctx, &jwks.GetParams{})
	if err != nil {
		return nil, err
	}
	keys := make(map[string]*clerk.JSONWebKey, len(set.Keys))
	for _, k := range set.Keys {
		if k != nil && k.KeyID != "" {
			keys[k.KeyID] = k
		}
	}
	return keys, nil
}
