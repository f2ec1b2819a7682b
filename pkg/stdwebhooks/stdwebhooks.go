// Package stdwebhooks signs and verifies webhooks with the Standard Webhooks
// scheme (https://www.standardwebhooks.com): headers webhook-id,
// webhook-timestamp and webhook-signature ("v1,<base64 HMAC-SHA256 of
// id.timestamp.body>", several separated by spaces during key rotation).
// Svix, which delivers Clerk's webhooks, uses the same scheme with "svix-"
// header names.
package stdwebhooks

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Tolerance is how far a timestamp may be from now.
const Tolerance = 5 * time.Minute

// Errors returned by Verify.
var (
	ErrMissingHeaders = errors.New("stdwebhooks: missing id, timestamp or signature header")
	ErrBadTimestamp   = errors.New("stdwebhooks: timestamp is malformed or outside the tolerance")
	ErrNoMatch        = errors.New("stdwebhooks: no signature matches")
	ErrBadSecret      = errors.New("stdwebhooks: secret must be whsec_ followed by base64")
)

// Prefix selects the header family: "webhook-" (Standard Webhooks) or "svix-".
type Prefix string

// Header families.
const (
	Standard Prefix = "webhook-"
	Svix     Prefix = "svix-"
)

// NewSecret returns a fresh "whsec_" secret with 32 random bytes.
func NewSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return "whsec_" + base64.StdEncoding.EncodeToString(b)
}

func key(secret string) ([]byte, error) {
	k, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil || len(k) == 0 {
		return nil, ErrBadSecret
	}
	return k, nil
}

// Sign returns the "v1,<base64>" signature of body.
func Sign(secret, id string, ts time.Time, body []byte) (string, error) {
	k, err := key(secret)
	if err != nil {
		return "", err
	}
	return "v1," + base64.StdEncoding.EncodeToString(mac(k, id, ts.Unix(), body)), nil
}

// Headers returns the three signed headers for body.
func Headers(p Prefix, secret, id string, ts time.Time, body []byte) (http.Header, error) {
	sig, err := Sign(secret, id, ts, body)
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	h.Set(string(p)+"id", id)
	h.Set(string(p)+"timestamp", strconv.FormatInt(ts.Unix(), 10))
	h.Set(string(p)+"signature", sig)
	return h, nil
}

func mac(k []byte, id string, ts int64, body []byte) []byte {
	m := hmac.New(sha256.New, k)
	m.Write([]byte(id + "." + strconv.FormatInt(ts, 10) + "."))
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks the headers against body with any of the secrets (several
// during rotation) and returns the message id, the receiver's idempotency key.
func Verify(p Prefix, h http.Header, body []byte, now time.Time, secrets ...string) (string, error) {
	id, tsRaw, sigs := h.Get(string(p)+"id"), h.Get(string(p)+"timestamp"), h.Get(string(p)+"signature")
	if id == "" || tsRaw == "" || sigs == "" {
		return "", ErrMissingHeaders
	}
	ts, err := strconv.ParseInt(tsRaw, 10, 64)
	if err != nil {
		return "", ErrBadTimestamp
	}
	if d := now.Sub(time.Unix(ts, 0)); d > Tolerance || d < -Tolerance {
		return "", ErrBadTimestamp
	}
	for _, secret := range secrets {
		k, err := key(secret)
		if err != nil {
			return "", err
		}
		want := mac(k, id, ts, body)
		for _, entry := range strings.Fields(sigs) {
			version, sig, ok := strings.Cut(entry, ",")
			if !ok || version != "v1" {
				continue
			}
			got, err := base64.StdEncoding.DecodeString(sig)
			if err == nil && hmac.Equal(got, want) {
				return id, nil
			}
		}
	}
	return "", ErrNoMatch
}
