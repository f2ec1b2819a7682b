package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/intent"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/template"
	"github.com/prima-health/prima/internal/workflow/flow"
)

// Simulation script actions.
const (
	SimReply     = "reply"     // the test patient answers (Text)
	SimSkipWait  = "skip_wait" // time jumps to the end of the wait
	MaxSimScript = 50
)

// SimAction is one thing that happens in a simulation.
type SimAction struct {
	Action     string
	Text       string
	StatusCode int // a call_webhook's pretend answer on skip_wait (default 200)
}

// SimPatient is the test patient of a simulation.
type SimPatient struct {
	Name       string
	Language   string
	Timezone   string
	Tags       []string
	Attributes map[string]any
	Fields     map[string]any
}

// SimInput is a simulation: a saved workflow or a graph (or steps) to try.
type SimInput struct {
	WorkflowID string
	Graph      *flow.Graph
	Steps      []flow.LinearStep
	Patient    SimPatient
	StartAt    *time.Time
	Script     []SimAction
}

// SimMessage is a message the simulation would have sent.
type SimMessage struct {
	NodeID string
	Body   string
	At     time.Time
}

// SimEffect is something else the simulation would have done.
type SimEffect struct {
	Kind   string
	NodeID string
	Detail string
	At     time.Time
}

// SimStep is one entry of a simulated step log: a step that waited is one
// entry, finished when its wait ended.
type SimStep struct {
	flow.StepRecord
	Finished *time.Time
}

// Simulation is where a simulated execution got to, and what it did on the way.
type Simulation struct {
	State    flow.State
	Clock    time.Time
	Steps    []SimStep
	Messages []SimMessage
	Effects  []SimEffect
	Notes    []string
}

// Simulate runs the engine for a test patient with time compressed: each
// skip_wait jumps to the end of the current wait, each reply is understood by
// the same rules as a real one. Nothing is stored or sent.
func (s *Service) Simulate(ctx context.Context, a identity.Actor, in SimInput) (Simulation, error) {
	if err := requireRead(a); err != nil {
		return Simulation{}, err
	}
	var fe errs.Fields
	var g flow.Graph
	if in.WorkflowID != "" {
		w, err := s.load(ctx, s.db.Gorm, a.TenantID, in.WorkflowID)
		if err != nil {
			return Simulation{}, err
		}
		g = w.Graph.V
	} else {
		graph, gfe := graphOf(in.Graph, in.Steps, true)
		fe = append(fe, gfe...)
		if graph != nil {
			fe = append(fe, flow.Validate(*graph)...)
			g = *graph
		}
	}
	if len(in.Script) > MaxSimScript {
		fe.AddCode("script", "too_many", fmt.Sprintf("at most %d actions", MaxSimScript))
	}
	for i, act := range in.Script {
		switch act.Action {
		case SimReply:
			if n := len([]rune(act.Text)); n == 0 || n > 1000 {
				fe.AddCode(fmt.Sprintf("script[%d].text", i), "out_of_range", "a reply is 1 to 1000 characters")
			}
		case SimSkipWait:
		default:
			fe.AddCode(fmt.Sprintf("script[%d].action", i), "invalid_enum", "must be reply or skip_wait")
		}
	}
	if err := fe.Err(); err != nil {
		return Simulation{}, err
	}
	p := simPatient(in.Patient)
	var clinic string
	if err := s.db.Gorm.WithContext(ctx).Raw("SELECT name FROM tenants WHERE id = ?", a.TenantID).Scan(&clinic).Error; err != nil {
		return Simulation{}, err
	}
	w := who{patient: p, clinic: clinic, zone: zoneOf(p.Timezone)}
	now := s.now()
	if in.StartAt != nil {
		now = in.StartAt.UTC()
	}
	sim := Simulation{Clock: now}
	e := Execution{Day0: now.In(w.zone).Format(time.DateOnly), StartedAt: now}
	st := flow.State{Status: StatusRunning, Context: map[string]any{}}
	run := func(ev flow.Event) bool {
		e.Context.V = st.Context
		next, effects, steps := flow.Advance(g, st, ev, env(e, w, lastStatus(sim)))
		moved := len(steps) > 0 || next.Status != st.Status
		st = next
		sim.log(steps)
		s.simEffects(ctx, a.TenantID, w, effects, ev.At, &sim)
		return moved
	}
	run(flow.Event{Kind: flow.EventStart, At: now})
	for _, act := range in.Script {
		if flow.Final(st.Status) {
			sim.Notes = append(sim.Notes, "the execution had already ended")
			break
		}
		switch act.Action {
		case SimReply:
			r := intent.Classify(act.Text)
			sim.Clock = sim.Clock.Add(time.Minute)
			if !run(flow.Event{Kind: flow.EventReply, At: sim.Clock, Intent: r.Intent}) {
				sim.Notes = append(sim.Notes, fmt.Sprintf("the reply (%s) was not awaited here", r.Intent))
			}
		case SimSkipWait:
			switch {
			case st.Waiting == flow.WaitWebhook:
				code := act.StatusCode
				if code == 0 {
					code = 200
				}
				run(flow.Event{Kind: flow.EventWebhookResult, At: sim.Clock, StatusCode: code, Response: `{"simulated":true}`})
			case st.NextRunAt != nil:
				if st.NextRunAt.After(sim.Clock) {
					sim.Clock = *st.NextRunAt
				}
				run(flow.Event{Kind: flow.EventTimer, At: sim.Clock})
			default:
				sim.Notes = append(sim.Notes, "nothing to wait for")
			}
		}
	}
	sim.State = st
	return sim, nil
}

// log adds step records, closing the entry of a step that waited when its wait ends.
func (sim *Simulation) log(steps []flow.StepRecord) {
	for _, r := range steps {
		at := r.At
		if n := len(sim.Steps); n > 0 && r.Status != flow.StepWaiting {
			if last := &sim.Steps[n-1]; last.Status == flow.StepWaiting && last.NodeID == r.NodeID {
				last.Status, last.Finished = r.Status, &at
				if r.Detail != "" {
					last.Detail = r.Detail
				}
				continue
			}
		}
		var finished *time.Time
		if r.Status != flow.StepWaiting {
			finished = &at
		}
		sim.Steps = append(sim.Steps, SimStep{StepRecord: r, Finished: finished})
	}
}

// lastStatus pretends every simulated message was delivered.
func lastStatus(sim Simulation) string {
	if len(sim.Messages) == 0 {
		return ""
	}
	return "delivered"
}

// simEffects records what effects would have done, rendering messages.
func (s *Service) simEffects(ctx context.Context, tenantID string, w who, effects []flow.Effect, at time.Time, sim *Simulation) {
	for _, ef := range effects {
		switch ef.Kind {
		case flow.TypeSendMessage:
			body, err := s.simRender(ctx, tenantID, w, *ef.Send)
			if err != nil {
				sim.Effects = append(sim.Effects, SimEffect{Kind: "message_failed", NodeID: ef.NodeID, Detail: err.Error(), At: at})
				continue
			}
			sim.Messages = append(sim.Messages, SimMessage{NodeID: ef.NodeID, Body: body, At: at})
		case flow.TypeNotifyStaff:
			sim.Effects = append(sim.Effects, SimEffect{Kind: ef.Kind, NodeID: ef.NodeID, Detail: ef.Notify.Message, At: at})
		case flow.TypeUpdatePatient:
			b, _ := json.Marshal(ef.Update)
			sim.Effects = append(sim.Effects, SimEffect{Kind: ef.Kind, NodeID: ef.NodeID, Detail: string(b), At: at})
		case flow.TypeCallWebhook:
			sim.Effects = append(sim.Effects, SimEffect{Kind: ef.Kind, NodeID: ef.NodeID, Detail: ef.Webhook.URL, At: at})
		}
	}
}

func (s *Service) simRender(ctx context.Context, tenantID string, w who, sm flow.SendMessage) (string, error) {
	data := template.DataFromPatient(w.patient, w.clinic, nil)
	if sm.TemplateID == "" {
		return template.Render(sm.Message, data)
	}
	var tpl template.Template
	if err := s.db.Gorm.WithContext(ctx).Where("tenant_id = ? AND id = ? AND deleted_at IS NULL", tenantID, sm.TemplateID).Take(&tpl).Error; err != nil {
		return "", fmt.Errorf("the template no longer exists")
	}
	text, _, err := template.RenderFor(tpl, w.patient.Language, data)
	return text, err
}

// simPatient is the test patient, with defaults for what is not given.
func simPatient(in SimPatient) patient.Patient {
	p := patient.Patient{Name: in.Name, Language: in.Language, Timezone: in.Timezone, Tags: in.Tags, Consent: "granted", IsActive: true}
	if p.Name == "" {
		p.Name = "Test Patient"
	}
	if p.Language == "" {
		p.Language = "id"
	}
	if p.Timezone == "" {
		p.Timezone = "Asia/Jakarta"
	}
	if len(in.Attributes) > 0 {
		b, _ := json.Marshal(in.Attributes)
		p.Attributes = b
	}
	str := func(k string) string { v, _ := in.Fields[k].(string); return v }
	p.Diagnosis, p.CancerStage = str("diagnosis"), str("cancer_stage")
	if g := str("gender"); g != "" {
		p.Gender = &g
	}
	return p
}
