package api

import (
	"time"

	"github.com/prima-health/prima/internal/workflow"
	"github.com/prima-health/prima/internal/workflow/flow"
)

// WorkflowSegment chooses the patients of a schedule trigger.
type WorkflowSegment struct {
	TagsAny  []string `json:"tags_any,omitempty"`
	TagsAll  []string `json:"tags_all,omitempty"`
	Language *string  `json:"language,omitempty" enums:"id,ko,en" extensions:"x-nullable"`
}

// WorkflowTrigger is what starts a workflow. post_surgery: an appointment
// marked completed (optionally only of surgery_type; day 0 is its date);
// appointment: every scheduled appointment (day 0 is its date; delays with
// negative days come before it; it moves with the appointment and stops when
// cancelled); patient_created; webhook (an inbound webhook bound to the
// workflow); schedule (cron or rrule, in each patient's zone, over segment);
// inbound_keyword (a patient's message that is, or begins with, a keyword);
// manual (POST /workflows/{id}/run).
type WorkflowTrigger struct {
	Type        string           `json:"type" enums:"post_surgery,appointment,patient_created,webhook,schedule,inbound_keyword,manual" example:"post_surgery"`
	SurgeryType *string          `json:"surgery_type" example:"mastectomy" extensions:"x-nullable"`
	WebhookID   *string          `json:"webhook_id" extensions:"x-nullable"`
	Cron        *string          `json:"cron" example:"0 9 * * 1" extensions:"x-nullable,x-example-omit"`
	RRule       *string          `json:"rrule" example:"FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0" extensions:"x-nullable,x-example-omit"`
	Segment     *WorkflowSegment `json:"segment" extensions:"x-nullable"`
	Keywords    []string         `json:"keywords"`
}

// WorkflowPosition is where the editor draws a node.
type WorkflowPosition struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// WorkflowNode is one step of the graph. data by type — send_message
// {template_id | message, channel_order}; delay {minutes} or {days,
// time_of_day}; wait_for_reply {timeout_minutes, intents}; condition
// {subject, key, op, value}; update_patient {add_tags, remove_tags, set};
// notify_staff {message}; call_webhook {url, body}; trigger and end {}. The
// editor may keep a "label" in data.
type WorkflowNode struct {
	ID       string           `json:"id" example:"n2"`
	Type     string           `json:"type" enums:"trigger,send_message,delay,wait_for_reply,condition,update_patient,notify_staff,call_webhook,end" example:"send_message"`
	Data     map[string]any   `json:"data"`
	Position WorkflowPosition `json:"position"`
}

// WorkflowEdge joins two nodes; source_handle is "true"/"false" from a
// condition, "reply"/"timeout" from a wait_for_reply, null otherwise.
type WorkflowEdge struct {
	ID           string  `json:"id" example:"e1"`
	Source       string  `json:"source" example:"n1"`
	Target       string  `json:"target" example:"n2"`
	SourceHandle *string `json:"source_handle" enums:"true,false,reply,timeout" extensions:"x-nullable"`
}

// WorkflowGraph is the visual form of a workflow (React Flow's nodes and edges).
type WorkflowGraph struct {
	Nodes []WorkflowNode `json:"nodes"`
	Edges []WorkflowEdge `json:"edges"`
}

// WorkflowLinearStep is one step of the linear form: on day (after day 0) at
// time_of_day in the patient's zone, do action ({"type":"send_message",
// "template_id"|"message"}, or notify_staff / update_patient).
type WorkflowLinearStep struct {
	Day       int            `json:"day" example:"1"`
	TimeOfDay string         `json:"time_of_day" example:"09:00"`
	Action    map[string]any `json:"action"`
}

// Workflow is a workflow with its trigger and graph. signing_secret signs its
// call_webhook requests (Standard Webhooks); only admins see it.
type Workflow struct {
	ID            string          `json:"id"`
	Name          string          `json:"name" example:"Post-surgery follow-up"`
	Description   string          `json:"description"`
	IsActive      bool            `json:"is_active"`
	ActivatedAt   *time.Time      `json:"activated_at" extensions:"x-nullable"`
	Version       int             `json:"version" example:"3"`
	SigningSecret *string         `json:"signing_secret,omitempty" example:"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"`
	Trigger       WorkflowTrigger `json:"trigger"`
	Graph         WorkflowGraph   `json:"graph"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
}

// WorkflowList is a page of workflows.
type WorkflowList struct {
	Data []Workflow `json:"data"`
	Page
}

// WorkflowInput creates a workflow from a graph or, instead, linear steps.
type WorkflowInput struct {
	Name        string               `json:"name" example:"Post-surgery follow-up"`
	Description string               `json:"description,omitempty"`
	Trigger     WorkflowTrigger      `json:"trigger"`
	Graph       *WorkflowGraph       `json:"graph,omitempty"`
	Steps       []WorkflowLinearStep `json:"steps,omitempty" extensions:"x-example-omit"`
}

// WorkflowPatch changes a workflow: absent fields stay. A new trigger, graph
// or steps make a new version; executions already running finish on theirs.
type WorkflowPatch struct {
	Name        *string              `json:"name,omitempty"`
	Description *string              `json:"description,omitempty"`
	Trigger     *WorkflowTrigger     `json:"trigger,omitempty"`
	Graph       *WorkflowGraph       `json:"graph,omitempty"`
	Steps       []WorkflowLinearStep `json:"steps,omitempty" extensions:"x-example-omit"`
	Version     *int                 `json:"version,omitempty" example:"3"`
}

// WorkflowValidateRequest is a trigger and a graph (or steps) to check.
type WorkflowValidateRequest struct {
	Trigger WorkflowTrigger      `json:"trigger"`
	Graph   *WorkflowGraph       `json:"graph,omitempty"`
	Steps   []WorkflowLinearStep `json:"steps,omitempty" extensions:"x-example-omit"`
}

// WorkflowValidation says the workflow would save.
type WorkflowValidation struct {
	Valid bool `json:"valid" example:"true"`
}

// WorkflowRunRequest starts a workflow for chosen patients.
type WorkflowRunRequest struct {
	PatientIDs []string `json:"patient_ids" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f71"`
}

// WorkflowRunResult is the executions a run started, one per patient.
type WorkflowRunResult struct {
	ExecutionIDs []string `json:"execution_ids"`
}

// WorkflowStep is one entry of an execution's step log.
type WorkflowStep struct {
	NodeID     string     `json:"node_id" example:"n2"`
	Type       string     `json:"type" example:"send_message"`
	Status     string     `json:"status" enums:"done,waiting,skipped,failed" example:"done"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at" extensions:"x-nullable"`
	MessageID  *string    `json:"message_id" extensions:"x-nullable"`
	Detail     *string    `json:"detail" extensions:"x-nullable"`
}

// WorkflowExecution is one run of a workflow version for one patient; steps
// is its step log (in GET /workflow-executions/{id} and after cancel).
type WorkflowExecution struct {
	ID              string         `json:"id"`
	WorkflowID      string         `json:"workflow_id"`
	WorkflowVersion int            `json:"workflow_version" example:"3"`
	PatientID       string         `json:"patient_id"`
	PatientName     string         `json:"patient_name" example:"Siti Rahmawati"`
	TriggerEventID  string         `json:"trigger_event_id" example:"appointment:0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f80"`
	Status          string         `json:"status" enums:"running,waiting,completed,failed,cancelled" example:"waiting"`
	CurrentNodeID   string         `json:"current_node_id" example:"n3"`
	Waiting         string         `json:"waiting" enums:",delay,reply,webhook,message_status"`
	NextRunAt       *time.Time     `json:"next_run_at" extensions:"x-nullable"`
	Context         map[string]any `json:"context"`
	StartedAt       time.Time      `json:"started_at"`
	FinishedAt      *time.Time     `json:"finished_at" extensions:"x-nullable"`
	Steps           []WorkflowStep `json:"steps,omitempty"`
}

// WorkflowExecutionList is a page of executions (without their step logs).
type WorkflowExecutionList struct {
	Data []WorkflowExecution `json:"data"`
	Page
}

func toTriggerDTO(t workflow.Trigger) WorkflowTrigger {
	out := WorkflowTrigger{Type: t.Type, SurgeryType: t.SurgeryType, WebhookID: t.WebhookID, Cron: t.Cron, RRule: t.RRule, Keywords: t.Keywords}
	if out.Keywords == nil {
		out.Keywords = []string{}
	}
	if t.Segment != nil {
		out.Segment = &WorkflowSegment{TagsAny: t.Segment.TagsAny, TagsAll: t.Segment.TagsAll, Language: t.Segment.Language}
	}
	return out
}

func (t WorkflowTrigger) toTrigger() workflow.Trigger {
	out := workflow.Trigger{Type: t.Type, SurgeryType: t.SurgeryType, WebhookID: t.WebhookID, Cron: t.Cron, RRule: t.RRule, Keywords: t.Keywords}
	if t.Segment != nil {
		out.Segment = &workflow.Segment{TagsAny: t.Segment.TagsAny, TagsAll: t.Segment.TagsAll, Language: t.Segment.Language}
	}
	return out
}

func toGraphDTO(g flow.Graph) WorkflowGraph {
	out := WorkflowGraph{Nodes: make([]WorkflowNode, 0, len(g.Nodes)), Edges: make([]WorkflowEdge, 0, len(g.Edges))}
	for _, n := range g.Nodes {
		data := n.Data
		if data == nil {
			data = map[string]any{}
		}
		out.Nodes = append(out.Nodes, WorkflowNode{ID: n.ID, Type: n.Type, Data: data, Position: WorkflowPosition{X: n.Position.X, Y: n.Position.Y}})
	}
	for _, e := range g.Edges {
		out.Edges = append(out.Edges, WorkflowEdge{ID: e.ID, Source: e.Source, Target: e.Target, SourceHandle: e.SourceHandle})
	}
	return out
}

func (g *WorkflowGraph) toGraph() *flow.Graph {
	if g == nil {
		return nil
	}
	out := flow.Graph{Nodes: make([]flow.Node, 0, len(g.Nodes)), Edges: make([]flow.Edge, 0, len(g.Edges))}
	for _, n := range g.Nodes {
		out.Nodes = append(out.Nodes, flow.Node{ID: n.ID, Type: n.Type, Data: n.Data, Position: flow.Position{X: n.Position.X, Y: n.Position.Y}})
	}
	for _, e := range g.Edges {
		out.Edges = append(out.Edges, flow.Edge{ID: e.ID, Source: e.Source, Target: e.Target, SourceHandle: e.SourceHandle})
	}
	return &out
}

func toLinear(steps []WorkflowLinearStep) []flow.LinearStep {
	if steps == nil {
		return nil
	}
	out := make([]flow.LinearStep, 0, len(steps))
	for _, s := range steps {
		out = append(out, flow.LinearStep{Day: s.Day, TimeOfDay: s.TimeOfDay, Action: s.Action})
	}
	return out
}

func toWorkflowDTO(w workflow.Workflow, admin bool) Workflow {
	out := Workflow{ID: w.ID, Name: w.Name, Description: w.Description, IsActive: w.IsActive, ActivatedAt: timePtr(w.ActivatedAt),
		Version: w.Version, Trigger: toTriggerDTO(w.Trigger.V), Graph: toGraphDTO(w.Graph.V), CreatedAt: w.CreatedAt.UTC(), UpdatedAt: w.UpdatedAt.UTC()}
	if admin {
		secret := w.SigningSecret
		out.SigningSecret = &secret
	}
	return out
}

func toExecutionDTO(e workflow.Execution, steps []workflow.Step) WorkflowExecution {
	ctx := e.Context.V
	if ctx == nil {
		ctx = map[string]any{}
	}
	out := WorkflowExecution{ID: e.ID, WorkflowID: e.WorkflowID, WorkflowVersion: e.WorkflowVersion, PatientID: e.PatientID,
		PatientName: e.PatientName, TriggerEventID: e.TriggerEventID, Status: e.Status, CurrentNodeID: e.CurrentNodeID, Waiting: e.Waiting,
		NextRunAt: timePtr(e.NextRunAt), Context: ctx, StartedAt: e.StartedAt.UTC(), FinishedAt: timePtr(e.FinishedAt)}
	if steps != nil {
		out.Steps = make([]WorkflowStep, 0, len(steps))
		for _, s := range steps {
			out.Steps = append(out.Steps, WorkflowStep{NodeID: s.NodeID, Type: s.Type, Status: s.Status, StartedAt: s.StartedAt.UTC(),
				FinishedAt: timePtr(s.FinishedAt), MessageID: s.MessageID, Detail: s.Detail})
		}
	}
	return out
}
