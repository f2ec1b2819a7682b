// Package nhnhook reads NHN Cloud push webhooks (SMS and KakaoTalk
// Bizmessage): delivery results and SMS 080 unsubscribes. Wire format:
// shared/contracts/nhn-sms.md and nhn-alimtalk.md.
package nhnhook

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/nyaruka/phonenumbers"

	"github.com/prima-health/prima/internal/channel"
)

// SignatureHeader carries the static signature set in NHN's console.
const SignatureHeader = "X-Toast-Webhook-Signature"

// VerifyStatic compares the header with the configured signature in constant
// time. An empty expected value never verifies.
func VerifyStatic(expected, header string) bool {
	if expected == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(expected), []byte(header)) == 1
}

// Status is a delivery result's outcome.
type Status string

// Outcomes. NHN's messageStatus values map as COMPLETED → Delivered,
// FAILED and FAILED_AD → Failed, CANCEL → Cancelled, DUPLICATED → Duplicate.
// AlimTalk hooks carry no messageStatus: resultCode "1000" is Delivered,
// any other code Failed.
const (
	Delivered Status = "delivered"
	Failed    Status = "failed"
	Cancelled Status = "cancelled"
	Duplicate Status = "duplicate"
	Unknown   Status = "unknown"
)

// Webhook is one NHN push.
type Webhook struct {
	HooksID         string
	WebhookConfigID string
	ProductName     string
	AppKey          string
	Event           string
	Channel         channel.Name // channel.SMS or channel.Kakao; "" when the product is neither
	Results         []Result     // delivery results
	Unsubscribes    []Unsubscribe
}

// Result is one recipient's delivery result.
type Result struct {
	HookID               string
	RequestID            string
	RecipientSeq         int
	RecipientNo          string // as NHN wrote it, usually national digits ("010…")
	Status               Status
	MessageStatus        string // NHN's messageStatus as sent ("" for AlimTalk)
	ResultCode           string // carrier or Kakao code ("1000", "3003", "E915", …)
	KakaoMessageType     string
	SenderGroupingKey    string // the PRIMA message id the clients put there
	RecipientGroupingKey string
	// ProviderMessageID is "requestId:recipientSeq", the same form the send
	// clients return, so a result finds its message.
	ProviderMessageID string
}

// Unsubscribe is an SMS 080 opt-out (event UNSUBSCRIBE).
type Unsubscribe struct {
	HookID        string
	RecipientNo   string
	UnsubscribeNo string
	CreatedAt     time.Time
}

// ErrMalformed reports a body that is not an NHN webhook; it never quotes it.
var ErrMalformed = errors.New("nhnhook: body is not an NHN webhook")

// flex accepts a JSON string or number and keeps its text.
type flex string

func (f *flex) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*f = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flex(s)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*f = flex(n.String())
	}
	return nil
}

type rawHook struct {
	HookID               string `json:"hookId"`
	RequestID            string `json:"requestId"`
	RecipientSeq         flex   `json:"recipientSeq"`
	RecipientNo          string `json:"recipientNo"`
	MessageStatus        string `json:"messageStatus"`
	ResultCode           flex   `json:"resultCode"`
	KakaoMessageType     string `json:"kakaoMessageType"`
	SenderGroupingKey    string `json:"senderGroupingKey"`
	RecipientGroupingKey string `json:"recipientGroupingKey"`
	UnsubscribeNo        string `json:"unsubscribeNo"`
	CreatedDateTime      string `json:"createdDateTime"`
}

type rawWebhook struct {
	HooksID         string    `json:"hooksId"`
	WebhookConfigID string    `json:"webhookConfigId"`
	ProductName     string    `json:"productName"`
	AppKey          string    `json:"appKey"`
	Event           string    `json:"event"`
	Hooks           []rawHook `json:"hooks"`
}

// Parse reads an NHN webhook body. Hooks that are neither delivery results
// (they carry a requestId) nor unsubscribes (event UNSUBSCRIBE) are skipped.
// Verify the signature header first (VerifyStatic).
func Parse(body []byte) (Webhook, error) {
	var raw rawWebhook
	if err := json.Unmarshal(body, &raw); err != nil || raw.Event == "" {
		return Webhook{}, ErrMalformed
	}
	w := Webhook{HooksID: raw.HooksID, WebhookConfigID: raw.WebhookConfigID, ProductName: raw.ProductName,
		AppKey: raw.AppKey, Event: raw.Event, Channel: product(raw.ProductName)}
	for _, h := range raw.Hooks {
		switch {
		case strings.EqualFold(raw.Event, "UNSUBSCRIBE"):
			if h.RecipientNo == "" {
				continue
			}
			created, _ := time.Parse(time.RFC3339, h.CreatedDateTime)
			w.Unsubscribes = append(w.Unsubscribes, Unsubscribe{HookID: h.HookID, RecipientNo: h.RecipientNo,
				UnsubscribeNo: h.UnsubscribeNo, CreatedAt: created.UTC()})
		case h.RequestID != "":
			if h.KakaoMessageType != "" && w.Channel == "" {
				w.Channel = channel.Kakao
			}
			seq, _ := strconv.Atoi(string(h.RecipientSeq))
			w.Results = append(w.Results, Result{HookID: h.HookID, RequestID: h.RequestID, RecipientSeq: seq,
				RecipientNo: h.RecipientNo, Status: status(h.MessageStatus, string(h.ResultCode)), MessageStatus: h.MessageStatus,
				ResultCode: string(h.ResultCode), KakaoMessageType: h.KakaoMessageType, SenderGroupingKey: h.SenderGroupingKey,
				RecipientGroupingKey: h.RecipientGroupingKey, ProviderMessageID: h.RequestID + ":" + strconv.Itoa(seq)})
		}
	}
	return w, nil
}

func product(name string) channel.Name {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "kakao"):
		return channel.Kakao
	case strings.Contains(n, "sms"):
		return channel.SMS
	}
	return ""
}

func status(messageStatus, resultCode string) Status {
	switch strings.ToUpper(strings.TrimSpace(messageStatus)) {
	case "COMPLETED":
		return Delivered
	case "FAILED", "FAILED_AD":
		return Failed
	case "CANCEL":
		return Cancelled
	case "DUPLICATED":
		return Duplicate
	case "":
		switch strings.TrimSpace(resultCode) {
		case "":
			return Unknown
		case "1000":
			return Delivered
		}
		return Failed
	}
	return Unknown
}

// ToE164 turns an NHN recipient number ("01012345678", or international
// digits) into E.164, reading national numbers in region ("KR" for NHN's
// default). It reports false when the number is not valid.
func ToE164(recipientNo, region string) (string, bool) {
	n, err := phonenumbers.Parse(recipientNo, region)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", false
	}
	return phonenumbers.Format(n, phonenumbers.E164), true
}
