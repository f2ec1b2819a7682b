package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/api/middleware"
	"github.com/prima-health/prima/internal/messaging"
)

// DayCount is one day × channel × status cell of the messages chart.
type DayCount struct {
	Date    string `json:"date" example:"2026-11-22"`
	Channel string `json:"channel" example:"whatsapp"`
	Status  string `json:"status" example:"delivered"`
	Count   int64  `json:"count" example:"12"`
}

// AdherenceBucket is one bar of an adherence distribution: how many patients
// have an adherence in the bucket (0-25: below 25 %, 25-50, 50-75, 75-100: 75 %
// or more).
type AdherenceBucket struct {
	Bucket   string `json:"bucket" example:"75-100"`
	Patients int64  `json:"patients" example:"40"`
}

// UpcomingReminder is a reminder due later today.
type UpcomingReminder struct {
	ReminderID  string    `json:"reminder_id"`
	PatientID   string    `json:"patient_id"`
	PatientName string    `json:"patient_name"`
	DueAt       time.Time `json:"due_at"`
	Type        string    `json:"type" enums:"medication,appointment,custom"`
}

// DashboardStats are the dashboard's numbers and charts.
type DashboardStats struct {
	Timezone              string             `json:"timezone" example:"Asia/Jakarta"`
	Patients              int64              `json:"patients"`
	ActiveReminders       int64              `json:"active_reminders"`
	MessagesToday         int64              `json:"messages_today"`
	Messages7d            int64              `json:"messages_7d"`
	DeliveryRate          *float64           `json:"delivery_rate" extensions:"x-nullable"`
	AdherenceDistribution []AdherenceBucket  `json:"adherence_distribution"`
	MessagesPerDay        []DayCount         `json:"messages_per_day"`
	UpcomingToday         []UpcomingReminder `json:"upcoming_today"`
	FlaggedConversations  int64              `json:"flagged_conversations"`
}

// dashboardStats godoc
//
//	@Summary		The dashboard's numbers and charts
//	@Description	Active patients, active reminders, outbound messages today and in 7 days, delivery rate over 7 days, the distribution of patients by 30-day medication adherence (as GET /api/v1/stats/adherence defines and reports it), messages per day (14 days, in the tenant's time zone) by channel and status, and reminders still due today. Volunteers see their assigned patients only. There are no flagged conversations until inbound conversations are handled, so that number is 0.
//	@Tags			stats
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Success		200	{object}	DashboardStats
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Router			/api/v1/stats/dashboard [get]
func (s *Server) dashboardStats(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	tz := ""
	if p := middleware.PrincipalFrom(c); p != nil {
		tz = p.Tenant.Timezone
	}
	ctx := c.Request().Context()
	d, err := s.Stats.Dashboard(ctx, a, tz)
	if err != nil {
		return err
	}
	ms, err := s.Messages.Stats(ctx, a, messaging.StatsRange{Timezone: tz})
	if err != nil {
		return err
	}
	out := DashboardStats{Timezone: d.Timezone, Patients: d.Patients, ActiveReminders: d.ActiveReminders, MessagesToday: d.MessagesToday,
		Messages7d: d.Messages7d, DeliveryRate: d.DeliveryRate, AdherenceDistribution: []AdherenceBucket{},
		MessagesPerDay: []DayCount{}, UpcomingToday: []UpcomingReminder{}}
	for _, b := range d.AdherenceDistribution {
		out.AdherenceDistribution = append(out.AdherenceDistribution, AdherenceBucket{Bucket: b.Bucket, Patients: b.Patients})
	}
	for _, day := range ms.Days {
		for _, cell := range day.Cells {
			out.MessagesPerDay = append(out.MessagesPerDay, DayCount{Date: day.Date, Channel: cell.Channel, Status: cell.Status, Count: cell.Count})
		}
	}
	for _, u := range d.UpcomingToday {
		out.UpcomingToday = append(out.UpcomingToday, UpcomingReminder{ReminderID: u.ReminderID, PatientID: u.PatientID,
			PatientName: u.PatientName, DueAt: u.DueAt, Type: u.Type})
	}
	return c.JSON(http.StatusOK, out)
}
