package nhnsms_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/channel/nhnsms"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

const (
	krPhone = "+821012345678"
	idPhone = "+6281234567890"
	koShort = "김민수님, 오늘 저녁 8시에 약을 드세요."
	idShort = "Selamat pagi Budi, waktunya minum obat."
)

func setup(t *testing.T) (*fakeprovider.NHNSMS, *nhnsms.Client) {
	t.Helper()
	f := fakeprovider.NewNHNSMS(t)
	c, err := nhnsms.New(nhnsms.Config{BaseURL: f.URL, AppKey: f.AppKey, SecretKey: f.SecretKey, Sender: f.SendNo},
		&http.Client{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return f, c
}

func send(t *testing.T, c *nhnsms.Client, to, body string) (channel.Result, error) {
	t.Helper()
	return c.Send(context.Background(), channel.Message{ID: "msg-1", Attempt: 1, To: to, Body: body})
}

func TestSendSMSWireFormat(t *testing.T) {
	f, c := setup(t)
	res, err := send(t, c, krPhone, koShort)
	if err != nil {
		t.Fatal(err)
	}
	r := f.Requests()[0]
	if r.Kind != "sms" || r.AppKey != f.AppKey || r.ContentType != "application/json;charset=UTF-8" {
		t.Fatalf("recorded %+v", r)
	}
	if res.ProviderMessageID != r.RequestID+":1" {
		t.Fatalf("ProviderMessageID = %q, request id %q", res.ProviderMessageID, r.RequestID)
	}
	var sent map[string]any
	if err := json.Unmarshal(r.Raw, &sent); err != nil {
		t.Fatal(err)
	}
	if sent["body"] != koShort || sent["sendNo"] != f.SendNo || sent["senderGroupingKey"] != "msg-1" {
		t.Fatalf("body = %v", sent)
	}
	if _, ok := sent["title"]; ok {
		t.Fatal("an SMS has no title")
	}
	list := sent["recipientList"].([]any)
	rc := list[0].(map[string]any)
	if len(list) != 1 || rc["recipientNo"] != "01012345678" || rc["countryCode"] != "82" || rc["recipientGroupingKey"] != "msg-1" {
		t.Fatalf("recipientList = %v", list)
	}
	if f.Count(krPhone) != 1 || f.Accepted(krPhone) != 1 {
		t.Fatal("fake did not count the send for the E.164 number")
	}
}

func TestSMSOrLMSByLength(t *testing.T) {
	ko45 := strings.Repeat("약", 45)        // 90 bytes: still an SMS
	ko46 := strings.Repeat("약", 46)        // 92 bytes: LMS
	id90 := strings.Repeat("a", 90)        // 90 bytes
	id91 := strings.Repeat("a", 91)        // 91 bytes
	emoji := strings.Repeat("a", 88) + "💊" // emoji counts 2: 90
	cases := []struct {
		name, to, body, kind string
	}{
		{"korean 45 chars", krPhone, ko45, "sms"},
		{"korean 46 chars", krPhone, ko46, "mms"},
		{"latin 90 to KR", krPhone, id90, "sms"},
		{"latin 91 to KR", krPhone, id91, "mms"},
		{"emoji at the limit", krPhone, emoji, "sms"},
		{"emoji over the limit", krPhone, emoji + "b", "mms"},
		{"indonesian short to ID", idPhone, idShort, "sms"},
		{"indonesian long to ID stays SMS", idPhone, strings.Repeat(idShort+" ", 4), "sms"},
	}
	for _, tc := range cases {
		f, c := setup(t)
		if _, err := send(t, c, tc.to, tc.body); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		r := f.Requests()[0]
		if r.Kind != tc.kind {
			t.Errorf("%s: sent as %s, want %s", tc.name, r.Kind, tc.kind)
		}
		if tc.kind == "mms" && (r.Title == "" || nhnsms.EUCKRLen(r.Title) > nhnsms.TitleMaxBytes) {
			t.Errorf("%s: title %q", tc.name, r.Title)
		}
		if tc.to == idPhone && (r.Recipients[0].CountryCode != "62" || r.Recipients[0].RecipientNo != "081234567890") {
			t.Errorf("%s: recipient %+v", tc.name, r.Recipients[0])
		}
	}
}

func TestLMSTitle(t *testing.T) {
	f, c := setup(t)
	long := "복약 안내\n" + strings.Repeat("오늘 저녁 약을 꼭 드세요. ", 10)
	if _, err := send(t, c, krPhone, long); err != nil {
		t.Fatal(err)
	}
	if got := f.Requests()[0].Title; got != "복약 안내" {
		t.Fatalf("title = %q", got)
	}
	f2 := fakeprovider.NewNHNSMS(t)
	c2, _ := nhnsms.New(nhnsms.Config{BaseURL: f2.URL, AppKey: f2.AppKey, SecretKey: f2.SecretKey, Sender: f2.SendNo,
		LMSTitle: "PRIMA 병원 알림 — 아주 긴 제목은 사십 바이트에서 잘립니다"}, nil)
	if _, err := send(t, c2, krPhone, long); err != nil {
		t.Fatal(err)
	}
	if got := f2.Requests()[0].Title; nhnsms.EUCKRLen(got) > nhnsms.TitleMaxBytes || !strings.HasPrefix(got, "PRIMA") {
		t.Fatalf("configured title = %q", got)
	}
}

func TestSendErrorClasses(t *testing.T) {
	cases := []struct {
		name  string
		reply fakeprovider.Reply
		class channel.Class
		code  string
	}{
		{"invalid recipient", fakeprovider.Reply{Code: "-2019"}, channel.InvalidRecipient, "-2019"},
		{"recipient result code", fakeprovider.Reply{RecipientCode: -2019}, channel.InvalidRecipient, "-2019"},
		{"unknown recipient code", fakeprovider.Reply{RecipientCode: -7777}, channel.InvalidRecipient, "-7777"},
		{"invalid app key", fakeprovider.Reply{Code: "-1000"}, channel.Misconfigured, "-1000"},
		{"unregistered sender", fakeprovider.Reply{Code: "-2312"}, channel.Misconfigured, "-2312"},
		{"body too long", fakeprovider.Reply{Code: "-2015"}, channel.Permanent, "-2015"},
		{"other negative", fakeprovider.Reply{Code: "-2023"}, channel.Permanent, "-2023"},
		{"system error", fakeprovider.Reply{Code: "-9999"}, channel.Retryable, "-9999"},
		{"throttled", fakeprovider.Reply{Status: 429, RetryAfter: "5"}, channel.Throttled, "http_429"},
		{"500", fakeprovider.Reply{Status: 500}, channel.Retryable, "-9999"},
		{"503 plain", fakeprovider.Reply{Status: 503, Raw: "Service Unavailable"}, channel.Retryable, "http_503"},
		{"200 unreadable", fakeprovider.Reply{Raw: "<html/>"}, channel.UnknownOutcome, "http_200"},
		{"200 without request id", fakeprovider.Reply{Raw: `{"header":{"isSuccessful":true,"resultCode":0},"body":{"data":{}}}`}, channel.UnknownOutcome, "bad_answer"},
		{"401 unknown code", fakeprovider.Reply{Status: 401, Code: "-1"}, channel.Misconfigured, "-1"},
	}
	f, c := setup(t)
	for _, tc := range cases {
		f.Script(tc.reply)
		_, err := send(t, c, krPhone, koShort)
		var e *channel.Error
		if !errors.As(err, &e) {
			t.Fatalf("%s: err = %v", tc.name, err)
		}
		if e.Class != tc.class || e.Code != tc.code {
			t.Errorf("%s: got %v/%s, want %v/%s", tc.name, e.Class, e.Code, tc.class, tc.code)
		}
		if tc.class == channel.Throttled && e.RetryAfter != 5*time.Second {
			t.Errorf("%s: RetryAfter = %v", tc.name, e.RetryAfter)
		}
	}
}

func TestCredentialsChecked(t *testing.T) {
	f := fakeprovider.NewNHNSMS(t)
	for _, cfg := range []nhnsms.Config{
		{BaseURL: f.URL, AppKey: "wrong", SecretKey: f.SecretKey, Sender: f.SendNo},
		{BaseURL: f.URL, AppKey: f.AppKey, SecretKey: "wrong", Sender: f.SendNo},
	} {
		c, _ := nhnsms.New(cfg, nil)
		if _, err := send(t, c, krPhone, koShort); channel.ClassOf(err) != channel.Misconfigured {
			t.Fatalf("err = %v", err)
		}
	}
}

func TestTimeoutIsUnknownOutcome(t *testing.T) {
	f := fakeprovider.NewNHNSMS(t)
	c, _ := nhnsms.New(nhnsms.Config{BaseURL: f.URL, AppKey: f.AppKey, SecretKey: f.SecretKey, Sender: f.SendNo},
		&http.Client{Timeout: 50 * time.Millisecond})
	f.Script(fakeprovider.Reply{Delay: time.Second})
	if _, err := send(t, c, krPhone, koShort); channel.ClassOf(err) != channel.UnknownOutcome {
		t.Fatalf("err = %v", err)
	}
}

func TestRefusedBeforeHTTP(t *testing.T) {
	f, c := setup(t)
	cases := map[string]channel.Class{"": channel.Permanent, strings.Repeat("가", 1001): channel.Permanent}
	for body, want := range cases {
		if _, err := send(t, c, krPhone, body); channel.ClassOf(err) != want {
			t.Errorf("body of %d bytes: %v", len(body), err)
		}
	}
	if _, err := send(t, c, "01012345678", koShort); channel.ClassOf(err) != channel.InvalidRecipient {
		t.Errorf("national number: %v", err)
	}
	if f.Total() != 0 {
		t.Fatal("nothing should reach NHN")
	}
}

func TestErrorsNeverLeakPhoneOrBody(t *testing.T) {
	f, c := setup(t)
	echo := "recipient 01012345678 (+821012345678) refused: " + koShort
	f.Script(fakeprovider.Reply{Code: "-2019", Message: echo}, fakeprovider.Reply{RecipientCode: -2019, Message: echo},
		fakeprovider.Reply{Status: 500, Code: "-9999", Message: echo})
	for range 3 {
		_, err := send(t, c, krPhone, koShort)
		if err == nil {
			t.Fatal("want an error")
		}
		for _, leak := range []string{"01012345678", "821012345678", "1012345678", "약을 드세요"} {
			if strings.Contains(err.Error(), leak) {
				t.Fatalf("error %q leaks %q", err, leak)
			}
		}
	}
}

func TestNewRequiresConfig(t *testing.T) {
	good := nhnsms.Config{BaseURL: "https://sms.api.nhncloudservice.com", AppKey: "a", SecretKey: "s", Sender: "1544"}
	if _, err := nhnsms.New(good, nil); err != nil {
		t.Fatal(err)
	}
	for _, mut := range []func(*nhnsms.Config){
		func(c *nhnsms.Config) { c.BaseURL = "sms.api" }, func(c *nhnsms.Config) { c.AppKey = "" },
		func(c *nhnsms.Config) { c.SecretKey = "" }, func(c *nhnsms.Config) { c.Sender = "" },
	} {
		cfg := good
		mut(&cfg)
		if _, err := nhnsms.New(cfg, nil); !errors.Is(err, nhnsms.ErrConfig) {
			t.Errorf("%+v: err = %v", cfg, err)
		}
	}
}
