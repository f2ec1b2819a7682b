package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/messaging"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/user"
)

// DailyWindow is a daily span of wall-clock time in the tenant's time zone; it may cross midnight.
type DailyWindow struct {
	Start string `json:"start" example:"21:00"`
	End   string `json:"end" example:"07:00"`
}

// ChannelStatus says whether this server has a provider for a channel.
type ChannelStatus struct {
	Name       string `json:"name" enums:"whatsapp,kakao,sms,log" example:"whatsapp"`
	Configured bool   `json:"configured" example:"true"`
}

// Settings is the tenant's messaging configuration. quiet_hours with equal
// start and end means no quiet hours (PATCH quiet_hours null to switch them
// off; a PATCH with equal times is refused). channels lists every channel and
// whether it has a provider here. unconfigured_channels lists the channels of
// channel_order without one (never log; empty when there are none): sending
// skips them, and a message with no configured channel left fails with
// error_code no_channel.
type Settings struct {
	Timezone             string          `json:"timezone" example:"Asia/Jakarta"`
	DefaultRegion        string          `json:"default_region" example:"ID"`
	QuietHours           DailyWindow     `json:"quiet_hours"`
	SendWindow           DailyWindow     `json:"send_window"`
	ChannelOrder         []string        `json:"channel_order" example:"whatsapp,sms"`
	DefaultLanguage      string          `json:"default_language" enums:"id,ko,en" example:"id"`
	AIEnabled            bool            `json:"ai_enabled" example:"false"`
	StaffPauseMinutes    int             `json:"staff_pause_minutes" minimum:"0" maximum:"1440" example:"240"`
	ChannelAccounts      ChannelAccounts `json:"channel_accounts"`
	Channels             []ChannelStatus `json:"channels"`
	UnconfiguredChannels []string        `json:"unconfigured_channels" enums:"whatsapp,kakao,sms" example:"whatsapp"`
	UpdatedAt            time.Time       `json:"updated_at"`
	Version              int             `json:"version" example:"1"`
}

// ChannelAccounts are the tenant's own sending accounts: the GOWA device it
// sends WhatsApp from, the NHN SMS sending number and the Kakao channel's
// sender key. null means the server's default account (GOWA_DEVICE_ID,
// NHN_SMS_SENDER, NHN_KAKAO_SENDER_KEY). Provider credentials are never shown.
type ChannelAccounts struct {
	WhatsAppDeviceID *string `json:"whatsapp_device_id" maxLength:"100" example:"628123456789@s.whatsapp.net" extensions:"x-nullable"`
	SMSSender        *string `json:"sms_sender" example:"15446859" extensions:"x-nullable"`
	KakaoSenderKey   *string `json:"kakao_sender_key" maxLength:"100" example:"3f1c9a0b7d2e4f6a8b0c1d2e3f4a5b6c7d8e9f0a" extensions:"x-nullable"`
	// WhatsAppWarmup limits campaign messages a day while the WhatsApp number is new (null: no limit).
	WhatsAppWarmup *WhatsAppWarmup `json:"whatsapp_warmup" extensions:"x-nullable"`
}

// WhatsAppWarmup is the warm-up of a new WhatsApp number: at most
// start_per_day campaign messages on started_on (the organization's date),
// growing day by day to max_per_day after ramp_days days. Replies, reminders
// and other interactive messages are not counted.
type WhatsAppWarmup struct {
	StartedOn   string `json:"started_on" format:"date" example:"2026-12-01"`
	StartPerDay int    `json:"start_per_day" example:"50" minimum:"1" maximum:"1000000"`
	MaxPerDay   int    `json:"max_per_day" example:"1000" minimum:"1" maximum:"1000000"`
	RampDays    int    `json:"ramp_days" example:"14" minimum:"1" maximum:"365"`
}

// ChannelAccountsPatch changes some of the tenant's sending accounts: absent
// fields stay as they are; null or "" goes back to the server's default.
// whatsapp_device_id: at most 100 letters, digits and @ . _ : - (GOWA's JID
// form or a plain id), and no other organization's device; sms_sender: 3 to
// 20 digits, national or international form (spaces, dashes and a leading +
// are dropped); kakao_sender_key: at most 100 letters and digits.
type ChannelAccountsPatch struct {
	WhatsAppDeviceID *string `json:"whatsapp_device_id,omitempty" maxLength:"100" example:"628123456789@s.whatsapp.net" extensions:"x-nullable"`
	SMSSender        *string `json:"sms_sender,omitempty" example:"02-1234-5678" extensions:"x-nullable"`
	KakaoSenderKey   *string `json:"kakao_sender_key,omitempty" maxLength:"100" extensions:"x-nullable"`
	// WhatsAppWarmup sets the warm-up of the WhatsApp number; null removes it.
	WhatsAppWarmup *WhatsAppWarmup `json:"whatsapp_warmup,omitempty" extensions:"x-nullable"`

	present map[string]bool // the keys the body carried (null included)
}

// UnmarshalJSON reads the object strictly and remembers which keys it had, so
// that null (back to the default) differs from an absent key (unchanged).
func (p *ChannelAccountsPatch) UnmarshalJSON(b []byte) error {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		return err
	}
	type plain ChannelAccountsPatch
	var v plain
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	*p = ChannelAccountsPatch(v)
	p.present = make(map[string]bool, len(keys))
	for k := range keys {
		p.present[k] = true
	}
	return nil
}

// toUser is the patch for the settings service: a key given as null is "".
func (p *ChannelAccountsPatch) toUser() *user.ChannelAccountsPatch {
	if p == nil {
		return nil
	}
	field := func(key string, v *string) *string {
		switch {
		case v != nil:
			return v
		case p.present[key]:
			return new(string)
		}
		return nil
	}
	out := &user.ChannelAccountsPatch{WhatsAppDeviceID: field("whatsapp_device_id", p.WhatsAppDeviceID),
		SMSSender: field("sms_sender", p.SMSSender), KakaoSenderKey: field("kakao_sender_key", p.KakaoSenderKey)}
	if w := p.WhatsAppWarmup; w != nil {
		out.WhatsAppWarmup = &user.Warmup{StartedOn: w.StartedOn, StartPerDay: w.StartPerDay, MaxPerDay: w.MaxPerDay, RampDays: w.RampDays}
	} else if p.present["whatsapp_warmup"] {
		out.ClearWarmup = true
	}
	return out
}

// SettingsPatch changes some settings; absent fields stay as they are.
// quiet_hours null switches quiet hours off; its start and end must differ, as
// the send window's. version (or If-Match) refuses stale writes with 409.
type SettingsPatch struct {
	Timezone        *string      `json:"timezone,omitempty" example:"Asia/Jakarta"`
	DefaultRegion   *string      `json:"default_region,omitempty" example:"ID"`
	QuietHours      *DailyWindow `json:"quiet_hours,omitempty" extensions:"x-nullable"`
	SendWindow      *DailyWindow `json:"send_window,omitempty"`
	ChannelOrder    *[]string    `json:"channel_order,omitempty" example:"whatsapp,sms"`
	DefaultLanguage *string      `json:"default_language,omitempty" enums:"id,ko,en"`
	AIEnabled       *bool        `json:"ai_enabled,omitempty"`
	// Minutes automated answers pause in a conversation after a staff reply (0: no pause).
	StaffPauseMinutes *int                  `json:"staff_pause_minutes,omitempty" minimum:"0" maximum:"1440" example:"240"`
	ChannelAccounts   *ChannelAccountsPatch `json:"channel_accounts,omitempty"`
	Version           *int                  `json:"version,omitempty" example:"1"`
}

// TestMessageRequest sends a test message to a phone number.
type TestMessageRequest struct {
	Phone   string  `json:"phone" example:"0812-3456-7890"`
	Channel *string `json:"channel,omitempty" enums:"whatsapp,kakao,sms,log"`
	Body    *string `json:"body,omitempty" example:"Tes dari klinik."`
}

func toSettings(st user.Settings) Settings {
	out := Settings{Timezone: st.Timezone, DefaultRegion: st.DefaultRegion,
		QuietHours:   DailyWindow{Start: st.QuietHours.Start, End: st.QuietHours.End},
		SendWindow:   DailyWindow{Start: st.SendWindow.Start, End: st.SendWindow.End},
		ChannelOrder: st.ChannelOrder, DefaultLanguage: st.DefaultLanguage, AIEnabled: st.AIEnabled,
		StaffPauseMinutes: st.StaffPauseMinutes,
		ChannelAccounts: ChannelAccounts{WhatsAppDeviceID: nonEmpty(st.ChannelAccounts.WhatsAppDeviceID),
			SMSSender: nonEmpty(st.ChannelAccounts.SMSSender), KakaoSenderKey: nonEmpty(st.ChannelAccounts.KakaoSenderKey),
			WhatsAppWarmup: toWarmup(st.ChannelAccounts.WhatsAppWarmup)},
		Channels: make([]ChannelStatus, 0, len(st.Channels)), UpdatedAt: st.UpdatedAt.UTC(), Version: st.Version}
	if out.ChannelOrder == nil {
		out.ChannelOrder = []string{}
	}
	out.UnconfiguredChannels = append([]string{}, st.UnconfiguredChannels...)
	for _, c := range st.Channels {
		out.Channels = append(out.Channels, ChannelStatus{Name: c.Name, Configured: c.Configured})
	}
	return out
}

// nonEmpty is nil for "", else a pointer to s.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func windowIn(w *DailyWindow) *user.DailyWindow {
	if w == nil {
		return nil
	}
	return &user.DailyWindow{Start: w.Start, End: w.End}
}

// getSettings godoc
//
//	@Summary		The tenant's settings
//	@Description	Time zone, phone region, quiet hours, send window, channel order, default language, AI replies on/off, the pause of automated answers after a staff reply (staff_pause_minutes), the organization's own sending accounts (channel_accounts; null: the server's default account), which channels have a provider on this server, and which channels of the order have none (unconfigured_channels). Every approved user may read them; provider credentials are never part of them.
//	@Tags			settings
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Success		200	{object}	Settings
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Router			/api/v1/settings [get]
func (s *Server) getSettings(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	st, err := s.Settings.Get(c.Request().Context(), a)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSettings(st))
}

// updateSettings godoc
//
//	@Summary		Change the tenant's settings (admin)
//	@Description	Absent fields stay as they are. timezone is an IANA name; default_region a two-letter country code; times are "HH:MM"; channel_order a non-empty list of distinct channels; it may name channels with no provider on this server, which the answer lists in unconfigured_channels. staff_pause_minutes is 0 to 1440. In channel_accounts an absent key stays, null or "" goes back to the server's default account; a WhatsApp device another organization sends from is refused (field error channel_accounts.whatsapp_device_id, code duplicate). Send `version` (or If-Match) to refuse stale writes with 409. The audit log records the names of the changed fields.
//	@Tags			settings
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			If-Match	header		string			false	"the version the change is based on, e.g. \"3\""
//	@Param			body		body		SettingsPatch	true	"changes"
//	@Success		200			{object}	Settings
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		409			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Router			/api/v1/settings [patch]
func (s *Server) updateSettings(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req SettingsPatch
	present, err := bindJSON(c, &req)
	if err != nil {
		return err
	}
	isNull := map[string]bool{"timezone": req.Timezone == nil, "default_region": req.DefaultRegion == nil,
		"send_window": req.SendWindow == nil, "channel_order": req.ChannelOrder == nil,
		"default_language": req.DefaultLanguage == nil, "ai_enabled": req.AIEnabled == nil, "version": req.Version == nil,
		"staff_pause_minutes": req.StaffPauseMinutes == nil, "channel_accounts": req.ChannelAccounts == nil}
	var fe errs.Fields
	for _, k := range sortedKeys(present) {
		if isNull[k] {
			fe.Add(k, "must not be null")
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	patch := user.SettingsPatch{Timezone: req.Timezone, DefaultRegion: req.DefaultRegion, QuietHours: windowIn(req.QuietHours),
		SendWindow: windowIn(req.SendWindow), ChannelOrder: req.ChannelOrder, DefaultLanguage: req.DefaultLanguage,
		AIEnabled: req.AIEnabled, Version: req.Version, QuietHoursOff: present["quiet_hours"] && req.QuietHours == nil,
		StaffPauseMinutes: req.StaffPauseMinutes, ChannelAccounts: req.ChannelAccounts.toUser()}
	if err := applyIfMatch(c, &patch.Version); err != nil {
		return err
	}
	st, err := s.Settings.Update(c.Request().Context(), a, patch)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSettings(st))
}

// sendTestMessage godoc
//
//	@Summary		Send a test message (admin)
//	@Description	Queues a message to a phone number (national or international form, read with the tenant's region) on the given channel, which must have a provider here, or on the tenant's channel order. The body defaults to a short text in the tenant's language. The tenant's quiet hours apply. Answers 202 with the queued message; follow it in GET /messages/{id}.
//	@Tags			settings
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"send"
//	@Param			Idempotency-Key	header		string				false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		TestMessageRequest	true	"recipient, channel and text"
//	@Success		202				{object}	MessageDetail
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/settings/test-message [post]
func (s *Server) sendTestMessage(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req TestMessageRequest
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	d, err := s.Messages.SendTest(c.Request().Context(), a, messaging.TestInput{Phone: req.Phone, Channel: deref(req.Channel),
		Body: deref(req.Body)})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, toMessageDetail(d))
}

func toWarmup(w *user.Warmup) *WhatsAppWarmup {
	if w == nil {
		return nil
	}
	return &WhatsAppWarmup{StartedOn: w.StartedOn, StartPerDay: w.StartPerDay, MaxPerDay: w.MaxPerDay, RampDays: w.RampDays}
}
