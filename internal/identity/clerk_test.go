package identity

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/testutil"
)

// testClock is a settable clock.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *testClock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// slowTransport delays every request, so concurrent callers overlap.
type slowTransport struct{ delay time.Duration }

func (s slowTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	time.Sleep(s.delay)
	return http.DefaultTransport.RoundTrip(r)
}

func newVerifier(t *testing.T, fc *testutil.FakeClerk, o ClerkOptions) *ClerkVerifier {
	t.Helper()
	o.APIURL, o.SecretKey = fc.Server.URL, fc.SecretKey
	v, err := NewClerkVerifier(o)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestForgedKidsFetchTheJWKSAtMostOncePerInterval(t *testing.T) {
	fc := testutil.NewFakeClerk(t)
	clk := &testClock{now: time.Now()}
	v := newVerifier(t, fc, ClerkOptions{Now: clk.Now})
	ctx := context.Background()
	valid := fc.Token(t, testutil.TokenOptions{UserID: "user_1"})
	if _, err := v.Verify(ctx, valid); err != nil {
		t.Fatal(err)
	}
	if n := fc.JWKSHits.Load(); n != 1 {
		t.Fatalf("first verification: %d JWKS fetches", n)
	}
	for i := 0; i < 25; i++ {
		forged := fc.Token(t, testutil.TokenOptions{UserID: "user_x", KID: "ins_forged_" + string(rune('a'+i))})
		if _, err := v.Verify(ctx, forged); !errors.Is(err, ErrInvalidToken) {
			t.Fatalf("forged kid accepted: %v", err)
		}
	}
	if n := fc.JWKSHits.Load(); n != 1 {
		t.Fatalf("25 forged kids made %d JWKS fetches; unknown kids must not refetch within the interval", n-1)
	}
	// After the interval one unknown kid may look again (a rotated key), once.
	clk.Add(61 * time.Second)
	for i := 0; i < 5; i++ {
		_, _ = v.Verify(ctx, fc.Token(t, testutil.TokenOptions{UserID: "user_x", KID: "ins_new"}))
	}
	if n := fc.JWKSHits.Load(); n != 2 {
		t.Fatalf("after the interval: %d fetches, want 2", n)
	}
	// Known keys keep working all along, without fetching.
	if _, err := v.Verify(ctx, fc.Token(t, testutil.TokenOptions{UserID: "user_1"})); err != nil || fc.JWKSHits.Load() != 2 {
		t.Fatalf("known key: %v, %d fetches", err, fc.JWKSHits.Load())
	}
}

func TestConcurrentVerificationsShareOneJWKSFetch(t *testing.T) {
	fc := testutil.NewFakeClerk(t)
	v := newVerifier(t, fc, ClerkOptions{HTTPClient: &http.Client{Transport: slowTransport{100 * time.Millisecond}}})
	tok := fc.Token(t, testutil.TokenOptions{UserID: "user_1"})
	forged := fc.Token(t, testutil.TokenOptions{UserID: "user_x", KID: "ins_forged"})
	var wg sync.WaitGroup
	var failed atomic.Int64
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			tk := tok
			if i%2 == 1 {
				tk = forged
			}
			if _, err := v.Verify(context.Background(), tk); (err != nil) != (i%2 == 1) {
				failed.Add(1)
			}
		}(i)
	}
	wg.Wait()
	if failed.Load() > 0 {
		t.Fatalf("%d verifications had the wrong outcome", failed.Load())
	}
	if n := fc.JWKSHits.Load(); n != 1 {
		t.Fatalf("40 concurrent verifications made %d JWKS fetches, want 1", n)
	}
}

func TestIssuerMustBeTheInstancesFrontendAPI(t *testing.T) {
	fc := testutil.NewFakeClerk(t)
	ctx := context.Background()
	v := newVerifier(t, fc, ClerkOptions{Issuer: fc.Issuer})
	if _, err := v.Verify(ctx, fc.Token(t, testutil.TokenOptions{UserID: "user_1"})); err != nil {
		t.Fatalf("the instance's own token: %v", err)
	}
	// Another Clerk instance's issuer passes the SDK's loose check, not PRIMA's.
	for _, iss := range []string{"https://clerk.other-app.test", "https://evil.clerk.accounts.dev", fc.Issuer + "/", "http://clerk.prima.test"} {
		if _, err := v.Verify(ctx, fc.Token(t, testutil.TokenOptions{UserID: "user_1", Issuer: iss})); !errors.Is(err, ErrInvalidToken) {
			t.Errorf("issuer %s accepted: %v", iss, err)
		}
	}
	// Development tokens are signed by the server's own key and keep their issuer.
	dev, err := NewDevIssuer(nil)
	if err != nil {
		t.Fatal(err)
	}
	dev.Register(v)
	p, _ := DevProfileFor(RoleAdmin)
	tok, _, _ := dev.Mint(p)
	if _, err := v.Verify(ctx, tok); err != nil {
		t.Fatalf("development token: %v", err)
	}
}

func TestPendingSessionsAreRefused(t *testing.T) {
	fc := testutil.NewFakeClerk(t)
	v := newVerifier(t, fc, ClerkOptions{})
	ctx := context.Background()
	for status, ok := range map[string]bool{"": true, "active": true, "pending": false, "ended": false} {
		_, err := v.Verify(ctx, fc.Token(t, testutil.TokenOptions{UserID: "user_1", Status: status}))
		if (err == nil) != ok {
			t.Errorf("sts %q: %v", status, err)
		}
	}
}
