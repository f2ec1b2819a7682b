package api

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/logging"
)

// ImportResult says what a CSV import did (or, on a dry run, would do).
type ImportResult struct {
	DryRun    bool               `json:"dry_run" example:"true"`
	TotalRows int                `json:"total_rows" example:"120"`
	ValidRows int                `json:"valid_rows" example:"118"`
	Created   int                `json:"created" example:"0"`
	Updated   int                `json:"updated" example:"0"`
	Skipped   int                `json:"skipped" example:"0"`
	Actions   ImportActions      `json:"actions"`
	Errors    []ImportRowError   `json:"errors"`
	Preview   []ImportPreviewRow `json:"preview"`
}

// ImportActions counts what the valid rows of the file do (or would do on a
// dry run): create a patient, update the patient they match, or skip it
// because nothing would change.
type ImportActions struct {
	Create int `json:"create" example:"110"`
	Update int `json:"update" example:"6"`
	Skip   int `json:"skip" example:"2"`
}

// ImportRowError is one invalid cell of the file; row counts the header as row 1.
// field is empty when the row as a whole is wrong. code and params are those
// of a field error (see Problem).
type ImportRowError struct {
	Row     int               `json:"row" example:"3"`
	Field   string            `json:"field" example:"phone"`
	Code    string            `json:"code" enums:"required,too_long,too_large,too_many,out_of_range,invalid_range,invalid_format,invalid_type,invalid_enum,invalid_phone,unknown_field,not_found_ref,duplicate,mutually_exclusive,not_allowed,unknown_variable,missing_variable,invalid" example:"invalid_phone"`
	Message string            `json:"message" example:"is not a valid phone number"`
	Params  map[string]string `json:"params,omitempty"`
}

// ImportPreviewRow is how one of the first 50 rows reads after normalisation.
type ImportPreviewRow struct {
	Row        int      `json:"row" example:"2"`
	Name       string   `json:"name" example:"Siti Rahmawati"`
	Phone      string   `json:"phone" example:"+6281234567890"`
	ExternalID *string  `json:"external_id" example:"RM-000123" extensions:"x-nullable"`
	Language   string   `json:"language" example:"id"`
	Tags       []string `json:"tags" example:"tamoxifen"`
	Valid      bool     `json:"valid" example:"true"`
	// What the row does: create a patient, update the patient it matches, or
	// skip it (nothing would change).
	Action string `json:"action" enums:"create,update,skip" example:"update"`
	// The existing patient the row matches, and by what: its id column, its
	// external_id, or its phone together with its name.
	PatientID *string          `json:"patient_id" extensions:"x-nullable"`
	MatchedBy *string          `json:"matched_by" enums:"id,external_id,phone" extensions:"x-nullable"`
	Changes   []string         `json:"changes" example:"notes,tags"` // fields an update changes
	Warnings  []PatientWarning `json:"warnings"`
}

func toImportResult(r patient.ImportResult) ImportResult {
	out := ImportResult{DryRun: r.DryRun, TotalRows: r.TotalRows, ValidRows: r.ValidRows, Created: r.Created,
		Updated: r.Updated, Skipped: r.Skipped,
		Actions: ImportActions{Create: r.Actions.Create, Update: r.Actions.Update, Skip: r.Actions.Skip},
		Errors:  make([]ImportRowError, 0, len(r.Errors)), Preview: make([]ImportPreviewRow, 0, len(r.Preview))}
	for _, e := range r.Errors {
		fe := errs.WithCodes([]errs.FieldError{{Field: e.Field, Message: e.Message}})[0]
		out.Errors = append(out.Errors, ImportRowError{Row: e.Row, Field: e.Field, Code: fe.Code, Message: e.Message, Params: fe.Params})
	}
	for _, p := range r.Preview {
		tags := p.Tags
		if tags == nil {
			tags = []string{}
		}
		changes := p.Changes
		if changes == nil {
			changes = []string{}
		}
		out.Preview = append(out.Preview, ImportPreviewRow{Row: p.Row, Name: p.Name, Phone: p.Phone, ExternalID: p.ExternalID,
			Language: p.Language, Tags: tags, Valid: p.Valid, Action: p.Action, PatientID: p.PatientID,
			MatchedBy: nullIfEmpty(p.MatchedBy), Changes: changes, Warnings: toPatientWarnings(p.Warnings)})
	}
	return out
}

// importPatients godoc
//
//	@Summary		Import patients from CSV
//	@Description	Upload a CSV file (multipart field `file`, up to 10 MiB and 5,000 rows; UTF-8, comma, semicolon or tab separated) with a header row. Columns: name, phone (both required), email, birth_date, gender, language, timezone, diagnosis, cancer_stage, notes, tags (separated by commas or semicolons), external_id, consent, preferred_channel, last_visit_date, last_surgery_date; also id (matches an existing patient) and created_at, updated_at (ignored), so an export imports as it is. A phone may start with a ' (a spreadsheet's text marker). GET /patients/import/sample gives an example file.
//	@Description	A row that names an existing patient of the organization (by id, then external_id, then phone number together with name) updates that patient with its non-blank cells (`action` update), or changes nothing (`action` skip); any other row creates a patient (`action` create). Every row is checked like a single create or update, plus the same patient or external_id twice in the file. A new patient whose phone other patients have gets a duplicate_phone warning (allowed: families share phones).
//	@Description	`dry_run=true` (the default) only reports: per-row errors, what the rows do (`actions`) and a preview of the first 50 rows. `dry_run=false` writes every row in one transaction, or nothing: any row error answers 422 with fields named `rows[<row>].<field>`. A file that cannot be read at all (unknown columns, no name/phone column, not CSV) is 400 on field `file`. A `text/csv` body is accepted in place of the multipart form.
//	@Tags			patients
//	@Accept			multipart/form-data
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			dry_run			query		bool	false	"only check and preview (default true)"
//	@Param			file			formData	file	true	"the CSV file"
//	@Param			Idempotency-Key	header		string	false	"replays the first response for the same key and body (24 h)"
//	@Success		200				{object}	ImportResult
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/patients/import [post]
func (s *Server) importPatients(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	dryRun := true
	if v, err := queryBool(c, "dry_run"); err != nil {
		return err
	} else if v != nil {
		dryRun = *v
	}
	file, err := uploadedCSV(c)
	if err != nil {
		return err
	}
	res, err := s.Patients.Import(c.Request().Context(), a, file, dryRun)
	var ve *errs.ValidationError
	if errors.As(err, &ve) && len(ve.Fields) > 0 && strings.HasPrefix(ve.Fields[0].Field, "rows[") {
		return newError(http.StatusUnprocessableEntity, CodeValidation,
			fmt.Sprintf("%d of %d rows are invalid; nothing was imported.", res.TotalRows-res.ValidRows, res.TotalRows), ve.Fields...)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toImportResult(res))
}

// uploadedCSV returns the CSV of an import request: the multipart field "file",
// or the body itself when it is sent as text/csv.
func uploadedCSV(c echo.Context) (io.Reader, error) {
	req := c.Request()
	mt, _, _ := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	switch mt {
	case "text/csv":
		return req.Body, nil
	case echo.MIMEMultipartForm:
	default:
		return nil, newError(http.StatusUnsupportedMediaType, CodeUnsupportedType,
			"Send the file as multipart/form-data in the field \"file\" (or the body as text/csv).")
	}
	mr, err := req.MultipartReader()
	if err != nil {
		return nil, newError(http.StatusBadRequest, CodeValidation, "The multipart body could not be read.",
			errs.FieldError{Field: "file", Message: "is required"})
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, errs.Invalid("file", "is required")
		}
		if err != nil {
			var he *echo.HTTPError
			if errors.As(err, &he) {
				return nil, he
			}
			return nil, newError(http.StatusBadRequest, CodeValidation, "The multipart body could not be read.",
				errs.FieldError{Field: "file", Message: "could not be read"})
		}
		if part.FormName() == "file" {
			return part, nil
		}
	}
}

// importSample godoc
//
//	@Summary		A sample import file
//	@Description	A CSV file in the import format with every column and two made-up patients whose phone numbers are written the way the organization's region writes them; it imports as it is.
//	@Tags			patients
//	@Produce		text/csv
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Success		200	{string}	string	"CSV file"
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Router			/api/v1/patients/import/sample [get]
func (s *Server) importSample(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	b, err := s.Patients.ImportSample(c.Request().Context(), a)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="patients-sample.csv"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", b)
}

// exportPatients godoc
//
//	@Summary		Export patients as CSV
//	@Description	The patients the caller may see, matching the same filters as the list, in creation order, as a CSV attachment (UTF-8 with a byte-order mark so spreadsheets read it as UTF-8). Columns: id, name, phone, email, birth_date, gender, language, timezone, diagnosis, cancer_stage, notes, tags, external_id, consent, preferred_channel, last_visit_date, last_surgery_date, created_at. Cells starting with = + - @ get a leading ' so spreadsheets do not run them. Every export is recorded in the audit log.
//	@Tags			patients
//	@Produce		text/csv
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			search					query		string	false	"name, phone digits or external_id"
//	@Param			tag						query		string	false	"has this tag"
//	@Param			consent					query		string	false	"consent state"	Enums(pending,granted,declined,revoked)
//	@Param			assigned_volunteer_id	query		string	false	"assigned to this user"
//	@Param			is_active				query		bool	false	"active or not"
//	@Success		200						{string}	string	"CSV file"
//	@Failure		400						{object}	Problem
//	@Failure		401						{object}	Problem
//	@Failure		403						{object}	Problem
//	@Router			/api/v1/patients/export [get]
func (s *Server) exportPatients(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	f, err := patientFilter(c)
	if err != nil {
		return err
	}
	name := "patients-" + s.Clock.Now().UTC().Format("20060102-150405") + ".csv"
	w := &csvDownload{c: c, filename: name}
	if err := s.Patients.Export(c.Request().Context(), a, f, w); err != nil {
		if w.started {
			// The response is under way: all that is left is to cut it short and say so in the log.
			logging.From(c.Request().Context()).Error("patient export cut short", slog.String("error", err.Error()))
			return nil
		}
		return err
	}
	if !w.started {
		w.start()
	}
	return nil
}

// csvDownload sends the response headers on the first write, so that an error
// found before any row (a bad filter, a denied role) is still a problem+json.
type csvDownload struct {
	c        echo.Context
	filename string
	started  bool
}

func (d *csvDownload) start() {
	d.started = true
	h := d.c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+d.filename+`"`)
	h.Set("Cache-Control", "no-store")
	d.c.Response().WriteHeader(http.StatusOK)
	_, _ = d.c.Response().Write([]byte("\ufeff"))
}

func (d *csvDownload) Write(b []byte) (int, error) {
	if !d.started {
		d.start()
	}
	n, err := d.c.Response().Write(b)
	d.c.Response().Flush()
	return n, err
}

func sortedKeys(m fieldSet) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
