package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/prima-health/prima/pkg/stdwebhooks"
)

// Signature headers of the two schemes a call may use.
const (
	// HeaderSeedSignature is the seed integrations' header:
	// "sha256=<hex HMAC-SHA256 of the raw body>" (the prefix is optional).
	HeaderSeedSignature = "X-Webhook-Signature"
	// HeaderIdempotencyKey names an x-webhook-signature call for replay detection.
	HeaderIdempotencyKey = "Idempotency-Key"
)

// Reasons a signature is refused (logged, never shown to callers in detail).
var (
	errNoSignature   = errors.New("no webhook-signature or x-webhook-signature header")
	errSeedSignature = errors.New("x-webhook-signature does not match")
)

// verify checks a call's signature on its raw body with any of secrets and
// returns the call's delivery id, which identifies its replays:
//
//   - Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature; a
//     timestamp more than 5 minutes from now is refused): the webhook-id.
//   - x-webhook-signature: hex HMAC-SHA256 of the body keyed with the secret
//     string exactly as PRIMA showed it, "whsec_" prefix included (the seed
//     integrations' key handling; contracts/webhook-signing.md). This scheme
//     signs no id or time, so the delivery id is "idem:" + the Idempotency-Key
//     header when the caller sends one, else "sha256:" + the hex SHA-256 of
//     the body: the same body is then one delivery, however often it comes.
//
// A call carrying any webhook-* header is held to the Standard scheme alone.
func verify(h http.Header, body []byte, now time.Time, secrets []string) (string, error) {
	if h.Get("webhook-signature") != "" || h.Get("webhook-id") != "" || h.Get("webhook-timestamp") != "" {
		id, err := stdwebhooks.Verify(stdwebhooks.Standard, h, body, now, secrets...)
		if err != nil {
			return "", err
		}
		return deliveryKey(id), nil
	}
	sig := strings.TrimSpace(h.Get(HeaderSeedSignature))
	if sig == "" {
		return "", errNoSignature
	}
	if !seedSignatureMatches(sig, body, secrets) {
		return "", errSeedSignature
	}
	if key := strings.TrimSpace(h.Get(HeaderIdempotencyKey)); key != "" {
		return "idem:" + deliveryKey(key), nil
	}
	sum := sha256.Sum256(body)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// seedSignatureMatches compares, in constant time, "sha256=<hex>" (or bare
// hex) with the HMAC of body under each secret.
func seedSignatureMatches(sig string, body []byte, secrets []string) bool {
	if len(sig) > 7 && strings.EqualFold(sig[:7], "sha256=") {
		sig = sig[7:]
	}
	got, err := hex.DecodeString(sig)
	if err != nil || len(got) != sha256.Size {
		return false
	}
	ok := false
	for _, secret := range secrets {
		if hmac.Equal(got, SeedSignature(secret, body)) {
			ok = true
		}
	}
	return ok
}

// SeedSignature is the x-webhook-signature HMAC of body (raw bytes; callers
// send it hex-encoded, optionally prefixed "sha256=").
func SeedSignature(secret string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return m.Sum(nil)
}

// deliveryKey keeps a caller's id as it is when it is short printable UTF-8,
// and a hash of it otherwise, so any id can be stored and compared.
func deliveryKey(id string) string {
	if len(id) <= maxDeliveryIDLen && utf8.ValidString(id) && !strings.ContainsFunc(id, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	return "id-sha256:" + hex.EncodeToString(sum[:])
}
