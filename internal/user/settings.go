package user

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

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
	Channels        []ChannelStatus // every known channel, configured or not
	// UnconfiguredChannels lists the channels of ChannelOrder with no provider on this
	// server (never "log"); sending skips them. Empty, not nil, when there are none.
	UnconfiguredChannels []string
	UpdatedAt            time.Time
	Version              int
}

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
	Version         *int
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
			"updated_at": now, "version": cur.Version + 1,
		})
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
	if err := fe.Err(); err != nil {
		return Tenant{}, nil, err
	}
	return t, changed, nil
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
