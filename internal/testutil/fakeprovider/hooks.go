package fakeprovider

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"time"
)

var hookSeq atomic.Uint64

// WAIncoming describes an incoming WhatsApp message for GOWAMessageEvent.
type WAIncoming struct {
	ID          string // default: a fresh id
	From        string // E.164 ("+628…")
	FromName    string
	Body        string
	RepliedToID string
	IsFromMe    bool
	Timestamp   time.Time // default: now
	DeviceID    string    // default: "628987654321@s.whatsapp.net"
}

func jid(e164 string) string { return strings.TrimPrefix(e164, "+") + "@s.whatsapp.net" }

// GOWAMessageEvent is the body of a GOWA v8+ "message" webhook.
func GOWAMessageEvent(m WAIncoming) []byte {
	if m.ID == "" {
		m.ID = fmt.Sprintf("3EB0C1%014X", hookSeq.Add(1))
	}
	if m.Timestamp.IsZero() {
		m.Timestamp = time.Now()
	}
	if m.DeviceID == "" {
		m.DeviceID = "628987654321@s.whatsapp.net"
	}
	payload := map[string]any{
		"id": m.ID, "chat_id": jid(m.From), "from": jid(m.From), "from_lid": "251500000000000@lid",
		"from_name": m.FromName, "sender_display_name": m.FromName, "timestamp": m.Timestamp.UTC().Format(time.RFC3339),
		"is_from_me": m.IsFromMe, "body": m.Body,
	}
	if m.RepliedToID != "" {
		payload["replied_to_id"] = m.RepliedToID
		payload["quoted_body"] = "..."
	}
	b, _ := json.Marshal(map[string]any{"event": "message", "device_id": m.DeviceID, "session_id": "org_2", "payload": payload})
	return b
}

// GOWAAckEvent is the body of a GOWA v8+ "message.ack" webhook. receiptType
// is "delivered" or "read" (others pass through).
func GOWAAckEvent(ids []string, from, receiptType string, at time.Time) []byte {
	if at.IsZero() {
		at = time.Now()
	}
	b, _ := json.Marshal(map[string]any{
		"event": "message.ack", "device_id": "628987654321@s.whatsapp.net", "timestamp": at.UTC().Format(time.RFC3339),
		"payload": map[string]any{"ids": ids, "chat_id": jid(from), "from": jid(from),
			"receipt_type": receiptType, "receipt_type_description": "means the message was " + receiptType},
	})
	return b
}

// SignGOWA is the X-Hub-Signature-256 value for body: "sha256=" + hex HMAC-SHA256.
func SignGOWA(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// GOWAWebhookRequest is a signed webhook request for handler tests (an empty
// secret leaves the signature off).
func GOWAWebhookRequest(target, secret string, body []byte) *http.Request {
	r := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if secret != "" {
		r.Header.Set("X-Hub-Signature-256", SignGOWA(secret, body))
	}
	return r
}

// NHNResult is one delivery result hook.
type NHNResult struct {
	RequestID            string
	RecipientSeq         int
	RecipientNo          string
	MessageStatus        string // SMS: COMPLETED, FAILED, CANCEL, DUPLICATED, FAILED_AD
	ResultCode           string // "1000" = delivered
	SenderGroupingKey    string
	RecipientGroupingKey string
}

// Event names the fakes use for delivery results. AlimTalk's is documented;
// SMS's is unconfirmed.
const (
	NHNAlimTalkResultEvent = "MESSAGE_RESULT_UPDATE"
	NHNSMSResultEvent      = "MESSAGE_RESULT_UPDATE"
)

func nhnHook(product, event string, hooks []map[string]any) []byte {
	n := hookSeq.Add(1)
	b, _ := json.Marshal(map[string]any{
		"hooksId": fmt.Sprintf("%s%08d", time.Now().UTC().Format("20060102150405"), n), "webhookConfigId": "wh-config-1",
		"productName": product, "appKey": "app-key", "event": event, "hooks": hooks,
	})
	return b
}

// NHNSMSResultHook is an SMS delivery-result webhook body.
func NHNSMSResultHook(results ...NHNResult) []byte {
	hooks := make([]map[string]any, 0, len(results))
	for _, r := range results {
		hooks = append(hooks, map[string]any{"hookId": fmt.Sprintf("hook-%d", hookSeq.Add(1)), "requestId": r.RequestID,
			"recipientSeq": r.RecipientSeq, "recipientNo": r.RecipientNo, "messageStatus": r.MessageStatus,
			"resultCode": r.ResultCode, "senderGroupingKey": r.SenderGroupingKey, "recipientGroupingKey": r.RecipientGroupingKey})
	}
	return nhnHook("SMS", NHNSMSResultEvent, hooks)
}

// NHNAlimTalkResultHook is an AlimTalk MESSAGE_RESULT_UPDATE webhook body.
func NHNAlimTalkResultHook(results ...NHNResult) []byte {
	hooks := make([]map[string]any, 0, len(results))
	now := time.Now().UTC().Format("2006-01-02 15:04:05")
	for _, r := range results {
		hooks = append(hooks, map[string]any{"hookId": fmt.Sprintf("hook-%d", hookSeq.Add(1)), "kakaoMessageType": "ALIMTALK_NORMAL",
			"requestId": r.RequestID, "recipientSeq": r.RecipientSeq, "requestDate": now, "createDate": now, "receiveDate": now,
			"recipientNo": r.RecipientNo, "resultCode": r.ResultCode, "senderGroupingKey": r.SenderGroupingKey,
			"recipientGroupingKey": r.RecipientGroupingKey,
			"_links":               map[string]any{"self": map[string]string{"href": "/alimtalk/v2.3/appkeys/app-key/messages/" + r.RequestID}}})
	}
	return nhnHook("KakaoTalk Bizmessage", NHNAlimTalkResultEvent, hooks)
}

// NHNUnsubscribeHook is an SMS UNSUBSCRIBE (080 opt-out) webhook body.
func NHNUnsubscribeHook(recipientNo, unsubscribeNo string, at time.Time) []byte {
	return nhnHook("SMS", "UNSUBSCRIBE", []map[string]any{{"hookId": fmt.Sprintf("hook-%d", hookSeq.Add(1)),
		"recipientNo": recipientNo, "unsubscribeNo": unsubscribeNo, "enterpriseName": "NHN Cloud",
		"createdDateTime": at.Format("2006-01-02T15:04:05.000Z07:00")}})
}

// NHNHookRequest is a webhook request for handler tests carrying the static
// X-Toast-Webhook-Signature (empty = left off).
func NHNHookRequest(target, signature string, body []byte) *http.Request {
	r := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json;charset=UTF-8")
	if signature != "" {
		r.Header.Set("X-Toast-Webhook-Signature", signature)
	}
	return r
}
