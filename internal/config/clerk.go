package config

import (
	"encoding/base64"
	"strings"
)

// FrontendAPI is the host of the Clerk instance's Frontend API
// ("clerk.example.org", "example.clerk.accounts.dev"), read from the
// publishable key: "pk_test_" or "pk_live_" followed by the base64 of
// "<host>$". Empty when no valid publishable key is configured.
func (c ClerkConfig) FrontendAPI() string {
	return frontendAPI(c.PublishableKey)
}

// Issuer is the `iss` every session token of the instance carries
// ("https://" + FrontendAPI), or "" when it is not known.
func (c ClerkConfig) Issuer() string {
	if h := c.FrontendAPI(); h != "" {
		return "https://" + h
	}
	return ""
}

func frontendAPI(key string) string {
	var enc string
	switch {
	case strings.HasPrefix(key, "pk_test_"):
		enc = strings.TrimPrefix(key, "pk_test_")
	case strings.HasPrefix(key, "pk_live_"):
		enc = strings.TrimPrefix(key, "pk_live_")
	default:
		return ""
	}
	var raw []byte
	for _, e := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := e.DecodeString(enc); err == nil {
			raw = b
			break
		}
	}
	host, ok := strings.CutSuffix(string(raw), "$")
	if !ok || host == "" || !strings.Contains(host, ".") {
		return ""
	}
	for _, r := range host {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == ':') {
			return ""
		}
	}
	return strings.ToLower(host)
}
