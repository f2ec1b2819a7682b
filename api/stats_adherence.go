package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/adherence"
	"github.com/prima-health/prima/internal/platform/errs"
)

// AdherenceCohort is the adherence of every patient in the report's scope
// together.
type AdherenceCohort struct {
	// Patients with at least one settled dose in the window.
	Patients  int64 `json:"patients" example:"120"`
	Confirmed int64 `json:"confirmed" example:"2900"`
	Late      int64 `json:"late" example:"150"`
	Missed    int64 `json:"missed" example:"550"`
	// Settled doses: confirmed + late + missed.
	Due int64 `json:"due" example:"3600"`
	// (confirmed + late) ÷ due over all the cohort's doses; null when due is 0.
	Adherence *float64 `json:"adherence" minimum:"0" maximum:"1" example:"0.85" extensions:"x-nullable"`
	// Patients by their own adherence: 0-25 (below 25 %), 25-50, 50-75, 75-100 (75 % or more).
	Distribution []AdherenceBucket `json:"distribution"`
}

// PatientAdherence is one patient's settled doses in the window.
type PatientAdherence struct {
	PatientID   string `json:"patient_id"`
	PatientName string `json:"patient_name" example:"Siti Rahmawati"`
	Confirmed   int64  `json:"confirmed" example:"25"`
	Late        int64  `json:"late" example:"2"`
	Missed      int64  `json:"missed" example:"3"`
	Due         int64  `json:"due" example:"30"`
	// (confirmed + late) ÷ due.
	Adherence *float64 `json:"adherence" minimum:"0" maximum:"1" example:"0.9" extensions:"x-nullable"`
}

// AdherenceReport is the adherence of a cohort over a window, and one page of
// its patients.
type AdherenceReport struct {
	WindowDays int `json:"window_days" enums:"7,30,90" example:"30"`
	// The window's first and last UTC day, both included (the last is today).
	From   string          `json:"from" format:"date" example:"2026-10-24"`
	To     string          `json:"to" format:"date" example:"2026-11-22"`
	Cohort AdherenceCohort `json:"cohort"`
	// Patients with a settled dose in the window, lowest adherence first
	// (sort=-adherence: highest first); total counts them.
	Data []PatientAdherence `json:"data"`
	Page
}

// adherenceStats godoc
//
//	@Summary		Medication adherence per patient and for the cohort
//	@Description	Adherence is (confirmed + late) ÷ (confirmed + late + missed) over the medication doses due in the window whose outcome is settled: confirmed within the confirmation window, confirmed late, or missed (the window closed unconfirmed). Skipped doses (the message never reached the patient: no consent, too late to send, …) and doses whose window is still open do not count. The window is the last 7, 30 or 90 UTC days, today included. This is the definition behind `adherence_7d` / `adherence_30d` on patients and the dashboard's distribution.
//	@Description
//	@Description	The cohort is every patient the caller may see (volunteers: their assigned patients) with a settled dose in the window, or only `patient_id`; `data` lists them a page at a time, lowest adherence first.
//	@Tags			stats
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			window		query		int		false	"days (default 30)"			Enums(7,30,90)
//	@Param			patient_id	query		string	false	"only this patient"
//	@Param			sort		query		string	false	"order (default adherence)"	Enums(adherence,-adherence)
//	@Param			page		query		int		false	"page (from 1)"				minimum(1)
//	@Param			per_page	query		int		false	"page size"					minimum(1)	maximum(100)
//	@Success		200			{object}	AdherenceReport
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Router			/api/v1/stats/adherence [get]
func (s *Server) adherenceStats(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	page, per, err := paging(c)
	if err != nil {
		return err
	}
	q := adherence.Query{PatientID: c.QueryParam("patient_id"), Sort: c.QueryParam("sort"), Page: page, PerPage: per}
	if v := c.QueryParam("window"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || !adherence.ValidWindow(n) {
			return errs.Invalid("window", "must be 7, 30 or 90")
		}
		q.Window = n
	}
	r, err := s.Stats.Adherence(c.Request().Context(), a, q)
	if err != nil {
		return err
	}
	out := AdherenceReport{WindowDays: r.Window, From: adherence.Date(r.First), To: adherence.Date(r.Last),
		Cohort: AdherenceCohort{Patients: r.Total, Confirmed: r.Cohort.Confirmed, Late: r.Cohort.Late, Missed: r.Cohort.Missed,
			Due: r.Cohort.Due(), Adherence: r.Cohort.Ratio(), Distribution: make([]AdherenceBucket, 0, len(r.Distribution))},
		Data: make([]PatientAdherence, 0, len(r.Patients)), Page: Page{Page: r.Page, PerPage: r.PerPage, Total: r.Total}}
	for _, b := range r.Distribution {
		out.Cohort.Distribution = append(out.Cohort.Distribution, AdherenceBucket{Bucket: b.Name, Patients: b.Patients})
	}
	for _, p := range r.Patients {
		out.Data = append(out.Data, PatientAdherence{PatientID: p.PatientID, PatientName: p.Name, Confirmed: p.Confirmed,
			Late: p.Late, Missed: p.Missed, Due: p.Due(), Adherence: p.Ratio()})
	}
	return c.JSON(http.StatusOK, out)
}
