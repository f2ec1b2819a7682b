package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/schedule"
)

// ScheduleOffset places an appointment reminder relative to its appointment:
// days (≤ 0) with a wall-clock time on that day, e.g. {"days":-1,"time":"09:00"},
// or minutes (< 0) before the start, e.g. {"minutes":-120}.
type ScheduleOffset struct {
	Days    int    `json:"days,omitempty" example:"-1"`
	Time    string `json:"time,omitempty" example:"09:00"`
	Minutes int    `json:"minutes,omitempty" example:"-120"`
}

// Schedule is when a reminder is due. Times are wall-clock "HH:MM" in the
// patient's time zone. Recurring reminders use frequency and the fields it
// needs; appointment reminders only offsets. Unused fields are null or empty.
type Schedule struct {
	Frequency *string          `json:"frequency" enums:"once,daily,weekly,every_n_days,rrule" example:"daily" extensions:"x-nullable"`
	Times     []string         `json:"times" example:"08:00,20:00"`
	Weekdays  []string         `json:"weekdays" example:"mon,thu"`
	Interval  *int             `json:"interval" example:"2" extensions:"x-nullable"`
	RRule     *string          `json:"rrule" example:"FREQ=MONTHLY;BYMONTHDAY=1" extensions:"x-nullable"`
	Date      *string          `json:"date" format:"date" extensions:"x-nullable"`
	StartDate *string          `json:"start_date" format:"date" example:"2026-11-22" extensions:"x-nullable"`
	EndDate   *string          `json:"end_date" format:"date" extensions:"x-nullable"`
	Count     *int             `json:"count" extensions:"x-nullable"`
	Offsets   []ScheduleOffset `json:"offsets"`
}

// ScheduleInput is a schedule as a client sends it: a recurring one
// (frequency once|daily|weekly|every_n_days|rrule, 1–12 times, start_date, and
// weekdays, interval, rrule, date, end_date or count as the frequency needs),
// or for an appointment reminder only offsets (1–10).
type ScheduleInput struct {
	Frequency string           `json:"frequency,omitempty" enums:"once,daily,weekly,every_n_days,rrule" example:"daily"`
	Times     []string         `json:"times,omitempty" example:"08:00,20:00"`
	Weekdays  []string         `json:"weekdays,omitempty" example:"mon,thu" extensions:"x-example-omit"`
	Interval  int              `json:"interval,omitempty" example:"2" extensions:"x-example-omit"`
	RRule     string           `json:"rrule,omitempty" example:"FREQ=MONTHLY;BYMONTHDAY=1" extensions:"x-example-omit"`
	Date      string           `json:"date,omitempty" format:"date"`
	StartDate string           `json:"start_date,omitempty" format:"date" example:"2026-11-22"`
	EndDate   string           `json:"end_date,omitempty" format:"date"`
	Count     *int             `json:"count,omitempty"`
	Offsets   []ScheduleOffset `json:"offsets,omitempty" extensions:"x-example-omit"`
}

// Reminder is a medication, appointment or custom reminder of a patient.
// Exactly one of template_id and message is set; channel_order null means the
// organization's order (with the patient's preferred channel first).
// next_due_at is null when nothing more is due (paused or finished).
// patient_name and patient_timezone are the patient's, read with the reminder
// (lists need no patient read per row); due times are wall-clock in that zone.
type Reminder struct {
	ID                        string     `json:"id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f74"`
	PatientID                 string     `json:"patient_id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f71"`
	PatientName               string     `json:"patient_name" example:"Siti Rahmawati"`
	PatientTimezone           string     `json:"patient_timezone" example:"Asia/Jakarta"`
	Type                      string     `json:"type" enums:"medication,appointment,custom" example:"medication"`
	TemplateID                *string    `json:"template_id" extensions:"x-nullable"`
	Message                   *string    `json:"message" example:"Halo {{first_name}}, saatnya minum {{medication}} {{dose}}." extensions:"x-nullable"`
	Medication                *string    `json:"medication" example:"Tamoxifen" extensions:"x-nullable"`
	Dose                      *string    `json:"dose" example:"20 mg" extensions:"x-nullable"`
	AppointmentID             *string    `json:"appointment_id" extensions:"x-nullable"`
	Schedule                  Schedule   `json:"schedule"`
	ChannelOrder              []string   `json:"channel_order" example:"whatsapp,sms" extensions:"x-nullable"`
	ConfirmationWindowMinutes int        `json:"confirmation_window_minutes" example:"120"`
	TTLMinutes                int        `json:"ttl_minutes" example:"180"`
	IsActive                  bool       `json:"is_active" example:"true"`
	PausedAt                  *time.Time `json:"paused_at" extensions:"x-nullable"`
	NextDueAt                 *time.Time `json:"next_due_at" extensions:"x-nullable"`
	CreatedAt                 time.Time  `json:"created_at"`
	UpdatedAt                 time.Time  `json:"updated_at"`
	Version                   int        `json:"version" example:"1"`
}

// ReminderList is a page of reminders.
type ReminderList struct {
	Data []Reminder `json:"data"`
	Page
}

// ReminderInput creates a reminder. patient_id, type and schedule are
// required, and exactly one of template_id (a reminder template) and message
// (text, may use {{variables}}). An appointment reminder needs appointment_id
// (a scheduled appointment of the same patient) and schedule.offsets.
type ReminderInput struct {
	PatientID                 string         `json:"patient_id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f71"`
	Type                      string         `json:"type" enums:"medication,appointment,custom" example:"medication"`
	TemplateID                *string        `json:"template_id,omitempty" extensions:"x-nullable"`
	Message                   *string        `json:"message,omitempty" example:"Halo {{first_name}}, saatnya minum {{medication}} {{dose}}." extensions:"x-nullable"`
	Medication                *string        `json:"medication,omitempty" example:"Tamoxifen" extensions:"x-nullable"`
	Dose                      *string        `json:"dose,omitempty" example:"20 mg" extensions:"x-nullable"`
	AppointmentID             *string        `json:"appointment_id,omitempty" extensions:"x-nullable"`
	Schedule                  *ScheduleInput `json:"schedule"`
	ChannelOrder              []string       `json:"channel_order,omitempty" example:"whatsapp,sms" extensions:"x-nullable"`
	ConfirmationWindowMinutes *int           `json:"confirmation_window_minutes,omitempty" minimum:"1" maximum:"1440" example:"120"`
	TTLMinutes                *int           `json:"ttl_minutes,omitempty" minimum:"1" maximum:"1440" example:"180"`
	IsActive                  *bool          `json:"is_active,omitempty"`
}

// ReminderPatch changes some fields of a reminder: absent fields stay; null
// clears template_id, message, medication, dose, appointment_id or
// channel_order; schedule replaces the whole schedule. A new schedule takes
// effect from now. is_active false pauses, true resumes. version (or If-Match)
// refuses stale writes with 409. The patient cannot change.
type ReminderPatch struct {
	Type                      *string        `json:"type,omitempty" enums:"medication,appointment,custom"`
	TemplateID                *string        `json:"template_id,omitempty" extensions:"x-nullable"`
	Message                   *string        `json:"message,omitempty" extensions:"x-nullable"`
	Medication                *string        `json:"medication,omitempty" extensions:"x-nullable"`
	Dose                      *string        `json:"dose,omitempty" extensions:"x-nullable"`
	AppointmentID             *string        `json:"appointment_id,omitempty" extensions:"x-nullable"`
	Schedule                  *ScheduleInput `json:"schedule,omitempty"`
	ChannelOrder              *[]string      `json:"channel_order,omitempty" extensions:"x-nullable"`
	ConfirmationWindowMinutes *int           `json:"confirmation_window_minutes,omitempty" minimum:"1" maximum:"1440"`
	TTLMinutes                *int           `json:"ttl_minutes,omitempty" minimum:"1" maximum:"1440"`
	IsActive                  *bool          `json:"is_active,omitempty"`
	Version                   *int           `json:"version,omitempty" example:"1"`
}

// ReminderPreviewRequest asks when a schedule would fire for a patient: a
// recurring schedule, or with appointment_id the offsets of an appointment
// reminder. count is 1–50 (default 5).
type ReminderPreviewRequest struct {
	PatientID     string        `json:"patient_id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f71"`
	AppointmentID *string       `json:"appointment_id,omitempty" extensions:"x-nullable"`
	Schedule      ScheduleInput `json:"schedule"`
	Count         *int          `json:"count,omitempty" minimum:"1" maximum:"50" example:"5"`
}

// PreviewOccurrence is one instant a schedule fires at: in UTC, and as local
// time with its offset in the patient's time zone.
type PreviewOccurrence struct {
	At    time.Time `json:"at" example:"2026-11-23T01:00:00Z"`
	Local string    `json:"local" example:"2026-11-23T08:00:00+07:00"`
}

// ReminderPreview is the next instants a schedule fires at, for the schedule builder.
type ReminderPreview struct {
	Timezone    string              `json:"timezone" example:"Asia/Jakarta"`
	Occurrences []PreviewOccurrence `json:"occurrences"`
}

// SendNowRequest names the reminders to send one extra message of now; leave
// ids out for every reminder with a dose still due today.
type SendNowRequest struct {
	IDs []string `json:"ids,omitempty"`
}

// SendNowOutcome is what happened to one reminder: its extra message queued,
// or skipped with the reason (paused, finished, patient_inactive, no_consent,
// opted_out, no_phone, render_failed, duplicate, no_channel).
type SendNowOutcome struct {
	ReminderID  string  `json:"reminder_id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f74"`
	PatientID   string  `json:"patient_id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f71"`
	PatientName string  `json:"patient_name" example:"Siti Rahmawati"`
	Status      string  `json:"status" enums:"queued,skipped" example:"queued"`
	Reason      *string `json:"reason" enums:"paused,finished,patient_inactive,no_consent,opted_out,no_phone,render_failed,duplicate,no_channel" extensions:"x-nullable"`
	MessageID   *string `json:"message_id" extensions:"x-nullable"`
}

// SendNowResult counts the messages queued and the reminders skipped, and
// says what happened to each reminder.
type SendNowResult struct {
	Queued  int              `json:"queued" example:"1"`
	Skipped int              `json:"skipped" example:"0"`
	Results []SendNowOutcome `json:"results"`
}

func toSchedule(spec schedule.Spec) Schedule {
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	out := Schedule{Frequency: opt(spec.Frequency), Times: spec.Times, Weekdays: spec.Weekdays, RRule: opt(spec.RRule),
		Date: opt(spec.Date), StartDate: opt(spec.StartDate), EndDate: opt(spec.EndDate), Count: spec.Count,
		Offsets: make([]ScheduleOffset, 0, len(spec.Offsets))}
	if spec.Interval != 0 {
		n := spec.Interval
		out.Interval = &n
	}
	if out.Times == nil {
		out.Times = []string{}
	}
	if out.Weekdays == nil {
		out.Weekdays = []string{}
	}
	for _, o := range spec.Offsets {
		out.Offsets = append(out.Offsets, ScheduleOffset{Days: o.Days, Time: o.Time, Minutes: o.Minutes})
	}
	return out
}

func (in *ScheduleInput) toSpec() *schedule.Spec {
	if in == nil {
		return nil
	}
	spec := schedule.Spec{Frequency: in.Frequency, Times: in.Times, Weekdays: in.Weekdays, Interval: in.Interval,
		RRule: in.RRule, Date: in.Date, StartDate: in.StartDate, EndDate: in.EndDate, Count: in.Count}
	for _, o := range in.Offsets {
		spec.Offsets = append(spec.Offsets, schedule.Offset{Days: o.Days, Time: o.Time, Minutes: o.Minutes})
	}
	return &spec
}

func toReminder(r reminder.Reminder) Reminder {
	out := Reminder{ID: r.ID, PatientID: r.PatientID, PatientName: r.PatientName, PatientTimezone: r.PatientTimezone, Type: r.Type, TemplateID: r.TemplateID, Message: r.Message,
		Medication: r.Medication, Dose: r.Dose, AppointmentID: r.AppointmentID, Schedule: toSchedule(r.Schedule.Spec()),
		ChannelOrder: []string(r.ChannelOrder), ConfirmationWindowMinutes: r.ConfirmationWindowMinutes, TTLMinutes: r.TTLMinutes,
		IsActive: r.IsActive, PausedAt: timePtr(r.PausedAt), NextDueAt: timePtr(r.NextDueAt),
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Version: r.Version}
	if out.ChannelOrder != nil && len(out.ChannelOrder) == 0 {
		out.ChannelOrder = nil
	}
	return out
}

func (in ReminderPatch) toPatch(present fieldSet) reminder.Patch {
	p := reminder.Patch{Type: in.Type, TemplateID: in.TemplateID, Message: in.Message, Medication: in.Medication,
		Dose: in.Dose, AppointmentID: in.AppointmentID, Schedule: in.Schedule.toSpec(), ChannelOrder: in.ChannelOrder,
		ConfirmationWindowMinutes: in.ConfirmationWindowMinutes, TTLMinutes: in.TTLMinutes, IsActive: in.IsActive,
		Version: in.Version}
	isNull := map[string]bool{"type": in.Type == nil, "template_id": in.TemplateID == nil, "message": in.Message == nil,
		"medication": in.Medication == nil, "dose": in.Dose == nil, "appointment_id": in.AppointmentID == nil,
		"schedule": in.Schedule == nil, "channel_order": in.ChannelOrder == nil,
		"confirmation_window_minutes": in.ConfirmationWindowMinutes == nil, "ttl_minutes": in.TTLMinutes == nil,
		"is_active": in.IsActive == nil, "version": in.Version == nil}
	for _, k := range sortedKeys(present) {
		if isNull[k] {
			p.Clear = append(p.Clear, k)
		}
	}
	return p
}

// listReminders godoc
//
//	@Summary		List reminders
//	@Description	Admins and developers see every reminder of the tenant, volunteers those of the patients assigned to them.
//	@Tags			reminders
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			patient_id		query		string	false	"of this patient"
//	@Param			type			query		string	false	"of this type"	Enums(medication,appointment,custom)
//	@Param			appointment_id	query		string	false	"of this appointment"
//	@Param			is_active		query		bool	false	"active (not paused) or not"
//	@Param			sort			query		string	false	"order (default -created_at)"	Enums(created_at,-created_at,next_due_at,-next_due_at)
//	@Param			page			query		int		false	"page (from 1)"					minimum(1)	maximum(1000000)
//	@Param			per_page		query		int		false	"page size"						minimum(1)	maximum(100)
//	@Success		200				{object}	ReminderList
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Router			/api/v1/reminders [get]
func (s *Server) listReminders(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	lq, err := listParams(c)
	if err != nil {
		return err
	}
	page, per := lq.Page, lq.PerPage
	active, err := queryBool(c, "is_active")
	if err != nil {
		return err
	}
	rows, total, err := s.Reminders.List(c.Request().Context(), a, reminder.Filter{PatientID: c.QueryParam("patient_id"),
		Type: c.QueryParam("type"), AppointmentID: c.QueryParam("appointment_id"), IsActive: active,
		Sort: lq.Sort, Page: page, PerPage: per})
	if err != nil {
		return err
	}
	out := ReminderList{Data: make([]Reminder, 0, len(rows)), Page: Page{Page: page, PerPage: per, Total: total}}
	for _, r := range rows {
		out.Data = append(out.Data, toReminder(r))
	}
	return c.JSON(http.StatusOK, out)
}

// createReminder godoc
//
//	@Summary		Create a reminder
//	@Description	For a patient the caller can see. The message must render for the patient now (a variable without a value is a 400), so it never goes out with a blank. The reminder is due from now on: nothing is sent for a start_date in the past. Send an Idempotency-Key to make retries safe.
//	@Tags			reminders
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			Idempotency-Key	header		string			false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		ReminderInput	true	"the reminder"
//	@Success		201				{object}	Reminder
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/reminders [post]
func (s *Server) createReminder(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req ReminderInput
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	r, err := s.Reminders.Create(c.Request().Context(), a, reminder.Input{PatientID: req.PatientID, Type: req.Type,
		TemplateID: req.TemplateID, Message: req.Message, Medication: req.Medication, Dose: req.Dose,
		AppointmentID: req.AppointmentID, Schedule: req.Schedule.toSpec(), ChannelOrder: req.ChannelOrder,
		ConfirmationWindowMinutes: req.ConfirmationWindowMinutes, TTLMinutes: req.TTLMinutes, IsActive: req.IsActive})
	if err != nil {
		return err
	}
	return created(c, toReminder(r))
}

// getReminder godoc
//
//	@Summary		One reminder
//	@Tags			reminders
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			id	path		string	true	"reminder id"
//	@Success		200	{object}	Reminder
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Router			/api/v1/reminders/{id} [get]
func (s *Server) getReminder(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	r, err := s.Reminders.Get(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toReminder(r))
}

// updateReminder godoc
//
//	@Summary		Change a reminder
//	@Description	Absent fields stay as they are; null clears a nullable field; schedule replaces the whole schedule and takes effect from now. is_active false pauses, true resumes. Send `version` (or If-Match) to refuse stale writes with 409.
//	@Tags			reminders
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id			path		string			true	"reminder id"
//	@Param			If-Match	header		string			false	"the version the change is based on, e.g. \"3\""
//	@Param			body		body		ReminderPatch	true	"changes"
//	@Success		200			{object}	Reminder
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Router			/api/v1/reminders/{id} [patch]
func (s *Server) updateReminder(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var req ReminderPatch
	present, err := bindJSON(c, &req)
	if err != nil {
		return err
	}
	patch := req.toPatch(present)
	if err := applyIfMatch(c, &patch.Version); err != nil {
		return err
	}
	r, err := s.Reminders.Update(c.Request().Context(), a, id, patch)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toReminder(r))
}

// deleteReminder godoc
//
//	@Summary		Delete a reminder
//	@Description	A soft delete: nothing more is sent; its occurrences stay in the patient's history.
//	@Tags			reminders
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id	path	string	true	"reminder id"
//	@Param			If-Match	header	string	false	"the version the deletion is based on, e.g. \"3\"; a stale one is 409"
//	@Success		204
//	@Failure		400	{object}	Problem
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/reminders/{id} [delete]
func (s *Server) deleteReminder(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	if err := s.Reminders.Delete(c.Request().Context(), a, id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// pauseReminder godoc
//
//	@Summary		Pause a reminder
//	@Description	Nothing is sent until it is resumed. Pausing a paused reminder changes nothing.
//	@Tags			reminders
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id	path		string	true	"reminder id"
//	@Success		200	{object}	Reminder
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/reminders/{id}/pause [post]
func (s *Server) pauseReminder(c echo.Context) error {
	return s.setReminderActive(c, false)
}

// resumeReminder godoc
//
//	@Summary		Resume a paused reminder
//	@Description	It is due again from now on: what fell due while it was paused is not sent. An appointment reminder whose appointment is no longer scheduled cannot resume (409).
//	@Tags			reminders
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id	path		string	true	"reminder id"
//	@Success		200	{object}	Reminder
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/reminders/{id}/resume [post]
func (s *Server) resumeReminder(c echo.Context) error {
	return s.setReminderActive(c, true)
}

func (s *Server) setReminderActive(c echo.Context, active bool) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var r reminder.Reminder
	if active {
		r, err = s.Reminders.Resume(c.Request().Context(), a, id)
	} else {
		r, err = s.Reminders.Pause(c.Request().Context(), a, id)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toReminder(r))
}

// previewReminder godoc
//
//	@Summary		Preview a schedule
//	@Description	The next instants (default five) a schedule would fire at for a patient, in UTC and as local time in the patient's time zone: what the schedule builder shows. With appointment_id, the offsets of an appointment reminder for that appointment. Nothing is saved.
//	@Tags			reminders
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			body	body		ReminderPreviewRequest	true	"patient and schedule"
//	@Success		200		{object}	ReminderPreview
//	@Failure		400		{object}	Problem
//	@Failure		401		{object}	Problem
//	@Failure		403		{object}	Problem
//	@Failure		413		{object}	Problem
//	@Failure		415		{object}	Problem
//	@Router			/api/v1/reminders/preview [post]
func (s *Server) previewReminder(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req ReminderPreviewRequest
	present, err := bindJSON(c, &req)
	if err != nil {
		return err
	}
	in := reminder.PreviewInput{PatientID: req.PatientID, AppointmentID: req.AppointmentID}
	if present["schedule"] {
		in.Schedule = req.Schedule.toSpec()
	}
	if req.Count != nil {
		in.Count = *req.Count
		if in.Count == 0 {
			in.Count = -1 // an explicit 0 is out of range, not the default
		}
	}
	res, err := s.Reminders.Preview(c.Request().Context(), a, in)
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation(res.Timezone)
	if err != nil {
		loc = time.UTC
	}
	out := ReminderPreview{Timezone: res.Timezone, Occurrences: make([]PreviewOccurrence, 0, len(res.At))}
	for _, t := range res.At {
		out.Occurrences = append(out.Occurrences, PreviewOccurrence{At: t.UTC(), Local: t.In(loc).Format(time.RFC3339)})
	}
	return c.JSON(http.StatusOK, out)
}

// sendRemindersNow godoc
//
//	@Summary		Send reminders now
//	@Description	Sends one extra message of each reminder named in ids now, or, without ids, of every active reminder the caller can see with a dose still due today (in the patient's time zone). The message is the reminder's message for its next dose or visit, queued at once through the outbox (source reminder, source_id the reminder, automated false, created_by the caller). The schedule is left alone: no occurrence is created, next_due_at does not move, and the next scheduled message still goes out at its time; the extra message is neither suppressed as a duplicate of a scheduled one nor suppresses one. The answer says for each reminder whether its message was queued, or why it was skipped: paused, finished (nothing more is due), patient_inactive, no_consent, opted_out, no_phone, render_failed, duplicate (the same text was sent to the patient by hand within the last minutes) or no_channel. Send an Idempotency-Key to make retries safe.
//	@Tags			reminders
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"send"
//	@Param			Idempotency-Key	header		string			false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		SendNowRequest	false	"the reminders (leave out for all due today)"
//	@Success		200				{object}	SendNowResult
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		404				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/reminders/send-now [post]
func (s *Server) sendRemindersNow(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req SendNowRequest
	if c.Request().ContentLength != 0 || c.Request().Header.Get(echo.HeaderContentType) != "" {
		if _, err := bindJSON(c, &req); err != nil {
			return err
		}
	}
	outcomes, err := s.Reminders.SendNow(c.Request().Context(), a, req.IDs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSendNowResult(outcomes))
}

func toSendNowResult(outcomes []reminder.SendOutcome) SendNowResult {
	out := SendNowResult{Results: make([]SendNowOutcome, 0, len(outcomes))}
	for _, o := range outcomes {
		r := SendNowOutcome{ReminderID: o.ReminderID, PatientID: o.PatientID, PatientName: o.PatientName, Status: o.Status}
		if o.Status == reminder.SendQueued {
			out.Queued++
			id := o.MessageID
			r.MessageID = &id
		} else {
			out.Skipped++
			reason := o.Reason
			r.Reason = &reason
		}
		out.Results = append(out.Results, r)
	}
	return out
}
