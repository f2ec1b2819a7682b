package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/workflow"
)

// WorkflowSimPatient is the simulation's test patient (defaults: "Test
// Patient", Indonesian, Asia/Jakarta, consent granted).
type WorkflowSimPatient struct {
	Name       string         `json:"name,omitempty" example:"Siti Rahmawati"`
	Language   string         `json:"language,omitempty" enums:"id,ko,en" example:"id"`
	Timezone   string         `json:"timezone,omitempty" example:"Asia/Jakarta"`
	Tags       []string       `json:"tags,omitempty"`
	Attributes map[string]any `json:"attributes,omitempty"`
	Fields     map[string]any `json:"fields,omitempty"`
}

// WorkflowSimAction is one thing that happens: the patient replies (text),
// or time skips to the end of the current wait (a call_webhook step gets
// status_code, default 200, and nothing is called).
type WorkflowSimAction struct {
	Action     string `json:"action" enums:"reply,skip_wait" example:"skip_wait"`
	Text       string `json:"text,omitempty" example:"sudah, lukanya baik"`
	StatusCode int    `json:"status_code,omitempty" example:"200"`
}

// WorkflowSimulateRequest runs a saved workflow (workflow_id) or a graph (or
// steps) for a test patient.
type WorkflowSimulateRequest struct {
	WorkflowID string               `json:"workflow_id,omitempty"`
	Graph      *WorkflowGraph       `json:"graph,omitempty"`
	Steps      []WorkflowLinearStep `json:"steps,omitempty" extensions:"x-example-omit"`
	Patient    WorkflowSimPatient   `json:"patient,omitempty"`
	StartAt    *time.Time           `json:"start_at,omitempty"`
	Script     []WorkflowSimAction  `json:"script,omitempty"`
}

// WorkflowSimMessage is a message the simulation would have sent.
type WorkflowSimMessage struct {
	NodeID string    `json:"node_id"`
	Body   string    `json:"body"`
	At     time.Time `json:"at"`
}

// WorkflowSimEffect is anything else it would have done (notify_staff,
// update_patient, call_webhook, message_failed).
type WorkflowSimEffect struct {
	Kind   string    `json:"kind" example:"notify_staff"`
	NodeID string    `json:"node_id"`
	Detail string    `json:"detail"`
	At     time.Time `json:"at"`
}

// WorkflowSimulation is where the simulated execution got to and its step log.
type WorkflowSimulation struct {
	Status        string               `json:"status" enums:"running,waiting,completed,failed,cancelled"`
	CurrentNodeID string               `json:"current_node_id"`
	Waiting       string               `json:"waiting" enums:",delay,reply,webhook,message_status"`
	NextRunAt     *time.Time           `json:"next_run_at" extensions:"x-nullable"`
	Clock         time.Time            `json:"clock"`
	Steps         []WorkflowStep       `json:"steps"`
	Messages      []WorkflowSimMessage `json:"messages"`
	Effects       []WorkflowSimEffect  `json:"effects"`
	Notes         []string             `json:"notes"`
}

// simulateWorkflow godoc
//
//	@Summary		Simulate a workflow
//	@Description	Runs the engine for a test patient with time compressed: each `skip_wait` jumps to the end of the current wait, each `reply` is understood by the same rules as a patient's message. Nothing is stored and nothing is sent. Send the whole script each time (add an action and run again).
//	@Tags			workflows
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			body	body		WorkflowSimulateRequest	true	"what to run"
//	@Success		200		{object}	WorkflowSimulation
//	@Failure		400		{object}	Problem
//	@Failure		401		{object}	Problem
//	@Failure		403		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		413		{object}	Problem
//	@Failure		415		{object}	Problem
//	@Router			/api/v1/workflows/simulate [post]
func (s *Server) simulateWorkflow(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req WorkflowSimulateRequest
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	in := workflow.SimInput{WorkflowID: req.WorkflowID, Graph: req.Graph.toGraph(), Steps: toLinear(req.Steps), StartAt: req.StartAt,
		Patient: workflow.SimPatient{Name: req.Patient.Name, Language: req.Patient.Language, Timezone: req.Patient.Timezone,
			Tags: req.Patient.Tags, Attributes: req.Patient.Attributes, Fields: req.Patient.Fields}}
	for _, act := range req.Script {
		in.Script = append(in.Script, workflow.SimAction{Action: act.Action, Text: act.Text, StatusCode: act.StatusCode})
	}
	sim, err := s.Workflows.Simulate(c.Request().Context(), a, in)
	if err != nil {
		return err
	}
	out := WorkflowSimulation{Status: sim.State.Status, CurrentNodeID: sim.State.NodeID, Waiting: sim.State.Waiting,
		NextRunAt: timePtr(sim.State.NextRunAt), Clock: sim.Clock.UTC(), Steps: []WorkflowStep{}, Messages: []WorkflowSimMessage{},
		Effects: []WorkflowSimEffect{}, Notes: sim.Notes}
	if out.Notes == nil {
		out.Notes = []string{}
	}
	for _, st := range sim.Steps {
		at := st.At.UTC()
		out.Steps = append(out.Steps, WorkflowStep{NodeID: st.NodeID, Type: st.Type, Status: st.Status, StartedAt: at,
			FinishedAt: timePtr(st.Finished), Detail: optionalText(st.Detail)})
	}
	for _, m := range sim.Messages {
		out.Messages = append(out.Messages, WorkflowSimMessage{NodeID: m.NodeID, Body: m.Body, At: m.At.UTC()})
	}
	for _, e := range sim.Effects {
		out.Effects = append(out.Effects, WorkflowSimEffect{Kind: e.Kind, NodeID: e.NodeID, Detail: e.Detail, At: e.At.UTC()})
	}
	return c.JSON(http.StatusOK, out)
}

func optionalText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
