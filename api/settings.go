package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/messaging"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/user"
)

// settingsRoutes registers the tenant settings.
func (s *Server) settingsRoutes(e *echo.Echo, ch chains) {
	e.GET("/api/v1/settings", s.getSettings, ch.app...)
	e.PATCH("/api/v1/settings", s.updateSettings, ch.app...)
	e.POST("/api/v1/settings/test-message", s.sendTestMessage, ch.create...)
}

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
	Channels             []ChannelStatus `json:"channels"`
	UnconfiguredChannels []string        `json:"unconfigured_channels" enums:"whatsapp,kakao,sms" example:"whatsapp"`
	UpdatedAt            time.Time       `json:"updated_at"`
	Version              int             `json:"version" example:"1"`
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
	Version         *int         `json:"version,omitempty" example:"1"`
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

func windowIn(w *DailyWindow) *user.DailyWindow {
	if w == nil {
		return nil
	}
	return &user.DailyWindow{Start: w.Start, End: w.End}
}

// getSettings godoc
//
//	@Summary		The tenant's settings
//	@Description	Time zone, phone region, quiet hours, send window, channel order, default language, AI replies on/off, which channels have a provider on this server, and which channels of the order have none (unconfigured_channels). Every approved user may read them.
//	@Tags			settings
//	@Produce		json
//	@Security		BearerAuth
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
//	@Description	Absent fields stay as they are. timezone is an IANA name; default_region a two-letter country code; times are "HH:MM"; channel_order a non-empty list of distinct channels; it may name channels with no provider on this server, which the answer lists in unconfigured_channels. Send `version` (or If-Match) to refuse stale writes with 409. The audit log records the names of the changed fields.
//	@Tags			settings
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
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
		"default_language": req.DefaultLanguage == nil, "ai_enabled": req.AIEnabled == nil, "version": req.Version == nil}
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
		AIEnabled: req.AIEnabled, Version: req.Version, QuietHoursOff: present["quiet_hours"] && req.QuietHours == nil}
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
