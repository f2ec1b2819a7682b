package alimtalk_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/channel/alimtalk"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

const krPhone = "+821012345678"

func setup(t *testing.T, timeout time.Duration) (*fakeprovider.AlimTalk, *alimtalk.Client) {
	t.Helper()
	f := fakeprovider.NewAlimTalk(t)
	c, err := alimtalk.New(alimtalk.Config{BaseURL: f.URL, AppKey: f.AppKey, SecretKey: f.SecretKey, SenderKey: f.SenderKey},
		&http.Client{Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return f, c
}

func msg() channel.Message {
	return channel.Message{ID: "msg-7", Attempt: 1, To: krPhone, Body: "김민수님, 약 드실 시간입니다.",
		KakaoTemplateCode: "MED_REMIND", KakaoParameters: map[string]string{"name": "김민수", "time": "20:00"}}
}

func TestSendWireFormat(t *testing.T) {
	f, c := setup(t, 2*time.Second)
	res, err := c.Send(context.Background(), msg())
	if err != nil {
		t.Fatal(err)
	}
	r := f.Requests()[0]
	if r.IdempotencyKey != "msg-7:1" || r.AppKey != f.AppKey || res.ProviderMessageID != r.RequestID+":1" {
		t.Fatalf("recorded %+v, result %+v", r, res)
	}
	var sent struct {
		SenderKey         string           `json:"senderKey"`
		TemplateCode      string           `json:"templateCode"`
		SenderGroupingKey string           `json:"senderGroupingKey"`
		RecipientList     []map[string]any `json:"recipientList"`
	}
	if err := json.Unmarshal(r.Raw, &sent); err != nil {
		t.Fatal(err)
	}
	if sent.SenderKey != f.SenderKey || sent.TemplateCode != "MED_REMIND" || sent.SenderGroupingKey != "msg-7" || len(sent.RecipientList) != 1 {
		t.Fatalf("body = %+v", sent)
	}
	rc := sent.RecipientList[0]
	params := rc["templateParameter"].(map[string]any)
	resend := rc["resendParameter"].(map[string]any)
	if rc["recipientNo"] != "01012345678" || params["name"] != "김민수" || params["time"] != "20:00" ||
		resend["isResend"] != false || rc["recipientGroupingKey"] != "msg-7" {
		t.Fatalf("recipient = %v", rc)
	}
	if _, ok := rc["content"]; ok {
		t.Fatal("template sends carry no content")
	}
}

func TestResendAlwaysExplicit(t *testing.T) {
	f, c := setup(t, 2*time.Second)
	for _, on := range []bool{true, false} {
		m := msg()
		m.KakaoNHNResend = on
		m.Attempt = map[bool]int{true: 1, false: 2}[on]
		if _, err := c.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	reqs := f.Requests()
	for i, want := range []bool{true, false} {
		p := reqs[i].Recipients[0].IsResend()
		if p == nil || *p != want {
			t.Fatalf("request %d: isResend = %v, want %v", i, p, want)
		}
	}
	f.ResendConfigured = false
	m := msg()
	m.KakaoNHNResend, m.Attempt = true, 3
	if _, err := c.Send(context.Background(), m); channel.ClassOf(err) != channel.Misconfigured {
		t.Fatalf("resend without NHN fallback set up: %v", err)
	}
}

// The outbox re-sends the same attempt after an unknown outcome: the fake
// had taken the first request, so NHN refuses the key and the client says
// "already accepted". Exactly one message reached the patient.
func TestUnknownOutcomeThenSameAttemptIsAlreadyAccepted(t *testing.T) {
	f, c := setup(t, 50*time.Millisecond)
	f.Script(fakeprovider.Reply{Delay: time.Second})
	_, err := c.Send(context.Background(), msg())
	if channel.ClassOf(err) != channel.UnknownOutcome || errors.Is(err, channel.ErrAlreadyAccepted) {
		t.Fatalf("first send: %v", err)
	}
	res, err := c.Send(context.Background(), msg())
	var e *channel.Error
	if !errors.Is(err, channel.ErrAlreadyAccepted) || !errors.As(err, &e) || e.Class != channel.UnknownOutcome || e.Code != "-1005" {
		t.Fatalf("re-send: %v", err)
	}
	if res.ProviderMessageID != "" {
		t.Fatal("no provider id is known for a duplicate")
	}
	if f.Count(krPhone) != 2 || f.Accepted(krPhone) != 1 {
		t.Fatalf("count = %d, accepted = %d", f.Count(krPhone), f.Accepted(krPhone))
	}
	if reqs := f.Requests(); !reqs[1].Duplicate || reqs[0].IdempotencyKey != reqs[1].IdempotencyKey {
		t.Fatalf("requests = %+v", reqs)
	}
}

// When the first request never arrived, the re-send with the same key goes through.
func TestSameAttemptAfterRefusalIsSent(t *testing.T) {
	f, c := setup(t, 2*time.Second)
	f.Script(fakeprovider.Reply{Status: 503})
	if _, err := c.Send(context.Background(), msg()); channel.ClassOf(err) != channel.Retryable {
		t.Fatalf("first: %v", err)
	}
	if _, err := c.Send(context.Background(), msg()); err != nil {
		t.Fatalf("re-send: %v", err)
	}
	m := msg()
	m.Attempt = 2
	if _, err := c.Send(context.Background(), m); err != nil {
		t.Fatalf("next attempt has a new key: %v", err)
	}
	if f.Accepted(krPhone) != 2 {
		t.Fatalf("accepted = %d", f.Accepted(krPhone))
	}
}

func TestIdempotencyWindowExpires(t *testing.T) {
	f, c := setup(t, 2*time.Second)
	clk := clock.NewFake(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	f.Now = clk.Now
	if _, err := c.Send(context.Background(), msg()); err != nil {
		t.Fatal(err)
	}
	clk.Advance(alimtalk.IdempotencyWindow - time.Second)
	if _, err := c.Send(context.Background(), msg()); !errors.Is(err, channel.ErrAlreadyAccepted) {
		t.Fatalf("inside the window: %v", err)
	}
	clk.Advance(2 * time.Second)
	if _, err := c.Send(context.Background(), msg()); err != nil {
		t.Fatalf("after the window the key is forgotten: %v", err)
	}
}

func TestConcurrentDuplicatesOnlyOneAccepted(t *testing.T) {
	f, c := setup(t, 2*time.Second)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() { _, _ = c.Send(context.Background(), msg()) })
	}
	wg.Wait()
	if f.Accepted(krPhone) != 1 || f.Count(krPhone) != 20 {
		t.Fatalf("accepted = %d, count = %d", f.Accepted(krPhone), f.Count(krPhone))
	}
}

func TestSendErrorClasses(t *testing.T) {
	cases := []struct {
		name  string
		reply fakeprovider.Reply
		class channel.Class
		code  string
	}{
		{"invalid app key", fakeprovider.Reply{Code: "-1000"}, channel.Misconfigured, "-1000"},
		{"invalid secret", fakeprovider.Reply{Code: "-1001"}, channel.Misconfigured, "-1001"},
		{"no sender profile", fakeprovider.Reply{Code: "-2017"}, channel.Misconfigured, "-2017"},
		{"template missing", fakeprovider.Reply{Code: "-3003"}, channel.Permanent, "-3003"},
		{"template parameter", fakeprovider.Reply{Code: "-3004"}, channel.Permanent, "-3004"},
		{"recipient refused", fakeprovider.Reply{RecipientCode: -3010, Message: "The contents do not match the template."}, channel.Permanent, "-3010"},
		{"throttled", fakeprovider.Reply{Status: 429, RetryAfter: "3"}, channel.Throttled, "http_429"},
		{"500", fakeprovider.Reply{Status: 500}, channel.Retryable, "-9999"},
		{"504 plain", fakeprovider.Reply{Status: 504, Raw: "Gateway Timeout"}, channel.Retryable, "http_504"},
		{"200 unreadable", fakeprovider.Reply{Raw: "{"}, channel.UnknownOutcome, "http_200"},
	}
	f, c := setup(t, 2*time.Second)
	for i, tc := range cases {
		f.Script(tc.reply)
		m := msg()
		m.Attempt = i + 1 // each send is a new attempt
		_, err := c.Send(context.Background(), m)
		var e *channel.Error
		if !errors.As(err, &e) {
			t.Fatalf("%s: err = %v", tc.name, err)
		}
		if e.Class != tc.class || e.Code != tc.code {
			t.Errorf("%s: got %v/%s, want %v/%s", tc.name, e.Class, e.Code, tc.class, tc.code)
		}
		if tc.class == channel.Throttled && e.RetryAfter != 3*time.Second {
			t.Errorf("%s: RetryAfter = %v", tc.name, e.RetryAfter)
		}
	}
}

func TestCredentialsChecked(t *testing.T) {
	f := fakeprovider.NewAlimTalk(t)
	for _, cfg := range []alimtalk.Config{
		{BaseURL: f.URL, AppKey: "x", SecretKey: f.SecretKey, SenderKey: f.SenderKey},
		{BaseURL: f.URL, AppKey: f.AppKey, SecretKey: "x", SenderKey: f.SenderKey},
		{BaseURL: f.URL, AppKey: f.AppKey, SecretKey: f.SecretKey, SenderKey: "x"},
	} {
		c, _ := alimtalk.New(cfg, nil)
		if _, err := c.Send(context.Background(), msg()); channel.ClassOf(err) != channel.Misconfigured {
			t.Fatalf("err = %v", err)
		}
	}
}

func TestRefusedBeforeHTTP(t *testing.T) {
	f, c := setup(t, 2*time.Second)
	noTemplate := msg()
	noTemplate.KakaoTemplateCode = " "
	noID := msg()
	noID.ID = ""
	noAttempt := msg()
	noAttempt.Attempt = 0
	badTo := msg()
	badTo.To = "010-1234-5678"
	cases := map[string]struct {
		m    channel.Message
		want channel.Class
	}{
		"no template": {noTemplate, channel.Permanent}, "no id": {noID, channel.Permanent},
		"no attempt": {noAttempt, channel.Permanent}, "bad number": {badTo, channel.InvalidRecipient},
	}
	for name, tc := range cases {
		if _, err := c.Send(context.Background(), tc.m); channel.ClassOf(err) != tc.want {
			t.Errorf("%s: %v", name, err)
		}
	}
	if f.Total() != 0 {
		t.Fatal("nothing should reach NHN")
	}
}

func TestErrorsNeverLeakPhoneOrBody(t *testing.T) {
	f, c := setup(t, 2*time.Second)
	m := msg()
	echo := "01012345678 / +821012345678: " + m.Body
	f.Script(fakeprovider.Reply{Code: "-3004", Message: echo}, fakeprovider.Reply{RecipientCode: -3010, Message: echo})
	for i := range 2 {
		m.Attempt = i + 1
		_, err := c.Send(context.Background(), m)
		if err == nil {
			t.Fatal("want an error")
		}
		for _, leak := range []string{"01012345678", "1012345678", "약 드실 시간"} {
			if strings.Contains(err.Error(), leak) {
				t.Fatalf("error %q leaks %q", err, leak)
			}
		}
	}
}

func TestNonKoreanNumberGoesInternational(t *testing.T) {
	f, c := setup(t, 2*time.Second)
	m := msg()
	m.To = "+6281234567890"
	if _, err := c.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if got := f.Requests()[0].Recipients[0].RecipientNo; got != "6281234567890" {
		t.Fatalf("recipientNo = %q", got)
	}
}
