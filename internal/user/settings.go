package user

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"gorm.io/gorm"
)

// Channels a tenant can put in its channel order, in the order settings list them.
var KnownChannels = []string{"whatsapp", "kakao", "sms", "log"}

// Languages a tenant can choose as its default.
var KnownLanguages = []string{"id", "ko", "en"}

// Audit vocabulary of the settings.
const (
	ActionSettingsUpdate = "settings.update"
	ResourceTenant       = "tenant"
)

// DailyWindow is a span of wall-clock time ("HH:MM") in the tenant's time zone;
// it may cross midnight.
type DailyWindow struct {
	Start string
	End   string
}

// ChannelStatus says whether this server has a provider for a channel.
type ChannelStatus struct {
	Name       string
	Configured bool
}

// Settings is a tenant's messaging configuration.
type Settings struct {
	Timezone        string
	DefaultRegion   string
	QuietHours      DailyWindow // Start == End: no quiet hours (see SettingsPatch.QuietHoursOff)
	SendWindow      DailyWindow
	ChannelOrder    []string
	DefaultLanguage string
	AIEnabled       bool
	// StaffPauseMinutes is how long automated answers pause in a conversation
	// after a staff reply (0: no pause).
	StaffPauseMinutes int
	// ChannelAccounts are the tenant's own sending accounts.
	ChannelAccounts ChannelAccounts
	Channels        []ChannelStatus // every known channel, configured or not
	// UnconfiguredChannels lists the channels of ChannelOrder with no provider on this
	// server (never "log"); sending skips them. Empty, not nil, when there are none.
	UnconfiguredChannels []string
	UpdatedAt            time.Time
	Version              int
}

// ChannelAccounts are a tenant's own sending accounts at the providers; an
// empty field means the server's default account (GOWA_DEVICE_ID,
// NHN_SMS_SENDER, NHN_KAKAO_SENDER_KEY).
type ChannelAccounts struct {
	WhatsAppDeviceID string // the GOWA device id (its WhatsApp number)
	SMSSender        string // a sending number registered with NHN Cloud SMS, digits only
	KakaoSenderKey   string // the Kakao channel's sender key at NHN Cloud
	// WhatsAppWarmup limits campaign messages a day while the WhatsApp number is new; nil: no limit.
	WhatsAppWarmup *Warmup
}

// Warmup is the warm-up profile of a new WhatsApp number: at most
// StartPerDay campaign messages on StartedOn (the tenant's date), growing
// each day to MaxPerDay after RampDays days (unofficial gateways ban numbers
// that burst). Interactive messages are not counted.
type Warmup struct {
	StartedOn   string `json:"started_on"`
	StartPerDay int    `json:"start_per_day"`
	MaxPerDay   int    `json:"max_per_day"`
	RampDays    int    `json:"ramp_days"`
}

// Limits of a warm-up profile.
const (
	MaxWarmupPerDay   = 1_000_000
	MaxWarmupRampDays = 365
)

// ChannelAccountsPatch changes some of a tenant's accounts: nil fields stay as
// they are; an empty string clears the field back to the server's default.
type ChannelAccountsPatch struct {
	WhatsAppDeviceID *string
	SMSSender        *string
	KakaoSenderKey   *string
	WhatsAppWarmup   *Warmup
	ClearWarmup      bool // no warm-up limit any more
}

// Limits of the tenant's sending accounts and staff pause.
const (
	MaxDeviceIDLength       = 100
	MaxKakaoSenderKeyLength = 100
	MinSMSSenderDigits      = 3
	MaxSMSSenderDigits      = 20
	MaxStaffPauseMinutes    = 1440
)

// SettingsPatch changes some settings; nil fields stay as they are. A non-nil
// Version that is not the stored one is a conflict.
type SettingsPatch struct {
	Timezone        *string
	DefaultRegion   *string
	QuietHours      *DailyWindow // start and end must differ
	QuietHoursOff   bool         // no quiet hours (stored as equal start and end); not with QuietHours
	SendWindow      *DailyWindow
	ChannelOrder    *[]string
	DefaultLanguage *string
	AIEnabled       *bool
	// StaffPauseMinutes is 0 to MaxStaffPauseMinutes.
	StaffPauseMinutes *int
	ChannelAccounts   *ChannelAccountsPatch
	Version           *int
}

// SettingsService reads and changes the caller's tenant settings: everyone
// approved reads them, only admins change them.
type SettingsService struct {
	db         *gorm.DB
	clock      clock.Clock
	configured []string
	onChange   func(tenantID string)
}

// NewSettingsService builds the service. configured lists the channels this
// server has a provider for (e.g. ["whatsapp", "sms", "log"]).
func NewSettingsService(d *db.DB, c clock.Clock, configured []string) *SettingsService {
	if c == nil {
		c = clock.System{}
	}
	return &SettingsService{db: d.Gorm, clock: c, configured: slices.Clone(configured)}
}

// OnChange has fn called with the tenant's id after every committed change of
// its settings (the user service's ForgetTenant, which caches tenants with
// their users).
func (s *SettingsService) OnChange(fn func(tenantID string)) { s.onChange = fn }

// Get returns the actor's tenant settings.
func (s *SettingsService) Get(ctx context.Context, a identity.Actor) (Settings, error) {
	if !identity.ValidRole(a.Role) {
		return Settings{}, errs.ErrForbidden
	}
	t, err := s.load(ctx, s.db, a.TenantID)
	if err != nil {
		return Settings{}, err
	}
	return s.settingsOf(t), nil
}

// Update applies a patch (admins only) with optimistic concurrency and records
// the names of the changed fields in the audit log.
func (s *SettingsService) Update(ctx context.Context, a identity.Actor, p SettingsPatch) (Settings, error) {
	if !a.IsAdmin() {
		return Settings{}, fmt.Errorf("only admins change settings: %w", errs.ErrForbidden)
	}
	var out Settings
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := s.load(ctx, tx, a.TenantID)
		if err != nil {
			return err
		}
		if p.Version != nil && *p.Version != cur.Version {
			return fmt.Errorf("settings changed since version %d: %w", *p.Version, errs.ErrConflict)
		}
		next, changed, err := applySettings(cur, p)
		if err != nil {
			return err
		}
		if slices.Contains(changed, "channel_accounts.whatsapp_device_id") {
			if err := s.deviceFree(ctx, tx, next); err != nil {
				return err
			}
		}
		if len(changed) == 0 {
			out = s.settingsOf(cur)
			return nil
		}
		now := s.clock.Now().UTC().Truncate(time.Microsecond)
		order, _ := json.Marshal(next.ChannelOrder)
		res := tx.Table("tenants").Where("id = ? AND version = ?", cur.ID, cur.Version).Updates(map[string]any{
			"timezone": next.Timezone, "default_region": next.DefaultRegion,
			"quiet_hours_start": next.QuietHoursStart, "quiet_hours_end": next.QuietHoursEnd,
			"send_window_start": next.SendWindowStart, "send_window_end": next.SendWindowEnd,
			"channel_order": string(order), "default_language": next.DefaultLanguage, "ai_enabled": next.AIEnabled,
			"staff_pause_minutes": next.StaffPauseMinutes, "gowa_device_id": next.GowaDeviceID, "sms_sender": next.SMSSender,
			"kakao_sender_key": next.KakaoSenderKey, "whatsapp_warmup": next.WhatsAppWarmup, "updated_at": now, "version": cur.Version + 1,
		})
		if db.IsUniqueViolation(res.Error) {
			// Another tenant took the device between the check and the write.
			return deviceTaken()
		}
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("settings changed since version %d: %w", cur.Version, errs.ErrConflict)
		}
		if err := audit.Write(ctx, tx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID,
			Action: ActionSettingsUpdate, ResourceType: ResourceTenant, ResourceID: a.TenantID, Changes: changed}); err != nil {
			return err
		}
		next.UpdatedAt, next.Version = now, cur.Version+1
		out = s.settingsOf(next)
		return nil
	})
	if err == nil && s.onChange != nil {
		s.onChange(a.TenantID)
	}
	return out, err
}

// deviceFree refuses a WhatsApp device that another tenant sends from: the
// device's inbound messages must reach one tenant only.
func (s *SettingsService) deviceFree(ctx context.Context, tx *gorm.DB, t Tenant) error {
	if t.GowaDeviceID == nil {
		return nil
	}
	var n int64
	err := tx.WithContext(ctx).Table("tenants").Where("gowa_device_id = ? AND id <> ?", *t.GowaDeviceID, t.ID).Count(&n).Error
	if err != nil {
		return err
	}
	if n > 0 {
		return deviceTaken()
	}
	return nil
}

func deviceTaken() error {
	return errs.InvalidCode("channel_accounts.whatsapp_device_id", errs.CodeDuplicate, "is already used by another organization")
}

func (s *SettingsService) load(ctx context.Context, q *gorm.DB, tenantID string) (Tenant, error) {
	var t Tenant
	err := q.WithContext(ctx).Where("id = ?", tenantID).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Tenant{}, errs.ErrNotFound
	}
	return t, err
}

func (s *SettingsService) settingsOf(t Tenant) Settings {
	out := Settings{
		Timezone: t.Timezone, DefaultRegion: t.DefaultRegion,
		QuietHours:   DailyWindow{Start: t.QuietHoursStart, End: t.QuietHoursEnd},
		SendWindow:   DailyWindow{Start: t.SendWindowStart, End: t.SendWindowEnd},
		ChannelOrder: slices.Clone(t.ChannelOrder), DefaultLanguage: t.DefaultLanguage, AIEnabled: t.AIEnabled,
		StaffPauseMinutes: t.StaffPauseMinutes,
		ChannelAccounts: ChannelAccounts{WhatsAppDeviceID: derefString(t.GowaDeviceID), SMSSender: derefString(t.SMSSender),
			KakaoSenderKey: derefString(t.KakaoSenderKey), WhatsAppWarmup: warmupOf(t.WhatsAppWarmup)},
		UpdatedAt: t.UpdatedAt.UTC(), Version: t.Version,
	}
	if out.ChannelOrder == nil {
		out.ChannelOrder = []string{}
	}
	for _, name := range KnownChannels {
		out.Channels = append(out.Channels, ChannelStatus{Name: name, Configured: s.isConfigured(name)})
	}
	out.UnconfiguredChannels = []string{}
	for _, name := range out.ChannelOrder {
		if !s.isConfigured(name) {
			out.UnconfiguredChannels = append(out.UnconfiguredChannels, name)
		}
	}
	return out
}

// isConfigured reports whether this server can send on channel; "log" always can.
func (s *SettingsService) isConfigured(channel string) bool {
	return channel == "log" || slices.Contains(s.configured, channel)
}

// applySettings validates p against t and returns the changed tenant and the
// names of the fields that changed (as the API names them).
func applySettings(t Tenant, p SettingsPatch) (Tenant, []string, error) {
	var fe errs.Fields
	var changed []string
	mark := func(field string, differs bool) {
		if differs {
			changed = append(changed, field)
		}
	}
	if p.Timezone != nil {
		tz := strings.TrimSpace(*p.Timezone)
		if validTimezone(tz) {
			mark("timezone", tz != t.Timezone)
			t.Timezone = tz
		} else {
			fe.Add("timezone", "must be an IANA time zone such as Asia/Jakarta")
		}
	}
	if p.DefaultRegion != nil {
		r := strings.ToUpper(strings.TrimSpace(*p.DefaultRegion))
		if len(r) == 2 && phonenumbers.GetCountryCodeForRegion(r) != 0 {
			mark("default_region", r != t.DefaultRegion)
			t.DefaultRegion = r
		} else {
			fe.Add("default_region", "must be a two-letter country code with a phone numbering plan, such as ID or KR")
		}
	}
	switch {
	case p.QuietHours != nil:
		if w, ok := window(&fe, "quiet_hours", *p.QuietHours); ok {
			mark("quiet_hours", w.Start != t.QuietHoursStart || w.End != t.QuietHoursEnd)
			t.QuietHoursStart, t.QuietHoursEnd = w.Start, w.End
		}
	case p.QuietHoursOff:
		mark("quiet_hours", t.QuietHoursStart != t.QuietHoursEnd)
		if t.QuietHoursStart != t.QuietHoursEnd {
			t.QuietHoursStart, t.QuietHoursEnd = "00:00", "00:00"
		}
	}
	if p.SendWindow != nil {
		if w, ok := window(&fe, "send_window", *p.SendWindow); ok {
			mark("send_window", w.Start != t.SendWindowStart || w.End != t.SendWindowEnd)
			t.SendWindowStart, t.SendWindowEnd = w.Start, w.End
		}
	}
	if p.ChannelOrder != nil {
		if order, ok := channelOrder(&fe, *p.ChannelOrder); ok {
			mark("channel_order", !slices.Equal(order, t.ChannelOrder))
			t.ChannelOrder = order
		}
	}
	if p.DefaultLanguage != nil {
		l := strings.TrimSpace(*p.DefaultLanguage)
		if slices.Contains(KnownLanguages, l) {
			mark("default_language", l != t.DefaultLanguage)
			t.DefaultLanguage = l
		} else {
			fe.Add("default_language", "must be one of id, ko, en")
		}
	}
	if p.AIEnabled != nil {
		mark("ai_enabled", *p.AIEnabled != t.AIEnabled)
		t.AIEnabled = *p.AIEnabled
	}
	if p.StaffPauseMinutes != nil {
		if m := *p.StaffPauseMinutes; m >= 0 && m <= MaxStaffPauseMinutes {
			mark("staff_pause_minutes", m != t.StaffPauseMinutes)
			t.StaffPauseMinutes = m
		} else {
			fe.Add("staff_pause_minutes", fmt.Sprintf("must be a whole number from 0 to %d", MaxStaffPauseMinutes))
		}
	}
	if a := p.ChannelAccounts; a != nil {
		account := func(field string, in *string, dst **string, norm func(string) (string, bool)) {
			if in == nil {
				return
			}
			v, ok := norm(strings.TrimSpace(*in))
			if !ok {
				return
			}
			var next *string
			if v != "" {
				next = &v
			}
			mark(field, derefString(next) != derefString(*dst))
			*dst = next
		}
		account("channel_accounts.whatsapp_device_id", a.WhatsAppDeviceID, &t.GowaDeviceID, func(v string) (string, bool) {
			return deviceID(&fe, "channel_accounts.whatsapp_device_id", v)
		})
		account("channel_accounts.sms_sender", a.SMSSender, &t.SMSSender, func(v string) (string, bool) {
			return smsSender(&fe, "channel_accounts.sms_sender", v)
		})
		account("channel_accounts.kakao_sender_key", a.KakaoSenderKey, &t.KakaoSenderKey, func(v string) (string, bool) {
			return kakaoSenderKey(&fe, "channel_accounts.kakao_sender_key", v)
		})
		switch {
		case a.ClearWarmup:
			mark("channel_accounts.whatsapp_warmup", t.WhatsAppWarmup != nil)
			t.WhatsAppWarmup = nil
		case a.WhatsAppWarmup != nil:
			if checkWarmup(&fe, *a.WhatsAppWarmup) {
				b, _ := json.Marshal(a.WhatsAppWarmup)
				v := string(b)
				mark("channel_accounts.whatsapp_warmup", derefString(t.WhatsAppWarmup) != v)
				t.WhatsAppWarmup = &v
			}
		}
	}
	if err := fe.Err(); err != nil {
		return Tenant{}, nil, err
	}
	return t, changed, nil
}

// deviceID validates a GOWA device id: the WhatsApp JID GOWA shows
// ("628123456789@s.whatsapp.net") or a plain id; "" clears.
func deviceID(fe *errs.Fields, field, v string) (string, bool) {
	switch {
	case v == "":
		return "", true
	case utf8.RuneCountInString(v) > MaxDeviceIDLength:
		fe.Add(field, fmt.Sprintf("must be at most %d characters", MaxDeviceIDLength))
		return "", false
	case !onlyRunes(v, func(r rune) bool { return isAlnum(r) || strings.ContainsRune("@._:-", r) }):
		fe.Add(field, "must be a GOWA device id of letters, digits and @ . _ : - such as 628123456789@s.whatsapp.net")
		return "", false
	}
	return v, true
}

// smsSender validates a sending number registered with NHN, written in
// national or international form; spaces, dashes and a leading + are dropped.
func smsSender(fe *errs.Fields, field, v string) (string, bool) {
	if v == "" {
		return "", true
	}
	d := strings.TrimPrefix(strings.NewReplacer(" ", "", "-", "").Replace(v), "+")
	if n := len(d); n < MinSMSSenderDigits || n > MaxSMSSenderDigits || !onlyRunes(d, func(r rune) bool { return r >= '0' && r <= '9' }) {
		fe.Add(field, fmt.Sprintf("must be a phone number of %d to %d digits such as 15446859", MinSMSSenderDigits, MaxSMSSenderDigits))
		return "", false
	}
	return d, true
}

// kakaoSenderKey validates the sender key of a Kakao channel at NHN.
func kakaoSenderKey(fe *errs.Fields, field, v string) (string, bool) {
	switch {
	case v == "":
		return "", true
	case utf8.RuneCountInString(v) > MaxKakaoSenderKeyLength:
		fe.Add(field, fmt.Sprintf("must be at most %d characters", MaxKakaoSenderKeyLength))
		return "", false
	case !onlyRunes(v, isAlnum):
		fe.Add(field, "must be a Kakao sender key of letters and digits such as 3f1c9a0b7d2e4f6a8b0c1d2e3f4a5b6c7d8e9f0a")
		return "", false
	}
	return v, true
}

func isAlnum(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
}

func onlyRunes(s string, ok func(rune) bool) bool {
	for _, r := range s {
		if !ok(r) {
			return false
		}
	}
	return true
}

func derefString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// window validates a daily window: two times of day that differ (a window
// that starts when it ends is ambiguous: nothing, or the whole day).
func window(fe *errs.Fields, field string, w DailyWindow) (DailyWindow, bool) {
	w.Start, w.End = strings.TrimSpace(w.Start), strings.TrimSpace(w.End)
	ok := true
	if !validClock(w.Start) {
		fe.Add(field+".start", "must be a time of day such as 21:00")
		ok = false
	}
	if !validClock(w.End) {
		fe.Add(field+".end", "must be a time of day such as 07:00")
		ok = false
	}
	if ok && w.Start == w.End {
		fe.Add(field, "start and end must differ")
		ok = false
	}
	return w, ok
}

func channelOrder(fe *errs.Fields, in []string) ([]string, bool) {
	if len(in) == 0 {
		fe.Add("channel_order", "must name at least one channel")
		return nil, false
	}
	out := make([]string, 0, len(in))
	ok := true
	for i, ch := range in {
		ch = strings.TrimSpace(ch)
		field := fmt.Sprintf("channel_order[%d]", i)
		switch {
		case !slices.Contains(KnownChannels, ch):
			fe.Add(field, "must be one of whatsapp, kakao, sms, log")
			ok = false
		case slices.Contains(out, ch):
			fe.Add(field, "is already in the order")
			ok = false
		default:
			out = append(out, ch)
		}
	}
	return out, ok
}

// validClock reports whether s is "HH:MM" on a 24-hour clock.
func validClock(s string) bool {
	if len(s) != 5 || s[2] != ':' {
		return false
	}
	_, err := time.Parse("15:04", s)
	return err == nil
}

// validTimezone reports whether name is an IANA time zone ("Asia/Jakarta", "UTC").
func validTimezone(name string) bool {
	if name == "" || name == "Local" || len(name) > 64 {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

// warmupOf reads a stored warm-up profile (nil when none or unreadable).
func warmupOf(raw *string) *Warmup {
	if raw == nil || *raw == "" || *raw == "null" {
		return nil
	}
	var w Warmup
	if json.Unmarshal([]byte(*raw), &w) != nil {
		return nil
	}
	return &w
}

// checkWarmup validates a warm-up profile, naming each bad field.
func checkWarmup(fe *errs.Fields, w Warmup) bool {
	const f = "channel_accounts.whatsapp_warmup."
	n := len(*fe)
	if _, err := time.Parse(time.DateOnly, w.StartedOn); err != nil {
		fe.AddCode(f+"started_on", errs.CodeInvalidFormat, "must be a date such as 2026-12-01")
	}
	if w.StartPerDay < 1 || w.StartPerDay > MaxWarmupPerDay {
		fe.Add(f+"start_per_day", fmt.Sprintf("must be a whole number from 1 to %d", MaxWarmupPerDay))
	}
	if w.MaxPerDay < 1 || w.MaxPerDay > MaxWarmupPerDay {
		fe.Add(f+"max_per_day", fmt.Sprintf("must be a whole number from 1 to %d", MaxWarmupPerDay))
	} else if w.MaxPerDay < w.StartPerDay {
		fe.AddCode(f+"max_per_day", errs.CodeInvalidRange, "must be at least start_per_day")
	}
	if w.RampDays < 1 || w.RampDays > MaxWarmupRampDays {
		fe.Add(f+"ramp_days", fmt.Sprintf("must be a whole number from 1 to %d", MaxWarmupRampDays))
	}
	return len(*fe) == n
}
