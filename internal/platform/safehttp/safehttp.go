// Package safehttp builds HTTP clients for calls to URLs a tenant chose
// (workflow call_webhook steps, event subscriptions): server-side request
// forgery protection. The check runs in the dialer, on the address actually
// connected to after DNS resolution, so a redirect to an internal host and a
// name that resolves to one (DNS rebinding included) are refused alike.
package safehttp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrForbiddenAddress is the error of a connection refused because its
// address is loopback, private, link-local or otherwise not public. It is
// recognisable with errors.Is through the *url.Error a client returns.
var ErrForbiddenAddress = errors.New("safehttp: destination address is not allowed")

// MaxRedirects is how many redirects a client follows.
const MaxRedirects = 3

// DefaultTimeout bounds a whole request (connect, redirects, reading the body)
// when Options.Timeout is zero.
const DefaultTimeout = 15 * time.Second

// Options configure a client.
type Options struct {
	// AllowPrivate lets the client reach every address (PRIMA_WEBHOOK_ALLOW_PRIVATE,
	// for development against local services).
	AllowPrivate bool
	// Timeout bounds a whole request; zero is DefaultTimeout.
	Timeout time.Duration
}

// New returns a client that refuses to connect to non-public addresses unless
// o.AllowPrivate, follows at most MaxRedirects redirects, ignores proxy
// settings of the environment (a proxy would connect on its behalf, unchecked)
// and times out.
func New(o Options) *http.Client {
	check := CheckAddress
	if o.AllowPrivate {
		check = func(netip.AddrPort) error { return nil }
	}
	return newClient(o, check)
}

// newClient builds a client whose dialer refuses every address check refuses.
func newClient(o Options, check func(netip.AddrPort) error) *http.Client {
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	dialer := &net.Dialer{
		Timeout:   min(timeout, 10*time.Second),
		KeepAlive: 30 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: unreadable address %q", ErrForbiddenAddress, address)
			}
			return check(ap)
		},
	}
	transport := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		},
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   10,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		ResponseHeaderTimeout: timeout,
	}
	return &http.Client{
		Transport: transport,
		Timeout:   timeout,
		CheckRedirect: func(_ *http.Request, via []*http.Request) error {
			if len(via) > MaxRedirects {
				return fmt.Errorf("safehttp: stopped after %d redirects", MaxRedirects)
			}
			return nil
		},
	}
}

// CheckAddress refuses an address that is not public (Forbidden), naming it
// in an error that wraps ErrForbiddenAddress.
func CheckAddress(ap netip.AddrPort) error {
	if Forbidden(ap.Addr()) {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, ap.Addr())
	}
	return nil
}
