package api

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// withProviderSecrets configures providers with recognisable secrets.
func withProviderSecrets(c *config.Config) {
	c.GOWA.APIURL, c.GOWA.BasicAuth, c.GOWA.DeviceID = "http://gowa.test", "prima:gowa-basic-secret", "server-default-device"
	c.NHNSMS.AppKey, c.NHNSMS.SecretKey, c.NHNSMS.Sender = "sms-app-key-secret", "sms-secret-key-secret", "15990000"
	c.Kakao.AppKey, c.Kakao.SecretKey, c.Kakao.SenderKey = "kakao-app-key-secret", "kakao-secret-key-secret", "serverdefaultsenderkey"
}

func (r *response) fieldCode(field string) string {
	for _, e := range r.problem().Errors {
		if e.Field == field {
			return e.Code
		}
	}
	return ""
}

func TestSettingsChannelAccounts(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d, withProviderSecrets)
		r := a.do("GET", "/api/v1/settings", nil, a.admin)
		a.ok(r, 200)
		if !bytes.Contains(r.body, []byte(`"channel_accounts":{"whatsapp_device_id":null,"sms_sender":null,"kakao_sender_key":null,"whatsapp_warmup":null}`)) ||
			!bytes.Contains(r.body, []byte(`"staff_pause_minutes":240`)) {
			t.Fatalf("defaults: %s", r.body)
		}

		// Volunteers and developers read but do not change them.
		for _, tok := range []string{a.volunteer, a.developer} {
			if s := a.settings(tok); s.StaffPauseMinutes != 240 || s.ChannelAccounts.WhatsAppDeviceID != nil {
				t.Fatalf("read: %+v", s)
			}
			a.ok(a.do("PATCH", "/api/v1/settings", map[string]any{"channel_accounts": map[string]any{"whatsapp_device_id": "dev"}}, tok), 403)
			a.ok(a.do("PATCH", "/api/v1/settings", map[string]any{"staff_pause_minutes": 10}, tok), 403)
		}

		r = a.do("PATCH", "/api/v1/settings", map[string]any{"version": 1, "staff_pause_minutes": 60, "channel_accounts": map[string]any{
			"whatsapp_device_id": "6281111111111@s.whatsapp.net", "sms_sender": "02-1234-5678", "kakao_sender_key": "AbC123"}}, a.admin)
		a.ok(r, 200)
		var s Settings
		r.decode(&s)
		ca := s.ChannelAccounts
		if s.Version != 2 || s.StaffPauseMinutes != 60 || ca.WhatsAppDeviceID == nil || *ca.WhatsAppDeviceID != "6281111111111@s.whatsapp.net" ||
			ca.SMSSender == nil || *ca.SMSSender != "0212345678" || ca.KakaoSenderKey == nil || *ca.KakaoSenderKey != "AbC123" {
			t.Fatalf("after patch: %s", r.body)
		}
		if got := a.settings(a.volunteer); got.Version != 2 || *got.ChannelAccounts.SMSSender != "0212345678" || got.StaffPauseMinutes != 60 {
			t.Fatalf("read back: %+v", got)
		}

		// An absent key stays; null and "" go back to the default.
		r = a.do("PATCH", "/api/v1/settings", map[string]any{"channel_accounts": map[string]any{"sms_sender": nil, "kakao_sender_key": ""}}, a.admin)
		a.ok(r, 200)
		r.decode(&s)
		if s.Version != 3 || s.ChannelAccounts.SMSSender != nil || s.ChannelAccounts.KakaoSenderKey != nil ||
			s.ChannelAccounts.WhatsAppDeviceID == nil {
			t.Fatalf("after clearing: %s", r.body)
		}

		// Another organization cannot send from the same device.
		r = a.do("PATCH", "/api/v1/settings", map[string]any{"channel_accounts": map[string]any{"whatsapp_device_id": "6281111111111@s.whatsapp.net"}}, a.otherAdmin)
		a.ok(r, 400)
		if r.fieldCode("channel_accounts.whatsapp_device_id") != "duplicate" {
			t.Fatalf("device of another organization: %s", r.body)
		}
		if other := a.settings(a.otherAdmin); other.Version != 1 || other.ChannelAccounts.WhatsAppDeviceID != nil {
			t.Fatalf("nothing written: %+v", other)
		}

		// Stale versions are refused as for every setting.
		a.ok(a.do("PATCH", "/api/v1/settings", map[string]any{"staff_pause_minutes": 30, "version": 2}, a.admin), 409)
		a.ok(a.do("PATCH", "/api/v1/settings", map[string]any{"staff_pause_minutes": 30}, a.admin, "If-Match", `"2"`), 409)

		// No provider secret is ever part of the settings.
		r = a.do("GET", "/api/v1/settings", nil, a.admin)
		a.ok(r, 200)
		for _, secret := range []string{"gowa-basic-secret", "sms-app-key-secret", "sms-secret-key-secret", "kakao-app-key-secret", "kakao-secret-key-secret",
			"server-default-device", "15990000", "serverdefaultsenderkey"} {
			if bytes.Contains(r.body, []byte(secret)) {
				t.Fatalf("the settings show %q: %s", secret, r.body)
			}
		}

		// The audit log names the changed accounts, not their values.
		r = a.do("GET", "/api/v1/audit-events?action=settings.update", nil, a.admin)
		a.ok(r, 200)
		var events AuditEventList
		r.decode(&events)
		if events.Total != 2 || !slices.Equal(events.Data[1].Changes, []string{"staff_pause_minutes", "channel_accounts.whatsapp_device_id",
			"channel_accounts.sms_sender", "channel_accounts.kakao_sender_key"}) || bytes.Contains(r.body, []byte("6281111111111")) {
			t.Fatalf("audit: %s", r.body)
		}
	})
}

func TestSettingsChannelAccountsRejectBadInput(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		cases := []struct {
			name  string
			body  any
			codes map[string]string
		}{
			{"bad values", map[string]any{"staff_pause_minutes": 1441, "channel_accounts": map[string]any{
				"whatsapp_device_id": "dev a", "sms_sender": "12", "kakao_sender_key": "key-1"}},
				map[string]string{"staff_pause_minutes": "out_of_range", "channel_accounts.whatsapp_device_id": "invalid_format",
					"channel_accounts.sms_sender": "invalid_format", "channel_accounts.kakao_sender_key": "invalid_format"}},
			{"too long", map[string]any{"staff_pause_minutes": -1, "channel_accounts": map[string]any{
				"whatsapp_device_id": strings.Repeat("d", 101), "sms_sender": strings.Repeat("1", 21), "kakao_sender_key": strings.Repeat("k", 101)}},
				map[string]string{"staff_pause_minutes": "out_of_range", "channel_accounts.whatsapp_device_id": "too_long",
					"channel_accounts.sms_sender": "invalid_format", "channel_accounts.kakao_sender_key": "too_long"}},
			{"null", `{"staff_pause_minutes":null,"channel_accounts":null}`,
				map[string]string{"staff_pause_minutes": "required", "channel_accounts": "required"}},
			{"wrong types", `{"staff_pause_minutes":"60"}`, map[string]string{"staff_pause_minutes": "invalid_type"}},
			{"unknown account", `{"channel_accounts":{"line_id":"x"}}`, map[string]string{"line_id": "unknown_field"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				r := a.do("PATCH", "/api/v1/settings", c.body, a.admin)
				a.ok(r, 400)
				for f, code := range c.codes {
					if got := r.fieldCode(f); got != code {
						t.Errorf("%s: code %q, want %q (%s)", f, got, code, r.body)
					}
				}
			})
		}
		// A nested value of the wrong type is named.
		r := a.do("PATCH", "/api/v1/settings", `{"channel_accounts":{"sms_sender":15446859}}`, a.admin)
		a.ok(r, 400)
		if got := r.fieldErrors(); len(got) != 1 || !strings.HasPrefix(got[0], "channel_accounts") {
			t.Fatalf("nested type error: %s", r.body)
		}
		if s := a.settings(a.admin); s.Version != 1 || s.StaffPauseMinutes != 240 {
			t.Fatalf("rejected patches write nothing: %+v", s)
		}
	})
}

// A WhatsApp number's warm-up is set per organization, read back, refused
// when it makes no sense (field by field), and removed with null.
func TestSettingsWhatsAppWarmup(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		warm := map[string]any{"started_on": "2026-12-01", "start_per_day": 50, "max_per_day": 1000, "ramp_days": 14}
		r := a.do("PATCH", "/api/v1/settings", map[string]any{"channel_accounts": map[string]any{"whatsapp_warmup": warm}}, a.admin)
		a.ok(r, 200)
		if !bytes.Contains(r.body, []byte(`"whatsapp_warmup":{"started_on":"2026-12-01","start_per_day":50,"max_per_day":1000,"ramp_days":14}`)) {
			t.Fatalf("set: %s", r.body)
		}
		a.ok(a.do("PATCH", "/api/v1/settings", map[string]any{"channel_accounts": map[string]any{"whatsapp_warmup": warm}}, a.volunteer), 403)
		bad := a.do("PATCH", "/api/v1/settings", map[string]any{"channel_accounts": map[string]any{"whatsapp_warmup": map[string]any{
			"started_on": "1 Dec", "start_per_day": 0, "max_per_day": 2_000_000, "ramp_days": 400}}}, a.admin)
		a.ok(bad, 400)
		for f, code := range map[string]string{"channel_accounts.whatsapp_warmup.started_on": "invalid_format",
			"channel_accounts.whatsapp_warmup.start_per_day": "out_of_range", "channel_accounts.whatsapp_warmup.max_per_day": "out_of_range",
			"channel_accounts.whatsapp_warmup.ramp_days": "out_of_range"} {
			if got := bad.fieldCode(f); got != code {
				t.Errorf("%s: code %q, want %q (%s)", f, got, code, bad.body)
			}
		}
		a.expectProblem(a.do("PATCH", "/api/v1/settings", map[string]any{"channel_accounts": map[string]any{"whatsapp_warmup": map[string]any{
			"started_on": "2026-12-01", "start_per_day": 500, "max_per_day": 100, "ramp_days": 7}}}, a.admin), 400, "channel_accounts.whatsapp_warmup.max_per_day")
		a.expectProblem(a.do("PATCH", "/api/v1/settings", `{"channel_accounts":{"whatsapp_warmup":{"start_per_day":"many"}}}`, a.admin),
			400, "channel_accounts.whatsapp_warmup.start_per_day")
		r = a.do("GET", "/api/v1/settings", nil, a.admin)
		if !bytes.Contains(r.body, []byte(`"start_per_day":50`)) {
			t.Fatalf("a refused change was written: %s", r.body)
		}
		r = a.do("PATCH", "/api/v1/settings", `{"channel_accounts":{"whatsapp_warmup":null}}`, a.admin)
		a.ok(r, 200)
		if !bytes.Contains(r.body, []byte(`"whatsapp_warmup":null`)) {
			t.Fatalf("cleared: %s", r.body)
		}
	})
}
