package providers_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/channel/providers"
	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

func TestOnlyLogWhenNothingConfigured(t *testing.T) {
	r, err := providers.New(providers.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(r.Configured()); got != "[log]" {
		t.Fatalf("Configured = %s", got)
	}
}

func TestEveryProviderFromConfig(t *testing.T) {
	g, s, k := fakeprovider.NewGOWA(t), fakeprovider.NewNHNSMS(t), fakeprovider.NewAlimTalk(t)
	r, err := providers.New(providers.Config{
		GOWA:  config.GOWAConfig{APIURL: g.URL, BasicAuth: g.BasicAuth, WebhookSecret: "0123456789abcdef"},
		SMS:   config.NHNSMSConfig{APIURL: s.URL, AppKey: s.AppKey, SecretKey: s.SecretKey, Sender: s.SendNo},
		Kakao: config.KakaoConfig{APIURL: k.URL, AppKey: k.AppKey, SecretKey: k.SecretKey, SenderKey: k.SenderKey},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(r.Configured()); got != "[whatsapp kakao sms log]" {
		t.Fatalf("Configured = %s", got)
	}
	m := channel.Message{ID: "m1", Attempt: 1, To: "+821012345678", Body: "약 드세요", KakaoTemplateCode: "T1"}
	for _, n := range r.Configured() {
		sender, _ := r.Get(n)
		if _, err := sender.Send(context.Background(), m); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
	}
	if g.Total() != 1 || s.Total() != 1 || k.Total() != 1 {
		t.Fatal("each fake should have had one send")
	}
}

func TestBadConfigFails(t *testing.T) {
	if _, err := providers.New(providers.Config{SMS: config.NHNSMSConfig{APIURL: "https://sms.example"}}); err == nil {
		t.Fatal("SMS without keys must fail")
	}
}
