// Package nhnsms sends SMS and LMS through NHN Cloud SMS API v3.0. Wire
// format: shared/contracts/nhn-sms.md.
package nhnsms

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

// Config is what the client needs; BaseURL is NHN_SMS_API_URL.
type Config struct {
	BaseURL   string // e.g. https://sms.api.nhncloudservice.com
	AppKey    string
	SecretKey string
	Sender    string // registered sending number (sendNo), unless the message's account names another
	// LMSTitle is the title of long messages; empty = the body's first line,
	// cut to TitleMaxBytes.
	LMSTitle string
}

// Client sends through NHN Cloud SMS. It is safe for concurrent use.
type Client struct {
	smsURL, mmsURL string
	secret, sendNo string
	title          string
	hc             *http.Client
	now            func() time.Time
}

var _ channel.Sender = (*Client)(nil)

// ErrConfig reports an unusable configuration; it never repeats secrets.
var ErrConfig = errors.New("nhnsms: base URL (absolute http(s)), app key, secret key and sender are required")

// New returns a client; hc nil means channel.NewHTTPClient().
func New(cfg Config, hc *http.Client) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(cfg.BaseURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		cfg.AppKey == "" || cfg.SecretKey == "" || cfg.Sender == "" {
		return nil, ErrConfig
	}
	if hc == nil {
		hc = channel.NewHTTPClient()
	}
	base := strings.TrimRight(u.String(), "/") + "/sms/v3.0/appKeys/" + url.PathEscape(cfg.AppKey) + "/sender/"
	return &Client{smsURL: base + "sms", mmsURL: base + "mms", secret: cfg.SecretKey, sendNo: cfg.Sender,
		title: cutEUCKR(strings.TrimSpace(cfg.LMSTitle), TitleMaxBytes), hc: hc, now: time.Now}, nil
}

// Name is channel.SMS.
func (c *Client) Name() channel.Name { return channel.SMS }

type recipient struct {
	RecipientNo          string `json:"recipientNo"`
	CountryCode          string `json:"countryCode"`
	RecipientGroupingKey string `json:"recipientGroupingKey,omitempty"`
}

type sendRequest struct {
	Title             string      `json:"title,omitempty"`
	Body              string      `json:"body"`
	SendNo            string      `json:"sendNo"`
	RecipientList     []recipient `json:"recipientList"`
	SenderGroupingKey string      `json:"senderGroupingKey,omitempty"`
}

type sendAnswer struct {
	Header wire.NHNHeader `json:"header"`
	Body   struct {
		Data struct {
			RequestID      string `json:"requestId"`
			SendResultList []struct {
				RecipientNo   string `json:"recipientNo"`
				ResultCode    int    `json:"resultCode"`
				ResultMessage string `json:"resultMessage"`
				RecipientSeq  int    `json:"recipientSeq"`
			} `json:"sendResultList"`
		} `json:"data"`
	} `json:"body"`
}

// Send sends one message. Bodies over SMSMaxBytes EUC-KR bytes go to Korean
// numbers as LMS (/sender/mms with a title). NHN refuses LMS abroad (-2024),
// so long bodies to other countries go as SMS and the carrier splits them.
// Both grouping keys carry the PRIMA message id, so NHN's console and result
// hooks can be traced back to it.
func (c *Client) Send(ctx context.Context, m channel.Message) (channel.Result, error) {
	ph, err := wire.ParsePhone(m.To)
	if err != nil {
		return channel.Result{}, err
	}
	if strings.TrimSpace(m.Body) == "" {
		return channel.Result{}, &channel.Error{Class: channel.Permanent, Code: "empty_body", Message: "nhnsms: message text is empty"}
	}
	size := EUCKRLen(m.Body)
	if size > LMSMaxBytes {
		return channel.Result{}, &channel.Error{Class: channel.Permanent, Code: "body_too_long", Message: "nhnsms: message text exceeds " + strconv.Itoa(LMSMaxBytes) + " bytes"}
	}
	sendNo := c.sendNo
	if s := strings.TrimSpace(m.Account.SMSSender); s != "" {
		sendNo = s // the tenant's own registered number
	}
	req := sendRequest{Body: m.Body, SendNo: sendNo, SenderGroupingKey: m.ID,
		RecipientList: []recipient{{RecipientNo: ph.National, CountryCode: ph.CountryCode, RecipientGroupingKey: m.ID}}}
	target := c.smsURL
	if size > SMSMaxBytes && ph.CountryCode == "82" {
		target = c.mmsURL
		req.Title = c.lmsTitle(m.Body)
	}
	h := http.Header{"X-Secret-Key": {c.secret}, "Content-Type": {"application/json;charset=UTF-8"}}
	ans, err := wire.PostJSON(ctx, c.hc, target, h, req)
	if err != nil {
		return channel.Result{}, err
	}
	return c.read(ans, m)
}

func (c *Client) lmsTitle(body string) string {
	if c.title != "" {
		return c.title
	}
	first, _, _ := strings.Cut(strings.TrimSpace(body), "\n")
	return strings.TrimSpace(cutEUCKR(strings.TrimSpace(first), TitleMaxBytes))
}

func (c *Client) read(ans wire.Answer, m channel.Message) (channel.Result, error) {
	var a sendAnswer
	parsed := json.Unmarshal(ans.Body, &a) == nil
	hdr := &a.Header
	if !parsed {
		hdr = nil
	}
	if e := wire.NHNStatusError("nhnsms", ans, hdr, m, c.now()); e != nil {
		return channel.Result{}, e
	}
	if !parsed {
		return channel.Result{}, wire.NHNError("nhnsms", wire.StatusClass(ans.Status), ans, nil, m)
	}
	if !a.Header.IsSuccessful {
		class := codeClass(a.Header.ResultCode, channel.Permanent)
		if class == channel.Permanent && (ans.Status == http.StatusUnauthorized || ans.Status == http.StatusForbidden) {
			class = channel.Misconfigured
		}
		return channel.Result{}, wire.NHNError("nhnsms", class, ans, hdr, m)
	}
	d := a.Body.Data
	if d.RequestID == "" || len(d.SendResultList) == 0 {
		return channel.Result{}, &channel.Error{Class: channel.UnknownOutcome, Code: "bad_answer", Message: "nhnsms: success answer without a request id"}
	}
	r := d.SendResultList[0]
	if r.ResultCode != 0 {
		hdr := &wire.NHNHeader{ResultCode: r.ResultCode, ResultMessage: r.ResultMessage}
		return channel.Result{}, wire.NHNError("nhnsms", codeClass(r.ResultCode, channel.InvalidRecipient), ans, hdr, m)
	}
	return channel.Result{ProviderMessageID: d.RequestID + ":" + strconv.Itoa(r.RecipientSeq)}, nil
}

// codeClass maps NHN SMS result codes (NHN's "API result codes" table) to
// classes; codes not listed get def. NHN documents no throttle code; HTTP
// 429 is the throttle signal.
func codeClass(code int, def channel.Class) channel.Class {
	switch code {
	case -1000, -1001, -1002, -1003, -1004, -1007, -1008, // app key, project, IP
		-9995, -9998, // API version or path
		-2312, -2313: // sending number not registered or blocked
		return channel.Misconfigured
	case -2018, -2019, // recipient number empty or invalid
		-6001: // recipient refused messages (080 opt-out)
		return channel.InvalidRecipient
	case -9999, -2021: // NHN system error, queue failure
		return channel.Retryable
	}
	return def
}
