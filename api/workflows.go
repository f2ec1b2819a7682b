package api

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/workflow"
)

// listWorkflows godoc
//
//	@Summary		List workflows
//	@Description	Every member of the tenant reads its workflows, newest first. `search` matches the name.
//	@Tags			workflows
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			search			query		string	false	"name contains"
//	@Param			is_active		query		bool	false	"only active (true) or inactive (false)"
//	@Param			trigger_type	query		string	false	"trigger type"	Enums(post_surgery,appointment,patient_created,webhook,schedule,inbound_keyword,manual)
//	@Param			page			query		int		false	"page (from 1)"	minimum(1)	maximum(1000000)
//	@Param			per_page		query		int		false	"page size"		minimum(1)	maximum(100)
//	@Success		200				{object}	WorkflowList
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Router			/api/v1/workflows [get]
func (s *Server) listWorkflows(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	lq, err := listParams(c)
	if err != nil {
		return err
	}
	if err := checkSort(lq.Sort, "-created_at"); err != nil {
		return err
	}
	active, err := queryBool(c, "is_active")
	if err != nil {
		return err
	}
	rows, total, err := s.Workflows.List(c.Request().Context(), a, workflow.Filter{Active: active, TriggerType: c.QueryParam("trigger_type"),
		Search: c.QueryParam("search"), Page: lq.Page, PerPage: lq.PerPage})
	if err != nil {
		return err
	}
	out := WorkflowList{Data: make([]Workflow, 0, len(rows)), Page: Page{Page: lq.Page, PerPage: lq.PerPage, Total: total}}
	for _, w := range rows {
		out.Data = append(out.Data, toWorkflowDTO(w, a.IsAdmin()))
	}
	return c.JSON(http.StatusOK, out)
}

// createWorkflow godoc
//
//	@Summary		Create a workflow (admin)
//	@Description	Give `graph` (nodes and edges, SPEC shape) or, instead, the linear `steps` (stored and returned as the equivalent graph). The workflow starts inactive at version 1 with a fresh `signing_secret`. Validation errors name the node: `graph.nodes[<node id>].data.minutes`. Send an Idempotency-Key to make retries safe.
//	@Tags			workflows
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			Idempotency-Key	header		string			false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		WorkflowInput	true	"the workflow"
//	@Success		201				{object}	Workflow
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/workflows [post]
func (s *Server) createWorkflow(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req WorkflowInput
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	w, err := s.Workflows.Create(c.Request().Context(), a, workflow.Input{Name: req.Name, Description: req.Description,
		Trigger: req.Trigger.toTrigger(), Graph: req.Graph.toGraph(), Steps: toLinear(req.Steps)})
	if err != nil {
		return err
	}
	return created(c, toWorkflowDTO(w, a.IsAdmin()))
}

// validateWorkflow godoc
//
//	@Summary		Check a workflow without saving it
//	@Description	The checks saving makes: exactly one trigger, every node reachable, handles valid for their node, conditions well formed, no cycle without a delay or a wait, at most 200 nodes, templates of the tenant. 400 names each problem's node: `graph.nodes[<node id>]…`.
//	@Tags			workflows
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			body	body		WorkflowValidateRequest	true	"trigger and graph (or steps)"
//	@Success		200		{object}	WorkflowValidation
//	@Failure		400		{object}	Problem
//	@Failure		401		{object}	Problem
//	@Failure		403		{object}	Problem
//	@Failure		413		{object}	Problem
//	@Failure		415		{object}	Problem
//	@Router			/api/v1/workflows/validate [post]
func (s *Server) validateWorkflow(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req WorkflowValidateRequest
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := s.Workflows.Validate(c.Request().Context(), a, req.Trigger.toTrigger(), req.Graph.toGraph(), toLinear(req.Steps)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, WorkflowValidation{Valid: true})
}

// getWorkflow godoc
//
//	@Summary	One workflow
//	@Tags		workflows
//	@Produce	json
//	@Security	BearerAuth
//	@x-required-scope	"read"
//	@Param		id	path		string	true	"workflow id"
//	@Success	200	{object}	Workflow
//	@Failure	401	{object}	Problem
//	@Failure	403	{object}	Problem
//	@Failure	404	{object}	Problem
//	@Router		/api/v1/workflows/{id} [get]
func (s *Server) getWorkflow(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	w, err := s.Workflows.Get(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toWorkflowDTO(w, a.IsAdmin()))
}

// updateWorkflow godoc
//
//	@Summary		Change a workflow (admin)
//	@Description	Absent fields stay. A new trigger, graph or steps make a new version: executions already running finish on the version they started with. Send `version` (or If-Match) to refuse stale writes with 409.
//	@Tags			workflows
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id			path		string			true	"workflow id"
//	@Param			If-Match	header		string			false	"the version the change is based on, e.g. \"3\""
//	@Param			body		body		WorkflowPatch	true	"changes"
//	@Success		200			{object}	Workflow
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Router			/api/v1/workflows/{id} [patch]
func (s *Server) updateWorkflow(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var req WorkflowPatch
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	p := workflow.Patch{Name: req.Name, Description: req.Description, Graph: req.Graph.toGraph(), Steps: toLinear(req.Steps), Version: req.Version}
	if req.Trigger != nil {
		t := req.Trigger.toTrigger()
		p.Trigger = &t
	}
	if err := applyIfMatch(c, &p.Version); err != nil {
		return err
	}
	w, err := s.Workflows.Update(c.Request().Context(), a, id, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toWorkflowDTO(w, a.IsAdmin()))
}

// deleteWorkflow godoc
//
//	@Summary		Delete a workflow (admin)
//	@Description	Removes the workflow and cancels its executions that have not ended; their step logs stay.
//	@Tags			workflows
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id			path	string	true	"workflow id"
//	@Param			If-Match	header	string	false	"the version the deletion is based on; a stale one is 409"
//	@Success		204
//	@Failure		400	{object}	Problem
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/workflows/{id} [delete]
func (s *Server) deleteWorkflow(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	if err := s.Workflows.Delete(c.Request().Context(), a, id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// activateWorkflow godoc
//
//	@Summary		Activate a workflow (admin)
//	@Description	From now on its trigger starts executions: events before activation (patients created, surgeries completed) start nothing.
//	@Tags			workflows
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id	path		string	true	"workflow id"
//	@Success		200	{object}	Workflow
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/workflows/{id}/activate [post]
func (s *Server) activateWorkflow(c echo.Context) error { return s.setWorkflowActive(c, true) }

// deactivateWorkflow godoc
//
//	@Summary		Deactivate a workflow (admin)
//	@Description	Nothing new starts; executions already running go on to their end (cancel them one by one to stop them).
//	@Tags			workflows
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id	path		string	true	"workflow id"
//	@Success		200	{object}	Workflow
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/workflows/{id}/deactivate [post]
func (s *Server) deactivateWorkflow(c echo.Context) error { return s.setWorkflowActive(c, false) }

func (s *Server) setWorkflowActive(c echo.Context, active bool) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	w, err := s.Workflows.SetActive(c.Request().Context(), a, id, active)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toWorkflowDTO(w, a.IsAdmin()))
}

// runWorkflow godoc
//
//	@Summary		Start a workflow for chosen patients
//	@Description	Starts the active workflow now for each patient (at most 500; volunteers only their own patients), one execution per patient. Send an Idempotency-Key: a retried request then starts nothing twice.
//	@Tags			workflows
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"send"
//	@Param			Idempotency-Key	header		string				false	"replays the first response for the same key and body (24 h)"
//	@Param			id				path		string				true	"workflow id"
//	@Param			body			body		WorkflowRunRequest	true	"patients"
//	@Success		201				{object}	WorkflowRunResult
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		404				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Router			/api/v1/workflows/{id}/run [post]
func (s *Server) runWorkflow(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var req WorkflowRunRequest
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	runID := strings.TrimSpace(c.Request().Header.Get("Idempotency-Key"))
	if runID == "" || len(runID) > 200 {
		runID = ids.New()
	}
	out, err := s.Workflows.RunFor(c.Request().Context(), a, id, req.PatientIDs, runID)
	if err != nil {
		return err
	}
	if out == nil {
		out = []string{}
	}
	return created(c, WorkflowRunResult{ExecutionIDs: out})
}

// listWorkflowExecutions godoc
//
//	@Summary		List workflow executions
//	@Description	Newest first, without step logs; volunteers see their own patients'.
//	@Tags			workflows
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			workflow_id	query		string	false	"of this workflow"
//	@Param			patient_id	query		string	false	"for this patient"
//	@Param			status		query		string	false	"status"		Enums(running,waiting,completed,failed,cancelled)
//	@Param			page		query		int		false	"page (from 1)"	minimum(1)	maximum(1000000)
//	@Param			per_page	query		int		false	"page size"		minimum(1)	maximum(100)
//	@Success		200			{object}	WorkflowExecutionList
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Router			/api/v1/workflow-executions [get]
func (s *Server) listWorkflowExecutions(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	lq, err := listParams(c)
	if err != nil {
		return err
	}
	if err := checkSort(lq.Sort, "-started_at"); err != nil {
		return err
	}
	rows, total, err := s.Workflows.Executions(c.Request().Context(), a, workflow.ExecutionFilter{WorkflowID: c.QueryParam("workflow_id"),
		PatientID: c.QueryParam("patient_id"), Status: c.QueryParam("status"), Page: lq.Page, PerPage: lq.PerPage})
	if err != nil {
		return err
	}
	out := WorkflowExecutionList{Data: make([]WorkflowExecution, 0, len(rows)), Page: Page{Page: lq.Page, PerPage: lq.PerPage, Total: total}}
	for _, e := range rows {
		out.Data = append(out.Data, toExecutionDTO(e, nil))
	}
	return c.JSON(http.StatusOK, out)
}

// getWorkflowExecution godoc
//
//	@Summary	One workflow execution with its step log
//	@Tags		workflows
//	@Produce	json
//	@Security	BearerAuth
//	@x-required-scope	"read"
//	@Param		id	path		string	true	"execution id"
//	@Success	200	{object}	WorkflowExecution
//	@Failure	401	{object}	Problem
//	@Failure	403	{object}	Problem
//	@Failure	404	{object}	Problem
//	@Router		/api/v1/workflow-executions/{id} [get]
func (s *Server) getWorkflowExecution(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	e, err := s.Workflows.GetExecution(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toExecutionDTO(e.Execution, orNoSteps(e.Steps)))
}

// cancelWorkflowExecution godoc
//
//	@Summary		Cancel a workflow execution
//	@Description	Stops it at once: nothing more of it is sent, whatever timer or reply comes later. An execution that has ended is 409.
//	@Tags			workflows
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id	path		string	true	"execution id"
//	@Success		200	{object}	WorkflowExecution
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/workflow-executions/{id}/cancel [post]
func (s *Server) cancelWorkflowExecution(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	e, err := s.Workflows.Cancel(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toExecutionDTO(e.Execution, orNoSteps(e.Steps)))
}

func orNoSteps(s []workflow.Step) []workflow.Step {
	if s == nil {
		return []workflow.Step{}
	}
	return s
}
