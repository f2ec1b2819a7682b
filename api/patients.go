package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/logging"
)

// QuietHours is a daily span, wall clock in the patient's time zone, in which
// nothing is sent; it may cross midnight.
type QuietHours struct {
	Start string `json:"start" example:"21:00"`
	End   string `json:"end" example:"07:00"`
}

// Patient is a patient of the caller's tenant. Nullable strings are null when unset.
type Patient struct {
	ID                  string          `json:"id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f71"`
	Name                string          `json:"name" example:"Siti Rahmawati"`
	Phone               string          `json:"phone" example:"+6281234567890"`
	Email               *string         `json:"email" example:"siti@example.org" extensions:"x-nullable"`
	BirthDate           *string         `json:"birth_date" format:"date" example:"1971-04-12" extensions:"x-nullable"`
	Gender              *string         `json:"gender" enums:"female,male,other" extensions:"x-nullable"`
	Language            string          `json:"language" enums:"id,ko,en" example:"id"`
	Timezone            string          `json:"timezone" example:"Asia/Jakarta"`
	Diagnosis           *string         `json:"diagnosis" example:"Kanker payudara" extensions:"x-nullable"`
	CancerStage         *string         `json:"cancer_stage" example:"II" extensions:"x-nullable"`
	Notes               *string         `json:"notes" extensions:"x-nullable"`
	Tags                []string        `json:"tags" example:"tamoxifen,breast"`
	Attributes          json.RawMessage `json:"attributes" swaggertype:"object"`
	ExternalID          *string         `json:"external_id" example:"RM-000123" extensions:"x-nullable"`
	AssignedVolunteerID *string         `json:"assigned_volunteer_id" extensions:"x-nullable"`
	Consent             string          `json:"consent" enums:"pending,granted,declined,revoked" example:"granted"`
	ConsentAt           *time.Time      `json:"consent_at" extensions:"x-nullable"`
	ConsentSource       *string         `json:"consent_source" example:"staff" extensions:"x-nullable"`
	PreferredChannel    *string         `json:"preferred_channel" enums:"whatsapp,kakao,sms" extensions:"x-nullable"`
	QuietHours          *QuietHours     `json:"quiet_hours" extensions:"x-nullable"`
	LastVisitDate       *string         `json:"last_visit_date" format:"date" extensions:"x-nullable"`
	LastSurgeryDate     *string         `json:"last_surgery_date" format:"date" extensions:"x-nullable"`
	PhotoURL            *string         `json:"photo_url" extensions:"x-nullable"`
	IsActive            bool            `json:"is_active" example:"true"`
	CreatedAt           time.Time       `json:"created_at"`
	UpdatedAt           time.Time       `json:"updated_at"`
	Version             int             `json:"version" example:"1"`

	// Share (0–1) of the patient's settled medication doses due in the last
	// 7 / 30 UTC days (today included) that were taken: (confirmed + late) ÷
	// (confirmed + late + missed). Skipped doses and doses whose confirmation
	// window is still open do not count; null when none settled in the period.
	Adherence7d  *float64 `json:"adherence_7d" minimum:"0" maximum:"1" example:"0.86" extensions:"x-nullable"`
	Adherence30d *float64 `json:"adherence_30d" minimum:"0" maximum:"1" example:"0.9" extensions:"x-nullable"`

	// Only in the answers of create and update: things worth a second look
	// that did not stop the write, e.g. a phone number other active patients
	// of the organization have (families share phones).
	Warnings []PatientWarning `json:"warnings,omitempty"`
}

// PatientWarning is a remark about an accepted write. code duplicate_phone:
// other active patients have this phone number; patient_ids lists those of
// them the caller may see.
type PatientWarning struct {
	Field      string   `json:"field" example:"phone"`
	Code       string   `json:"code" enums:"duplicate_phone" example:"duplicate_phone"`
	Message    string   `json:"message" example:"1 other patient has this phone number"`
	PatientIDs []string `json:"patient_ids"`
}

// PatientList is a page of patients.
type PatientList struct {
	Data []Patient `json:"data"`
	Page
}

// PatientInput registers a patient. name and phone are required; the phone is
// accepted in national ("0812-3456-7890") or international ("+62 812…") form.
type PatientInput struct {
	Name                string          `json:"name" example:"Siti Rahmawati"`
	Phone               string          `json:"phone" example:"0812-3456-7890"`
	Email               *string         `json:"email,omitempty" example:"siti@example.org" extensions:"x-nullable"`
	BirthDate           *string         `json:"birth_date,omitempty" format:"date" example:"1971-04-12" extensions:"x-nullable"`
	Gender              *string         `json:"gender,omitempty" enums:"female,male,other" extensions:"x-nullable"`
	Language            *string         `json:"language,omitempty" enums:"id,ko,en" extensions:"x-nullable"`
	Timezone            *string         `json:"timezone,omitempty" example:"Asia/Jakarta" extensions:"x-nullable"`
	Diagnosis           *string         `json:"diagnosis,omitempty" extensions:"x-nullable"`
	CancerStage         *string         `json:"cancer_stage,omitempty" extensions:"x-nullable"`
	Notes               *string         `json:"notes,omitempty" extensions:"x-nullable"`
	Tags                []string        `json:"tags,omitempty" example:"tamoxifen"`
	Attributes          json.RawMessage `json:"attributes,omitempty" swaggertype:"object"`
	ExternalID          *string         `json:"external_id,omitempty" example:"RM-000123" extensions:"x-nullable"`
	AssignedVolunteerID *string         `json:"assigned_volunteer_id,omitempty" extensions:"x-nullable"`
	Consent             *string         `json:"consent,omitempty" enums:"pending,granted,declined,revoked" extensions:"x-nullable"`
	ConsentSource       *string         `json:"consent_source,omitempty" example:"staff" extensions:"x-nullable"`
	PreferredChannel    *string         `json:"preferred_channel,omitempty" enums:"whatsapp,kakao,sms" extensions:"x-nullable"`
	QuietHours          *QuietHours     `json:"quiet_hours,omitempty" extensions:"x-nullable"`
	LastVisitDate       *string         `json:"last_visit_date,omitempty" format:"date" extensions:"x-nullable"`
	LastSurgeryDate     *string         `json:"last_surgery_date,omitempty" format:"date" extensions:"x-nullable"`
	PhotoURL            *string         `json:"photo_url,omitempty" extensions:"x-nullable"`
	IsActive            *bool           `json:"is_active,omitempty"`
}

// PatientPatch changes some fields of a patient: absent fields stay, null
// clears a nullable field. version (or If-Match) refuses stale writes with 409.
type PatientPatch struct {
	Name                *string         `json:"name,omitempty"`
	Phone               *string         `json:"phone,omitempty"`
	Email               *string         `json:"email,omitempty" extensions:"x-nullable"`
	BirthDate           *string         `json:"birth_date,omitempty" format:"date" extensions:"x-nullable"`
	Gender              *string         `json:"gender,omitempty" enums:"female,male,other" extensions:"x-nullable"`
	Language            *string         `json:"language,omitempty" enums:"id,ko,en"`
	Timezone            *string         `json:"timezone,omitempty"`
	Diagnosis           *string         `json:"diagnosis,omitempty" extensions:"x-nullable"`
	CancerStage         *string         `json:"cancer_stage,omitempty" extensions:"x-nullable"`
	Notes               *string         `json:"notes,omitempty" extensions:"x-nullable"`
	Tags                *[]string       `json:"tags,omitempty" extensions:"x-nullable"`
	Attributes          json.RawMessage `json:"attributes,omitempty" swaggertype:"object" extensions:"x-nullable"`
	ExternalID          *string         `json:"external_id,omitempty" extensions:"x-nullable"`
	AssignedVolunteerID *string         `json:"assigned_volunteer_id,omitempty" extensions:"x-nullable"`
	Consent             *string         `json:"consent,omitempty" enums:"pending,granted,declined,revoked"`
	ConsentSource       *string         `json:"consent_source,omitempty" extensions:"x-nullable"`
	PreferredChannel    *string         `json:"preferred_channel,omitempty" enums:"whatsapp,kakao,sms" extensions:"x-nullable"`
	QuietHours          *QuietHours     `json:"quiet_hours,omitempty" extensions:"x-nullable"`
	LastVisitDate       *string         `json:"last_visit_date,omitempty" format:"date" extensions:"x-nullable"`
	LastSurgeryDate     *string         `json:"last_surgery_date,omitempty" format:"date" extensions:"x-nullable"`
	PhotoURL            *string         `json:"photo_url,omitempty" extensions:"x-nullable"`
	IsActive            *bool           `json:"is_active,omitempty"`
	Version             *int            `json:"version,omitempty" example:"1"`
}

func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func toPatient(p patient.Patient) Patient {
	out := Patient{
		ID: p.ID, Name: p.Name, Phone: p.Phone, Email: p.Email, BirthDate: p.BirthDate.Ptr(), Gender: p.Gender,
		Language: p.Language, Timezone: p.Timezone, Diagnosis: nullIfEmpty(p.Diagnosis), CancerStage: nullIfEmpty(p.CancerStage),
		Notes: nullIfEmpty(p.Notes), Tags: []string(p.Tags), Attributes: json.RawMessage(p.Attributes), ExternalID: p.ExternalID,
		AssignedVolunteerID: p.AssignedVolunteerID, Consent: p.Consent, ConsentAt: timePtr(p.ConsentAt),
		ConsentSource: p.ConsentSource, PreferredChannel: p.PreferredChannel, LastVisitDate: p.LastVisitDate.Ptr(),
		LastSurgeryDate: p.LastSurgeryDate.Ptr(), PhotoURL: p.PhotoURL, IsActive: p.IsActive,
		CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(), Version: p.Version,
		Adherence7d: p.Adherence7d, Adherence30d: p.Adherence30d,
	}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	if len(out.Attributes) == 0 {
		out.Attributes = json.RawMessage("{}")
	}
	if q := p.QuietHours(); q != nil {
		out.QuietHours = &QuietHours{Start: q.Start, End: q.End}
	}
	if len(p.Warnings) > 0 {
		out.Warnings = toPatientWarnings(p.Warnings)
	}
	return out
}

// toPatientWarnings maps warnings; never nil, so a list is [] in JSON.
func toPatientWarnings(ws []patient.Warning) []PatientWarning {
	out := make([]PatientWarning, 0, len(ws))
	for _, w := range ws {
		ids := w.PatientIDs
		if ids == nil {
			ids = []string{}
		}
		out = append(out, PatientWarning{Field: w.Field, Code: w.Code, Message: w.Message, PatientIDs: ids})
	}
	return out
}

func quietHoursIn(q *QuietHours) *patient.QuietHours {
	if q == nil {
		return nil
	}
	return &patient.QuietHours{Start: q.Start, End: q.End}
}

func (in PatientInput) toInput() patient.Input {
	return patient.Input{
		Name: in.Name, Phone: in.Phone, Email: in.Email, BirthDate: in.BirthDate, Gender: in.Gender, Language: in.Language,
		Timezone: in.Timezone, Diagnosis: in.Diagnosis, CancerStage: in.CancerStage, Notes: in.Notes, Tags: in.Tags,
		Attributes: in.Attributes, ExternalID: in.ExternalID, AssignedVolunteerID: in.AssignedVolunteerID,
		Consent: in.Consent, ConsentSource: in.ConsentSource, PreferredChannel: in.PreferredChannel,
		QuietHours: quietHoursIn(in.QuietHours), LastVisitDate: in.LastVisitDate, LastSurgeryDate: in.LastSurgeryDate,
		PhotoURL: in.PhotoURL, IsActive: in.IsActive,
	}
}

// toPatch maps the body to a patch; keys sent as null become Clear entries.
func (in PatientPatch) toPatch(present fieldSet) patient.Patch {
	p := patient.Patch{
		Name: in.Name, Phone: in.Phone, Email: in.Email, BirthDate: in.BirthDate, Gender: in.Gender, Language: in.Language,
		Timezone: in.Timezone, Diagnosis: in.Diagnosis, CancerStage: in.CancerStage, Notes: in.Notes, Tags: in.Tags,
		ExternalID: in.ExternalID, AssignedVolunteerID: in.AssignedVolunteerID, Consent: in.Consent,
		ConsentSource: in.ConsentSource, PreferredChannel: in.PreferredChannel, QuietHours: quietHoursIn(in.QuietHours),
		LastVisitDate: in.LastVisitDate, LastSurgeryDate: in.LastSurgeryDate, PhotoURL: in.PhotoURL, IsActive: in.IsActive,
		Version: in.Version,
	}
	if len(in.Attributes) > 0 && string(in.Attributes) != "null" {
		p.Attributes = in.Attributes
	}
	isNull := map[string]bool{
		"name": in.Name == nil, "phone": in.Phone == nil, "email": in.Email == nil, "birth_date": in.BirthDate == nil,
		"gender": in.Gender == nil, "language": in.Language == nil, "timezone": in.Timezone == nil,
		"diagnosis": in.Diagnosis == nil, "cancer_stage": in.CancerStage == nil, "notes": in.Notes == nil,
		"tags": in.Tags == nil, "attributes": p.Attributes == nil, "external_id": in.ExternalID == nil,
		"assigned_volunteer_id": in.AssignedVolunteerID == nil, "consent": in.Consent == nil,
		"consent_source": in.ConsentSource == nil, "preferred_channel": in.PreferredChannel == nil,
		"quiet_hours": in.QuietHours == nil, "last_visit_date": in.LastVisitDate == nil,
		"last_surgery_date": in.LastSurgeryDate == nil, "photo_url": in.PhotoURL == nil, "is_active": in.IsActive == nil,
	}
	for _, k := range sortedKeys(present) {
		if isNull[k] {
			p.Clear = append(p.Clear, k)
		}
	}
	return p
}

// patientFilter reads the list and export filters.
func patientFilter(c echo.Context) (patient.Filter, error) {
	active, err := queryBool(c, "is_active")
	if err != nil {
		return patient.Filter{}, err
	}
	return patient.Filter{Search: c.QueryParam("search"), Tag: c.QueryParam("tag"), Consent: c.QueryParam("consent"),
		AssignedVolunteerID: c.QueryParam("assigned_volunteer_id"), IsActive: active, Sort: c.QueryParam("sort")}, nil
}

// listPatients godoc
//
//	@Summary		List patients
//	@Description	Admins and developers see every patient of the tenant, volunteers only those assigned to them. `search` matches the name (contains, any case), the phone number (digits, national or international form) or the exact external_id.
//	@Description
//	@Description	`total` is the number of matches. A server counts it at most once every 5 seconds for the same caller scope and filter and reuses it for the pages in between: changes made through the same server show at once, changes made through another server replica (or outside the API, such as an opt-out reply changing consent) within 5 seconds. A page that ends the list always gives the exact number; `count=exact` counts now.
//	@Description
//	@Description	`adherence_7d` and `adherence_30d` are (confirmed + late) ÷ (confirmed + late + missed) over the patient's medication doses due in the last 7 / 30 UTC days (today included) whose outcome is settled: skipped doses (the message never reached the patient) and doses whose confirmation window is still open do not count; null when no dose settled in the period. The same definition as GET /api/v1/stats/adherence and the dashboard.
//	@Tags			patients
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			search					query		string	false	"name, phone digits or external_id"
//	@Param			tag						query		string	false	"has this tag"
//	@Param			consent					query		string	false	"consent state"	Enums(pending,granted,declined,revoked)
//	@Param			assigned_volunteer_id	query		string	false	"assigned to this user"
//	@Param			is_active				query		bool	false	"active or not"
//	@Param			sort					query		string	false	"order (default -created_at)"	Enums(name,-name,created_at,-created_at,updated_at,-updated_at)
//	@Param			page					query		int		false	"page (from 1)"					minimum(1)	maximum(1000000)
//	@Param			per_page				query		int		false	"page size"						minimum(1)	maximum(100)
//	@Param			count					query		string	false	"exact: count the matches now instead of reusing a total up to 5 s old"	Enums(exact)
//	@Success		200						{object}	PatientList
//	@Failure		400						{object}	Problem
//	@Failure		401						{object}	Problem
//	@Failure		403						{object}	Problem
//	@Router			/api/v1/patients [get]
func (s *Server) listPatients(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	lq, err := listParams(c)
	if err != nil {
		return err
	}
	f, err := patientFilter(c)
	if err != nil {
		return err
	}
	page, per := lq.Page, lq.PerPage
	f.Page, f.PerPage = page, per
	switch c.QueryParam("count") {
	case "":
	case "exact":
		f.ExactTotal = true
	default:
		return errs.Invalid("count", "must be one of exact")
	}
	pg, err := s.Patients.ListPage(c.Request().Context(), a, f)
	if err != nil {
		return err
	}
	shown := make([]string, 0, len(pg.Rows))
	for _, p := range pg.Rows {
		shown = append(shown, p.ID)
	}
	if err := s.recordPatientList(c.Request().Context(), a, shown); err != nil {
		return err
	}
	// Every request a cached page serves gets the answer encoded once.
	body, err := pg.Memo.Bytes(func() ([]byte, error) {
		out := PatientList{Data: make([]Patient, 0, len(pg.Rows)), Page: Page{Page: page, PerPage: per, Total: pg.Total}}
		for _, p := range pg.Rows {
			out.Data = append(out.Data, toPatient(p))
		}
		b, err := json.Marshal(out)
		return append(b, '\n'), err
	})
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, body)
}

// createPatient godoc
//
//	@Summary		Register a patient
//	@Description	The phone number is normalised to E.164 with the tenant's default region; language and time zone default from the phone's region and the tenant. A volunteer's patient is assigned to the volunteer. Send an Idempotency-Key to make retries safe.
//	@Tags			patients
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			Idempotency-Key	header		string			false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		PatientInput	true	"the patient"
//	@Success		201				{object}	Patient
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/patients [post]
func (s *Server) createPatient(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req PatientInput
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	p, err := s.Patients.Create(ctx, a, req.toInput())
	if err != nil {
		return err
	}
	s.requestConsent(ctx, p.TenantID, p.ID)
	return created(c, toPatient(p))
}

// requestConsent sends a new patient's consent request now when they are
// waiting for one (consent pending, a phone); a failure here is only logged:
// every tick sends the requests still owed.
func (s *Server) requestConsent(ctx context.Context, tenantID, patientID string) {
	if s.Conversations == nil {
		return
	}
	if _, err := s.Conversations.RequestConsent(ctx, tenantID, patientID); err != nil {
		logging.From(ctx).Warn("consent request not queued yet; the next tick sends it", slog.String("patient_id", patientID),
			slog.String("error", err.Error()))
	}
}

// getPatient godoc
//
//	@Summary		One patient
//	@Description	Every read is recorded in the audit log.
//	@Tags			patients
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			id	path		string	true	"patient id"
//	@Success		200	{object}	Patient
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Router			/api/v1/patients/{id} [get]
func (s *Server) getPatient(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	p, err := s.Patients.Get(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toPatient(p))
}

// updatePatient godoc
//
//	@Summary		Change a patient
//	@Description	Absent fields stay as they are; null clears a nullable field. Send `version` (or If-Match) to refuse stale writes with 409. Volunteers cannot reassign patients; developers cannot write.
//	@Tags			patients
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id			path		string			true	"patient id"
//	@Param			If-Match	header		string			false	"the version the change is based on, e.g. \"3\""
//	@Param			body		body		PatientPatch	true	"changes"
//	@Success		200			{object}	Patient
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Router			/api/v1/patients/{id} [patch]
func (s *Server) updatePatient(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var req PatientPatch
	present, err := bindJSON(c, &req)
	if err != nil {
		return err
	}
	patch := req.toPatch(present)
	if err := applyIfMatch(c, &patch.Version); err != nil {
		return err
	}
	p, err := s.Patients.Update(c.Request().Context(), a, id, patch)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toPatient(p))
}

// deletePatient godoc
//
//	@Summary		Delete a patient (admin)
//	@Description	A soft delete: the patient disappears from every list and lookup; the audit trail stays.
//	@Tags			patients
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id	path	string	true	"patient id"
//	@Param			If-Match	header	string	false	"the version the deletion is based on, e.g. \"3\"; a stale one is 409"
//	@Success		204
//	@Failure		400	{object}	Problem
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/patients/{id} [delete]
func (s *Server) deletePatient(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	if err := s.Patients.Delete(c.Request().Context(), a, id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
