package wire

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/channel"
)

func TestPostJSONConnectionRefusedIsRetryable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	_, err = PostJSON(context.Background(), http.DefaultClient, "http://"+addr+"/appKeys/SECRETKEY/x", nil, map[string]string{"a": "b"})
	var e *channel.Error
	if !errors.As(err, &e) || e.Class != channel.Retryable || e.Code != "connect" {
		t.Fatalf("err = %v, want retryable connect", err)
	}
	if strings.Contains(err.Error(), "SECRETKEY") {
		t.Fatal("the URL (with its app key) must not appear in the error")
	}
}

func TestPostJSONTimeoutAfterConnectIsUnknown(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	hc := &http.Client{Timeout: 100 * time.Millisecond}
	_, err := PostJSON(context.Background(), hc, srv.URL, nil, struct{}{})
	var e *channel.Error
	if !errors.As(err, &e) || e.Class != channel.UnknownOutcome || e.Code != "timeout" {
		t.Fatalf("err = %v, want unknown_outcome timeout", err)
	}
	if channel.ClassOf(err) != channel.UnknownOutcome {
		t.Fatal("ClassOf must agree")
	}
}

func TestPostJSONCancelledBeforeSendingIsRetryable(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { t.Error("must not be reached") }))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := PostJSON(ctx, srv.Client(), srv.URL, nil, struct{}{})
	if channel.ClassOf(err) != channel.Retryable {
		t.Fatalf("err = %v, want retryable", err)
	}
}

func TestPostJSONSendsHeadersAndReadsAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Test") != "1" || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("headers = %v", r.Header)
		}
		w.Header().Set("Retry-After", "7")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"x":1}`))
	}))
	defer srv.Close()
	ans, err := PostJSON(context.Background(), srv.Client(), srv.URL, http.Header{"X-Test": {"1"}}, struct{}{})
	if err != nil || ans.Status != 429 || string(ans.Body) != `{"x":1}` {
		t.Fatalf("ans = %+v, err = %v", ans, err)
	}
	if d := RetryAfter(ans.Header, time.Now()); d != 7*time.Second {
		t.Fatalf("RetryAfter = %v", d)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	h := http.Header{}
	if RetryAfter(h, now) != 0 {
		t.Fatal("absent header")
	}
	h.Set("Retry-After", now.Add(90*time.Second).Format(http.TimeFormat))
	if d := RetryAfter(h, now); d != 90*time.Second {
		t.Fatalf("date form: %v", d)
	}
	h.Set("Retry-After", "soon")
	if RetryAfter(h, now) != 0 {
		t.Fatal("garbage")
	}
}

func TestStatusClass(t *testing.T) {
	cases := map[int]channel.Class{200: channel.UnknownOutcome, 400: channel.Permanent, 401: channel.Misconfigured,
		403: channel.Misconfigured, 404: channel.Permanent, 408: channel.Retryable, 429: channel.Throttled,
		500: channel.Retryable, 502: channel.Retryable, 503: channel.Retryable, 504: channel.Retryable}
	for status, want := range cases {
		if got := StatusClass(status); got != want {
			t.Errorf("StatusClass(%d) = %v, want %v", status, got, want)
		}
	}
}

func TestSafeText(t *testing.T) {
	m := channel.Message{To: "+6281234567890", Body: "Selamat pagi Budi, waktunya minum obat"}
	in := "invalid JID 6281234567890@s.whatsapp.net; local 0812-3456-7890; text: Selamat pagi Budi, waktunya minum obat\x00\n"
	got := SafeText(in, m)
	for _, leak := range []string{"6281234567890", "0812-3456-7890", "081234567890", "minum obat"} {
		if strings.Contains(got, leak) {
			t.Fatalf("SafeText leaked %q: %q", leak, got)
		}
	}
	if !strings.Contains(got, "invalid JID") {
		t.Fatalf("SafeText lost the useful part: %q", got)
	}
	long := SafeText(strings.Repeat("가", 500), m)
	if len(long) > maxText+len("…") {
		t.Fatalf("not cut: %d bytes", len(long))
	}
	if !strings.HasSuffix(long, "…") || strings.ContainsRune(long, '\uFFFD') {
		t.Fatal("cut must fall on a character boundary")
	}
}

func TestParsePhone(t *testing.T) {
	p, err := ParsePhone("+821012345678")
	if err != nil || p.CountryCode != "82" || p.National != "01012345678" || p.Digits != "821012345678" || p.Region != "KR" {
		t.Fatalf("KR: %+v, %v", p, err)
	}
	p, err = ParsePhone("+6281234567890")
	if err != nil || p.CountryCode != "62" || p.National != "081234567890" || p.Region != "ID" {
		t.Fatalf("ID: %+v, %v", p, err)
	}
	for _, bad := range []string{"", "081234567890", "+0812345678", "+62 812 3456", "+62812345678901234", "+62abc4567890"} {
		_, err := ParsePhone(bad)
		var e *channel.Error
		if !errors.As(err, &e) || e.Class != channel.InvalidRecipient {
			t.Errorf("%q: err = %v", bad, err)
		}
		if bad != "" && strings.Contains(err.Error(), bad) {
			t.Errorf("error repeats the number")
		}
	}
}
