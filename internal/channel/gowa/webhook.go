package gowa

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// SignatureHeader is the header GOWA signs its webhooks in.
const SignatureHeader = "X-Hub-Signature-256"

// VerifySignature checks header ("sha256=<hex>") against the HMAC-SHA256 of
// the raw body keyed with secret, in constant time. An empty secret or
// header never verifies.
func VerifySignature(secret, header string, body []byte) bool {
	if secret == "" {
		return false
	}
	hexSig, ok := strings.CutPrefix(strings.TrimSpace(header), "sha256=")
	if !ok || len(hexSig) != sha256.Size*2 {
		return false
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}

// Sign returns the X-Hub-Signature-256 value GOWA would send for body.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Kind is the type of a webhook event.
type Kind int

// Event kinds. Everything PRIMA does not act on is KindOther (accept with 200).
const (
	KindOther Kind = iota
	KindMessage
	KindReceipt
)

// ReceiptType is a receipt's kind.
type ReceiptType string

// Receipt types; anything GOWA sends besides delivered and read is ReceiptOther.
const (
	ReceiptDelivered ReceiptType = "delivered"
	ReceiptRead      ReceiptType = "read"
	ReceiptOther     ReceiptType = "other"
)

// Event is one parsed GOWA webhook.
type Event struct {
	Kind     Kind
	Name     string // GOWA's event name, e.g. "message", "message.ack", "group.participants"
	DeviceID string
	Message  *Message // set for KindMessage
	Receipt  *Receipt // set for KindReceipt
}

// Message is an incoming (or, with IsFromMe, echoed outgoing) text.
type Message struct {
	ID          string
	ChatID      string
	From        string // E.164 ("+628…"); empty when GOWA gave no phone JID (e.g. only a LID)
	FromName    string
	Body        string
	Timestamp   time.Time // zero when GOWA sent none or an unreadable one
	IsFromMe    bool      // echo of our own send: ignore
	RepliedToID string    // id of the message being answered, when a reply
}

// Receipt reports delivery or reading of messages we sent.
type Receipt struct {
	IDs       []string
	Type      ReceiptType
	RawType   string // GOWA's receipt_type as sent
	From      string // E.164 of the recipient who read, when given
	Timestamp time.Time
}

// Parse errors. They never quote the payload.
var (
	ErrMalformed   = errors.New("gowa: webhook body is not a GOWA event")
	ErrUnsupported = errors.New("gowa: webhook payload is in the pre-v8 format (GOWA v8 or later is required)")
)

type rawEvent struct {
	Event     string          `json:"event"`
	DeviceID  string          `json:"device_id"`
	Timestamp string          `json:"timestamp"`
	Payload   json.RawMessage `json:"payload"`
}

type rawMessage struct {
	ID                string `json:"id"`
	ChatID            string `json:"chat_id"`
	From              string `json:"from"`
	FromName          string `json:"from_name"`
	SenderDisplayName string `json:"sender_display_name"`
	Timestamp         string `json:"timestamp"`
	IsFromMe          bool   `json:"is_from_me"`
	Body              string `json:"body"`
	RepliedToID       string `json:"replied_to_id"`
}

type rawReceipt struct {
	IDs         []string `json:"ids"`
	From        string   `json:"from"`
	ReceiptType string   `json:"receipt_type"`
	Timestamp   string   `json:"timestamp"`
}

// ParseEvent reads a GOWA v8+ webhook body. Check the signature on the raw
// body first (VerifySignature).
func ParseEvent(body []byte) (Event, error) {
	var raw rawEvent
	if !object(body) {
		return Event{}, ErrMalformed
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return Event{}, ErrMalformed
	}
	if raw.Event == "" {
		if len(raw.Payload) == 0 {
			return Event{}, ErrUnsupported
		}
		return Event{}, ErrMalformed
	}
	ev := Event{Name: raw.Event, DeviceID: raw.DeviceID}
	switch raw.Event {
	case "message":
		var p rawMessage
		if !object(raw.Payload) {
			return Event{}, ErrUnsupported
		}
		if err := json.Unmarshal(raw.Payload, &p); err != nil || p.ID == "" {
			return Event{}, ErrMalformed
		}
		name := p.FromName
		if name == "" {
			name = p.SenderDisplayName
		}
		ts := p.Timestamp
		if ts == "" {
			ts = raw.Timestamp
		}
		from := PhoneFromJID(p.From)
		if from == "" && !p.IsFromMe {
			// LID addressing: the sender is a LID, but a one-to-one chat id
			// still names the phone.
			from = PhoneFromJID(p.ChatID)
		}
		ev.Kind = KindMessage
		ev.Message = &Message{ID: p.ID, ChatID: p.ChatID, From: from, FromName: name, Body: p.Body,
			Timestamp: parseTime(ts), IsFromMe: p.IsFromMe, RepliedToID: p.RepliedToID}
	case "message.ack":
		var p rawReceipt
		if !object(raw.Payload) {
			return Event{}, ErrUnsupported
		}
		if err := json.Unmarshal(raw.Payload, &p); err != nil || len(p.IDs) == 0 {
			return Event{}, ErrMalformed
		}
		ts := raw.Timestamp
		if ts == "" {
			ts = p.Timestamp
		}
		ev.Kind = KindReceipt
		ev.Receipt = &Receipt{IDs: p.IDs, Type: receiptType(p.ReceiptType), RawType: p.ReceiptType,
			From: PhoneFromJID(p.From), Timestamp: parseTime(ts)}
	default:
		ev.Kind = KindOther
	}
	return ev, nil
}

func object(p []byte) bool {
	for _, b := range p {
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return b == '{'
	}
	return false
}

func receiptType(s string) ReceiptType {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "delivered":
		return ReceiptDelivered
	case "read":
		return ReceiptRead
	}
	return ReceiptOther
}

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// PhoneFromJID turns "628123456789@s.whatsapp.net" (or "628123456789:12@…",
// with a device suffix) into "+628123456789". Other JIDs (LIDs, groups)
// carry no phone number and give "".
func PhoneFromJID(jid string) string {
	user, server, ok := strings.Cut(strings.TrimSpace(jid), "@")
	if !ok || server != "s.whatsapp.net" {
		return ""
	}
	user, _, _ = strings.Cut(user, ":")
	if len(user) < 8 || len(user) > 15 || user[0] == '0' {
		return ""
	}
	for i := 0; i < len(user); i++ {
		if user[i] < '0' || user[i] > '9' {
			return ""
		}
	}
	return "+" + user
}
