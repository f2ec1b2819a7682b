package identity

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/clerk/clerk-sdk-go/v2"
	"github.com/clerk/clerk-sdk-go/v2/jwks"
	"github.com/clerk/clerk-sdk-go/v2/jwt"
	jose "github.com/go-jose/go-jose/v3/jwt"
)

// ClerkOptions configures ClerkVerifier.
type ClerkOptions struct {
	// JWTKey is the instance's PEM public key: verification without network.
	JWTKey string
	// APIURL is the Clerk Backend API base (https://api.clerk.com); JWKS come from {APIURL}/v1/jwks.
	APIURL string
	// SecretKey authenticates the JWKS request.
	SecretKey string
	// AuthorizedParties, when non-empty, lists accepted azp origins.
	AuthorizedParties []string
	// Leeway tolerates clock skew on exp/nbf.
	Leeway time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// HTTPClient fetches the JWKS; nil means a client with a 10 s timeout.
	HTTPClient *http.Client
	// KeyTTL is how long fetched keys are trusted before re-fetching (default 1 h).
	KeyTTL time.Duration
	// Issuer, when set, is the exact `iss` Clerk's tokens must carry
	// ("https://" + the Frontend API host of the publishable key).
	Issuer string
	// MissTTL is the shortest time between two JWKS fetches: a token with a kid
	// the last fetch did not list is refused without a new fetch until it has
	// passed (default 1 min), so forged kids cannot make PRIMA call Clerk.
	MissTTL time.Duration
}

// ClerkVerifier verifies Clerk session tokens with clerk-sdk-go. Extra keys
// (the development sign-in key) are verified by the same code path.
type ClerkVerifier struct {
	opts   ClerkOptions
	pemKey *clerk.JSONWebKey
	keys   *keySet // nil without a secret key
	extra  map[string]*clerk.JSONWebKey
	cache  *tokenCache
}

// NewClerkVerifier builds a verifier. With neither a JWT key nor a secret key it
// verifies only the extra keys added with AddKey.
func NewClerkVerifier(o ClerkOptions) (*ClerkVerifier, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Leeway == 0 {
		o.Leeway = 5 * time.Second
	}
	if o.KeyTTL == 0 {
		o.KeyTTL = time.Hour
	}
	if o.MissTTL == 0 {
		o.MissTTL = time.Minute
	}
	v := &ClerkVerifier{opts: o, extra: map[string]*clerk.JSONWebKey{}, cache: newTokenCache(maxCachedTokens)}
	if o.JWTKey != "" {
		k, err := clerk.JSONWebKeyFromPEM(o.JWTKey)
		if err != nil {
			return nil, fmt.Errorf("CLERK_JWT_KEY: %w", err)
		}
		v.pemKey = k
	}
	if o.SecretKey != "" {
		url := strings.TrimRight(o.APIURL, "/")
		if url == "" {
			url = "https://api.clerk.com"
		}
		if !strings.HasSuffix(url, "/v1") {
			url += "/v1"
		}
		hc := o.HTTPClient
		if hc == nil {
			hc = &http.Client{Timeout: 10 * time.Second}
		}
		key := o.SecretKey
		client := jwks.NewClient(&clerk.ClientConfig{BackendConfig: clerk.BackendConfig{URL: &url, Key: &key, HTTPClient: hc}})
		v.keys = newKeySet(client, o.Now, o.KeyTTL, o.MissTTL)
	}
	return v, nil
}

// AddKey trusts one more RS256 public key under kid (used by development sign-in).
func (v *ClerkVerifier) AddKey(kid string, key *clerk.JSONWebKey) {
	v.extra[kid] = key
}

type clockFunc func() time.Time

func (c clockFunc) Now() time.Time { return c() }

// Verify checks the token and returns its claims. A token verified before
// is answered from memory until its exp.
func (v *ClerkVerifier) Verify(ctx context.Context, token string) (Claims, error) {
	if token == "" {
		return Claims{}, ErrInvalidToken
	}
	now := v.opts.Now()
	if c, ok := v.cache.get(token, now); ok {
		return c, nil
	}
	c, exp, err := v.verify(ctx, token)
	if err != nil {
		return Claims{}, err
	}
	v.cache.put(token, c, exp, now)
	return c, nil
}

// verify checks the token's signature and claims with clerk-sdk-go.
func (v *ClerkVerifier) verify(ctx context.Context, token string) (Claims, time.Time, error) {
	parsed, err := jose.ParseSigned(token)
	if err != nil || len(parsed.Headers) == 0 {
		return Claims{}, time.Time{}, fmt.Errorf("%w: malformed", ErrInvalidToken)
	}
	kid := parsed.Headers[0].KeyID
	key, err := v.keyFor(ctx, kid)
	if err != nil {
		return Claims{}, time.Time{}, fmt.Errorf("%w: %v", ErrInvalidToken, err)
	}
	dev := v.extra[kid] != nil
	params := &jwt.VerifyParams{
		Token:  token,
		JWK:    key,
		Clock:  clockFunc(v.opts.Now),
		Leeway: v.opts.Leeway,
		CustomClaimsConstructor: func(context.Context) any {
			return &extraClaims{}
		},
	}
	if iss := v.opts.Issuer; iss != "" && !dev {
		// The SDK compares the issuer with its proxy URL exactly when one is
		// given; without it, any issuer that looks like Clerk's would pass.
		params.ProxyURL = &iss
	}
	if len(v.opts.AuthorizedParties) > 0 {
		params.AuthorizedPartyHandler = func(azp string) bool {
			if azp == "" {
				return true // Clerk omits azp for some clients; checked when present
			}
			for _, p := range v.opts.AuthorizedParties {
				if p == azp {
					return true
				}
			}
			return false
		}
	}
	sc, err := jwt.Verify(ctx, params)
	if err != nil {
		return Claims{}, time.Time{}, fmt.Errorf("%w: %v", ErrInvalidToken, err)
	}
	if sc.Expiry == nil {
		return Claims{}, time.Time{}, fmt.Errorf("%w: no exp claim", ErrInvalidToken)
	}
	if sc.Subject == "" {
		return Claims{}, time.Time{}, fmt.Errorf("%w: no sub claim", ErrInvalidToken)
	}
	ec, _ := sc.Custom.(*extraClaims)
	if ec != nil && ec.Status != "" && ec.Status != "active" {
		// A v2 session with pending tasks (sts "pending") is not signed in yet.
		return Claims{}, time.Time{}, fmt.Errorf("%w: session status %q", ErrInvalidToken, ec.Status)
	}
	c := Claims{
		UserID:    sc.Subject,
		SessionID: sc.SessionID,
		OrgID:     sc.ActiveOrganizationID,
		OrgSlug:   sc.ActiveOrganizationSlug,
		OrgRole:   sc.ActiveOrganizationRole,
	}
	if ec != nil && dev {
		c.Email, c.Name = ec.Email, ec.Name
	}
	return c, time.Unix(*sc.Expiry, 0), nil
}

// extraClaims are the claims clerk-sdk-go does not decode: the v2 session
// status, and the profile development tokens carry.
type extraClaims struct {
	Status string `json:"sts"`
	Email  string `json:"email"`
	Name   string `json:"name"`
}

func (v *ClerkVerifier) keyFor(ctx context.Context, kid string) (*clerk.JSONWebKey, error) {
	if k, ok := v.extra[kid]; ok {
		return k, nil
	}
	if v.pemKey != nil {
		return v.pemKey, nil
	}
	if v.keys == nil {
		return nil, fmt.Errorf("no key for kid %q", kid)
	}
	return v.keys.get(ctx, kid)
}
