package testutil

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v3"
	josejwt "github.com/go-jose/go-jose/v3/jwt"
	svix "github.com/svix/svix-webhooks/go"
)

// FakeClerk is a local stand-in for Clerk: a real RS256 key, the Backend API
// JWKS endpoint (GET /v1/jwks with the secret key as bearer), session tokens in
// Clerk's v1 and v2 claim formats, and Svix-signed webhooks.
type FakeClerk struct {
	Key           *rsa.PrivateKey
	KID           string
	SecretKey     string
	Issuer        string
	WebhookSecret string
	Server        *httptest.Server
	JWKSHits      atomic.Int64
}

// NewFakeClerk starts the fake; it stops at test cleanup.
func NewFakeClerk(t testing.TB) *FakeClerk {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	f := &FakeClerk{Key: key, KID: "ins_test_" + randomHex(4), SecretKey: "sk_test_prima", Issuer: "https://clerk.prima.test",
		WebhookSecret: "whsec_" + base64.StdEncoding.EncodeToString(secret)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/jwks", func(w http.ResponseWriter, r *http.Request) {
		f.JWKSHits.Add(1)
		if r.Header.Get("Authorization") != "Bearer "+f.SecretKey {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"errors":[{"message":"Unauthorized","code":"authentication_invalid"}]}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{{
			"use": "sig", "kty": "RSA", "kid": f.KID, "alg": "RS256",
			"n": base64.RawURLEncoding.EncodeToString(key.PublicKey.N.Bytes()),
			"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.PublicKey.E)).Bytes()),
		}}})
	})
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Server.Close)
	return f
}

// PublicKeyPEM is the PEM public key, as CLERK_JWT_KEY holds it.
func (f *FakeClerk) PublicKeyPEM() string {
	der, _ := x509.MarshalPKIXPublicKey(&f.Key.PublicKey)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// TokenOptions shape a session token.
type TokenOptions struct {
	UserID  string
	OrgID   string // empty: no active organization
	OrgRole string // "admin" / "member" (v2 adds no prefix; v1 gets "org:")
	V1      bool   // flat org_id / org_role claims instead of the v2 "o" object
	NoExp   bool
	Expired bool
	NotYet  bool // nbf in the future
	Azp     string
	Issuer  string // default f.Issuer
	KID     string // default f.KID
	Key     *rsa.PrivateKey
	Now     time.Time // default time.Now()
	Status  string    // the v2 "sts" claim ("active", "pending"); empty: none
}

// Token signs a Clerk-format session token.
func (f *FakeClerk) Token(t testing.TB, o TokenOptions) string {
	t.Helper()
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	claims := map[string]any{
		"sub": o.UserID, "sid": "sess_" + randomHex(6), "iss": f.Issuer, "iat": now.Unix(), "nbf": now.Add(-10 * time.Second).Unix(),
		"exp": now.Add(5 * time.Minute).Unix(), "jti": randomHex(8),
	}
	if o.Issuer != "" {
		claims["iss"] = o.Issuer
	}
	if o.NoExp {
		delete(claims, "exp")
	}
	if o.Expired {
		claims["exp"] = now.Add(-10 * time.Minute).Unix()
	}
	if o.NotYet {
		claims["nbf"] = now.Add(10 * time.Minute).Unix()
	}
	if o.Azp != "" {
		claims["azp"] = o.Azp
	}
	if o.Status != "" {
		claims["sts"] = o.Status
	}
	if o.V1 {
		if o.OrgID != "" {
			claims["org_id"], claims["org_role"], claims["org_slug"] = o.OrgID, "org:"+o.OrgRole, o.OrgID
		}
	} else {
		claims["v"] = 2
		if o.OrgID != "" {
			claims["o"] = map[string]any{"id": o.OrgID, "slg": o.OrgID, "rol": o.OrgRole, "per": "read,manage", "fpm": "3"}
		}
	}
	kid, key := f.KID, f.Key
	if o.KID != "" {
		kid = o.KID
	}
	if o.Key != nil {
		key = o.Key
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", kid))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := josejwt.Signed(signer).Claims(claims).CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// SignWebhook returns Svix headers for body, signed at the given time.
func (f *FakeClerk) SignWebhook(t testing.TB, body []byte, at time.Time) http.Header {
	t.Helper()
	wh, err := svix.NewWebhook(f.WebhookSecret)
	if err != nil {
		t.Fatal(err)
	}
	id := "msg_" + randomHex(8)
	sig, err := wh.Sign(id, at, body)
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	h.Set("svix-id", id)
	h.Set("svix-timestamp", fmt.Sprint(at.Unix()))
	h.Set("svix-signature", sig)
	h.Set("Content-Type", "application/json")
	return h
}

// UserEvent is a Clerk user.* webhook body as Clerk sends it.
func UserEvent(eventType, userID, first, last, email string) []byte {
	data := map[string]any{"id": userID, "object": "user", "first_name": first, "last_name": last,
		"email_addresses":          []map[string]any{{"id": "idn_" + userID, "email_address": email, "object": "email_address"}},
		"primary_email_address_id": "idn_" + userID, "phone_numbers": []any{}, "public_metadata": map[string]any{},
		"external_id": nil, "created_at": 1654012591514, "updated_at": 1654012591835}
	if eventType == "user.deleted" {
		data = map[string]any{"object": "user", "id": userID, "deleted": true}
	}
	b, _ := json.Marshal(map[string]any{"data": data, "object": "event", "type": eventType, "timestamp": 1654012591835, "instance_id": "ins_123"})
	return b
}
