package safehttp

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestForbiddenAddresses(t *testing.T) {
	forbidden := []string{
		"127.0.0.1", "127.255.255.254", "::1", "0.0.0.0", "::", "0.1.2.3",
		"10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "fc00::1", "fd12:3456::1",
		"169.254.169.254", "169.254.0.1", "fe80::1", "fe80::1%eth0",
		"224.0.0.1", "239.255.255.250", "ff02::1", "ff0e::1",
		"100.64.0.1", "100.127.255.255", "255.255.255.255", "240.0.0.1",
		"::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "::ffff:100.64.0.1",
		"64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2002:c0a8:101::1", "::127.0.0.1",
		"2001:db8::1", "2001::1",
	}
	for _, s := range forbidden {
		if !Forbidden(netip.MustParseAddr(s)) {
			t.Errorf("%s must be forbidden", s)
		}
	}
	allowed := []string{"8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.32.0.1", "169.253.1.1",
		"2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"}
	for _, s := range allowed {
		if Forbidden(netip.MustParseAddr(s)) {
			t.Errorf("%s must be allowed", s)
		}
	}
	if !Forbidden(netip.Addr{}) {
		t.Error("the zero address must be forbidden")
	}
}

func ok(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") }

func get(t *testing.T, c *http.Client, u string) (string, error) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		return "", err
	}
	defer func() { _ = resp.Body.Close() }()
	b, _ := io.ReadAll(resp.Body)
	return string(b), nil
}

func TestLoopbackIsRefusedUnlessPrivateAddressesAreAllowed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(ok))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)

	strict := New(Options{Timeout: 5 * time.Second})
	for _, target := range []string{srv.URL, "http://localhost:" + u.Port() + "/"} { // an address, and a name resolved to one
		_, err := get(t, strict, target)
		var ue *url.Error
		if !errors.Is(err, ErrForbiddenAddress) || !errors.As(err, &ue) {
			t.Fatalf("%s: want ErrForbiddenAddress through *url.Error, got %v", target, err)
		}
	}

	open := New(Options{AllowPrivate: true, Timeout: 5 * time.Second})
	if body, err := get(t, open, srv.URL); err != nil || body != "ok" {
		t.Fatalf("AllowPrivate: %q %v", body, err)
	}
}

// exemptOne is the real address policy except that one listener counts as
// public: httptest servers listen on loopback only, and the test needs an
// "allowed" server that redirects to a forbidden one.
func exemptOne(public string) func(netip.AddrPort) error {
	exempt := netip.MustParseAddrPort(public)
	return func(ap netip.AddrPort) error {
		if ap == exempt {
			return nil
		}
		return CheckAddress(ap)
	}
}

func TestARedirectToAForbiddenAddressIsRefusedAtConnectTime(t *testing.T) {
	internal := httptest.NewServer(http.HandlerFunc(ok))
	defer internal.Close()
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/stay" {
			ok(w, r)
			return
		}
		http.Redirect(w, r, internal.URL+"/secret", http.StatusFound)
	}))
	defer public.Close()

	c := newClient(Options{Timeout: 5 * time.Second}, exemptOne(strings.TrimPrefix(public.URL, "http://")))
	if body, err := get(t, c, public.URL+"/stay"); err != nil || body != "ok" {
		t.Fatalf("the public server itself: %q %v", body, err)
	}
	if _, err := get(t, c, public.URL+"/go"); !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("redirect to loopback: want ErrForbiddenAddress, got %v", err)
	}
}

func TestRedirectsStopAfterThree(t *testing.T) {
	// /hop/N redirects to /hop/N-1; /hop/0 answers.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
		if err != nil || n <= 0 {
			ok(w, r)
			return
		}
		http.Redirect(w, r, "/hop/"+strconv.Itoa(n-1), http.StatusFound)
	}))
	defer srv.Close()
	c := New(Options{AllowPrivate: true, Timeout: 5 * time.Second})
	if body, err := get(t, c, srv.URL+"/hop/3"); err != nil || body != "ok" {
		t.Fatalf("three redirects: %q %v", body, err)
	}
	if _, err := get(t, c, srv.URL+"/hop/4"); err == nil || !strings.Contains(err.Error(), "stopped after 3 redirects") {
		t.Fatalf("four redirects: %v", err)
	}
}

func TestTimeout(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	c := New(Options{AllowPrivate: true, Timeout: 200 * time.Millisecond})
	start := time.Now()
	if _, err := get(t, c, srv.URL); err == nil {
		t.Fatal("a hanging server must time out")
	}
	if time.Since(start) > 3*time.Second {
		t.Fatalf("timed out after %s", time.Since(start))
	}
}
