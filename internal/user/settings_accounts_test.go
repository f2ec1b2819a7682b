package user

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/testutil"
)

func fieldCodes(err error) map[string]string {
	var ve *errs.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	out := map[string]string{}
	for _, f := range ve.Fields {
		out[f.Field] = f.Code
	}
	return out
}

func TestSettingsChannelAccountsAndStaffPause(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC))
		users := NewService(NewStore(d), audit.NewService(d.Gorm, clk), clk, Defaults{Region: "ID", Timezone: "Asia/Jakarta"})
		svc := NewSettingsService(d, clk, []string{"whatsapp", "sms", "kakao"})
		svc.OnChange(users.ForgetTenant)
		_, admin := signIn(t, users, "user_a", "org_a")
		_, otherAdmin := signIn(t, users, "user_b", "org_b")

		// A new tenant sends from the server's accounts and pauses 4 hours after a staff reply.
		st, err := svc.Get(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		if st.ChannelAccounts != (ChannelAccounts{}) || st.StaffPauseMinutes != 240 {
			t.Fatalf("defaults: %+v", st)
		}

		// Only admins change them.
		for _, role := range []string{identity.RoleVolunteer, identity.RoleDeveloper} {
			a := admin
			a.Role = role
			_, err := svc.Update(ctx, a, SettingsPatch{ChannelAccounts: &ChannelAccountsPatch{WhatsAppDeviceID: new("dev-a")}})
			if !errors.Is(err, errs.ErrForbidden) {
				t.Fatalf("%s may not change the accounts: %v", role, err)
			}
		}

		v := st.Version
		st, err = svc.Update(ctx, admin, SettingsPatch{Version: &v, StaffPauseMinutes: new(0), ChannelAccounts: &ChannelAccountsPatch{
			WhatsAppDeviceID: new(" 6281111111111@s.whatsapp.net "), SMSSender: new("+82 2-1234-5678"), KakaoSenderKey: new("AbC123")}})
		if err != nil {
			t.Fatal(err)
		}
		want := ChannelAccounts{WhatsAppDeviceID: "6281111111111@s.whatsapp.net", SMSSender: "82212345678", KakaoSenderKey: "AbC123"}
		if st.ChannelAccounts != want || st.StaffPauseMinutes != 0 || st.Version != v+1 {
			t.Fatalf("after update: %+v", st)
		}
		if again, _ := svc.Get(ctx, admin); again.ChannelAccounts != want || again.StaffPauseMinutes != 0 {
			t.Fatalf("read back: %+v", again)
		}
		// The principal's tenant carries them too.
		p, _ := signIn(t, users, "user_a", "org_a")
		if p.Tenant.GowaDeviceID == nil || *p.Tenant.GowaDeviceID != want.WhatsAppDeviceID || p.Tenant.StaffPauseMinutes != 0 ||
			p.Tenant.SMSSender == nil || *p.Tenant.SMSSender != want.SMSSender {
			t.Fatalf("tenant model: %+v", p.Tenant)
		}
		events, _, err := audit.NewService(d.Gorm, clk).List(ctx, admin, audit.Filter{Action: ActionSettingsUpdate, Page: 1, PerPage: 10})
		if err != nil || len(events) != 1 || !slices.Equal(events[0].ChangeList(), []string{"staff_pause_minutes",
			"channel_accounts.whatsapp_device_id", "channel_accounts.sms_sender", "channel_accounts.kakao_sender_key"}) {
			t.Fatalf("audit: %+v %v", events, err)
		}

		// A national number keeps its leading 0; a field left out stays.
		if st, err = svc.Update(ctx, admin, SettingsPatch{ChannelAccounts: &ChannelAccountsPatch{SMSSender: new("02-1234-5678")}}); err != nil ||
			st.ChannelAccounts.SMSSender != "0212345678" || st.ChannelAccounts.KakaoSenderKey != "AbC123" {
			t.Fatalf("national sender: %+v %v", st, err)
		}
		// The same values again change nothing.
		before := st.Version
		if st, err = svc.Update(ctx, admin, SettingsPatch{ChannelAccounts: &ChannelAccountsPatch{WhatsAppDeviceID: new("6281111111111@s.whatsapp.net")}}); err != nil || st.Version != before {
			t.Fatalf("no-op: %+v %v", st, err)
		}

		// Another tenant cannot take the device; it may use another one.
		_, err = svc.Update(ctx, otherAdmin, SettingsPatch{ChannelAccounts: &ChannelAccountsPatch{WhatsAppDeviceID: new("6281111111111@s.whatsapp.net")}})
		if codes := fieldCodes(err); len(codes) != 1 || codes["channel_accounts.whatsapp_device_id"] != errs.CodeDuplicate {
			t.Fatalf("device of another tenant: %v", err)
		}
		if other, err := svc.Update(ctx, otherAdmin, SettingsPatch{ChannelAccounts: &ChannelAccountsPatch{WhatsAppDeviceID: new("clinic-b")}}); err != nil ||
			other.ChannelAccounts.WhatsAppDeviceID != "clinic-b" {
			t.Fatalf("own device: %+v %v", other, err)
		}

		// Empty clears back to the server's account, which frees the device.
		if st, err = svc.Update(ctx, admin, SettingsPatch{ChannelAccounts: &ChannelAccountsPatch{WhatsAppDeviceID: new(""), SMSSender: new("  "),
			KakaoSenderKey: new("")}}); err != nil || st.ChannelAccounts != (ChannelAccounts{}) {
			t.Fatalf("cleared: %+v %v", st, err)
		}
		var nulls int64
		if err := d.Gorm.Table("tenants").Where("id = ? AND gowa_device_id IS NULL AND sms_sender IS NULL AND kakao_sender_key IS NULL", admin.TenantID).
			Count(&nulls).Error; err != nil || nulls != 1 {
			t.Fatalf("cleared accounts are stored as NULL: %d %v", nulls, err)
		}
		if _, err := svc.Update(ctx, otherAdmin, SettingsPatch{ChannelAccounts: &ChannelAccountsPatch{WhatsAppDeviceID: new("6281111111111@s.whatsapp.net")}}); err != nil {
			t.Fatalf("a freed device may be taken: %v", err)
		}

		bad := func(p SettingsPatch, want map[string]string) {
			t.Helper()
			_, err := svc.Update(ctx, admin, p)
			if got := fieldCodes(err); !equalMaps(got, want) {
				t.Errorf("want %v, got %v (%v)", want, got, err)
			}
		}
		bad(SettingsPatch{StaffPauseMinutes: new(-1)}, map[string]string{"staff_pause_minutes": errs.CodeOutOfRange})
		bad(SettingsPatch{StaffPauseMinutes: new(1441)}, map[string]string{"staff_pause_minutes": errs.CodeOutOfRange})
		bad(SettingsPatch{ChannelAccounts: &ChannelAccountsPatch{WhatsAppDeviceID: new("dev a"), SMSSender: new("12"),
			KakaoSenderKey: new("key-with-dash")}}, map[string]string{
			"channel_accounts.whatsapp_device_id": errs.CodeInvalidFormat, "channel_accounts.sms_sender": errs.CodeInvalidFormat,
			"channel_accounts.kakao_sender_key": errs.CodeInvalidFormat})
		bad(SettingsPatch{ChannelAccounts: &ChannelAccountsPatch{WhatsAppDeviceID: new(repeat("a", 101)), SMSSender: new(repeat("1", 21)),
			KakaoSenderKey: new(repeat("k", 101))}}, map[string]string{
			"channel_accounts.whatsapp_device_id": errs.CodeTooLong, "channel_accounts.sms_sender": errs.CodeInvalidFormat,
			"channel_accounts.kakao_sender_key": errs.CodeTooLong})
		bad(SettingsPatch{ChannelAccounts: &ChannelAccountsPatch{SMSSender: new("0812-ABCD")}}, map[string]string{"channel_accounts.sms_sender": errs.CodeInvalidFormat})
		// The longest values are accepted.
		if _, err := svc.Update(ctx, admin, SettingsPatch{StaffPauseMinutes: new(1440), ChannelAccounts: &ChannelAccountsPatch{
			WhatsAppDeviceID: new(repeat("a", 100)), SMSSender: new(repeat("1", 20)), KakaoSenderKey: new(repeat("k", 100))}}); err != nil {
			t.Fatalf("longest values: %v", err)
		}
	})
}

func repeat(s string, n int) string { return strings.Repeat(s, n) }

func equalMaps(a, b map[string]string) bool { return maps.Equal(a, b) }
