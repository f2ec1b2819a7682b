package apikey

import (
	"strings"
	"testing"
)

func TestTokensAreRandomWellFormedAndHashed(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		tok, prefix := newToken()
		if !wellFormed(tok) || !IsKey(tok) || !strings.HasPrefix(tok, prefix) || len(prefix) != len(TokenPrefix)+visibleLen {
			t.Fatalf("token %q prefix %q", tok, prefix)
		}
		if seen[tok] {
			t.Fatalf("token repeated after %d", i)
		}
		seen[tok] = true
		if h := hashToken(tok); len(h) != 64 || strings.Contains(h, tok[len(TokenPrefix):]) {
			t.Fatalf("hash %q", h)
		}
	}
	for _, bad := range []string{"", "prima_", "prima_ABC", "prima_" + strings.Repeat("a", 39), "prima_" + strings.Repeat("a", 39) + "!",
		"sk_" + strings.Repeat("a", 43), "eyJhbGciOiJSUzI1NiJ9.x.y"} {
		if wellFormed(bad) {
			t.Fatalf("%q accepted", bad)
		}
	}
}
