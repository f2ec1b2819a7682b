package identity

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/testutil"
)

// A verified token is answered from memory until its exp, and never after:
// the cache saves the RS256 work of a dashboard's burst of requests without
// stretching a session.
func TestVerifiedTokensAreRememberedUntilTheyExpire(t *testing.T) {
	fc := testutil.NewFakeClerk(t)
	clk := &testClock{now: time.Now()}
	v, err := NewClerkVerifier(ClerkOptions{JWTKey: fc.PublicKeyPEM(), Now: clk.Now, Leeway: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tok := fc.Token(t, testutil.TokenOptions{UserID: "user_1", OrgID: "org_a", OrgRole: "admin", Now: clk.Now()})
	first, err := v.Verify(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	key := v.pemKey
	v.pemKey = nil // from here a full verification cannot succeed
	again, err := v.Verify(ctx, tok)
	if err != nil {
		t.Fatalf("a verified token was verified again instead of remembered: %v", err)
	}
	if again != first || again.UserID != "user_1" || again.OrgID != "org_a" {
		t.Fatalf("remembered claims %+v differ from the verified %+v", again, first)
	}
	// A token never verified is not answered from memory.
	other := fc.Token(t, testutil.TokenOptions{UserID: "user_2", Now: clk.Now()})
	if _, err := v.Verify(ctx, other); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("an unverified token passed: %v", err)
	}
	// Past its exp (5 minutes), the remembered token is refused.
	v.pemKey = key
	clk.Add(5*time.Minute + 2*time.Second)
	if _, err := v.Verify(ctx, tok); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("an expired token was accepted from memory: %v", err)
	}
}

// A refused token is refused every time, and a tampered copy of a verified
// token is not mistaken for it.
func TestRefusedAndTamperedTokensAreNotRemembered(t *testing.T) {
	fc := testutil.NewFakeClerk(t)
	v, err := NewClerkVerifier(ClerkOptions{JWTKey: fc.PublicKeyPEM()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pending := fc.Token(t, testutil.TokenOptions{UserID: "user_1", Status: "pending"})
	for i := 0; i < 2; i++ {
		if _, err := v.Verify(ctx, pending); !errors.Is(err, ErrInvalidToken) {
			t.Fatalf("attempt %d: pending session accepted: %v", i+1, err)
		}
	}
	tok := fc.Token(t, testutil.TokenOptions{UserID: "user_1"})
	if _, err := v.Verify(ctx, tok); err != nil {
		t.Fatal(err)
	}
	tampered := tok[:len(tok)-3] + "AAA"
	if tampered == tok {
		tampered = tok[:len(tok)-3] + "BBB"
	}
	if _, err := v.Verify(ctx, tampered); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("a tampered token passed: %v", err)
	}
}

func TestTokenCacheStaysBounded(t *testing.T) {
	c := newTokenCache(3)
	now := time.Now()
	for i := 0; i < 10; i++ {
		c.put(string(rune('a'+i)), Claims{UserID: "u"}, now.Add(time.Minute), now)
		if len(c.entries) > 3 {
			t.Fatalf("%d entries, bound 3", len(c.entries))
		}
	}
	c.put("z", Claims{}, now.Add(-time.Second), now)
	if _, ok := c.get("z", now); ok {
		t.Fatal("an already expired token was remembered")
	}
}
