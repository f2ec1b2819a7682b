package stdwebhooks

import (
	"net/http"
	"testing"
	"time"

	svix "github.com/svix/svix-webhooks/go"
)

func TestSignatureMatchesSvixAndVerifies(t *testing.T) {
	secret := NewSecret()
	body := []byte(`{"type":"user.created","data":{"id":"user_1"}}`)
	now := time.Unix(1_780_000_000, 0)
	ours, err := Sign(secret, "msg_1", now, body)
	if err != nil {
		t.Fatal(err)
	}
	wh, _ := svix.NewWebhook(secret)
	theirs, _ := wh.Sign("msg_1", now, body)
	if ours != theirs {
		t.Fatalf("signature differs from the Svix library: %s vs %s", ours, theirs)
	}
	h, _ := Headers(Svix, secret, "msg_1", now, body)
	if id, err := Verify(Svix, h, body, now.Add(time.Minute), secret); err != nil || id != "msg_1" {
		t.Fatalf("verify: %q %v", id, err)
	}
}

func TestVerifyRefusesTamperingStalenessAndWrongSecrets(t *testing.T) {
	old, current := NewSecret(), NewSecret()
	body := []byte(`{"a":1}`)
	now := time.Now()
	h, _ := Headers(Standard, old, "msg_2", now, body)
	if _, err := Verify(Standard, h, body, now, current, old); err != nil {
		t.Fatalf("rotation: a message signed with the old secret must pass while both are configured: %v", err)
	}
	if _, err := Verify(Standard, h, []byte(`{"a":2}`), now, old); err != ErrNoMatch {
		t.Fatalf("tampered body: %v", err)
	}
	if _, err := Verify(Standard, h, body, now.Add(6*time.Minute), old); err != ErrBadTimestamp {
		t.Fatalf("stale: %v", err)
	}
	if _, err := Verify(Standard, h, body, now, current); err != ErrNoMatch {
		t.Fatalf("wrong secret: %v", err)
	}
	if _, err := Verify(Standard, http.Header{}, body, now, old); err != ErrMissingHeaders {
		t.Fatalf("missing: %v", err)
	}
	h.Set("webhook-signature", "v2,abc v1,!!notbase64")
	if _, err := Verify(Standard, h, body, now, old); err != ErrNoMatch {
		t.Fatalf("garbage signatures: %v", err)
	}
}

func FuzzVerifyNeverPanics(f *testing.F) {
	f.Add("msg_1", "1780000000", "v1,AAAA", []byte("{}"))
	f.Fuzz(func(t *testing.T, id, ts, sig string, body []byte) {
		h := http.Header{}
		h.Set("webhook-id", id)
		h.Set("webhook-timestamp", ts)
		h.Set("webhook-signature", sig)
		_, _ = Verify(Standard, h, body, time.Unix(1_780_000_000, 0), "whsec_c2VjcmV0")
	})
}
