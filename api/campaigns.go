package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/campaign"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
)

// listCampaigns godoc
//
//	@Summary		List campaigns
//	@Description	The organization's campaigns, newest first, each with its counters.
//	@Tags			campaigns
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			status		query		string	false	"only campaigns in this status"	Enums(draft,scheduled,running,paused,completed,cancelled)
//	@Param			search		query		string	false	"part of the name"
//	@Param			page		query		int		false	"page (from 1)"	minimum(1)	maximum(1000000)
//	@Param			per_page	query		int		false	"page size"		minimum(1)	maximum(100)
//	@Success		200			{object}	CampaignList
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Router			/api/v1/campaigns [get]
func (s *Server) listCampaigns(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	pg, per, err := paging(c)
	if err != nil {
		return err
	}
	rows, total, err := s.Campaigns.List(c.Request().Context(), a, campaign.Filter{Status: c.QueryParam("status"),
		Search: c.QueryParam("search"), Page: pg, PerPage: per})
	if err != nil {
		return err
	}
	out := CampaignList{Data: make([]Campaign, 0, len(rows)), Page: Page{Page: pg, PerPage: per, Total: total}}
	for _, v := range rows {
		out.Data = append(out.Data, toCampaign(v))
	}
	return c.JSON(http.StatusOK, out)
}

// createCampaign godoc
//
//	@Summary		Create a campaign (admin)
//	@Description	Stores a draft: nothing is sent until POST /campaigns/{id}/execute. The message is a template_id or per-language bodies, or up to three variants. Variables: {{name}}, {{first_name}}, {{clinic}}, {{attributes.KEY}}. Explicit patient ids that are not the organization's are 400 naming each one. Send an Idempotency-Key to make retries safe.
//	@Tags			campaigns
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			Idempotency-Key	header		string			false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		CampaignInput	true	"the campaign"
//	@Success		201				{object}	Campaign
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/campaigns [post]
func (s *Server) createCampaign(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req CampaignInput
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	v, err := s.Campaigns.Create(c.Request().Context(), a, campaign.Input{Name: req.Name, TemplateID: req.TemplateID, Bodies: req.Bodies,
		ChannelOrder: req.ChannelOrder, Audience: fromAudience(req.Audience), SendAt: req.SendAt, SendWindow: fromWindow(req.SendWindow),
		RatePerMinute: req.RatePerMinute, FailureThreshold: req.FailureThreshold, Variants: fromVariants(req.Variants)})
	if err != nil {
		return err
	}
	return created(c, toCampaign(v))
}

// getCampaign godoc
//
//	@Summary		One campaign
//	@Description	With its counters, and variant_results when it has variants.
//	@Tags			campaigns
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			id	path		string	true	"campaign id"
//	@Success		200	{object}	Campaign
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Router			/api/v1/campaigns/{id} [get]
func (s *Server) getCampaign(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	v, err := s.Campaigns.Get(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCampaign(v))
}

// updateCampaign godoc
//
//	@Summary		Change a draft or scheduled campaign (admin)
//	@Description	A running, paused, completed or cancelled campaign is 409.
//	@Tags			campaigns
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id			path		string			true	"campaign id"
//	@Param			If-Match	header		string			false	"the version being changed"
//	@Param			body		body		CampaignPatch	true	"the fields to change"
//	@Success		200			{object}	Campaign
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Router			/api/v1/campaigns/{id} [patch]
func (s *Server) updateCampaign(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var req CampaignPatch
	present, err := bindJSON(c, &req)
	if err != nil {
		return err
	}
	version := req.Version
	if err := applyIfMatch(c, &version); err != nil {
		return err
	}
	p := campaign.Patch{Name: req.Name, TemplateID: req.TemplateID, Bodies: req.Bodies, ChannelOrder: req.ChannelOrder,
		SendAt: req.SendAt, ClearSendAt: present["send_at"] && req.SendAt == nil, SendWindow: fromWindow(req.SendWindow),
		ClearSendWindow: present["send_window"] && req.SendWindow == nil, RatePerMinute: req.RatePerMinute,
		FailureThreshold: req.FailureThreshold, Version: version}
	if req.Audience != nil {
		aud := fromAudience(*req.Audience)
		p.Audience = &aud
	}
	if req.Variants != nil {
		vs := fromVariants(*req.Variants)
		p.Variants = &vs
	}
	v, err := s.Campaigns.Update(c.Request().Context(), a, id, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCampaign(v))
}

// deleteCampaign godoc
//
//	@Summary		Delete a campaign (admin)
//	@Description	A running or paused campaign is 409: cancel it first. Its messages stay in the log.
//	@Tags			campaigns
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id	path	string	true	"campaign id"
//	@Success		204
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/campaigns/{id} [delete]
func (s *Server) deleteCampaign(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	if err := s.Campaigns.Delete(c.Request().Context(), a, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// previewCampaignAudience godoc
//
//	@Summary		Count an audience (admin, developer)
//	@Description	The exact number of patients the audience chooses now, how many of them would be messaged and why the others would not, and a sample.
//	@Tags			campaigns
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			body	body		CampaignPreviewRequest	true	"the audience"
//	@Success		200		{object}	CampaignPreview
//	@Failure		400		{object}	Problem
//	@Failure		401		{object}	Problem
//	@Failure		403		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		413		{object}	Problem
//	@Failure		415		{object}	Problem
//	@Router			/api/v1/campaigns/preview-audience [post]
func (s *Server) previewCampaignAudience(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req CampaignPreviewRequest
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	cid := ""
	if req.CampaignID != nil {
		cid = *req.CampaignID
	}
	p, err := s.Campaigns.PreviewAudience(c.Request().Context(), a, fromAudience(req.Audience), cid)
	if err != nil {
		return err
	}
	out := CampaignPreview{Count: p.Count, Eligible: p.Eligible, Exclusions: p.Exclusions, Sample: make([]Patient, 0, len(p.Sample))}
	for _, pt := range p.Sample {
		out.Sample = append(out.Sample, toPatient(pt))
	}
	return c.JSON(http.StatusOK, out)
}

// executeCampaign godoc
//
//	@Summary		Execute a campaign (admin)
//	@Description	Runs the pre-flight check; with dry_run=true answers it (200) and sends nothing. Otherwise a failed check is 422 with the same findings, and a passed one starts the campaign: running now, or scheduled when send_at is in the future. Each patient gets at most one message from a campaign, whatever restarts or repeated calls; only a draft or scheduled campaign executes (409 otherwise).
//	@Tags			campaigns
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"send"
//	@Param			id		path		string	true	"campaign id"
//	@Param			dry_run	query		bool	false	"only check"
//	@Success		200		{object}	CampaignExecution	"the check, and the started campaign (none with dry_run)"
//	@Failure		400		{object}	Problem
//	@Failure		401		{object}	Problem
//	@Failure		403		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		409		{object}	Problem
//	@Failure		422		{object}	CampaignCheckProblem
//	@Router			/api/v1/campaigns/{id}/execute [post]
func (s *Server) executeCampaign(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	dry, err := queryBool(c, "dry_run")
	if err != nil {
		return err
	}
	rep, v, err := s.Campaigns.Execute(c.Request().Context(), a, id, dry != nil && *dry)
	var pe *campaign.ProblemsError
	switch {
	case errors.As(err, &pe):
		fields := make([]errs.FieldError, 0, len(pe.Report.Problems))
		for _, p := range pe.Report.Problems {
			code := "invalid"
			if p.Code == campaign.ProblemMissingVariable {
				code = "missing_variable"
			}
			fields = append(fields, errs.FieldError{Field: p.Field, Code: code, Message: p.Message})
		}
		p := toProblem(newError(http.StatusUnprocessableEntity, CodeUnprocessable, "The campaign did not pass its pre-flight check.", fields...))
		p.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
		c.Response().WriteHeader(http.StatusUnprocessableEntity)
		return jsonEncode(c.Response(), CampaignCheckProblem{Problem: p, CampaignCheck: toCampaignCheck(pe.Report)})
	case err != nil:
		return err
	case dry != nil && *dry:
		return c.JSON(http.StatusOK, CampaignExecution{CampaignCheck: toCampaignCheck(rep)})
	}
	out := toCampaign(v)
	return c.JSON(http.StatusOK, CampaignExecution{CampaignCheck: toCampaignCheck(rep), Campaign: &out})
}

// pauseCampaign godoc
//
//	@Summary		Pause a campaign (admin, volunteer)
//	@Description	When this answers, no message of the campaign leaves until it is resumed: queued ones are held back, and the call waits for the few already handed to a provider.
//	@Tags			campaigns
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id	path		string	true	"campaign id"
//	@Success		200	{object}	Campaign
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/campaigns/{id}/pause [post]
func (s *Server) pauseCampaign(c echo.Context) error {
	return s.campaignAction(c, s.Campaigns.Pause)
}

// resumeCampaign godoc
//
//	@Summary		Resume a paused campaign (admin)
//	@Tags			campaigns
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"send"
//	@Param			id	path		string	true	"campaign id"
//	@Success		200	{object}	Campaign
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/campaigns/{id}/resume [post]
func (s *Server) resumeCampaign(c echo.Context) error {
	return s.campaignAction(c, s.Campaigns.Resume)
}

// cancelCampaign godoc
//
//	@Summary		Cancel a campaign (admin)
//	@Description	For good: recipients not yet sent are skipped (campaign_cancelled).
//	@Tags			campaigns
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id	path		string	true	"campaign id"
//	@Success		200	{object}	Campaign
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/campaigns/{id}/cancel [post]
func (s *Server) cancelCampaign(c echo.Context) error {
	return s.campaignAction(c, s.Campaigns.Cancel)
}

func (s *Server) campaignAction(c echo.Context, act func(ctx context.Context, a identity.Actor, id string) (campaign.View, error)) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	v, err := act(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCampaign(v))
}

// listCampaignRecipients godoc
//
//	@Summary		A campaign's recipients and their results
//	@Description	Ordered by patient; volunteers see only the patients assigned to them.
//	@Tags			campaigns
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			id			path		string	true	"campaign id"
//	@Param			status		query		string	false	"only recipients in this status"	Enums(pending,queued,sending,sent,delivered,read,failed,skipped)
//	@Param			variant		query		string	false	"only recipients of this variant"
//	@Param			page		query		int		false	"page (from 1)"	minimum(1)	maximum(1000000)
//	@Param			per_page	query		int		false	"page size"		minimum(1)	maximum(100)
//	@Success		200			{object}	CampaignRecipientList
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Router			/api/v1/campaigns/{id}/recipients [get]
func (s *Server) listCampaignRecipients(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	pg, per, err := paging(c)
	if err != nil {
		return err
	}
	rows, total, err := s.Campaigns.Recipients(c.Request().Context(), a, id, campaign.RecipientFilter{Status: c.QueryParam("status"),
		Variant: c.QueryParam("variant"), Page: pg, PerPage: per})
	if err != nil {
		return err
	}
	out := CampaignRecipientList{Data: make([]CampaignRecipient, 0, len(rows)), Page: Page{Page: pg, PerPage: per, Total: total}}
	for _, r := range rows {
		out.Data = append(out.Data, CampaignRecipient{PatientID: r.PatientID, PatientName: r.PatientName, MessageID: r.MessageID,
			Status: r.Status, SkipReason: r.SkipReason, Variant: r.Variant, Channel: r.Channel, ErrorCode: r.ErrorCode, SentAt: timePtr(r.SentAt)})
	}
	return c.JSON(http.StatusOK, out)
}
