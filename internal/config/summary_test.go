package config

import (
	"strings"
	"testing"
)

func summaryText(c *Config) string {
	var b strings.Builder
	for _, l := range c.Summary() {
		b.WriteString(l.Key + "=" + l.Value + "\n")
	}
	return b.String()
}

func TestDevelopmentSummaryPrintsTheTriggerURLWithAGeneratedSecret(t *testing.T) {
	c, err := load(map[string]string{"PRIMA_ADDR": ":9090"})
	if err != nil {
		t.Fatal(err)
	}
	want := "http://localhost:9090/api/v1/cron/trigger?key=generated-cron-secret"
	if out := summaryText(c); !strings.Contains(out, want) {
		t.Fatalf("the development summary must show %s:\n%s", want, out)
	}
	// A secret the operator chose stays masked, in development too.
	c, err = load(map[string]string{"CRON_SECRET": "operator-chosen-cron-secret"})
	if err != nil {
		t.Fatal(err)
	}
	out := summaryText(c)
	if strings.Contains(out, "operator-chosen-cron-secret") || !strings.Contains(out, "/api/v1/cron/trigger") {
		t.Fatalf("an operator's secret must stay masked, the trigger URL still shown:\n%s", out)
	}
}

func TestSummaryMasksTheMetricsToken(t *testing.T) {
	c, err := load(map[string]string{"PRIMA_METRICS_TOKEN": "metrics-token-value-0123456789", "PRIMA_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.7"})
	if err != nil {
		t.Fatal(err)
	}
	out := summaryText(c)
	if strings.Contains(out, "metrics-token-value-0123456789") || !strings.Contains(out, "metrics=") {
		t.Fatalf("summary must name /metrics access and mask its token:\n%s", out)
	}
	if !strings.Contains(out, "10.0.0.0/8, 192.0.2.7/32") {
		t.Fatalf("summary must list the trusted proxies:\n%s", out)
	}
}

func TestProxyAndMetricsSettingsAreValidated(t *testing.T) {
	_, err := load(map[string]string{"PRIMA_TRUSTED_PROXIES": "10.0.0.0/8, proxy.internal", "PRIMA_AUTH_FAILURES_PER_MIN": "0"})
	got := strings.Join(fields(err), ",")
	for _, want := range []string{"PRIMA_TRUSTED_PROXIES", "PRIMA_AUTH_FAILURES_PER_MIN"} {
		if !strings.Contains(got, want) {
			t.Errorf("error does not name %s: %v", want, err)
		}
	}
	_, err = load(map[string]string{"PRIMA_ENV": "production", "PRIMA_METRICS_TOKEN": "short"})
	if !strings.Contains(strings.Join(fields(err), ","), "PRIMA_METRICS_TOKEN") {
		t.Errorf("production must refuse a short metrics token: %v", err)
	}
	c, err := load(map[string]string{"PRIMA_TRUSTED_PROXIES": "10.1.2.3/8,::1,192.0.2.7"})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.TrustedProxies) != 3 || c.TrustedProxies[0].String() != "10.0.0.0/8" || c.TrustedProxies[1].String() != "::1/128" ||
		c.AuthFailuresPerMin != 30 {
		t.Fatalf("trusted proxies %v, auth failures %d", c.TrustedProxies, c.AuthFailuresPerMin)
	}
}

func TestClerkFrontendAPIComesFromThePublishableKey(t *testing.T) {
	cases := map[string]string{
		"pk_test_Y2xlcmsucHJpbWEudGVzdCQ=":                    "clerk.prima.test",                // base64("clerk.prima.test$")
		"pk_live_Y2xlcmsuZXhhbXBsZS5vcmck":                    "clerk.example.org",               // no padding
		"pk_test_ZmluZS1tb3VzZS0xLmNsZXJrLmFjY291bnRzLmRldiQ": "fine-mouse-1.clerk.accounts.dev", // raw base64
		"pk_test_bm9kb2xsYXI=":                                "",                                // no "$"
		"sk_test_Y2xlcmsucHJpbWEudGVzdCQ=":                    "",
		"":                                                    "",
	}
	for key, want := range cases {
		c := ClerkConfig{PublishableKey: key}
		if got := c.FrontendAPI(); got != want {
			t.Errorf("FrontendAPI(%q) = %q, want %q", key, got, want)
		}
	}
	if iss := (ClerkConfig{PublishableKey: "pk_test_Y2xlcmsucHJpbWEudGVzdCQ="}).Issuer(); iss != "https://clerk.prima.test" {
		t.Errorf("issuer %q", iss)
	}
	if _, err := load(map[string]string{"CLERK_PUBLISHABLE_KEY": "pk_test_garbage"}); !strings.Contains(strings.Join(fields(err), ","), "CLERK_PUBLISHABLE_KEY") {
		t.Errorf("an unreadable publishable key must be refused: %v", err)
	}
}
