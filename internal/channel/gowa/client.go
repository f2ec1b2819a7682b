// Package gowa sends WhatsApp messages through go-whatsapp-web-multidevice
// (GOWA) v8 or later and reads its webhooks. Wire format:
// shared/contracts/gowa.md.
package gowa

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/channel/internal/wire"
)

// Config is what the client needs; BaseURL is GOWA_API_URL.
type Config struct {
	BaseURL   string // e.g. http://gowa:3000
	BasicAuth string // "user:pass" (GOWA's APP_BASIC_AUTH); empty = none
	DeviceID  string // sent as X-Device-Id when set and the message names no device of its own
}

// Client sends text messages through GOWA. It is safe for concurrent use.
type Client struct {
	endpoint string
	auth     string // full Authorization header value, or ""
	deviceID string
	hc       *http.Client
	now      func() time.Time
}

var _ channel.Sender = (*Client)(nil)

// ErrConfig reports an unusable configuration; it never repeats secrets.
var ErrConfig = errors.New("gowa: base URL must be an absolute http(s) URL")

// New returns a client; hc nil means channel.NewHTTPClient().
func New(cfg Config, hc *http.Client) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(cfg.BaseURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, ErrConfig
	}
	if hc == nil {
		hc = channel.NewHTTPClient()
	}
	c := &Client{
		endpoint: strings.TrimRight(u.String(), "/") + "/send/message",
		deviceID: strings.TrimSpace(cfg.DeviceID),
		hc:       hc,
		now:      time.Now,
	}
	if a := strings.TrimSpace(cfg.BasicAuth); a != "" {
		// GOWA accepts a comma list of user:pass pairs; a password therefore
		// never contains a comma, and the first pair is the one to use.
		a, _, _ = strings.Cut(a, ",")
		c.auth = "Basic " + base64.StdEncoding.EncodeToString([]byte(a))
	}
	return c, nil
}

// Name is channel.WhatsApp.
func (c *Client) Name() channel.Name { return channel.WhatsApp }

// sendRequest is GOWA's POST /send/message body.
type sendRequest struct {
	Phone       string `json:"phone"`
	Message     string `json:"message"`
	IsForwarded bool   `json:"is_forwarded"`
}

// envelope is GOWA's answer, for success and errors alike.
type envelope struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Results struct {
		MessageID string `json:"message_id"`
	} `json:"results"`
}

// Send posts one text message. The phone goes out as international digits
// with "@s.whatsapp.net" (GOWA refuses a leading 0 and would strip a '+').
func (c *Client) Send(ctx context.Context, m channel.Message) (channel.Result, error) {
	digits, err := wire.E164Digits(m.To)
	if err != nil {
		return channel.Result{}, err
	}
	if strings.TrimSpace(m.Body) == "" {
		return channel.Result{}, &channel.Error{Class: channel.Permanent, Code: "empty_body", Message: "gowa: message text is empty"}
	}
	h := make(http.Header, 3)
	if c.auth != "" {
		h.Set("Authorization", c.auth)
	}
	if dev := c.device(m.Account); dev != "" {
		h.Set("X-Device-Id", dev)
	}
	ans, err := wire.PostJSON(ctx, c.hc, c.endpoint, h, sendRequest{Phone: digits + "@s.whatsapp.net", Message: m.Body})
	if err != nil {
		return channel.Result{}, err
	}
	var env envelope
	parseErr := json.Unmarshal(ans.Body, &env)
	if ans.Status >= 200 && ans.Status < 300 {
		if parseErr != nil || env.Code != "SUCCESS" || env.Results.MessageID == "" {
			// GOWA said 200 but not in its own words: perhaps a proxy page.
			// The message may have gone out; do not send it again.
			return channel.Result{}, &channel.Error{Class: channel.UnknownOutcome, Code: "bad_answer", Message: "gowa: success answer without a message id"}
		}
		return channel.Result{ProviderMessageID: env.Results.MessageID}, nil
	}
	return channel.Result{}, c.classify(ans, env, m)
}

// device is the GOWA device to send from: the tenant's own when it has one,
// else the configured one, else none (GOWA then uses its only device).
func (c *Client) device(a channel.Account) string {
	if d := strings.TrimSpace(a.WhatsAppDeviceID); d != "" {
		return d
	}
	return c.deviceID
}

// classify turns a non-2xx answer into a *channel.Error; the HTTP status is
// GOWA's class, the envelope code refines it.
func (c *Client) classify(ans wire.Answer, env envelope, m channel.Message) error {
	code := env.Code
	if code == "" {
		code = wire.StatusCode(ans.Status)
	}
	e := &channel.Error{Class: wire.StatusClass(ans.Status), Code: code, Message: "gowa: " + http.StatusText(ans.Status)}
	if t := wire.SafeText(env.Message, m); t != "" {
		e.Message = "gowa: " + t
	}
	switch {
	case ans.Status == http.StatusBadRequest && env.Code == "INVALID_JID":
		e.Class = channel.InvalidRecipient // e.g. "user is not registered" on WhatsApp
	case ans.Status == http.StatusBadRequest && env.Code == "DEVICE_ID_REQUIRED":
		e.Class = channel.Misconfigured
	case ans.Status == http.StatusNotFound:
		e.Class = channel.Misconfigured // DEVICE_NOT_FOUND, or a wrong GOWA_API_URL
	case ans.Status == http.StatusTooManyRequests:
		e.RetryAfter = wire.RetryAfter(ans.Header, c.now())
	}
	return e
}
