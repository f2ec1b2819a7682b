// Package apikey issues and verifies the API keys integrations call PRIMA
// with (SPEC §4.1): random, shown once, stored only as a hash, tenant-scoped,
// narrowed by scopes, optionally expiring, revocable with immediate effect.
package apikey

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/identity"
)

// TokenPrefix starts every key, so a caller (and a secret scanner) can tell a
// key from a session token.
const TokenPrefix = "prima_"

const (
	// visibleLen is how many random characters the displayed prefix shows.
	visibleLen = 6
	// randomLen is the number of random characters after TokenPrefix
	// (36 symbols each: about 207 bits).
	randomLen = 40
	alphabet  = "abcdefghijklmnopqrstuvwxyz0123456789"
)

// Key is a stored API key (never its plaintext).
type Key struct {
	ID         string `gorm:"primaryKey"`
	TenantID   string
	Name       string
	Prefix     string // "prima_ab12cd": TokenPrefix and the first random characters
	KeyHash    string
	Scopes     string // comma-separated, in identity.Scopes order
	CreatedBy  string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	ExpiresAt  *time.Time
	RevokedAt  *time.Time
	RevokedBy  *string
}

// TableName is the keys table.
func (Key) TableName() string { return "api_keys" }

// ScopeList returns the key's scopes.
func (k Key) ScopeList() []string {
	if k.Scopes == "" {
		return []string{}
	}
	return strings.Split(k.Scopes, ",")
}

// Identity is the verified key as the rest of PRIMA sees it.
func (k Key) Identity() identity.APIKey {
	return identity.APIKey{ID: k.ID, TenantID: k.TenantID, Name: k.Name, Prefix: k.Prefix,
		Scopes: k.ScopeList(), CreatedBy: k.CreatedBy, CreatedAt: k.CreatedAt}
}

// usable reports whether the key may be used at now.
func (k Key) usable(now time.Time) bool {
	return k.RevokedAt == nil && (k.ExpiresAt == nil || now.Before(*k.ExpiresAt))
}

// newToken returns a fresh plaintext key and its display prefix.
func newToken() (token, prefix string) {
	b := make([]byte, randomLen)
	if _, err := rand.Read(b); err != nil {
		panic("apikey: no randomness: " + err.Error())
	}
	out := make([]byte, randomLen)
	for i, c := range b {
		// 256 = 7*36 + 4: the bias toward the first four symbols is negligible
		// at 200+ bits, but reject them anyway to keep every symbol equal.
		for c >= 252 {
			var one [1]byte
			if _, err := rand.Read(one[:]); err != nil {
				panic("apikey: no randomness: " + err.Error())
			}
			c = one[0]
		}
		out[i] = alphabet[int(c)%len(alphabet)]
	}
	token = TokenPrefix + string(out)
	return token, token[:len(TokenPrefix)+visibleLen]
}

// hashToken is what is stored and looked up.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// wellFormed reports whether token could be a key (cheap check before a lookup).
func wellFormed(token string) bool {
	if !strings.HasPrefix(token, TokenPrefix) || len(token) != len(TokenPrefix)+randomLen {
		return false
	}
	for _, c := range token[len(TokenPrefix):] {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// IsKey reports whether a bearer token is meant as an API key.
func IsKey(token string) bool { return strings.HasPrefix(token, TokenPrefix) }
