package config

import (
	"fmt"
	"net/url"
	"strings"
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
	cron := Mask(c.CronSecret)
	if c.cronSecretRandom {
		cron += " (random for this run)"
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
		{"whatsapp (GOWA)", channel(c.GOWA.APIURL)},
		{"sms (NHN)", channel(c.NHNSMS.APIURL)},
		{"kakao (NHN AlimTalk)", channel(c.Kakao.APIURL)},
		{"llm", channel(c.OpenAI.BaseURL) + modelSuffix(c.OpenAI)},
		{"encryption key", Mask(c.EncryptionKey)},
		{"demo data", onOff(c.SeedDemo)},
		{"auto-migrate", onOff(c.AutoMigrate)},
		{"region / time zone", fmt.Sprintf("%s / %s", c.DefaultRegion, c.DefaultTimezone)},
	}
}

func modelSuffix(o OpenAIConfig) string {
	if o.APIKey == "" {
		return " (rules only)"
	}
	return " model " + o.Model
}
