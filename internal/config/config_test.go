package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/crypto"
)

func load(env map[string]string) (*Config, error) {
	return Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok }, func() string { return "generated-cron-secret" })
}

func TestDevelopmentDefaultsNeedNothing(t *testing.T) {
	c, err := load(nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Env != EnvDevelopment || c.Addr != ":8080" || c.DatabaseURL != "sqlite:./data/prima.db" || c.DatabaseDialect() != "sqlite" ||
		!c.DevAuth || !c.SeedDemo || !c.AutoMigrate || c.Scheduler != "internal" || c.RateLimitPerMin != 300 ||
		c.DefaultRegion != "ID" || c.DefaultTimezone != "Asia/Jakarta" || c.BaseURL != "http://localhost:8080" {
		t.Fatalf("defaults: %+v", c)
	}
	if c.ChannelRates["whatsapp"] != 20 || c.TenantRatePerSec != 0 {
		t.Fatalf("rates: %v %d", c.ChannelRates, c.TenantRatePerSec)
	}
	if !c.CronSecretGenerated() || c.CronSecret == "" {
		t.Fatal("development must generate a cron secret")
	}
	if _, err := c.EncryptionKeyBytes(); err != nil {
		t.Fatal(err)
	}
	c, _ = load(map[string]string{"PRIMA_ADDR": "127.0.0.1:9090"})
	if c.BaseURL != "http://localhost:9090" {
		t.Fatalf("base URL follows the port: %s", c.BaseURL)
	}
}

func TestSendingSettings(t *testing.T) {
	c, err := load(nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.DispatchBatch != 500 || c.DispatchConcurrency != 32 || c.DispatchLease != 2*time.Minute || c.ReceiptWait != 30*time.Minute ||
		c.RetryMaxAttempts != 3 || c.ProviderTimeout != 15*time.Second ||
		!reflect.DeepEqual(c.RetryBackoff, []time.Duration{time.Minute, 5 * time.Minute, 25 * time.Minute}) {
		t.Fatalf("sending defaults: %+v", c)
	}

	c, err = load(map[string]string{"PRIMA_DISPATCH_BATCH": "5000", "PRIMA_DISPATCH_CONCURRENCY": "1", "PRIMA_DISPATCH_LEASE": "1s",
		"PRIMA_RECEIPT_WAIT": "0", "PRIMA_RETRY_BACKOFF": " 30s, 2m ,1h", "PRIMA_RETRY_MAX_ATTEMPTS": "20", "PRIMA_PROVIDER_TIMEOUT": "2m"})
	if err != nil {
		t.Fatal(err)
	}
	if c.DispatchBatch != 5000 || c.DispatchConcurrency != 1 || c.DispatchLease != time.Second || c.ReceiptWait != 0 ||
		c.RetryMaxAttempts != 20 || c.ProviderTimeout != 2*time.Minute ||
		!reflect.DeepEqual(c.RetryBackoff, []time.Duration{30 * time.Second, 2 * time.Minute, time.Hour}) {
		t.Fatalf("sending values: %+v", c)
	}
	summary := map[string]string{}
	for _, l := range c.Summary() {
		summary[l.Key] = l.Value
	}
	if summary["dispatch"] != "batch 5000, concurrency 1, lease 1s" || summary["provider timeout"] != "2m" ||
		summary["retries"] != "20 attempts per channel, back-off 30s, 2m, 1h" || summary["receipt wait"] != "never (PRIMA_RECEIPT_WAIT=0)" {
		t.Fatalf("summary: %v", summary)
	}

	for _, tc := range []struct{ name, value string }{
		{"PRIMA_DISPATCH_BATCH", "many"}, {"PRIMA_DISPATCH_BATCH", "0"}, {"PRIMA_DISPATCH_BATCH", "5001"},
		{"PRIMA_DISPATCH_CONCURRENCY", "1.5"}, {"PRIMA_DISPATCH_CONCURRENCY", "0"}, {"PRIMA_DISPATCH_CONCURRENCY", "513"},
		{"PRIMA_DISPATCH_LEASE", "120"}, {"PRIMA_DISPATCH_LEASE", "500ms"}, {"PRIMA_DISPATCH_LEASE", "61m"},
		{"PRIMA_RECEIPT_WAIT", "half an hour"}, {"PRIMA_RECEIPT_WAIT", "-1m"},
		{"PRIMA_RETRY_BACKOFF", "1m,soon"}, {"PRIMA_RETRY_BACKOFF", "1m,0s"}, {"PRIMA_RETRY_BACKOFF", "-1m"}, {"PRIMA_RETRY_BACKOFF", "1m,,5m"},
		{"PRIMA_RETRY_MAX_ATTEMPTS", "three"}, {"PRIMA_RETRY_MAX_ATTEMPTS", "0"}, {"PRIMA_RETRY_MAX_ATTEMPTS", "21"},
		{"PRIMA_PROVIDER_TIMEOUT", "15"}, {"PRIMA_PROVIDER_TIMEOUT", "999ms"}, {"PRIMA_PROVIDER_TIMEOUT", "121s"},
	} {
		_, err := load(map[string]string{tc.name: tc.value})
		if got := fields(err); len(got) != 1 || got[0] != tc.name || !strings.Contains(err.Error(), tc.name+": must be") {
			t.Errorf("%s=%q: want one error naming it, got %v", tc.name, tc.value, err)
		}
	}
}

func fields(err error) []string {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Var)
	}
	return out
}

func TestInvalidValuesNameTheVariable(t *testing.T) {
	_, err := load(map[string]string{
		"PRIMA_ENV": "staging", "PRIMA_RATE_LIMIT_PER_MIN": "lots", "PRIMA_DEFAULT_TIMEZONE": "Mars/Olympus",
		"PRIMA_LOG_LEVEL": "loud", "DATABASE_URL": "mysql://x", "PRIMA_SEED_DEMO": "perhaps", "REDIS_URL": "localhost:6379",
		"PRIMA_ENCRYPTION_KEY": "short", "CLERK_WEBHOOK_SECRET": "abc", "PRIMA_SCHEDULER": "cronjob",
		"PRIMA_CHANNEL_RATES": "pigeon=3", "PRIMA_TENANT_RATE_PER_SEC": "-1",
	})
	got := strings.Join(fields(err), ",")
	for _, want := range []string{"PRIMA_ENV", "PRIMA_RATE_LIMIT_PER_MIN", "PRIMA_DEFAULT_TIMEZONE", "PRIMA_LOG_LEVEL", "DATABASE_URL",
		"PRIMA_SEED_DEMO", "REDIS_URL", "PRIMA_ENCRYPTION_KEY", "CLERK_WEBHOOK_SECRET", "PRIMA_SCHEDULER",
		"PRIMA_CHANNEL_RATES", "PRIMA_TENANT_RATE_PER_SEC"} {
		if !strings.Contains(got, want) {
			t.Errorf("error does not name %s: %v", want, err)
		}
	}
}

func TestProductionRefusesDevSignInAndWeakSecrets(t *testing.T) {
	_, err := load(map[string]string{"PRIMA_ENV": "production", "PRIMA_DEV_AUTH": "true", "PRIMA_ENCRYPTION_KEY": DevelopmentEncryptionKey,
		"CRON_SECRET": "short", "PRIMA_BASE_URL": "http://prima.example.org", "GOWA_API_URL": "http://gowa:3000"})
	got := strings.Join(fields(err), ",")
	for _, want := range []string{"PRIMA_DEV_AUTH", "PRIMA_ENCRYPTION_KEY", "CRON_SECRET", "CLERK_SECRET_KEY", "PRIMA_BASE_URL", "GOWA_WEBHOOK_SECRET"} {
		if !strings.Contains(got, want) {
			t.Errorf("production must refuse %s: %v", want, err)
		}
	}
	c, err := load(map[string]string{"PRIMA_ENV": "production", "PRIMA_ENCRYPTION_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
		"CRON_SECRET": strings.Repeat("x", 40), "PRIMA_BASE_URL": "https://prima.example.org", "CLERK_SECRET_KEY": "sk_live_abcdefgh",
		"DATABASE_URL": "postgres://prima:pw@db/prima"})
	if err != nil {
		t.Fatal(err)
	}
	if c.DevAuth || c.SeedDemo || c.AutoMigrate || c.WebhookAllowPrivate || c.DatabaseDialect() != "postgres" {
		t.Fatalf("production defaults: %+v", c)
	}
}

func TestWebhookAllowPrivateFollowsTheEnvironment(t *testing.T) {
	c, err := load(nil)
	if err != nil || !c.WebhookAllowPrivate {
		t.Fatalf("development lets outbound calls reach private addresses: %v %+v", err, c)
	}
	c, err = load(map[string]string{"PRIMA_WEBHOOK_ALLOW_PRIVATE": "false"})
	if err != nil || c.WebhookAllowPrivate {
		t.Fatalf("PRIMA_WEBHOOK_ALLOW_PRIVATE=false: %v %+v", err, c)
	}
	if _, err := load(map[string]string{"PRIMA_WEBHOOK_ALLOW_PRIVATE": "sometimes"}); !strings.Contains(strings.Join(fields(err), ","), "PRIMA_WEBHOOK_ALLOW_PRIVATE") {
		t.Fatalf("a bad value names the variable: %v", err)
	}
}

func TestSummaryMasksSecrets(t *testing.T) {
	c, err := load(map[string]string{"CRON_SECRET": "super-secret-cron-value", "DATABASE_URL": "postgres://prima:hunter2@db/prima",
		"CLERK_SECRET_KEY": "sk_test_verysecret", "REDIS_URL": "redis://:redispw@cache:6379/0"})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, l := range c.Summary() {
		b.WriteString(l.Key + "=" + l.Value + "\n")
	}
	out := b.String()
	for _, leak := range []string{"super-secret-cron-value", "hunter2", "verysecret", "redispw", "cHJpbWEtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWNyZXQ="} {
		if strings.Contains(out, leak) {
			t.Fatalf("summary leaks %q:\n%s", leak, out)
		}
	}
}

func TestEmptyChannelRatesKeepTheDefaults(t *testing.T) {
	c, err := load(map[string]string{"PRIMA_CHANNEL_RATES": " "})
	if err != nil {
		t.Fatal(err)
	}
	if c.ChannelRates["whatsapp"] != 20 || c.ChannelRates["sms"] != 100 {
		t.Fatalf("an empty value (as compose passes an unset one) keeps the caps: %v", c.ChannelRates)
	}
	c, _ = load(map[string]string{"PRIMA_CHANNEL_RATES": "whatsapp=0"})
	if c.ChannelRates["whatsapp"] != 0 || len(c.ChannelRates) != 1 {
		t.Fatalf("whatsapp=0 lifts the cap: %v", c.ChannelRates)
	}
}

func TestDevelopmentKeyIsTheCryptoPackagesOne(t *testing.T) {
	b, err := decodeKey(DevelopmentEncryptionKey)
	if err != nil || string(b) != string(crypto.DevelopmentKey) {
		t.Fatalf("the development key differs: %q %v", b, err)
	}
}
