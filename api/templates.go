package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/template"
)

// TemplateBodies are a template's texts by language; null where it has none.
type TemplateBodies struct {
	ID *string `json:"id" example:"Halo {{first_name}}! Saatnya minum {{medication}} {{dose}}." extensions:"x-nullable"`
	Ko *string `json:"ko" example:"{{first_name}}님! {{medication}} {{dose}} 복용하실 시간입니다." extensions:"x-nullable"`
	En *string `json:"en" example:"Hi {{first_name}}! Time for {{medication}} {{dose}}." extensions:"x-nullable"`
}

// Template is a message template of the caller's tenant. Bodies use
// {{variable}} placeholders: name, first_name, medication, dose, time,
// appointment_date, appointment_time, doctor, location, clinic, link and
// attributes.KEY (a patient attribute). variables lists those the bodies and
// the Kakao parameters use.
type Template struct {
	ID                string         `json:"id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f72"`
	Name              string         `json:"name" example:"Tamoxifen pagi"`
	Kind              string         `json:"kind" enums:"reminder,consent,campaign,reply" example:"reminder"`
	Bodies            TemplateBodies `json:"bodies"`
	KakaoTemplateCode *string        `json:"kakao_template_code" example:"PRIMA_MED_01" extensions:"x-nullable"`
	// KakaoParameters maps AlimTalk template parameter names to PRIMA variables.
	KakaoParameters map[string]string `json:"kakao_parameters"`
	Variables       []string          `json:"variables" example:"dose,first_name,medication"`
	// LinkArticleID is the article whose public page {{link}} is, if any.
	LinkArticleID *string   `json:"link_article_id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f80" extensions:"x-nullable"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Version       int       `json:"version" example:"1"`
}

// TemplateList is a page of templates.
type TemplateList struct {
	Data []Template `json:"data"`
	Page
}

// TemplateBodiesInput are texts by language. In a PATCH an absent language
// stays as it is and "" removes that language's text.
type TemplateBodiesInput struct {
	ID *string `json:"id,omitempty" example:"Halo {{first_name}}! Saatnya minum {{medication}} {{dose}}."`
	Ko *string `json:"ko,omitempty" example:"{{first_name}}님! {{medication}} {{dose}} 복용하실 시간입니다."`
	En *string `json:"en,omitempty" example:"Hi {{first_name}}! Time for {{medication}} {{dose}}."`
}

// TemplateInput creates a template. At least one body is required; each is at
// most 4,096 characters and may only use known variables.
type TemplateInput struct {
	Name              string              `json:"name" example:"Tamoxifen pagi"`
	Kind              string              `json:"kind" enums:"reminder,consent,campaign,reply" example:"reminder"`
	Bodies            TemplateBodiesInput `json:"bodies"`
	KakaoTemplateCode *string             `json:"kakao_template_code,omitempty" example:"PRIMA_MED_01" extensions:"x-nullable"`
	// KakaoParameters maps AlimTalk parameter names to PRIMA variables, e.g. {"name": "first_name"}.
	KakaoParameters map[string]string `json:"kakao_parameters,omitempty"`
	// LinkArticleID makes {{link}} the public page of this article of the organization (published or not).
	LinkArticleID *string `json:"link_article_id,omitempty" extensions:"x-nullable"`
}

// TemplatePatch changes some fields of a template: absent fields stay, null
// clears kakao_template_code or kakao_parameters, kakao_parameters replaces the
// whole map. version (or If-Match) refuses stale writes with 409.
type TemplatePatch struct {
	Name              *string              `json:"name,omitempty"`
	Kind              *string              `json:"kind,omitempty" enums:"reminder,consent,campaign,reply"`
	Bodies            *TemplateBodiesInput `json:"bodies,omitempty"`
	KakaoTemplateCode *string              `json:"kakao_template_code,omitempty" extensions:"x-nullable"`
	KakaoParameters   map[string]string    `json:"kakao_parameters,omitempty" extensions:"x-nullable"`
	LinkArticleID     *string              `json:"link_article_id,omitempty" extensions:"x-nullable"`
	Version           *int                 `json:"version,omitempty" example:"1"`
}

// TemplatePreviewRequest names the patient to render a template for, and
// optionally values of variables (e.g. medication) to use.
type TemplatePreviewRequest struct {
	PatientID string            `json:"patient_id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f71"`
	Values    map[string]string `json:"values,omitempty"`
}

// TemplatePreview is a template rendered for one patient.
type TemplatePreview struct {
	TemplateID string `json:"template_id"`
	PatientID  string `json:"patient_id"`
	// Language is the language the patient gets: their own if the template has it, else the first of id, en, ko.
	Language string `json:"language" enums:"id,ko,en" example:"id"`
	// Body is the text the patient would get.
	Body string `json:"body" example:"Halo Siti! Saatnya minum Tamoxifen 20 mg."`
	// Bodies are every language rendered; null where the template has no text.
	Bodies            TemplateBodies    `json:"bodies"`
	KakaoTemplateCode *string           `json:"kakao_template_code" extensions:"x-nullable"`
	KakaoParameters   map[string]string `json:"kakao_parameters"`
	// Samples are made-up values used for variables of the moment that were not given (medication, dose, time, …).
	Samples map[string]string `json:"samples"`
	// Missing lists variables without a value for this patient; the texts keep them as {{name}}.
	Missing []string `json:"missing" example:"attributes.mrn"`
}

func toTemplate(t template.Template) Template {
	params := map[string]string(t.KakaoParameters)
	if params == nil {
		params = map[string]string{}
	}
	return Template{
		ID: t.ID, Name: t.Name, Kind: t.Kind,
		Bodies:            TemplateBodies{ID: nullIfEmpty(t.Bodies.ID), Ko: nullIfEmpty(t.Bodies.Ko), En: nullIfEmpty(t.Bodies.En)},
		KakaoTemplateCode: t.KakaoTemplateCode, KakaoParameters: params, Variables: orEmpty(t.Variables()),
		LinkArticleID: t.LinkArticleID, CreatedAt: t.CreatedAt.UTC(), UpdatedAt: t.UpdatedAt.UTC(), Version: t.Version,
	}
}

// bodyText is the text of an optional body, "" when absent.
func bodyText(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (in TemplateInput) toInput() template.Input {
	return template.Input{Name: in.Name, Kind: in.Kind,
		Bodies:            template.Bodies{ID: bodyText(in.Bodies.ID), Ko: bodyText(in.Bodies.Ko), En: bodyText(in.Bodies.En)},
		KakaoTemplateCode: in.KakaoTemplateCode, KakaoParameters: in.KakaoParameters, LinkArticleID: in.LinkArticleID}
}

// toPatch maps the body to a patch; keys sent as null become Clear entries.
func (in TemplatePatch) toPatch(present fieldSet) template.Patch {
	p := template.Patch{Name: in.Name, Kind: in.Kind, KakaoTemplateCode: in.KakaoTemplateCode,
		KakaoParameters: in.KakaoParameters, LinkArticleID: in.LinkArticleID, Version: in.Version}
	if in.Bodies != nil {
		p.Bodies = &template.BodiesPatch{ID: in.Bodies.ID, Ko: in.Bodies.Ko, En: in.Bodies.En}
	}
	isNull := map[string]bool{
		"name": in.Name == nil, "kind": in.Kind == nil, "bodies": in.Bodies == nil,
		"kakao_template_code": in.KakaoTemplateCode == nil, "kakao_parameters": in.KakaoParameters == nil,
		"link_article_id": in.LinkArticleID == nil,
	}
	for _, k := range sortedKeys(present) {
		if isNull[k] {
			p.Clear = append(p.Clear, k)
		}
	}
	return p
}

// listTemplates godoc
//
//	@Summary		List templates
//	@Description	Every member of the tenant reads its templates. `search` matches the name (contains, any case).
//	@Tags			templates
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			search		query		string	false	"name contains"
//	@Param			kind		query		string	false	"what the template is for"		Enums(reminder,consent,campaign,reply)
//	@Param			sort		query		string	false	"order (default name)"			Enums(name,-name,created_at,-created_at,updated_at,-updated_at)
//	@Param			page		query		int		false	"page (from 1)"					minimum(1)	maximum(1000000)
//	@Param			per_page	query		int		false	"page size"						minimum(1)	maximum(100)
//	@Success		200			{object}	TemplateList
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Router			/api/v1/templates [get]
func (s *Server) listTemplates(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	lq, err := listParams(c)
	if err != nil {
		return err
	}
	page, per := lq.Page, lq.PerPage
	f := template.Filter{Search: c.QueryParam("search"), Kind: c.QueryParam("kind"), Sort: lq.Sort,
		Page: page, PerPage: per}
	rows, total, err := s.Templates.List(c.Request().Context(), a, f)
	if err != nil {
		return err
	}
	out := TemplateList{Data: make([]Template, 0, len(rows)), Page: Page{Page: page, PerPage: per, Total: total}}
	for _, t := range rows {
		out.Data = append(out.Data, toTemplate(t))
	}
	return c.JSON(http.StatusOK, out)
}

// createTemplate godoc
//
//	@Summary		Create a template (admin)
//	@Description	Bodies are checked when saved: an unknown variable or an unclosed `{{` is a 400 naming the language (`bodies.id`, `bodies.ko`, `bodies.en`). `link_article_id` makes {{link}} the public page of that article of the organization; without it a body using {{link}} needs the link from elsewhere (a reminder using it is refused). Names are unique in the tenant (409). Send an Idempotency-Key to make retries safe.
//	@Tags			templates
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			Idempotency-Key	header		string			false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		TemplateInput	true	"the template"
//	@Success		201				{object}	Template
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/templates [post]
func (s *Server) createTemplate(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req TemplateInput
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	t, err := s.Templates.Create(c.Request().Context(), a, req.toInput())
	if err != nil {
		return err
	}
	return created(c, toTemplate(t))
}

// getTemplate godoc
//
//	@Summary	One template
//	@Tags		templates
//	@Produce	json
//	@Security	BearerAuth
//	@x-required-scope	"read"
//	@Param		id	path		string	true	"template id"
//	@Success	200	{object}	Template
//	@Failure	401	{object}	Problem
//	@Failure	403	{object}	Problem
//	@Failure	404	{object}	Problem
//	@Router		/api/v1/templates/{id} [get]
func (s *Server) getTemplate(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	t, err := s.Templates.Get(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toTemplate(t))
}

// updateTemplate godoc
//
//	@Summary		Change a template (admin)
//	@Description	Absent fields stay as they are. In `bodies`, an absent language stays and "" removes it; at least one must remain. null clears `kakao_template_code`, `kakao_parameters` or `link_article_id`. Send `version` (or If-Match) to refuse stale writes with 409.
//	@Tags			templates
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id			path		string			true	"template id"
//	@Param			If-Match	header		string			false	"the version the change is based on, e.g. \"3\""
//	@Param			body		body		TemplatePatch	true	"changes"
//	@Success		200			{object}	Template
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Router			/api/v1/templates/{id} [patch]
func (s *Server) updateTemplate(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var req TemplatePatch
	present, err := bindJSON(c, &req)
	if err != nil {
		return err
	}
	patch := req.toPatch(present)
	if err := applyIfMatch(c, &patch.Version); err != nil {
		return err
	}
	t, err := s.Templates.Update(c.Request().Context(), a, id, patch)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toTemplate(t))
}

// deleteTemplate godoc
//
//	@Summary		Delete a template (admin)
//	@Description	A soft delete: the template disappears from every list and lookup and its name is free again; the audit trail stays.
//	@Tags			templates
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id	path	string	true	"template id"
//	@Param			If-Match	header	string	false	"the version the deletion is based on, e.g. \"3\"; a stale one is 409"
//	@Success		204
//	@Failure		400	{object}	Problem
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/templates/{id} [delete]
func (s *Server) deleteTemplate(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	if err := s.Templates.Delete(c.Request().Context(), a, id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// previewTemplate godoc
//
//	@Summary		Render a template for a patient
//	@Description	Renders every language of the template with the patient's values (name, first_name, clinic, attributes.KEY) and the `values` given, and names the language the patient would get (their own, else id, en, ko). {{link}} is the public page of the template's linked article when it has one. Variables of the moment that were not given (medication, dose, time, appointment_date, appointment_time, doctor, location, link) get sample values, listed in `samples`; variables still without a value are listed in `missing` and left as `{{name}}`. The patient must be one the caller can see. Nothing is sent.
//	@Tags			templates
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			id		path		string					true	"template id"
//	@Param			body	body		TemplatePreviewRequest	true	"the patient, and values"
//	@Success		200		{object}	TemplatePreview
//	@Failure		400		{object}	Problem
//	@Failure		401		{object}	Problem
//	@Failure		403		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		413		{object}	Problem
//	@Failure		415		{object}	Problem
//	@Router			/api/v1/templates/{id}/preview [post]
func (s *Server) previewTemplate(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var req TemplatePreviewRequest
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	pv, err := s.Templates.Preview(c.Request().Context(), a, id, req.PatientID, req.Values)
	if err != nil {
		return err
	}
	params := pv.KakaoParameters
	if params == nil {
		params = map[string]string{}
	}
	return c.JSON(http.StatusOK, TemplatePreview{
		TemplateID: pv.TemplateID, PatientID: pv.PatientID, Language: pv.Language, Body: pv.Body,
		Bodies: TemplateBodies{ID: nullIfEmpty(pv.Bodies["id"]), Ko: nullIfEmpty(pv.Bodies["ko"]),
			En: nullIfEmpty(pv.Bodies["en"])},
		KakaoTemplateCode: pv.KakaoTemplateCode, KakaoParameters: params, Samples: pv.Samples, Missing: pv.Missing,
	})
}
