package fakeprovider_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/channel/gowa"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

func post(t testing.TB, url string, header http.Header, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header = header
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return resp.StatusCode, out
}

func gowaHeader(f *fakeprovider.GOWA) http.Header {
	r, _ := http.NewRequest(http.MethodPost, f.URL, nil)
	user, pass, _ := strings.Cut(f.BasicAuth, ":")
	r.SetBasicAuth(user, pass)
	r.Header.Set("Content-Type", "application/json")
	return r.Header
}

func TestGOWAWireAnswers(t *testing.T) {
	f := fakeprovider.NewGOWA(t)
	status, out := post(t, f.URL+"/send/message", gowaHeader(f), `{"phone":"+6281234567890","message":"hi"}`)
	results, _ := out["results"].(map[string]any)
	if status != 200 || out["code"] != "SUCCESS" || results["message_id"] == "" {
		t.Fatalf("%d %v", status, out)
	}
	if r := f.Requests()[0]; r.Phone != "+6281234567890" || r.Message != "hi" {
		t.Fatalf("recorded %+v", r)
	}
	cases := []struct {
		body, code string
		status     int
	}{
		{`{"phone":"081234567890","message":"hi"}`, "VALIDATION_ERROR", 400},
		{`{"phone":"6281234567890","message":""}`, "VALIDATION_ERROR", 400},
		{`{"phone":"62abc@s.whatsapp.net","message":"hi"}`, "INVALID_JID", 400},
		{`not json`, "VALIDATION_ERROR", 400},
	}
	for _, c := range cases {
		status, out := post(t, f.URL+"/send/message", gowaHeader(f), c.body)
		if status != c.status || out["code"] != c.code {
			t.Errorf("%s: %d %v", c.body, status, out)
		}
	}
	status, _ = post(t, f.URL+"/send/message", http.Header{}, `{"phone":"6281234567890","message":"hi"}`)
	if status != 401 {
		t.Fatalf("no auth: %d", status)
	}
	f.Devices = []string{"a", "b"}
	if status, out := post(t, f.URL+"/send/message", gowaHeader(f), `{"phone":"6281234567890","message":"hi"}`); status != 400 || out["code"] != "DEVICE_ID_REQUIRED" {
		t.Fatalf("device required: %d %v", status, out)
	}
}

func TestScriptsPerPhoneAndCounts(t *testing.T) {
	f := fakeprovider.NewGOWA(t)
	c, _ := gowa.New(gowa.Config{BaseURL: f.URL, BasicAuth: f.BasicAuth}, nil)
	a, b := "+6281111111111", "+6282222222222"
	f.ScriptFor(b, fakeprovider.Reply{Status: 500})
	f.Script(fakeprovider.Reply{Status: 429})
	send := func(to string) error {
		_, err := c.Send(context.Background(), channel.Message{ID: "x", Attempt: 1, To: to, Body: "hi"})
		return err
	}
	if channel.ClassOf(send(a)) != channel.Throttled {
		t.Fatal("a gets the general script")
	}
	if channel.ClassOf(send(b)) != channel.Retryable {
		t.Fatal("b gets its own script first")
	}
	if send(a) != nil || send(b) != nil {
		t.Fatal("then success")
	}
	if f.Count(a) != 2 || f.Accepted(a) != 1 || f.Count(b) != 2 || f.Accepted(b) != 1 || f.Total() != 4 {
		t.Fatalf("counts: a %d/%d b %d/%d", f.Count(a), f.Accepted(a), f.Count(b), f.Accepted(b))
	}
	f.SetDefault(fakeprovider.Reply{Status: 503})
	if channel.ClassOf(send(a)) != channel.Retryable {
		t.Fatal("default reply")
	}
	f.KeepRequests(false)
	f.SetDefault(fakeprovider.Reply{})
	_ = send(a)
	if len(f.Requests()) != 5 || f.Total() != 6 {
		t.Fatalf("requests = %d, total = %d", len(f.Requests()), f.Total())
	}
	f.Reset()
	if f.Total() != 0 || f.Count(a) != 0 || len(f.Requests()) != 0 {
		t.Fatal("reset")
	}
}

func TestNHNSMSFakeRefusals(t *testing.T) {
	f := fakeprovider.NewNHNSMS(t)
	h := http.Header{"Content-Type": {"application/json;charset=UTF-8"}, "X-Secret-Key": {f.SecretKey}}
	base := f.URL + "/sms/v3.0/appKeys/" + f.AppKey + "/sender/"
	long := strings.Repeat("약", 46)
	cases := []struct {
		kind, body string
		code       float64
	}{
		{"sms", `{"body":"` + long + `","sendNo":"15446859","recipientList":[{"recipientNo":"01012345678","countryCode":"82"}]}`, -2015},
		{"mms", `{"title":"t","body":"hi","sendNo":"15446859","recipientList":[{"recipientNo":"081234567890","countryCode":"62"}]}`, -2024},
		{"mms", `{"body":"hi","sendNo":"15446859","recipientList":[{"recipientNo":"01012345678"}]}`, -2014},
		{"sms", `{"body":"hi","sendNo":"0000","recipientList":[{"recipientNo":"01012345678"}]}`, -2312},
		{"sms", `{"body":"hi","sendNo":"15446859","recipientList":[]}`, -2001},
		{"sms", `{"body":"hi","sendNo":"15446859","recipientList":[{"recipientNo":"010-1234"}]}`, -2019},
		{"sms", `{`, -9997},
	}
	for _, c := range cases {
		status, out := post(t, base+c.kind, h, c.body)
		hdr, _ := out["header"].(map[string]any)
		if status != 200 || hdr["isSuccessful"] != false || hdr["resultCode"] != c.code {
			t.Errorf("%s %s: %d %v", c.kind, c.body, status, out)
		}
	}
	if status, out := post(t, base+"sms", http.Header{"Content-Type": {"text/plain"}, "X-Secret-Key": {f.SecretKey}}, `{}`); out["header"].(map[string]any)["resultCode"] != -9996.0 {
		t.Fatalf("content type: %d %v", status, out)
	}
	if status, _ := post(t, base+"sms", http.Header{"Content-Type": {"application/json"}}, `{}`); status != 401 {
		t.Fatalf("no secret: %d", status)
	}
}

func TestGOWAWebhookRequestIsSigned(t *testing.T) {
	body := fakeprovider.GOWAMessageEvent(fakeprovider.WAIncoming{From: "+6281234567890", Body: "Sudah"})
	r := fakeprovider.GOWAWebhookRequest("/api/v1/hooks/gowa", "secret-0123456789", body)
	raw, _ := io.ReadAll(r.Body)
	if !bytes.Equal(raw, body) || !gowa.VerifySignature("secret-0123456789", r.Header.Get(gowa.SignatureHeader), raw) {
		t.Fatal("signed request does not verify")
	}
	if r := fakeprovider.GOWAWebhookRequest("/x", "", body); r.Header.Get(gowa.SignatureHeader) != "" {
		t.Fatal("no secret, no signature")
	}
	n := fakeprovider.NHNHookRequest("/api/v1/hooks/nhn", "static-sig", fakeprovider.NHNUnsubscribeHook("010", "080", time.Now()))
	if n.Header.Get("X-Toast-Webhook-Signature") != "static-sig" {
		t.Fatal("nhn signature header")
	}
}

// BenchmarkGOWASend measures the fake with the real client in parallel:
// it must not be the bottleneck of a 100,000-message run.
func BenchmarkGOWASend(b *testing.B) {
	f := fakeprovider.NewGOWA(b)
	f.KeepRequests(false)
	c, _ := gowa.New(gowa.Config{BaseURL: f.URL, BasicAuth: f.BasicAuth}, nil)
	var n atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			to := fmt.Sprintf("+62812%08d", n.Add(1))
			if _, err := c.Send(context.Background(), channel.Message{ID: "m", Attempt: 1, To: to, Body: "Selamat pagi"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	if f.Total() < b.N {
		b.Fatalf("fake saw %d of %d sends", f.Total(), b.N)
	}
}

// chaosTrace sends n times to each phone (phones interleaved in the given
// order) and returns each phone's sequence of answer classes.
func chaosTrace(t *testing.T, seed uint64, phones []string, n int) map[string]string {
	t.Helper()
	f := fakeprovider.NewGOWA(t)
	f.SetChaos(&fakeprovider.Chaos{Seed: seed, FailRate: 0.5})
	c, _ := gowa.New(gowa.Config{BaseURL: f.URL, BasicAuth: f.BasicAuth}, nil)
	for i := 0; i < n; i++ {
		for _, to := range phones {
			_, _ = c.Send(context.Background(), channel.Message{ID: "m", Attempt: i + 1, To: to, Body: "hi"})
		}
	}
	out := map[string]string{}
	for _, s := range f.Sends() {
		out[s.Phone] += fmt.Sprint(s.Status, " ")
	}
	return out
}

func TestChaosDrawsDependOnSeedAndRecipientOnly(t *testing.T) {
	a, b := "+6281111111111", "+6282222222222"
	one := chaosTrace(t, 7, []string{a, b}, 20)
	two := chaosTrace(t, 7, []string{b, a}, 20) // another interleaving, same draws
	if one[a] != two[a] || one[b] != two[b] {
		t.Fatalf("same seed, other answers:\n%v\n%v", one, two)
	}
	if !strings.Contains(one[a], "500") || !strings.Contains(one[a], "200") {
		t.Fatalf("half should fail: %s", one[a])
	}
	if other := chaosTrace(t, 8, []string{a, b}, 20); other[a] == one[a] && other[b] == one[b] {
		t.Fatal("another seed gave the same answers")
	}
}

func TestChaosFailureIsRetryableAndCounted(t *testing.T) {
	f := fakeprovider.NewGOWA(t)
	f.SetChaos(&fakeprovider.Chaos{Seed: 1, FailRate: 1})
	c, _ := gowa.New(gowa.Config{BaseURL: f.URL, BasicAuth: f.BasicAuth}, nil)
	_, err := c.Send(context.Background(), channel.Message{ID: "m", Attempt: 1, To: "+6281234567890", Body: "hi"})
	if channel.ClassOf(err) != channel.Retryable {
		t.Fatalf("want a retryable failure, got %v", err)
	}
	status, out := post(t, f.URL+"/send/message", gowaHeader(f), `{"phone":"6281234567890","message":"hi"}`)
	if status != 500 || out["code"] != "INTERNAL_SERVER_ERROR" {
		t.Fatalf("%d %v", status, out)
	}
	if st := f.Stats(); st.Received != 2 || st.Refused != 2 || st.Accepted != 0 || f.Accepted("+6281234567890") != 0 {
		t.Fatalf("stats %+v", st)
	}
	f.ScriptFor("+6281234567890", fakeprovider.Reply{})
	if _, err := c.Send(context.Background(), channel.Message{ID: "m", Attempt: 2, To: "+6281234567890", Body: "hi"}); err != nil {
		t.Fatalf("a script goes before chaos: %v", err)
	}
	if got := f.AcceptedByPhone(); got["+6281234567890"] != 1 || len(got) != 1 {
		t.Fatalf("accepted by phone: %v", got)
	}
	f.Reset()
	if _, err := c.Send(context.Background(), channel.Message{ID: "m", Attempt: 3, To: "+6281234567890", Body: "hi"}); err != nil || f.Stats().Accepted != 1 {
		t.Fatalf("reset forgets chaos: %v %+v", err, f.Stats())
	}
}

func TestChaosHangIsTakenAndAbandonedByTheClient(t *testing.T) {
	f := fakeprovider.NewGOWA(t)
	f.SetChaos(&fakeprovider.Chaos{Seed: 1, HangRate: 1, Hang: 10 * time.Second})
	c, _ := gowa.New(gowa.Config{BaseURL: f.URL, BasicAuth: f.BasicAuth}, &http.Client{Timeout: 200 * time.Millisecond})
	start := time.Now()
	_, err := c.Send(context.Background(), channel.Message{ID: "m", Attempt: 1, To: "+6281234567890", Body: "hi"})
	if channel.ClassOf(err) != channel.UnknownOutcome || time.Since(start) > 5*time.Second {
		t.Fatalf("want an unknown outcome after the client's timeout, got %v after %v", err, time.Since(start))
	}
	if f.Accepted("+6281234567890") != 1 {
		t.Fatal("a hung send is taken: the patient gets it")
	}
	deadline := time.Now().Add(5 * time.Second)
	for f.Stats().Abandoned == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	st, sends := f.Stats(), f.Sends()
	if st.Hung != 1 || st.Abandoned != 1 || st.AbandonedAccepted != 1 || len(sends) != 1 || !sends[0].Hang || !sends[0].Abandoned || !sends[0].Accepted {
		t.Fatalf("stats %+v sends %+v", st, sends)
	}
}

func TestNHNSMSChaosFailureUsesNHNEnvelope(t *testing.T) {
	f := fakeprovider.NewNHNSMS(t)
	f.SetChaos(&fakeprovider.Chaos{Seed: 3, FailRate: 1})
	h := http.Header{"Content-Type": {"application/json;charset=UTF-8"}, "X-Secret-Key": {f.SecretKey}}
	status, out := post(t, f.URL+"/sms/v3.0/appKeys/"+f.AppKey+"/sender/sms", h,
		`{"body":"hi","sendNo":"15446859","recipientList":[{"recipientNo":"01012345678","countryCode":"82"}]}`)
	hdr, _ := out["header"].(map[string]any)
	if status != 500 || hdr["isSuccessful"] != false || hdr["resultCode"] != -9999.0 || f.Accepted("+821012345678") != 0 {
		t.Fatalf("%d %v", status, out)
	}
}
