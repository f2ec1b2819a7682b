// Package alimtalk sends KakaoTalk AlimTalk template messages through NHN
// Cloud KakaoTalk Bizmessage API v2.3. Wire format:
// shared/contracts/nhn-alimtalk.md.
//
// Every request carries X-NC-API-IDEMPOTENCY-KEY = Message.AttemptKey()
// ("<message id>:<attempt>"). NHN refuses a key it has seen within
// IdempotencyWindow with -1005; the client reports that as an error wrapping
// channel.ErrAlreadyAccepted (class UnknownOutcome), which the outbox reads as
// "sent". See package channel for the whole contract.
package alimtalk

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/channel/internal/wire"
)

// IdempotencyWindow is how long NHN remembers an idempotency key. Re-sending
// an attempt whose outcome was unknown is safe only within this window of
// the first request; later, treat the message as sent-unconfirmed.
const IdempotencyWindow = 10 * time.Minute

// IdempotencyHeader is NHN's idempotency key header.
const IdempotencyHeader = "X-NC-API-IDEMPOTENCY-KEY"

// CodeDuplicate is NHN's answer to a repeated idempotency key.
const CodeDuplicate = -1005

// Config is what the client needs; BaseURL is NHN_KAKAO_API_URL.
type Config struct {
	BaseURL   string // e.g. https://kakaotalk-bizmessage.api.nhncloudservice.com
	AppKey    string
	SecretKey string
	SenderKey string // the 40-character sender (channel profile) key, unless the message's account names another
}

// Client sends AlimTalk messages. It is safe for concurrent use.
type Client struct {
	endpoint, secret, senderKey string
	hc                          *http.Client
	now                         func() time.Time
}

var _ channel.Sender = (*Client)(nil)

// ErrConfig reports an unusable configuration; it never repeats secrets.
var ErrConfig = errors.New("alimtalk: base URL (absolute http(s)), app key, secret key and sender key are required")

// New returns a client; hc nil means channel.NewHTTPClient().
func New(cfg Config, hc *http.Client) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(cfg.BaseURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		cfg.AppKey == "" || cfg.SecretKey == "" || cfg.SenderKey == "" {
		return nil, ErrConfig
	}
	if hc == nil {
		hc = channel.NewHTTPClient()
	}
	return &Client{endpoint: strings.TrimRight(u.String(), "/") + "/alimtalk/v2.3/appkeys/" + url.PathEscape(cfg.AppKey) + "/messages",
		secret: cfg.SecretKey, senderKey: cfg.SenderKey, hc: hc, now: time.Now}, nil
}

// Name is channel.Kakao.
func (c *Client) Name() channel.Name { return channel.Kakao }

type resendParameter struct {
	IsResend bool `json:"isResend"` // always sent: NHN's console default must not decide
}

type recipient struct {
	RecipientNo          string            `json:"recipientNo"`
	TemplateParameter    map[string]string `json:"templateParameter,omitempty"`
	ResendParameter      resendParameter   `json:"resendParameter"`
	RecipientGroupingKey string            `json:"recipientGroupingKey,omitempty"`
}

type sendRequest struct {
	SenderKey         string      `json:"senderKey"`
	TemplateCode      string      `json:"templateCode"`
	SenderGroupingKey string      `json:"senderGroupingKey,omitempty"`
	RecipientList     []recipient `json:"recipientList"`
}

type sendAnswer struct {
	Header  wire.NHNHeader `json:"header"`
	Message struct {
		RequestID   string `json:"requestId"`
		SendResults []struct {
			RecipientSeq  int    `json:"recipientSeq"`
			RecipientNo   string `json:"recipientNo"`
			ResultCode    int    `json:"resultCode"`
			ResultMessage string `json:"resultMessage"`
		} `json:"sendResults"`
	} `json:"message"`
}

// Send sends one template message. Korean numbers go as national digits
// ("010…"); other numbers as international digits (unconfirmed with NHN).
func (c *Client) Send(ctx context.Context, m channel.Message) (channel.Result, error) {
	if strings.TrimSpace(m.KakaoTemplateCode) == "" {
		return channel.Result{}, &channel.Error{Class: channel.Permanent, Code: "no_template", Message: "alimtalk: message has no template code"}
	}
	if m.ID == "" || m.Attempt < 1 {
		return channel.Result{}, &channel.Error{Class: channel.Permanent, Code: "no_attempt_key", Message: "alimtalk: message id and attempt number are required for the idempotency key"}
	}
	ph, err := wire.ParsePhone(m.To)
	if err != nil {
		return channel.Result{}, err
	}
	no := ph.Digits
	if ph.CountryCode == "82" {
		no = ph.National
	}
	senderKey := c.senderKey
	if k := strings.TrimSpace(m.Account.KakaoSenderKey); k != "" {
		senderKey = k // the tenant's own Kakao channel
	}
	req := sendRequest{SenderKey: senderKey, TemplateCode: m.KakaoTemplateCode, SenderGroupingKey: m.ID,
		RecipientList: []recipient{{RecipientNo: no, TemplateParameter: m.KakaoParameters,
			ResendParameter: resendParameter{IsResend: m.KakaoNHNResend}, RecipientGroupingKey: m.ID}}}
	h := http.Header{"X-Secret-Key": {c.secret}, "Content-Type": {"application/json;charset=UTF-8"},
		IdempotencyHeader: {m.AttemptKey()}}
	ans, err := wire.PostJSON(ctx, c.hc, c.endpoint, h, req)
	if err != nil {
		return channel.Result{}, err
	}
	return c.read(ans, m)
}

func (c *Client) read(ans wire.Answer, m channel.Message) (channel.Result, error) {
	var a sendAnswer
	parsed := json.Unmarshal(ans.Body, &a) == nil
	hdr := &a.Header
	if !parsed {
		hdr = nil
	}
	if parsed && !a.Header.IsSuccessful && a.Header.ResultCode == CodeDuplicate {
		return channel.Result{}, &channel.Error{Class: channel.UnknownOutcome, Code: strconv.Itoa(CodeDuplicate),
			Message: "alimtalk: this attempt was already accepted", Err: channel.ErrAlreadyAccepted}
	}
	if e := wire.NHNStatusError("alimtalk", ans, hdr, m, c.now()); e != nil {
		return channel.Result{}, e
	}
	if !parsed {
		return channel.Result{}, wire.NHNError("alimtalk", wire.StatusClass(ans.Status), ans, nil, m)
	}
	if !a.Header.IsSuccessful {
		class := codeClass(a.Header.ResultCode)
		if class == channel.Permanent && (ans.Status == http.StatusUnauthorized || ans.Status == http.StatusForbidden) {
			class = channel.Misconfigured
		}
		return channel.Result{}, wire.NHNError("alimtalk", class, ans, hdr, m)
	}
	if a.Message.RequestID == "" || len(a.Message.SendResults) == 0 {
		return channel.Result{}, &channel.Error{Class: channel.UnknownOutcome, Code: "bad_answer", Message: "alimtalk: success answer without a request id"}
	}
	r := a.Message.SendResults[0]
	if r.ResultCode != 0 {
		// A per-recipient refusal (not a Kakao user, template text mismatch,
		// …) is about this channel; SMS may still reach the patient.
		hdr := &wire.NHNHeader{ResultCode: r.ResultCode, ResultMessage: r.ResultMessage}
		return channel.Result{}, wire.NHNError("alimtalk", codeClass(r.ResultCode), ans, hdr, m)
	}
	return channel.Result{ProviderMessageID: a.Message.RequestID + ":" + strconv.Itoa(r.RecipientSeq)}, nil
}

// codeClass maps AlimTalk result codes (NHN's error code table) to classes.
// Template problems stay Permanent (the message moves to the next channel)
// rather than Misconfigured (which would stop the whole channel).
func codeClass(code int) channel.Class {
	switch code {
	case -1000, -1001, // app key, secret key
		-1002, -1003, -1019, // SMS fallback app key, sending number, 080 number
		-1006, -1027, -2017, // sender key missing, sender blocked, no such sender profile
		-2502: // fallback requested but not set up in NHN's console
		return channel.Misconfigured
	case -9999:
		return channel.Retryable
	}
	return channel.Permanent
}
