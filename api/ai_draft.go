package api

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/ai"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/template"
)

// CodeAIDisabled: no language model may be used for this clinic.
const CodeAIDisabled = "ai_disabled"

// DraftRequest asks the language model for template or campaign text.
type DraftRequest struct {
	Kind      string   `json:"kind" enums:"template,campaign" example:"template" validate:"required"`
	Language  string   `json:"language" enums:"id,ko,en" example:"id" validate:"required"`
	Brief     string   `json:"brief" example:"Pengingat minum tamoxifen pagi hari, ramah dan singkat" validate:"required"`
	Variables []string `json:"variables" example:"first_name,medication,dose"` // placeholders the text may use (default: first_name, medication, dose, time, clinic)
}

// DraftResult is the drafted text; nothing was sent or saved.
type DraftResult struct {
	Text        string `json:"text" example:"Halo {{first_name}}, saatnya minum {{medication}} {{dose}} pagi ini."`
	AIGenerated bool   `json:"ai_generated" example:"true"`
}

// draftVariables are offered when the request names none.
var draftVariables = []string{template.VarFirstName, template.VarMedication, template.VarDose, template.VarTime, template.VarClinic}

// aiDraft godoc
//
//	@Summary		Draft template or campaign text with AI
//	@Description	Asks the language model for a short message in the requested language, using only the `{{…}}` variables allowed (by default first_name, medication, dose, time, clinic). Never sends or saves anything: staff review the text and put it in a template or campaign. Only the brief is sent to the model, never patient data. 409 `ai_disabled` when AI is off for the clinic (Settings) or no language model is configured on this server; 503 when the model did not answer in time or is rate-limited (Retry-After when known); 502 when its answer was unusable. Admins and volunteers.
//	@Tags			ai
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			body	body		DraftRequest	true	"what to draft"
//	@Success		200		{object}	DraftResult
//	@Failure		400		{object}	Problem
//	@Failure		401		{object}	Problem
//	@Failure		403		{object}	Problem
//	@Failure		409		{object}	Problem
//	@Failure		502		{object}	Problem
//	@Failure		503		{object}	Problem
//	@Router			/api/v1/ai/draft [post]
func (s *Server) aiDraft(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	if !a.CanWrite() {
		return errs.ErrForbidden
	}
	var req DraftRequest
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	var fe errs.Fields
	if req.Kind != ai.DraftTemplate && req.Kind != ai.DraftCampaign {
		fe.Add("kind", "must be template or campaign")
	}
	if !slices.Contains([]string{"id", "ko", "en"}, req.Language) {
		fe.Add("language", "must be one of id, ko, en")
	}
	switch brief := strings.TrimSpace(req.Brief); {
	case brief == "":
		fe.Add("brief", "is required")
	case utf8.RuneCountInString(brief) > 2000:
		fe.Add("brief", "must be at most 2000 characters")
	}
	if len(req.Variables) > 20 {
		fe.Add("variables", "must hold at most 20 items")
	}
	for i, v := range req.Variables {
		if !template.IsVariable(strings.Trim(strings.TrimSpace(v), "{} ")) {
			fe.Add("variables["+strconv.Itoa(i)+"]", "is not a variable")
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	st, err := s.Settings.Get(ctx, a)
	if err != nil {
		return err
	}
	if !st.AIEnabled || !s.AI.Enabled() {
		return newError(http.StatusConflict, CodeAIDisabled,
			"AI is switched off for this clinic (Settings) or no language model is configured on this server.")
	}
	vars := req.Variables
	if len(vars) == 0 {
		vars = draftVariables
	}
	text, err := s.AI.Draft(ctx, ai.DraftRequest{Kind: req.Kind, Language: req.Language, Brief: req.Brief, Variables: vars})
	switch {
	case err == nil:
		return c.JSON(http.StatusOK, DraftResult{Text: text, AIGenerated: true})
	case errors.Is(err, ai.ErrTimeout), errors.Is(err, ai.ErrRateLimited), errors.Is(err, ai.ErrServer), errors.Is(err, ai.ErrUnavailable):
		if d, ok := ai.RetryAfter(err); ok {
			c.Response().Header().Set("Retry-After", strconv.Itoa(int(d.Seconds()+0.999)))
		}
		return newError(http.StatusServiceUnavailable, CodeUnavailable, "The language model did not answer in time; try again shortly.")
	case errors.Is(err, ai.ErrBadAnswer), errors.Is(err, ai.ErrRejected):
		return newError(http.StatusBadGateway, CodeUnavailable, "The language model's answer could not be used; try again or rephrase the brief.")
	}
	return err
}
