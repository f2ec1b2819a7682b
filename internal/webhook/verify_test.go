package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/pkg/stdwebhooks"
)

func TestVerifyBothSchemes(t *testing.T) {
	secret, other := stdwebhooks.NewSecret(), stdwebhooks.NewSecret()
	body := []byte(`{"phone":"0812-3456-7890"}`)
	now := time.Unix(1_780_000_000, 0)

	h, _ := stdwebhooks.Headers(stdwebhooks.Standard, secret, "msg_1", now, body)
	if id, err := verify(h, body, now.Add(4*time.Minute), []string{other, secret}); err != nil || id != "msg_1" {
		t.Fatalf("standard with the second secret: %q %v", id, err)
	}
	if _, err := verify(h, body, now.Add(6*time.Minute), []string{secret}); !errors.Is(err, stdwebhooks.ErrBadTimestamp) {
		t.Fatalf("stale: %v", err)
	}
	// A Standard call is not also tried as a seed call.
	h.Set(HeaderSeedSignature, hex.EncodeToString(SeedSignature(secret, body)))
	h.Set("webhook-signature", "v1,AAAA")
	if _, err := verify(h, body, now, []string{secret}); err == nil {
		t.Fatal("a bad Standard signature must fail whatever else the call carries")
	}

	// The seed scheme keys the HMAC with the secret string as shown, whsec_ included.
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	sig := hex.EncodeToString(mac.Sum(nil))
	for _, v := range []string{"sha256=" + sig, sig, "SHA256=" + strings.ToUpper(sig)} {
		h := http.Header{}
		h.Set("x-webhook-signature", v)
		id, err := verify(h, body, now, []string{secret})
		sum := sha256.Sum256(body)
		if err != nil || id != "sha256:"+hex.EncodeToString(sum[:]) {
			t.Fatalf("seed %q: %q %v", v, id, err)
		}
	}
	h = http.Header{}
	h.Set("x-webhook-signature", "sha256="+sig)
	h.Set("Idempotency-Key", "booking-42")
	if id, err := verify(h, body, now, []string{secret}); err != nil || id != "idem:booking-42" {
		t.Fatalf("idempotency key: %q %v", id, err)
	}
	if _, err := verify(h, []byte(`{"phone":"0812-0000-0000"}`), now, []string{secret}); err == nil {
		t.Fatal("tampered body")
	}
	if _, err := verify(http.Header{}, body, now, []string{secret}); !errors.Is(err, errNoSignature) {
		t.Fatalf("unsigned: %v", err)
	}
}

func TestDeliveryKeysAreStorable(t *testing.T) {
	if deliveryKey("msg_2Lc") != "msg_2Lc" {
		t.Fatal("short ids stay")
	}
	for _, id := range []string{strings.Repeat("x", 201), "bad\xffutf8", "new\nline"} {
		if k := deliveryKey(id); !strings.HasPrefix(k, "id-sha256:") || len(k) != 10+64 {
			t.Fatalf("%q → %q", id, k)
		}
	}
}

func TestPayloadErrorsNameTheirFields(t *testing.T) {
	cases := []struct {
		body   string
		fields string
	}{
		{``, "body"},
		{`not json`, "body"},
		{`[1,2]`, "body"},
		{"{\"phone\":\"08\xff\"}", "body"},
		{`{}`, "external_id,phone"},
		{`{"phone":5,"external_id":true}`, "external_id,phone"},
		{`{"phone":"0812","colour":"red","data":[1]}`, "colour,data"},
		{`{"phone":"0812","patient":{"name":5,"tags":"a","attributes":[],"consent":"granted"}}`,
			"patient.attributes,patient.consent,patient.name,patient.tags"},
		{`{"phone":"0812","patient":"Siti"}`, "patient"},
		{`{"phone":"0812","data":{"note":"a\u0000b"}}`, "data.note"},
	}
	for _, c := range cases {
		_, err := parsePayload([]byte(c.body))
		var ve *errs.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("%q: want a validation error, got %v", c.body, err)
		}
		var got []string
		for _, f := range ve.Fields {
			got = append(got, f.Field)
		}
		if strings.Join(got, ",") != c.fields {
			t.Errorf("%q: fields %v, want %s", c.body, got, c.fields)
		}
	}
	p, err := parsePayload([]byte(`{"external_id":"EMR-1","patient":{"name":"Siti","tags":["a"],"attributes":{"bed":3}},"data":{"n":1}}`))
	if err != nil || p.externalID != "EMR-1" || p.patient.Name != "Siti" || p.context["data"].(map[string]any)["n"] != float64(1) {
		t.Fatalf("good payload: %+v %v", p, err)
	}
}

func FuzzParsePayload(f *testing.F) {
	f.Add([]byte(`{"external_id":"EMR-1","phone":"0812","patient":{"name":"Siti","tags":["x"]},"data":{"a":[1,{"b":null}]}}`))
	f.Add([]byte(`{"phone":null,"patient":null,"data":null}`))
	f.Add([]byte("{\"data\":{\"\\u0000\":1}}"))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := parsePayload(body)
		if err != nil {
			var ve *errs.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) == 0 {
				t.Fatalf("%q: a refusal must name fields: %v", body, err)
			}
			return
		}
		if strings.TrimSpace(p.externalID) == "" && strings.TrimSpace(p.phone) == "" {
			t.Fatalf("%q: accepted without an id", body)
		}
		if p.context == nil {
			t.Fatalf("%q: accepted without a context", body)
		}
	})
}
