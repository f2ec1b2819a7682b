package user

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/testutil"
)

// signIn provisions the tenant of org and a user in it, as a token would.
func signIn(t *testing.T, users *Service, userID, org string) (Principal, identity.Actor) {
	t.Helper()
	p, err := users.Resolve(context.Background(), identity.Claims{UserID: userID, OrgID: org, OrgSlug: org, OrgRole: "org:admin"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := Actor(p)
	if err != nil {
		t.Fatal(err)
	}
	return p, a
}

func fieldNames(err error) []string {
	var ve *errs.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	out := []string{}
	for _, f := range ve.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestSettingsDefaultsUpdatesConflictsAndRoles(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC))
		users := NewService(NewStore(d), audit.NewService(d.Gorm, clk), clk, Defaults{Region: "ID", Timezone: "Asia/Jakarta"})
		svc := NewSettingsService(d, clk, []string{"whatsapp", "log"})
		_, admin := signIn(t, users, "user_a", "org_a")
		_, otherAdmin := signIn(t, users, "user_b", "org_b")

		// A new tenant starts with the column defaults.
		st, err := svc.Get(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		if st.Timezone != "Asia/Jakarta" || st.DefaultRegion != "ID" || st.QuietHours != (DailyWindow{"21:00", "07:00"}) ||
			st.SendWindow != (DailyWindow{"06:00", "21:00"}) || !slices.Equal(st.ChannelOrder, []string{"whatsapp", "sms"}) ||
			st.DefaultLanguage != "id" || st.AIEnabled || st.Version != 1 {
			t.Fatalf("defaults: %+v", st)
		}
		wantChannels := []ChannelStatus{{"whatsapp", true}, {"kakao", false}, {"sms", false}, {"log", true}}
		if !slices.Equal(st.Channels, wantChannels) {
			t.Fatalf("channels: %+v", st.Channels)
		}
		// sms is in the order but has no provider here.
		if !slices.Equal(st.UnconfiguredChannels, []string{"sms"}) {
			t.Fatalf("unconfigured channels: %+v", st.UnconfiguredChannels)
		}

		// Everyone approved reads; only admins write.
		for _, role := range []string{identity.RoleVolunteer, identity.RoleDeveloper} {
			a := admin
			a.Role = role
			if _, err := svc.Get(ctx, a); err != nil {
				t.Fatalf("%s reads settings: %v", role, err)
			}
			if _, err := svc.Update(ctx, a, SettingsPatch{AIEnabled: new(true)}); !errors.Is(err, errs.ErrForbidden) {
				t.Fatalf("%s may not change settings: %v", role, err)
			}
		}

		clk.Advance(time.Minute)
		tz, region, lang, v := " Asia/Seoul ", "kr", "ko", 1
		order := []string{"kakao", "sms", "log"}
		st, err = svc.Update(ctx, admin, SettingsPatch{Timezone: &tz, DefaultRegion: &region, DefaultLanguage: &lang,
			QuietHours: &DailyWindow{"22:00", "08:00"}, SendWindow: &DailyWindow{"09:00", "20:00"}, ChannelOrder: &order,
			AIEnabled: new(true), Version: &v})
		if err != nil {
			t.Fatal(err)
		}
		if st.Timezone != "Asia/Seoul" || st.DefaultRegion != "KR" || st.DefaultLanguage != "ko" || !st.AIEnabled ||
			st.QuietHours.Start != "22:00" || st.SendWindow.End != "20:00" || !slices.Equal(st.ChannelOrder, order) ||
			st.Version != 2 || !st.UpdatedAt.Equal(clk.Now()) {
			t.Fatalf("after update: %+v", st)
		}
		// An order naming channels with no provider here is kept, and they are listed.
		if !slices.Equal(st.UnconfiguredChannels, []string{"kakao", "sms"}) {
			t.Fatalf("unconfigured after update: %+v", st.UnconfiguredChannels)
		}
		again, err := svc.Get(ctx, admin)
		if err != nil || !slices.Equal(again.ChannelOrder, order) || again.Version != 2 || again.QuietHours != st.QuietHours ||
			!slices.Equal(again.UnconfiguredChannels, st.UnconfiguredChannels) {
			t.Fatalf("read back: %+v %v", again, err)
		}
		// The principal's tenant, read on every request, carries them too.
		p, _ := signIn(t, users, "user_a", "org_a")
		if p.Tenant.Timezone != "Asia/Seoul" || !slices.Equal(p.Tenant.ChannelOrder, order) || !p.Tenant.AIEnabled {
			t.Fatalf("tenant model: %+v", p.Tenant)
		}
		events, _, err := audit.NewService(d.Gorm, clk).List(ctx, admin, audit.Filter{Action: ActionSettingsUpdate, Page: 1, PerPage: 10})
		if err != nil || len(events) != 1 {
			t.Fatalf("audit: %+v %v", events, err)
		}
		wantChanges := []string{"timezone", "default_region", "quiet_hours", "send_window", "channel_order", "default_language", "ai_enabled"}
		if got := events[0].ChangeList(); !slices.Equal(got, wantChanges) || events[0].ResourceID != admin.TenantID {
			t.Fatalf("audit changes: %v", got)
		}

		// Stale version: conflict, nothing written.
		if _, err := svc.Update(ctx, admin, SettingsPatch{AIEnabled: new(false), Version: &v}); !errors.Is(err, errs.ErrConflict) {
			t.Fatalf("stale version: %v", err)
		}
		// A patch that changes nothing keeps the version and writes no audit event.
		same := "Asia/Seoul"
		if st, err = svc.Update(ctx, admin, SettingsPatch{Timezone: &same}); err != nil || st.Version != 2 {
			t.Fatalf("no-op: %+v %v", st, err)
		}
		// Quiet hours that start when they end are refused; switching them off is explicit.
		if _, err = svc.Update(ctx, admin, SettingsPatch{QuietHours: &DailyWindow{"00:00", "00:00"}}); !slices.Equal(fieldNames(err), []string{"quiet_hours"}) {
			t.Fatalf("equal quiet hours: %v", err)
		}
		if st, err = svc.Update(ctx, admin, SettingsPatch{QuietHoursOff: true}); err != nil || st.Version != 3 ||
			st.QuietHours.Start != st.QuietHours.End {
			t.Fatalf("quiet hours off: %+v %v", st, err)
		}
		// Configured channels and log leave nothing to warn about: an empty list, not nil.
		if st, err = svc.Update(ctx, admin, SettingsPatch{ChannelOrder: &[]string{"whatsapp", "log"}}); err != nil ||
			st.Version != 4 || st.UnconfiguredChannels == nil || len(st.UnconfiguredChannels) != 0 {
			t.Fatalf("configured order: %+v %v", st, err)
		}

		// The other tenant is untouched.
		other, err := svc.Get(ctx, otherAdmin)
		if err != nil || other.Timezone != "Asia/Jakarta" || other.Version != 1 {
			t.Fatalf("other tenant: %+v %v", other, err)
		}

		bad := func(p SettingsPatch, want ...string) {
			t.Helper()
			_, err := svc.Update(ctx, admin, p)
			if got := fieldNames(err); !slices.Equal(got, want) {
				t.Errorf("want errors on %v, got %v (%v)", want, got, err)
			}
		}
		bad(SettingsPatch{Timezone: new("Mars/Olympus")}, "timezone")
		bad(SettingsPatch{Timezone: new("Local")}, "timezone")
		bad(SettingsPatch{DefaultRegion: new("XX")}, "default_region")
		bad(SettingsPatch{DefaultRegion: new("IDN")}, "default_region")
		bad(SettingsPatch{QuietHours: &DailyWindow{"25:00", "7:00"}}, "quiet_hours.start", "quiet_hours.end")
		bad(SettingsPatch{SendWindow: &DailyWindow{"08:00", "08:00"}}, "send_window")
		bad(SettingsPatch{ChannelOrder: &[]string{}}, "channel_order")
		bad(SettingsPatch{ChannelOrder: &[]string{"sms", "fax", "sms"}}, "channel_order[1]", "channel_order[2]")
		bad(SettingsPatch{DefaultLanguage: new("fr"), Timezone: new("")}, "timezone", "default_language")
		if st, _ := svc.Get(ctx, admin); st.Version != 4 {
			t.Fatalf("rejected patches write nothing: %+v", st)
		}
	})
}
