// Package config holds PRIMA's typed configuration, read from the environment
// (and a .env file when present), with defaults, validation and masking.
package config

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Environment names.
const (
	EnvDevelopment = "development"
	EnvProduction  = "production"
)

// Config is every setting PRIMA reads. Field tags name the environment variable.
type Config struct {
	Env              string
	Addr             string
	BaseURL          string
	DefaultRegion    string
	DefaultTimezone  string
	DatabaseURL      string
	RedisURL         string
	DataDir          string
	SeedDemo         bool
	LogLevel         string
	RateLimitPerMin  int
	DevAuth          bool
	AutoMigrate      bool
	Scheduler        string
	CORSOrigins      []string
	EncryptionKey    string
	CronSecret       string
	cronSecretRandom bool
	// ChannelRates caps sends per second per channel, shared by every replica (through Redis when configured).
	ChannelRates map[string]int
	// TenantRatePerSec caps one tenant's sends per second (0: no cap).
	TenantRatePerSec int
	// NHNWebhookSignature is the static X-Toast-Webhook-Signature NHN's console sends with delivery results.
	NHNWebhookSignature string
	// DispatchBatch is how many messages a dispatcher claims at once.
	DispatchBatch int
	// DispatchConcurrency is how many provider calls one process has in flight.
	DispatchConcurrency int
	// DispatchLease is how long a claim is held before another process may recover it.
	DispatchLease time.Duration
	// ReceiptWait is how long a sent message waits for its delivery receipt before
	// failing over to the next channel (0: never).
	ReceiptWait time.Duration
	// RetryBackoff is the wait before each retry on the same channel; the last one repeats.
	RetryBackoff []time.Duration
	// RetryMaxAttempts is how many attempts one channel gets before failing over.
	RetryMaxAttempts int
	// ProviderTimeout bounds one provider request.
	ProviderTimeout time.Duration
	// MetricsToken is the bearer token /metrics requires; empty: /metrics answers only to loopback callers.
	MetricsToken string
	// TrustedProxies are the proxies whose X-Forwarded-For is believed; empty: the socket peer is the client.
	TrustedProxies []netip.Prefix
	// AuthFailuresPerMin caps failed sign-ins (refused session tokens) per client address per minute.
	AuthFailuresPerMin int
	// WebhookAllowPrivate lets outbound calls to tenants' URLs reach loopback and private addresses.
	WebhookAllowPrivate bool

	Clerk  ClerkConfig
	GOWA   GOWAConfig
	NHNSMS NHNSMSConfig
	Kakao  KakaoConfig
	OpenAI OpenAIConfig
	S3     S3Config
}

// ClerkConfig configures session-token verification and Clerk webhooks.
type ClerkConfig struct {
	SecretKey         string
	PublishableKey    string
	JWTKey            string
	APIURL            string
	AuthorizedParties []string
	WebhookSecret     string
}

// GOWAConfig configures the WhatsApp channel.
type GOWAConfig struct{ APIURL, BasicAuth, DeviceID, WebhookSecret string }

// NHNSMSConfig configures the NHN Cloud SMS channel.
type NHNSMSConfig struct{ APIURL, AppKey, SecretKey, Sender string }

// KakaoConfig configures the NHN Cloud AlimTalk channel.
type KakaoConfig struct{ APIURL, AppKey, SecretKey, SenderKey string }

// OpenAIConfig configures the OpenAI-compatible LLM.
type OpenAIConfig struct {
	APIKey, BaseURL, Model string
	Timeout                time.Duration // one call; past it, rules answer instead
}

// S3Config configures S3-compatible uploads.
type S3Config struct{ Endpoint, Region, Bucket, AccessKey, SecretKey, PublicURL string }

// DevelopmentEncryptionKey is the fixed key used in development so that a
// restarted development server can still read what it wrote. Production refuses it.
const DevelopmentEncryptionKey = "cHJpbWEtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWNyZXQ=" // "prima-development-key-not-secret" (32 bytes)

// FieldError names one invalid variable.
type FieldError struct {
	Var     string
	Message string
}

// ValidationError lists every invalid variable.
type ValidationError struct{ Fields []FieldError }

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, f.Var+": "+f.Message)
	}
	return "invalid configuration: " + strings.Join(parts, "; ")
}

// Getenv looks a variable up; os.LookupEnv fits.
type Getenv func(string) (string, bool)

// Load reads the configuration through getenv and validates it.
// randomSecret produces the development cron secret when none is set.
func Load(getenv Getenv, randomSecret func() string) (*Config, error) {
	var errs []FieldError
	str := func(name, def string) string {
		if v, ok := getenv(name); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
		return def
	}
	boolean := func(name string, def bool) bool {
		v := str(name, "")
		if v == "" {
			return def
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, FieldError{name, "must be true or false"})
			return def
		}
		return b
	}
	list := func(name string) []string {
		var out []string
		for _, p := range strings.Split(str(name, ""), ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	whole := func(name string, def, lo, hi int) int {
		n, err := strconv.Atoi(str(name, strconv.Itoa(def)))
		if err != nil || n < lo || n > hi {
			errs = append(errs, FieldError{name, fmt.Sprintf("must be a whole number from %d to %d", lo, hi)})
			return def
		}
		return n
	}
	// duration reads a Go duration between lo and hi (hi 0: no upper bound).
	duration := func(name string, def, lo, hi time.Duration, rule string) time.Duration {
		d, err := time.ParseDuration(str(name, def.String()))
		if err != nil || d < lo || (hi > 0 && d > hi) {
			errs = append(errs, FieldError{name, "must be a Go duration such as " + formatDuration(def) + " (" + rule + ")"})
			return def
		}
		return d
	}

	c := &Config{}
	c.Env = strings.ToLower(str("PRIMA_ENV", EnvDevelopment))
	if c.Env != EnvDevelopment && c.Env != EnvProduction {
		errs = append(errs, FieldError{"PRIMA_ENV", "must be development or production"})
		c.Env = EnvDevelopment
	}
	dev := c.Env == EnvDevelopment
	c.Addr = str("PRIMA_ADDR", ":8080")
	c.BaseURL = strings.TrimRight(str("PRIMA_BASE_URL", defaultBaseURL(c.Addr)), "/")
	c.DefaultRegion = strings.ToUpper(str("PRIMA_DEFAULT_REGION", "ID"))
	c.DefaultTimezone = str("PRIMA_DEFAULT_TIMEZONE", "Asia/Jakarta")
	c.DataDir = str("PRIMA_DATA_DIR", "./data")
	c.DatabaseURL = str("DATABASE_URL", "sqlite:"+strings.TrimRight(c.DataDir, "/")+"/prima.db")
	c.RedisURL = str("REDIS_URL", "")
	c.SeedDemo = boolean("PRIMA_SEED_DEMO", dev)
	c.LogLevel = strings.ToLower(str("PRIMA_LOG_LEVEL", "info"))
	c.DevAuth = boolean("PRIMA_DEV_AUTH", dev)
	c.AutoMigrate = boolean("PRIMA_AUTO_MIGRATE", dev)
	c.Scheduler = strings.ToLower(str("PRIMA_SCHEDULER", "internal"))
	c.CORSOrigins = list("PRIMA_CORS_ORIGINS")
	c.EncryptionKey = str("PRIMA_ENCRYPTION_KEY", "")
	if c.EncryptionKey == "" && dev {
		c.EncryptionKey = DevelopmentEncryptionKey
	}
	c.NHNWebhookSignature = str("NHN_WEBHOOK_SIGNATURE", "")
	c.ChannelRates = map[string]int{}
	for _, pair := range list("PRIMA_CHANNEL_RATES") {
		name, val, ok := strings.Cut(pair, "=")
		n, err := strconv.Atoi(strings.TrimSpace(val))
		name = strings.TrimSpace(name)
		if !ok || err != nil || n < 0 || (name != "whatsapp" && name != "kakao" && name != "sms" && name != "log") {
			errs = append(errs, FieldError{"PRIMA_CHANNEL_RATES", "must look like whatsapp=20,sms=100 (channels whatsapp, kakao, sms, log; whole numbers per second)"})
			break
		}
		c.ChannelRates[name] = n
	}
	if v, _ := getenv("PRIMA_CHANNEL_RATES"); strings.TrimSpace(v) == "" { // unset or empty: the defaults (whatsapp=0 lifts a cap)
		c.ChannelRates = map[string]int{"whatsapp": 20, "kakao": 100, "sms": 100}
	}
	if v := str("PRIMA_TENANT_RATE_PER_SEC", "0"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			errs = append(errs, FieldError{"PRIMA_TENANT_RATE_PER_SEC", "must be a whole number (0 = no cap)"})
		}
		c.TenantRatePerSec = n
	}
	c.DispatchBatch = whole("PRIMA_DISPATCH_BATCH", 500, 1, 5000)
	c.DispatchConcurrency = whole("PRIMA_DISPATCH_CONCURRENCY", 32, 1, 512)
	c.DispatchLease = duration("PRIMA_DISPATCH_LEASE", 2*time.Minute, time.Second, time.Hour, "from 1s to 1h")
	c.ReceiptWait = duration("PRIMA_RECEIPT_WAIT", 30*time.Minute, 0, 0, "0 = never; not negative")
	c.RetryMaxAttempts = whole("PRIMA_RETRY_MAX_ATTEMPTS", 3, 1, 20)
	c.ProviderTimeout = duration("PRIMA_PROVIDER_TIMEOUT", 15*time.Second, time.Second, 2*time.Minute, "from 1s to 2m")
	for _, p := range strings.Split(str("PRIMA_RETRY_BACKOFF", "1m,5m,25m"), ",") {
		d, err := time.ParseDuration(strings.TrimSpace(p))
		if err != nil || d <= 0 {
			errs = append(errs, FieldError{"PRIMA_RETRY_BACKOFF", "must be a comma list of positive Go durations such as 1m,5m,25m"})
			c.RetryBackoff = []time.Duration{time.Minute, 5 * time.Minute, 25 * time.Minute}
			break
		}
		c.RetryBackoff = append(c.RetryBackoff, d)
	}
	c.MetricsToken = str("PRIMA_METRICS_TOKEN", "")
	c.AuthFailuresPerMin = whole("PRIMA_AUTH_FAILURES_PER_MIN", 30, 1, 100000)
	c.WebhookAllowPrivate = boolean("PRIMA_WEBHOOK_ALLOW_PRIVATE", dev)
	for _, p := range list("PRIMA_TRUSTED_PROXIES") {
		prefix, err := parseProxy(p)
		if err != nil {
			errs = append(errs, FieldError{"PRIMA_TRUSTED_PROXIES", "must be a comma list of IP addresses or CIDR ranges such as 10.0.0.0/8"})
			break
		}
		c.TrustedProxies = append(c.TrustedProxies, prefix)
	}
	c.CronSecret = str("CRON_SECRET", "")
	if c.CronSecret == "" && dev && randomSecret != nil {
		c.CronSecret = randomSecret()
		c.cronSecretRandom = true
	}
	if v := str("PRIMA_RATE_LIMIT_PER_MIN", "300"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			errs = append(errs, FieldError{"PRIMA_RATE_LIMIT_PER_MIN", "must be a whole number of at least 1"})
			n = 300
		}
		c.RateLimitPerMin = n
	}

	c.Clerk = ClerkConfig{
		SecretKey:         str("CLERK_SECRET_KEY", ""),
		PublishableKey:    str("CLERK_PUBLISHABLE_KEY", ""),
		JWTKey:            strings.ReplaceAll(str("CLERK_JWT_KEY", ""), `\n`, "\n"),
		APIURL:            strings.TrimRight(str("CLERK_API_URL", "https://api.clerk.com"), "/"),
		AuthorizedParties: list("CLERK_AUTHORIZED_PARTIES"),
		WebhookSecret:     str("CLERK_WEBHOOK_SECRET", ""),
	}
	c.GOWA = GOWAConfig{str("GOWA_API_URL", ""), str("GOWA_BASIC_AUTH", ""), str("GOWA_DEVICE_ID", ""), str("GOWA_WEBHOOK_SECRET", "")}
	c.NHNSMS = NHNSMSConfig{str("NHN_SMS_API_URL", ""), str("NHN_SMS_APP_KEY", ""), str("NHN_SMS_SECRET_KEY", ""), str("NHN_SMS_SENDER", "")}
	c.Kakao = KakaoConfig{str("NHN_KAKAO_API_URL", ""), str("NHN_KAKAO_APP_KEY", ""), str("NHN_KAKAO_SECRET_KEY", ""), str("NHN_KAKAO_SENDER_KEY", "")}
	c.OpenAI = OpenAIConfig{APIKey: str("OPENAI_API_KEY", ""), BaseURL: str("OPENAI_BASE_URL", ""), Model: str("OPENAI_MODEL", ""),
		Timeout: duration("OPENAI_TIMEOUT", 10*time.Second, 100*time.Millisecond, 2*time.Minute, "from 100ms to 2m")}
	c.S3 = S3Config{str("S3_ENDPOINT", ""), str("S3_REGION", ""), str("S3_BUCKET", ""), str("S3_ACCESS_KEY", ""), str("S3_SECRET_KEY", ""), str("S3_PUBLIC_URL", "")}

	errs = append(errs, c.validate()...)
	if len(errs) > 0 {
		return nil, &ValidationError{Fields: errs}
	}
	return c, nil
}

// IsProduction reports whether PRIMA runs in production mode.
func (c *Config) IsProduction() bool { return c.Env == EnvProduction }

// CronSecretGenerated reports whether the cron secret was generated at start.
func (c *Config) CronSecretGenerated() bool { return c.cronSecretRandom }

// DatabaseDialect is "sqlite" or "postgres".
func (c *Config) DatabaseDialect() string {
	if strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return "postgres"
	}
	return "sqlite"
}

// EncryptionKeyBytes decodes PRIMA_ENCRYPTION_KEY (base64 of 32 bytes).
func (c *Config) EncryptionKeyBytes() ([]byte, error) {
	return decodeKey(c.EncryptionKey)
}

func decodeKey(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, errors.New("must be base64")
	}
	if len(b) != 32 {
		return nil, fmt.Errorf("must decode to 32 bytes, got %d", len(b))
	}
	return b, nil
}

func (c *Config) validate() []FieldError {
	var errs []FieldError
	add := func(v, m string) { errs = append(errs, FieldError{v, m}) }

	if c.DatabaseDialect() == "sqlite" && !strings.HasPrefix(c.DatabaseURL, "sqlite:") {
		add("DATABASE_URL", "must start with sqlite: or postgres://")
	}
	if u, err := url.Parse(c.BaseURL); err != nil || u.Scheme == "" || u.Host == "" {
		add("PRIMA_BASE_URL", "must be an absolute URL such as https://prima.example.org")
	}
	if _, err := time.LoadLocation(c.DefaultTimezone); err != nil {
		add("PRIMA_DEFAULT_TIMEZONE", "is not an IANA time zone")
	}
	if len(c.DefaultRegion) != 2 {
		add("PRIMA_DEFAULT_REGION", "must be a two-letter region code such as ID or KR")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		add("PRIMA_LOG_LEVEL", "must be debug, info, warn or error")
	}
	switch c.Scheduler {
	case "internal", "external":
	default:
		add("PRIMA_SCHEDULER", "must be internal or external")
	}
	if c.RedisURL != "" && !strings.HasPrefix(c.RedisURL, "redis://") && !strings.HasPrefix(c.RedisURL, "rediss://") {
		add("REDIS_URL", "must start with redis:// or rediss://")
	}
	if c.EncryptionKey == "" {
		add("PRIMA_ENCRYPTION_KEY", "is required in production (base64 of 32 random bytes)")
	} else if _, err := decodeKey(c.EncryptionKey); err != nil {
		add("PRIMA_ENCRYPTION_KEY", err.Error())
	}
	if c.Clerk.JWTKey != "" && !strings.Contains(c.Clerk.JWTKey, "BEGIN PUBLIC KEY") {
		add("CLERK_JWT_KEY", "must be a PEM public key")
	}
	if c.Clerk.PublishableKey != "" && c.Clerk.FrontendAPI() == "" {
		add("CLERK_PUBLISHABLE_KEY", "must be a Clerk publishable key (pk_test_… or pk_live_…)")
	}
	if c.Clerk.WebhookSecret != "" && !strings.HasPrefix(c.Clerk.WebhookSecret, "whsec_") {
		add("CLERK_WEBHOOK_SECRET", "must start with whsec_")
	}
	if c.IsProduction() {
		errs = append(errs, c.validateProduction()...)
	}
	return errs
}

func (c *Config) validateProduction() []FieldError {
	var errs []FieldError
	add := func(v, m string) { errs = append(errs, FieldError{v, m}) }
	if c.DevAuth {
		add("PRIMA_DEV_AUTH", "development sign-in is refused in production")
	}
	if c.EncryptionKey == DevelopmentEncryptionKey {
		add("PRIMA_ENCRYPTION_KEY", "the development key is refused in production")
	}
	if len(c.CronSecret) < 32 {
		add("CRON_SECRET", "is required in production and must be at least 32 characters")
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 32 {
		add("PRIMA_METRICS_TOKEN", "is too short (at least 32 characters, or empty to serve /metrics on loopback only)")
	}
	if c.Clerk.JWTKey == "" && c.Clerk.SecretKey == "" {
		add("CLERK_SECRET_KEY", "production needs CLERK_SECRET_KEY or CLERK_JWT_KEY to verify sign-ins")
	}
	if !strings.HasPrefix(c.BaseURL, "https://") {
		add("PRIMA_BASE_URL", "must be https in production")
	}
	if c.GOWA.APIURL != "" && c.GOWA.WebhookSecret == "" {
		add("GOWA_WEBHOOK_SECRET", "is required when GOWA_API_URL is set")
	}
	if c.GOWA.WebhookSecret != "" && len(c.GOWA.WebhookSecret) < 16 {
		add("GOWA_WEBHOOK_SECRET", "is too short (at least 16 characters)")
	}
	if c.NHNSMS.APIURL != "" && (c.NHNSMS.AppKey == "" || c.NHNSMS.SecretKey == "" || c.NHNSMS.Sender == "") {
		add("NHN_SMS_APP_KEY", "NHN_SMS_APP_KEY, NHN_SMS_SECRET_KEY and NHN_SMS_SENDER are required when NHN_SMS_API_URL is set")
	}
	if (c.NHNSMS.APIURL != "" || c.Kakao.APIURL != "") && len(c.NHNWebhookSignature) < 16 {
		add("NHN_WEBHOOK_SIGNATURE", "is required (at least 16 characters) when an NHN channel is configured, so delivery results can be verified")
	}
	if c.Kakao.APIURL != "" && (c.Kakao.AppKey == "" || c.Kakao.SecretKey == "" || c.Kakao.SenderKey == "") {
		add("NHN_KAKAO_APP_KEY", "NHN_KAKAO_APP_KEY, NHN_KAKAO_SECRET_KEY and NHN_KAKAO_SENDER_KEY are required when NHN_KAKAO_API_URL is set")
	}
	return errs
}

// parseProxy reads one PRIMA_TRUSTED_PROXIES entry: an address (one host) or a CIDR range.
func parseProxy(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// defaultBaseURL is http://localhost:<port of addr>.
func defaultBaseURL(addr string) string {
	_, port, ok := strings.Cut(addr, ":")
	if !ok || port == "" {
		port = "8080"
	}
	if i := strings.LastIndex(addr, ":"); i >= 0 {
		port = addr[i+1:]
	}
	return "http://localhost:" + port
}
