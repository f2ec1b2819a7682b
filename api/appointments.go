package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/appointment"
)

// Appointment is a visit or surgery of a patient. starts_at is an instant
// (UTC); timezone is where it takes place, for its local date and time.
// patient_name is the patient's, read with the appointment (lists need no
// patient read per row).
type Appointment struct {
	ID          string    `json:"id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f73"`
	PatientID   string    `json:"patient_id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f71"`
	PatientName string    `json:"patient_name" example:"Siti Rahmawati"`
	StartsAt    time.Time `json:"starts_at" example:"2026-11-24T02:00:00Z"`
	Timezone    string    `json:"timezone" example:"Asia/Jakarta"`
	Status      string    `json:"status" enums:"scheduled,completed,cancelled,no_show" example:"scheduled"`
	SurgeryType *string   `json:"surgery_type" example:"mastectomy" extensions:"x-nullable"`
	Doctor      *string   `json:"doctor" example:"dr. Sari Wulandari, Sp.B(K)Onk" extensions:"x-nullable"`
	Location    *string   `json:"location" example:"Poli Onkologi, lantai 2" extensions:"x-nullable"`
	Notes       *string   `json:"notes" extensions:"x-nullable"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	Version     int       `json:"version" example:"1"`
}

// AppointmentList is a page of appointments.
type AppointmentList struct {
	Data []Appointment `json:"data"`
	Page
}

// AppointmentInput books an appointment. patient_id and starts_at (RFC 3339
// with an offset) are required; timezone defaults to the patient's, status to
// scheduled.
type AppointmentInput struct {
	PatientID   string  `json:"patient_id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f71"`
	StartsAt    string  `json:"starts_at" format:"date-time" example:"2026-11-24T09:00:00+07:00"`
	Timezone    *string `json:"timezone,omitempty" example:"Asia/Jakarta"`
	Status      *string `json:"status,omitempty" enums:"scheduled,completed,cancelled,no_show"`
	SurgeryType *string `json:"surgery_type,omitempty" example:"mastectomy" extensions:"x-nullable"`
	Doctor      *string `json:"doctor,omitempty" extensions:"x-nullable"`
	Location    *string `json:"location,omitempty" extensions:"x-nullable"`
	Notes       *string `json:"notes,omitempty" extensions:"x-nullable"`
}

// AppointmentPatch changes some fields of an appointment: absent fields stay,
// null clears a nullable field. A new starts_at retimes the appointment's
// reminders; any status but scheduled stops them. version (or If-Match)
// refuses stale writes with 409.
type AppointmentPatch struct {
	StartsAt    *string `json:"starts_at,omitempty" format:"date-time"`
	Timezone    *string `json:"timezone,omitempty"`
	Status      *string `json:"status,omitempty" enums:"scheduled,completed,cancelled,no_show"`
	SurgeryType *string `json:"surgery_type,omitempty" extensions:"x-nullable"`
	Doctor      *string `json:"doctor,omitempty" extensions:"x-nullable"`
	Location    *string `json:"location,omitempty" extensions:"x-nullable"`
	Notes       *string `json:"notes,omitempty" extensions:"x-nullable"`
	Version     *int    `json:"version,omitempty" example:"1"`
}

func toAppointment(a appointment.Appointment) Appointment {
	return Appointment{ID: a.ID, PatientID: a.PatientID, PatientName: a.PatientName, StartsAt: a.StartsAt.UTC(), Timezone: a.Timezone, Status: a.Status,
		SurgeryType: a.SurgeryType, Doctor: a.Doctor, Location: a.Location, Notes: a.Notes,
		CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(), Version: a.Version}
}

func (in AppointmentPatch) toPatch(present fieldSet) appointment.Patch {
	p := appointment.Patch{StartsAt: in.StartsAt, Timezone: in.Timezone, Status: in.Status, SurgeryType: in.SurgeryType,
		Doctor: in.Doctor, Location: in.Location, Notes: in.Notes, Version: in.Version}
	isNull := map[string]bool{"starts_at": in.StartsAt == nil, "timezone": in.Timezone == nil, "status": in.Status == nil,
		"surgery_type": in.SurgeryType == nil, "doctor": in.Doctor == nil, "location": in.Location == nil,
		"notes": in.Notes == nil, "version": in.Version == nil}
	for _, k := range sortedKeys(present) {
		if isNull[k] {
			p.Clear = append(p.Clear, k)
		}
	}
	return p
}

// listAppointments godoc
//
//	@Summary		List appointments
//	@Description	Admins and developers see every appointment of the tenant, volunteers those of the patients assigned to them. `from`/`to` bound starts_at (from inclusive, to exclusive).
//	@Tags			appointments
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			patient_id	query		string	false	"of this patient"
//	@Param			status		query		string	false	"in this status"	Enums(scheduled,completed,cancelled,no_show)
//	@Param			from		query		string	false	"starts at or after (RFC 3339)"	format(date-time)
//	@Param			to			query		string	false	"starts before (RFC 3339)"		format(date-time)
//	@Param			sort		query		string	false	"order (default starts_at)"	Enums(starts_at,-starts_at,created_at,-created_at)
//	@Param			page		query		int		false	"page (from 1)"				minimum(1)	maximum(1000000)
//	@Param			per_page	query		int		false	"page size"					minimum(1)	maximum(100)
//	@Success		200			{object}	AppointmentList
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Router			/api/v1/appointments [get]
func (s *Server) listAppointments(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	lq, err := listParams(c)
	if err != nil {
		return err
	}
	page, per := lq.Page, lq.PerPage
	from, err := queryTime(c, "from")
	if err != nil {
		return err
	}
	to, err := queryTime(c, "to")
	if err != nil {
		return err
	}
	rows, total, err := s.Appointments.List(c.Request().Context(), a, appointment.Filter{PatientID: c.QueryParam("patient_id"),
		Status: c.QueryParam("status"), From: from, To: to, Sort: lq.Sort, Page: page, PerPage: per})
	if err != nil {
		return err
	}
	out := AppointmentList{Data: make([]Appointment, 0, len(rows)), Page: Page{Page: page, PerPage: per, Total: total}}
	for _, ap := range rows {
		out.Data = append(out.Data, toAppointment(ap))
	}
	return c.JSON(http.StatusOK, out)
}

// createAppointment godoc
//
//	@Summary		Book an appointment
//	@Description	For a patient the caller can see. Send an Idempotency-Key to make retries safe.
//	@Tags			appointments
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			Idempotency-Key	header		string				false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		AppointmentInput	true	"the appointment"
//	@Success		201				{object}	Appointment
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/appointments [post]
func (s *Server) createAppointment(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req AppointmentInput
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	ap, err := s.Appointments.Create(c.Request().Context(), a, appointment.Input{PatientID: req.PatientID, StartsAt: req.StartsAt,
		Timezone: req.Timezone, Status: req.Status, SurgeryType: req.SurgeryType, Doctor: req.Doctor, Location: req.Location,
		Notes: req.Notes})
	if err != nil {
		return err
	}
	return created(c, toAppointment(ap))
}

// getAppointment godoc
//
//	@Summary		One appointment
//	@Tags			appointments
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			id	path		string	true	"appointment id"
//	@Success		200	{object}	Appointment
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Router			/api/v1/appointments/{id} [get]
func (s *Server) getAppointment(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	ap, err := s.Appointments.Get(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toAppointment(ap))
}

// updateAppointment godoc
//
//	@Summary		Change an appointment
//	@Description	Absent fields stay as they are; null clears a nullable field. A new starts_at retimes the appointment's reminders from now on; completed, cancelled or no_show stops them. Send `version` (or If-Match) to refuse stale writes with 409.
//	@Tags			appointments
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id			path		string				true	"appointment id"
//	@Param			If-Match	header		string				false	"the version the change is based on, e.g. \"3\""
//	@Param			body		body		AppointmentPatch	true	"changes"
//	@Success		200			{object}	Appointment
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Router			/api/v1/appointments/{id} [patch]
func (s *Server) updateAppointment(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var req AppointmentPatch
	present, err := bindJSON(c, &req)
	if err != nil {
		return err
	}
	patch := req.toPatch(present)
	if err := applyIfMatch(c, &patch.Version); err != nil {
		return err
	}
	ap, err := s.Appointments.Update(c.Request().Context(), a, id, patch)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toAppointment(ap))
}

// deleteAppointment godoc
//
//	@Summary		Delete an appointment
//	@Description	A soft delete; the appointment's reminders stop.
//	@Tags			appointments
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id	path	string	true	"appointment id"
//	@Param			If-Match	header	string	false	"the version the deletion is based on, e.g. \"3\"; a stale one is 409"
//	@Success		204
//	@Failure		400	{object}	Problem
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/appointments/{id} [delete]
func (s *Server) deleteAppointment(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	if err := s.Appointments.Delete(c.Request().Context(), a, id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
