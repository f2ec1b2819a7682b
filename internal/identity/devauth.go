package identity

import (
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"time"

	"github.com/clerk/clerk-sdk-go/v2"
	jose "github.com/go-jose/go-jose/v3"
	josejwt "github.com/go-jose/go-jose/v3/jwt"
)

// Development sign-in identities: one demo clinic, an admin and a volunteer.
const (
	DevOrgID         = "org_prima_demo"
	DevOrgSlug       = "prima-demo-clinic"
	DevAdminUserID   = "user_demo_admin"
	DevVolunteerID   = "user_demo_volunteer"
	DevIssuer        = "https://clerk.prima.localhost"
	devKeyID         = "prima-dev-signin"
	DevTokenLifetime = time.Hour
)

// DevIssuerKeys signs development sign-in tokens with a key made at start.
// The tokens look like Clerk v2 session tokens and are verified by ClerkVerifier.
type DevIssuerKeys struct {
	signer jose.Signer
	public *clerk.JSONWebKey
	now    func() time.Time
}

// NewDevIssuer generates a fresh RSA key.
func NewDevIssuer(now func() time.Time) (*DevIssuerKeys, error) {
	if now == nil {
		now = time.Now
	}
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: priv},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", devKeyID))
	if err != nil {
		return nil, err
	}
	pub := &clerk.JSONWebKey{Key: &priv.PublicKey, KeyID: devKeyID, Algorithm: "RS256", Use: "sig"}
	return &DevIssuerKeys{signer: signer, public: pub, now: now}, nil
}

// Register makes verifier trust the development key.
func (d *DevIssuerKeys) Register(v *ClerkVerifier) { v.AddKey(devKeyID, d.public) }

// DevProfile is who a development token stands for.
type DevProfile struct {
	UserID, Name, Email, OrgRole string
}

// DevProfileFor returns the demo identity for "admin" or "volunteer".
func DevProfileFor(role string) (DevProfile, bool) {
	switch role {
	case RoleAdmin:
		return DevProfile{DevAdminUserID, "Demo Admin", "admin@demo.prima.localhost", "admin"}, true
	case RoleVolunteer:
		return DevProfile{DevVolunteerID, "Demo Volunteer", "volunteer@demo.prima.localhost", "member"}, true
	}
	return DevProfile{}, false
}

// Mint signs a short-lived v2 session token for the profile.
func (d *DevIssuerKeys) Mint(p DevProfile) (string, time.Time, error) {
	now := d.now().UTC()
	exp := now.Add(DevTokenLifetime)
	claims := map[string]any{
		"iss": DevIssuer, "sub": p.UserID, "sid": fmt.Sprintf("sess_dev_%d", now.UnixNano()),
		"iat": now.Unix(), "nbf": now.Add(-5 * time.Second).Unix(), "exp": exp.Unix(), "v": 2,
		"o":     map[string]any{"id": DevOrgID, "slg": DevOrgSlug, "rol": p.OrgRole},
		"email": p.Email, "name": p.Name,
	}
	tok, err := josejwt.Signed(d.signer).Claims(claims).CompactSerialize()
	if err != nil {
		return "", time.Time{}, err
	}
	return tok, exp, nil
}
