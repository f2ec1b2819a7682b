package api

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func (a *testApp) settings(token string) Settings {
	a.t.Helper()
	r := a.do("GET", "/api/v1/settings", nil, token)
	a.ok(r, 200)
	var s Settings
	r.decode(&s)
	return s
}

func TestSettingsReadUpdateAndConflicts(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		s := a.settings(a.admin)
		if s.Timezone != "Asia/Jakarta" || s.DefaultRegion != "ID" || s.QuietHours != (DailyWindow{"21:00", "07:00"}) ||
			s.SendWindow != (DailyWindow{"06:00", "21:00"}) || !slices.Equal(s.ChannelOrder, []string{"whatsapp", "sms"}) ||
			s.DefaultLanguage != "id" || s.AIEnabled || s.Version != 1 {
			t.Fatalf("defaults: %+v", s)
		}
		wantChannels := []ChannelStatus{{"whatsapp", true}, {"kakao", false}, {"sms", true}, {"log", true}}
		if !slices.Equal(s.Channels, wantChannels) {
			t.Fatalf("channels: %+v", s.Channels)
		}
		// Every channel of the order has a provider: the warning list is present and empty.
		if r := a.do("GET", "/api/v1/settings", nil, a.admin); !bytes.Contains(r.body, []byte(`"unconfigured_channels":[]`)) {
			t.Fatalf("unconfigured_channels must be an empty array: %s", r.body)
		}
		for _, tok := range []string{a.volunteer, a.developer} {
			if got := a.settings(tok); got.Version != 1 {
				t.Fatalf("every approved user reads the settings: %+v", got)
			}
		}

		r := a.do("PATCH", "/api/v1/settings", map[string]any{"timezone": "Asia/Seoul", "default_region": "KR",
			"quiet_hours": map[string]any{"start": "22:00", "end": "08:00"}, "channel_order": []string{"kakao", "sms"},
			"default_language": "ko", "ai_enabled": true, "version": 1}, a.admin)
		a.ok(r, 200)
		r.decode(&s)
		if s.Timezone != "Asia/Seoul" || s.DefaultRegion != "KR" || s.QuietHours.Start != "22:00" || s.SendWindow.Start != "06:00" ||
			!slices.Equal(s.ChannelOrder, []string{"kakao", "sms"}) || s.DefaultLanguage != "ko" || !s.AIEnabled || s.Version != 2 {
			t.Fatalf("after patch: %+v", s)
		}
		// kakao has no provider here: the order is kept and the answer warns about it.
		if !slices.Equal(s.UnconfiguredChannels, []string{"kakao"}) {
			t.Fatalf("unconfigured after patch: %+v", s.UnconfiguredChannels)
		}
		if got := a.settings(a.volunteer); got.Version != 2 || got.Timezone != "Asia/Seoul" || !slices.Equal(got.UnconfiguredChannels, []string{"kakao"}) {
			t.Fatalf("read back: %+v", got)
		}
		// Stale versions, in the body or in If-Match: 409, nothing written.
		r = a.do("PATCH", "/api/v1/settings", map[string]any{"ai_enabled": false, "version": 1}, a.admin)
		a.ok(r, 409)
		if r.problem().Code != CodeConflict {
			t.Fatal("stale version is a conflict")
		}
		a.ok(a.do("PATCH", "/api/v1/settings", map[string]any{"ai_enabled": false}, a.admin, "If-Match", `"1"`), 409)
		a.ok(a.do("PATCH", "/api/v1/settings", map[string]any{"send_window": map[string]any{"start": "07:00", "end": "20:00"}},
			a.admin, "If-Match", `W/"2"`), 200)
		if got := a.settings(a.admin); got.Version != 3 || !got.AIEnabled || got.SendWindow.Start != "07:00" {
			t.Fatalf("after If-Match: %+v", got)
		}
		// The other tenant's settings are its own.
		if other := a.settings(a.otherAdmin); other.Version != 1 || other.Timezone != "Asia/Jakarta" {
			t.Fatalf("other tenant: %+v", other)
		}

		// The change is audited with the field names only.
		r = a.do("GET", "/api/v1/audit-events?action=settings.update", nil, a.admin)
		a.ok(r, 200)
		var events AuditEventList
		r.decode(&events)
		if events.Total != 2 || !slices.Equal(events.Data[1].Changes,
			[]string{"timezone", "default_region", "quiet_hours", "channel_order", "default_language", "ai_enabled"}) ||
			events.Data[1].ResourceType != "tenant" || events.Data[0].ActorID == nil || *events.Data[0].ActorID != a.adminID {
			t.Fatalf("audit: %+v", events.Data)
		}
	})
}

func TestSettingsRejectBadInputAndRoles(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		cases := []struct {
			name   string
			body   any
			token  string
			code   int
			fields []string
		}{
			{"wrong type", `{"ai_enabled":"yes"}`, a.admin, 400, []string{"ai_enabled"}},
			{"wrong order type", `{"channel_order":"sms"}`, a.admin, 400, []string{"channel_order"}},
			{"null", `{"timezone":null,"channel_order":null}`, a.admin, 400, []string{"timezone", "channel_order"}},
			{"unknown fields", `{"name":"x","channels":[],"unconfigured_channels":[]}`, a.admin, 400, []string{"channels", "name", "unconfigured_channels"}},
			{"unknown nested field", `{"quiet_hours":{"start":"22:00","end":"06:00","days":[]}}`, a.admin, 400, []string{"days"}},
			{"bad values", map[string]any{"timezone": "Asia/Atlantis", "default_region": "XX", "default_language": "fr",
				"quiet_hours": map[string]any{"start": "9pm", "end": "07:00"}, "send_window": map[string]any{"start": "08:00", "end": "08:00"},
				"channel_order": []string{"sms", "fax", "sms"}}, a.admin, 400,
				[]string{"timezone", "default_region", "default_language", "quiet_hours.start", "send_window", "channel_order[1]", "channel_order[2]"}},
			{"empty order", map[string]any{"channel_order": []string{}}, a.admin, 400, []string{"channel_order"}},
			{"oversize", `{"timezone":"` + strings.Repeat("a", 2<<20) + `"}`, a.admin, 413, nil},
			{"not json", `timezone=UTC`, a.admin, 400, []string{"body"}},
			{"bad If-Match", map[string]any{"ai_enabled": true}, a.admin, 400, []string{"If-Match"}},
			{"volunteer", map[string]any{"ai_enabled": true}, a.volunteer, 403, nil},
			{"developer", map[string]any{"ai_enabled": true}, a.developer, 403, nil},
			{"pending", map[string]any{"ai_enabled": true}, a.pending, 403, nil},
			{"no token", map[string]any{"ai_enabled": true}, "", 401, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				var headers []string
				if c.name == "bad If-Match" {
					headers = []string{"If-Match", "latest"}
				}
				r := a.do("PATCH", "/api/v1/settings", c.body, c.token, headers...)
				a.ok(r, c.code)
				r.problem()
				got := r.fieldErrors()
				for _, f := range c.fields {
					if !slices.Contains(got, f) {
						t.Errorf("want a field error for %s, got %v", f, got)
					}
				}
			})
		}
		a.ok(a.do("GET", "/api/v1/settings", nil, a.pending), 403)
		if s := a.settings(a.admin); s.Version != 1 || s.AIEnabled {
			t.Fatalf("rejected patches write nothing: %+v", s)
		}
	})
}

func TestSettingsTestMessage(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		r := a.do("POST", "/api/v1/settings/test-message", map[string]any{"phone": "0812-3456-7890", "channel": "sms"}, a.admin)
		a.ok(r, 202)
		var m MessageDetail
		r.decode(&m)
		if m.Status != "queued" || m.Source != "test" || m.PatientID != nil || m.PatientName != nil || m.ToPhone == nil ||
			*m.ToPhone != "+6281234567890" || m.Channel != "sms" || m.Body == "" || len(m.Attempts) != 0 {
			t.Fatalf("test message: %+v", m)
		}
		// Followed in the message log by admins; volunteers do not see messages without a patient.
		a.ok(a.do("GET", "/api/v1/messages/"+m.ID, nil, a.admin), 200)
		a.ok(a.do("GET", "/api/v1/messages/"+m.ID, nil, a.volunteer), 404)
		a.ok(a.do("GET", "/api/v1/messages/"+m.ID, nil, a.otherAdmin), 404)

		body := map[string]any{"phone": "+82 10-1234-5678", "body": "Tes"}
		first := a.do("POST", "/api/v1/settings/test-message", body, a.admin, "Idempotency-Key", "test-1")
		a.ok(first, 202)
		again := a.do("POST", "/api/v1/settings/test-message", body, a.admin, "Idempotency-Key", "test-1")
		a.ok(again, 202)
		if !bytes.Equal(first.body, again.body) || again.hdr.Get("Idempotent-Replayed") != "true" {
			t.Fatal("an Idempotency-Key replays the first answer")
		}
		var list MessageList
		a.do("GET", "/api/v1/messages?source=test", nil, a.admin).decode(&list)
		if list.Total != 2 {
			t.Fatalf("two test messages, not %d", list.Total)
		}

		cases := []struct {
			name   string
			body   any
			token  string
			code   int
			fields []string
		}{
			{"no phone", `{}`, a.admin, 400, []string{"phone"}},
			{"bad phone", map[string]any{"phone": "12"}, a.admin, 400, []string{"phone"}},
			{"unconfigured channel", map[string]any{"phone": "0812-3456-7890", "channel": "kakao"}, a.admin, 400, []string{"channel"}},
			{"unknown channel", map[string]any{"phone": "0812-3456-7890", "channel": "fax"}, a.admin, 400, []string{"channel"}},
			{"wrong type", `{"phone":812}`, a.admin, 400, []string{"phone"}},
			{"unknown field", `{"phone":"0812-3456-7890","patient_id":"x"}`, a.admin, 400, []string{"patient_id"}},
			{"oversize", `{"phone":"0812","body":"` + strings.Repeat("a", 2<<20) + `"}`, a.admin, 413, nil},
			{"volunteer", map[string]any{"phone": "0812-3456-7890"}, a.volunteer, 403, nil},
			{"developer", map[string]any{"phone": "0812-3456-7890"}, a.developer, 403, nil},
			{"pending", map[string]any{"phone": "0812-3456-7890"}, a.pending, 403, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				r := a.do("POST", "/api/v1/settings/test-message", c.body, c.token)
				a.ok(r, c.code)
				r.problem()
				got := r.fieldErrors()
				for _, f := range c.fields {
					if !slices.Contains(got, f) {
						t.Errorf("want a field error for %s, got %v", f, got)
					}
				}
			})
		}
	})
}
