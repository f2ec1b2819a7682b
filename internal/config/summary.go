package config

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Mask hides a secret, keeping only a short hint of its shape.
func Mask(s string) string {
	switch {
	case s == "":
		return "(not set)"
	case len(s) <= 8:
		return "****"
	default:
		return s[:4] + "…" + "****"
	}
}

// MaskURL hides the password of a URL such as a database or Redis address.
func MaskURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "****")
	}
	return u.String()
}

// SummaryLine is one row of the start-up summary.
type SummaryLine struct{ Key, Value string }

// Summary lists the settings in force, secrets masked, for the start-up screen.
func (c *Config) Summary() []SummaryLine {
	onOff := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	channel := func(url string) string {
		if url == "" {
			return "off"
		}
		return MaskURL(url)
	}
	redis := "in-process (REDIS_URL empty)"
	if c.RedisURL != "" {
		redis = MaskURL(c.RedisURL)
	}
	signin := "Clerk"
	if c.DevAuth {
		signin = "development sign-in (demo admin / demo volunteer)"
	}
	if c.Clerk.JWTKey != "" {
		signin += ", Clerk networkless (CLERK_JWT_KEY)"
	} else if c.Clerk.SecretKey != "" {
		signin += ", Clerk JWKS from " + c.Clerk.APIURL
	}
	storage := "local disk " + strings.TrimRight(c.DataDir, "/") + "/uploads"
	if c.S3.Endpoint != "" || c.S3.Bucket != "" {
		storage = "S3 bucket " + c.S3.Bucket
	}
	backoff := make([]string, 0, len(c.RetryBackoff))
	for _, d := range c.RetryBackoff {
		backoff = append(backoff, formatDuration(d))
	}
	receiptWait := "never (PRIMA_RECEIPT_WAIT=0)"
	if c.ReceiptWait > 0 {
		receiptWait = formatDuration(c.ReceiptWait) + ", then the next channel"
	}
	cron, trigger := Mask(c.CronSecret), c.BaseURL+"/api/v1/cron/trigger (Authorization: Bearer $CRON_SECRET)"
	if c.cronSecretRandom && !c.IsProduction() {
		// A secret made for this development run only: print it, so the trigger can be tried.
		cron = c.CronSecret + " (random for this run; set CRON_SECRET to choose one)"
		trigger = c.BaseURL + "/api/v1/cron/trigger?key=" + url.QueryEscape(c.CronSecret)
	}
	metrics := "loopback only (PRIMA_METRICS_TOKEN empty)"
	if c.MetricsToken != "" {
		metrics = "bearer token " + Mask(c.MetricsToken)
	}
	proxies := "none: the socket peer is the client"
	if len(c.TrustedProxies) > 0 {
		list := make([]string, 0, len(c.TrustedProxies))
		for _, p := range c.TrustedProxies {
			list = append(list, p.String())
		}
		proxies = strings.Join(list, ", ")
	}
	return []SummaryLine{
		{"environment", c.Env},
		{"dashboard", c.BaseURL + "/"},
		{"swagger ui", c.BaseURL + "/docs"},
		{"openapi", c.BaseURL + "/openapi.yaml"},
		{"listen", c.Addr},
		{"database", MaskURL(c.DatabaseURL)},
		{"cache / rate limits", redis},
		{"uploads", storage},
		{"sign-in", signin},
		{"scheduler", c.Scheduler},
		{"cron secret", cron},
		{"cron trigger", trigger},
		{"metrics", metrics},
		{"trusted proxies", proxies},
		{"outbound webhooks", outbound(c.WebhookAllowPrivate)},
		{"whatsapp (GOWA)", channel(c.GOWA.APIURL)},
		{"sms (NHN)", channel(c.NHNSMS.APIURL)},
		{"kakao (NHN AlimTalk)", channel(c.Kakao.APIURL)},
		{"dispatch", fmt.Sprintf("batch %d, concurrency %d, lease %s", c.DispatchBatch, c.DispatchConcurrency, formatDuration(c.DispatchLease))},
		{"provider timeout", formatDuration(c.ProviderTimeout)},
		{"retries", fmt.Sprintf("%d attempts per channel, back-off %s", c.RetryMaxAttempts, strings.Join(backoff, ", "))},
		{"receipt wait", receiptWait},
		{"llm", llmSummary(c.OpenAI)},
		{"encryption key", Mask(c.EncryptionKey)},
		{"demo data", onOff(c.SeedDemo)},
		{"auto-migrate", onOff(c.AutoMigrate)},
		{"region / time zone", fmt.Sprintf("%s / %s", c.DefaultRegion, c.DefaultTimezone)},
	}
}

// outbound says which addresses calls to tenants' URLs may reach.
func outbound(allowPrivate bool) string {
	if allowPrivate {
		return "may reach private and loopback addresses (PRIMA_WEBHOOK_ALLOW_PRIVATE)"
	}
	return "public addresses only"
}

// formatDuration writes a duration without zero tails: 2m, 1h30m, 15s.
func formatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// llmSummary says whether a language model is on (a key, or a base URL such
// as a local Ollama's, turns it on) and which.
func llmSummary(o OpenAIConfig) string {
	if o.APIKey == "" && o.BaseURL == "" {
		return "off (rules only)"
	}
	where := "OpenAI"
	if o.BaseURL != "" {
		where = MaskURL(o.BaseURL)
	}
	model := o.Model
	if model == "" {
		model = "the server's default model"
	}
	return fmt.Sprintf("%s, %s, timeout %s", where, model, formatDuration(o.Timeout))
}
