package gowa_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/channel/gowa"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

const secret = "whsec-gowa-0123456789"

func TestVerifySignature(t *testing.T) {
	body := fakeprovider.GOWAMessageEvent(fakeprovider.WAIncoming{From: phone, Body: "Sudah minum obat"})
	good := fakeprovider.SignGOWA(secret, body)
	if !gowa.VerifySignature(secret, good, body) {
		t.Fatal("good signature refused")
	}
	if gowa.Sign(secret, body) != good {
		t.Fatal("Sign disagrees with an independent HMAC")
	}
	changed := bytes.Replace(body, []byte("Sudah"), []byte("Belum"), 1)
	bad := []struct {
		name, secret, header string
		body                 []byte
	}{
		{"missing", secret, "", body},
		{"body changed", secret, good, changed},
		{"other secret", "another-secret-0000", good, body},
		{"no prefix", secret, good[len("sha256="):], body},
		{"sha1 prefix", secret, "sha1=" + good[len("sha256="):], body},
		{"not hex", secret, "sha256=" + string(bytes.Repeat([]byte("zz"), 32)), body},
		{"short", secret, good[:20], body},
		{"empty secret", "", fakeprovider.SignGOWA("", body), body},
	}
	for _, c := range bad {
		if gowa.VerifySignature(c.secret, c.header, c.body) {
			t.Errorf("%s: accepted", c.name)
		}
	}
}

func TestParseIncomingMessage(t *testing.T) {
	at := time.Date(2023, 10, 15, 10, 30, 0, 0, time.UTC)
	body := fakeprovider.GOWAMessageEvent(fakeprovider.WAIncoming{ID: "3EB0C127D7BACC83D6A1", From: phone, FromName: "Budi",
		Body: "Sudah minum obat", RepliedToID: "3EB0AAA", Timestamp: at})
	ev, err := gowa.ParseEvent(body)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Kind != gowa.KindMessage || ev.Name != "message" || ev.Message == nil || ev.Receipt != nil {
		t.Fatalf("event = %+v", ev)
	}
	m := ev.Message
	if m.ID != "3EB0C127D7BACC83D6A1" || m.From != phone || m.FromName != "Budi" || m.Body != "Sudah minum obat" ||
		!m.Timestamp.Equal(at) || m.IsFromMe || m.RepliedToID != "3EB0AAA" || ev.DeviceID == "" {
		t.Fatalf("message = %+v", m)
	}
}

func TestParseEchoOfOwnMessage(t *testing.T) {
	ev, err := gowa.ParseEvent(fakeprovider.GOWAMessageEvent(fakeprovider.WAIncoming{From: phone, Body: "x", IsFromMe: true}))
	if err != nil || !ev.Message.IsFromMe {
		t.Fatalf("ev = %+v, err = %v", ev, err)
	}
}

func TestParseLIDSenderFallsBackToChat(t *testing.T) {
	body := []byte(`{"event":"message","payload":{"id":"A1","chat_id":"6281234567890@s.whatsapp.net","from":"251512345@lid","body":"hi","timestamp":"bad"}}`)
	ev, err := gowa.ParseEvent(body)
	if err != nil || ev.Message.From != phone || !ev.Message.Timestamp.IsZero() {
		t.Fatalf("ev = %+v, err = %v", ev.Message, err)
	}
}

func TestParseReceipt(t *testing.T) {
	at := time.Date(2025, 7, 18, 22, 44, 20, 0, time.UTC)
	for raw, want := range map[string]gowa.ReceiptType{"delivered": gowa.ReceiptDelivered, "read": gowa.ReceiptRead, "played": gowa.ReceiptOther} {
		ev, err := gowa.ParseEvent(fakeprovider.GOWAAckEvent([]string{"3EB00106E8BE0F407E88EC", "3EB0X"}, phone, raw, at))
		if err != nil {
			t.Fatal(err)
		}
		r := ev.Receipt
		if ev.Kind != gowa.KindReceipt || r == nil || len(r.IDs) != 2 || r.IDs[0] != "3EB00106E8BE0F407E88EC" ||
			r.Type != want || r.RawType != raw || r.From != phone || !r.Timestamp.Equal(at) {
			t.Fatalf("%s: receipt = %+v", raw, r)
		}
	}
}

func TestParseOtherEvents(t *testing.T) {
	for _, name := range []string{"message.reaction", "message.revoked", "group.participants", "call.offer"} {
		ev, err := gowa.ParseEvent([]byte(`{"event":"` + name + `","device_id":"d","payload":{"id":"x"}}`))
		if err != nil || ev.Kind != gowa.KindOther || ev.Name != name || ev.Message != nil || ev.Receipt != nil {
			t.Errorf("%s: ev = %+v, err = %v", name, ev, err)
		}
	}
}

func TestParseRejects(t *testing.T) {
	cases := map[string]error{
		``:                                     gowa.ErrMalformed,
		`null`:                                 gowa.ErrMalformed,
		`[1]`:                                  gowa.ErrMalformed,
		`{"event":"message","payload":{}}`:     gowa.ErrMalformed, // no id
		`{"event":"message.ack","payload":{}}`: gowa.ErrMalformed, // no ids
		`{"event":"message","payload":"x"}`:    gowa.ErrUnsupported,
		// pre-v8 flat payload
		`{"sender_id":"628123","chat_id":"628123@s.whatsapp.net","pushname":"Budi","message":{"text":"hi","id":"A"}}`: gowa.ErrUnsupported,
	}
	for in, want := range cases {
		if _, err := gowa.ParseEvent([]byte(in)); !errors.Is(err, want) {
			t.Errorf("%s: err = %v, want %v", in, err, want)
		}
	}
}

func TestPhoneFromJID(t *testing.T) {
	cases := map[string]string{
		"628123456789@s.whatsapp.net":    "+628123456789",
		"628123456789:12@s.whatsapp.net": "+628123456789",
		"2515123@lid":                    "",
		"120363@g.us":                    "",
		"08123456789@s.whatsapp.net":     "",
		"62abc@s.whatsapp.net":           "",
		"":                               "",
	}
	for in, want := range cases {
		if got := gowa.PhoneFromJID(in); got != want {
			t.Errorf("PhoneFromJID(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseEvent(f *testing.F) {
	f.Add(fakeprovider.GOWAMessageEvent(fakeprovider.WAIncoming{From: phone, Body: "Sudah minum obat"}))
	f.Add(fakeprovider.GOWAAckEvent([]string{"a"}, phone, "read", time.Time{}))
	f.Add([]byte(`{"event":"message","payload":{"id":"x","from":"1:2@s.whatsapp.net","timestamp":"2023-10-15T10:30:00Z"}}`))
	f.Add([]byte(`{"event":"message.ack","payload":{"ids":[null,"x"],"receipt_type":7}}`))
	f.Add([]byte(`{"message":{"text":"old"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := gowa.ParseEvent(body)
		if err != nil {
			return
		}
		switch ev.Kind {
		case gowa.KindMessage:
			if ev.Message == nil || ev.Message.ID == "" {
				t.Fatal("message event without message")
			}
		case gowa.KindReceipt:
			if ev.Receipt == nil || len(ev.Receipt.IDs) == 0 {
				t.Fatal("receipt event without ids")
			}
		}
		_ = gowa.VerifySignature("k", string(body), body)
	})
}
