package gowa_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/channel/gowa"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

const (
	phone = "+6281234567890"
	body  = "Selamat pagi Budi, waktunya minum obat Tamoxifen"
)

func newClient(t *testing.T, f *fakeprovider.GOWA, cfg gowa.Config) *gowa.Client {
	t.Helper()
	if cfg.BaseURL == "" {
		cfg.BaseURL = f.URL + "/"
	}
	if cfg.BasicAuth == "" {
		cfg.BasicAuth = f.BasicAuth
	}
	c, err := gowa.New(cfg, &http.Client{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func msg() channel.Message { return channel.Message{ID: "m1", Attempt: 1, To: phone, Body: body} }

func TestSendSuccessWireFormat(t *testing.T) {
	f := fakeprovider.NewGOWA(t)
	f.Devices = []string{"dev-a", "dev-b"}
	c := newClient(t, f, gowa.Config{DeviceID: "dev-b"})
	res, err := c.Send(context.Background(), msg())
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.Requests()
	if len(reqs) != 1 {
		t.Fatalf("requests = %d", len(reqs))
	}
	r := reqs[0]
	if res.ProviderMessageID == "" || res.ProviderMessageID != r.MessageID {
		t.Fatalf("ProviderMessageID = %q, fake gave %q", res.ProviderMessageID, r.MessageID)
	}
	if r.DeviceID != "dev-b" || r.Phone != phone {
		t.Fatalf("recorded %+v", r)
	}
	var sent map[string]any
	if err := json.Unmarshal(r.Raw, &sent); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"phone": "6281234567890@s.whatsapp.net", "message": body, "is_forwarded": false}
	if len(sent) != len(want) {
		t.Fatalf("body fields = %v, want %v", sent, want)
	}
	for k, v := range want {
		if sent[k] != v {
			t.Errorf("%s = %v, want %v", k, sent[k], v)
		}
	}
	if f.Count(phone) != 1 || f.Accepted(phone) != 1 {
		t.Fatalf("count = %d, accepted = %d", f.Count(phone), f.Accepted(phone))
	}
	if c.Name() != channel.WhatsApp {
		t.Fatal("name")
	}
}

func TestSendWithoutAuthOrDevice(t *testing.T) {
	f := fakeprovider.NewGOWA(t)
	f.BasicAuth = ""
	c, err := gowa.New(gowa.Config{BaseURL: f.URL}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(context.Background(), msg()); err != nil {
		t.Fatal(err)
	}
	if f.Requests()[0].DeviceID != "" {
		t.Fatal("no X-Device-Id expected when none is configured")
	}
}

func TestSendErrorClasses(t *testing.T) {
	cases := []struct {
		name  string
		reply fakeprovider.Reply
		class channel.Class
		code  string
	}{
		{"invalid jid", fakeprovider.Reply{Status: 400, Code: "INVALID_JID", Message: "user is not registered"}, channel.InvalidRecipient, "INVALID_JID"},
		{"validation", fakeprovider.Reply{Status: 400, Code: "VALIDATION_ERROR"}, channel.Permanent, "VALIDATION_ERROR"},
		{"device required", fakeprovider.Reply{Status: 400, Code: "DEVICE_ID_REQUIRED"}, channel.Misconfigured, "DEVICE_ID_REQUIRED"},
		{"device not found", fakeprovider.Reply{Status: 404, Code: "DEVICE_NOT_FOUND"}, channel.Misconfigured, "DEVICE_NOT_FOUND"},
		{"throttled", fakeprovider.Reply{Status: 429, RetryAfter: "30"}, channel.Throttled, "TOO_MANY_REQUESTS"},
		{"500", fakeprovider.Reply{Status: 500}, channel.Retryable, "INTERNAL_SERVER_ERROR"},
		{"502", fakeprovider.Reply{Status: 502}, channel.Retryable, "BAD_GATEWAY"},
		{"503 plain text", fakeprovider.Reply{Status: 503, Raw: "upstream down"}, channel.Retryable, "http_503"},
		{"504", fakeprovider.Reply{Status: 504}, channel.Retryable, "GATEWAY_TIMEOUT"},
		{"200 not gowa", fakeprovider.Reply{Raw: "<html>proxy</html>"}, channel.UnknownOutcome, "bad_answer"},
	}
	f := fakeprovider.NewGOWA(t)
	c := newClient(t, f, gowa.Config{})
	for _, tc := range cases {
		f.Script(tc.reply)
		_, err := c.Send(context.Background(), msg())
		var e *channel.Error
		if !errors.As(err, &e) {
			t.Fatalf("%s: err = %v", tc.name, err)
		}
		if e.Class != tc.class || e.Code != tc.code {
			t.Errorf("%s: got %v/%s, want %v/%s", tc.name, e.Class, e.Code, tc.class, tc.code)
		}
		if tc.class == channel.Throttled && e.RetryAfter != 30*time.Second {
			t.Errorf("%s: RetryAfter = %v", tc.name, e.RetryAfter)
		}
	}
	// Script then default success, as documented.
	f.Script(fakeprovider.Reply{Status: 500}, fakeprovider.Reply{Status: 400, Code: "INVALID_JID"})
	for i, want := range []channel.Class{channel.Retryable, channel.InvalidRecipient} {
		if _, err := c.Send(context.Background(), msg()); channel.ClassOf(err) != want {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	if _, err := c.Send(context.Background(), msg()); err != nil {
		t.Fatalf("after the script: %v", err)
	}
}

func TestSendBadCredentialsIsMisconfigured(t *testing.T) {
	f := fakeprovider.NewGOWA(t)
	c := newClient(t, f, gowa.Config{BasicAuth: "prima:wrong"})
	_, err := c.Send(context.Background(), msg())
	var e *channel.Error
	if !errors.As(err, &e) || e.Class != channel.Misconfigured || e.Code != "http_401" {
		t.Fatalf("err = %v", err)
	}
	f.Devices = []string{"dev-a"}
	c = newClient(t, f, gowa.Config{DeviceID: "dev-x"})
	if _, err := c.Send(context.Background(), msg()); channel.ClassOf(err) != channel.Misconfigured {
		t.Fatalf("unknown device: %v", err)
	}
}

func TestSendTimeoutIsUnknownOutcome(t *testing.T) {
	f := fakeprovider.NewGOWA(t)
	c, err := gowa.New(gowa.Config{BaseURL: f.URL, BasicAuth: f.BasicAuth}, &http.Client{Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	f.Script(fakeprovider.Reply{Delay: time.Second})
	_, err = c.Send(context.Background(), msg())
	if channel.ClassOf(err) != channel.UnknownOutcome {
		t.Fatalf("err = %v, want unknown outcome", err)
	}
	if f.Accepted(phone) != 1 {
		t.Fatal("the fake took the message even though the answer was lost")
	}
}

func TestSendRefusesBadInputBeforeHTTP(t *testing.T) {
	f := fakeprovider.NewGOWA(t)
	c := newClient(t, f, gowa.Config{})
	for _, m := range []channel.Message{{To: "081234567890", Body: body}, {To: "+62812abc", Body: body}, {To: phone, Body: "  "}} {
		if _, err := c.Send(context.Background(), m); err == nil {
			t.Fatalf("%+v: no error", m)
		}
	}
	if f.Total() != 0 {
		t.Fatal("nothing should reach the provider")
	}
}

func TestErrorsNeverLeakPhoneOrBody(t *testing.T) {
	f := fakeprovider.NewGOWA(t)
	c := newClient(t, f, gowa.Config{})
	echo := "cannot send '" + body + "' to 6281234567890@s.whatsapp.net (+6281234567890, 0812-3456-7890)"
	f.Script(fakeprovider.Reply{Status: 400, Code: "INVALID_JID", Message: echo},
		fakeprovider.Reply{Status: 500, Message: echo}, fakeprovider.Reply{Status: 429, Message: echo})
	for range 3 {
		_, err := c.Send(context.Background(), msg())
		if err == nil {
			t.Fatal("want an error")
		}
		for _, leak := range []string{"6281234567890", "0812-3456-7890", "minum obat", "Tamoxifen"} {
			if strings.Contains(err.Error(), leak) {
				t.Fatalf("error %q leaks %q", err, leak)
			}
		}
	}
}

func TestNewRejectsBadURL(t *testing.T) {
	for _, u := range []string{"", "gowa:3000", "ftp://x", "http://"} {
		if _, err := gowa.New(gowa.Config{BaseURL: u}, nil); !errors.Is(err, gowa.ErrConfig) {
			t.Errorf("%q: err = %v", u, err)
		}
	}
}

func TestBasicAuthUsesFirstPair(t *testing.T) {
	f := fakeprovider.NewGOWA(t)
	c := newClient(t, f, gowa.Config{BasicAuth: f.BasicAuth + ",other:pair"})
	if _, err := c.Send(context.Background(), msg()); err != nil {
		t.Fatal(err)
	}
}
