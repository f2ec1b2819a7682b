package flow

import (
	"encoding/json"
	"testing"

	"github.com/prima-health/prima/internal/platform/errs"
)

func TestFromStepsBuildsAValidChain(t *testing.T) {
	steps := []LinearStep{
		{Day: 1, TimeOfDay: "09:00", Action: map[string]any{"type": "send_message", "template_id": "tpl-1", "channel_order": []any{"whatsapp"}}},
		{Day: 1, TimeOfDay: "18:00", Action: map[string]any{"type": "notify_staff", "message": "check on the patient"}},
		{Day: 7, TimeOfDay: "09:00", Action: map[string]any{"type": "update_patient", "add_tags": []any{"week-1"}}},
	}
	g, fe := FromSteps(steps)
	if len(fe) != 0 {
		t.Fatalf("%+v", fe)
	}
	wantIDs := []string{"trigger", "s1_delay", "s1", "s2_delay", "s2", "s3_delay", "s3", "end"}
	if len(g.Nodes) != len(wantIDs) || len(g.Edges) != len(wantIDs)-1 {
		t.Fatalf("%d nodes, %d edges", len(g.Nodes), len(g.Edges))
	}
	for i, n := range g.Nodes {
		if n.ID != wantIDs[i] || n.Position.X != 0 || n.Position.Y != float64(i*120) {
			t.Errorf("node %d: %+v", i, n)
		}
	}
	if g.Nodes[4].Type != TypeNotifyStaff || g.Nodes[3].Data["days"] != 1 || g.Nodes[3].Data["time_of_day"] != "18:00" {
		t.Fatalf("nodes %+v", g.Nodes)
	}
	if _, hasType := g.Nodes[2].Data["type"]; hasType {
		t.Fatal("the action's type stayed in the node's data")
	}
	if fe := Validate(g); len(fe) != 0 {
		t.Fatalf("the chain is invalid: %+v", fe)
	}
	// It survives the JSON round trip a database makes.
	b, _ := json.Marshal(g)
	var back Graph
	if err := json.Unmarshal(b, &back); err != nil || len(Validate(back)) != 0 {
		t.Fatalf("round trip: %v %+v", err, Validate(back))
	}
	r := newRun(t, back, "Asia/Jakarta", utc("2026-05-10T07:00:00Z"))
	r.event(Event{Kind: EventStart, At: utc("2026-05-10T07:00:00Z")})
	r.expect(StatusWaiting, WaitDelay, utc("2026-05-11T02:00:00Z"))
	effects, _ := r.event(Event{Kind: EventTimer, At: utc("2026-05-11T02:00:00Z")})
	if len(effects) != 1 || effects[0].Send.TemplateID != "tpl-1" {
		t.Fatalf("effects %+v", effects)
	}
	r.expect(StatusWaiting, WaitDelay, utc("2026-05-11T11:00:00Z"))
}

func TestFromStepsNamesTheStep(t *testing.T) {
	send := map[string]any{"type": "send_message", "message": "hi"}
	cases := []struct {
		name  string
		steps []LinearStep
		field string
		code  string
	}{
		{"none", nil, "steps", errs.CodeRequired},
		{"too many", make([]LinearStep, MaxLinearSteps+1), "steps", errs.CodeTooMany},
		{"days go back", []LinearStep{{Day: 3, TimeOfDay: "09:00", Action: send}, {Day: 2, TimeOfDay: "09:00", Action: send}}, "steps[1].day", errs.CodeInvalidRange},
		{"time goes back", []LinearStep{{Day: 3, TimeOfDay: "09:00", Action: send}, {Day: 3, TimeOfDay: "08:00", Action: send}}, "steps[1].time_of_day", errs.CodeInvalidRange},
		{"day out of range", []LinearStep{{Day: 400, TimeOfDay: "09:00", Action: send}}, "steps[0].day", errs.CodeOutOfRange},
		{"no time", []LinearStep{{Day: 1, Action: send}}, "steps[0].time_of_day", errs.CodeRequired},
		{"bad time", []LinearStep{{Day: 1, TimeOfDay: "9am", Action: send}}, "steps[0].time_of_day", errs.CodeInvalidFormat},
		{"no action", []LinearStep{{Day: 1, TimeOfDay: "09:00"}}, "steps[0].action", errs.CodeRequired},
		{"no action type", []LinearStep{{Day: 1, TimeOfDay: "09:00", Action: map[string]any{"message": "x"}}}, "steps[0].action.type", errs.CodeRequired},
		{"delay action", []LinearStep{{Day: 1, TimeOfDay: "09:00", Action: map[string]any{"type": "delay", "minutes": 5.0}}}, "steps[0].action.type", errs.CodeInvalidEnum},
		{"bad action data", []LinearStep{{Day: 1, TimeOfDay: "09:00", Action: send}, {Day: 2, TimeOfDay: "09:00", Action: map[string]any{"type": "send_message"}}}, "steps[1].action.template_id", errs.CodeRequired},
	}
	for _, c := range cases {
		g, fe := FromSteps(c.steps)
		if !hasField(fe, c.field, c.code) || len(g.Nodes) != 0 {
			t.Errorf("%s: want %s %s, got %+v", c.name, c.field, c.code, fe)
		}
	}
}
