package identity

import (
	"crypto/sha256"
	"sync"
	"time"
)

// tokenCache remembers the claims of tokens that passed verification until
// they expire, so a dashboard's burst of requests with one session token pays
// for one RS256 verification instead of one each. Only verified tokens are
// kept (a refused token is verified, and refused, every time), keyed by the
// token's SHA-256; an entry never outlives the token's exp.
type tokenCache struct {
	mu      sync.Mutex
	entries map[[sha256.Size]byte]cachedClaims
	max     int
}

type cachedClaims struct {
	claims  Claims
	expires time.Time
}

// maxCachedTokens bounds the cache: a session token lives a minute, so this
// is far more than the signed-in users of one replica.
const maxCachedTokens = 20_000

func newTokenCache(max int) *tokenCache {
	return &tokenCache{entries: make(map[[sha256.Size]byte]cachedClaims), max: max}
}

func (c *tokenCache) get(token string, now time.Time) (Claims, bool) {
	k := sha256.Sum256([]byte(token))
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok {
		return Claims{}, false
	}
	if !now.Before(e.expires) {
		delete(c.entries, k)
		return Claims{}, false
	}
	return e.claims, true
}

func (c *tokenCache) put(token string, cl Claims, expires, now time.Time) {
	if !now.Before(expires) {
		return
	}
	k := sha256.Sum256([]byte(token))
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		for key, e := range c.entries {
			if !now.Before(e.expires) {
				delete(c.entries, key)
			}
		}
		if len(c.entries) >= c.max {
			clear(c.entries) // still full of live tokens: start again rather than grow
		}
	}
	c.entries[k] = cachedClaims{claims: cl, expires: expires}
}
