package flow

import (
	"strconv"

	"github.com/prima-health/prima/internal/platform/errs"
)

// LinearStep is one step of the legacy linear form: on Day (relative to day
// 0) at TimeOfDay ("HH:MM", the patient's zone), do Action. Action is
// {"type":"send_message","template_id"|"message","channel_order"?}, or a
// notify_staff or update_patient action with that node's data.
type LinearStep struct {
	Day       int            `json:"day"`
	TimeOfDay string         `json:"time_of_day"`
	Action    map[string]any `json:"action"`
}

// MaxLinearSteps is how many steps the linear form holds.
const MaxLinearSteps = 100

// LinearActions are the action types the linear form allows.
var LinearActions = []string{TypeSendMessage, TypeNotifyStaff, TypeUpdatePatient}

// linearSpacing is the vertical distance between the nodes FromSteps lays out.
const linearSpacing = 120

// FromSteps turns the linear form into its graph: trigger → delay → action →
// delay → action … → end. Step i (from 1) becomes the nodes "s<i>_delay" and
// "s<i>"; the trigger is "trigger" and the last node "end". Days must not
// decrease, nor times within one day. Problems are named
// "steps[<index>].day", "steps[<index>].action.template_id" and so on.
func FromSteps(steps []LinearStep) (Graph, errs.Fields) {
	var fe errs.Fields
	switch {
	case len(steps) == 0:
		fe.AddCode("steps", errs.CodeRequired, "must name at least one step")
		return Graph{}, fe
	case len(steps) > MaxLinearSteps:
		fe.AddCode("steps", errs.CodeTooMany, "must hold at most "+strconv.Itoa(MaxLinearSteps)+" steps")
		return Graph{}, fe
	}
	b := &builder{}
	b.node("trigger", TypeTrigger, map[string]any{})
	for i, s := range steps {
		path := "steps[" + strconv.Itoa(i) + "]"
		checkStep(steps, i, path, &fe)
		id := "s" + strconv.Itoa(i+1)
		b.node(id+"_delay", TypeDelay, map[string]any{"days": s.Day, "time_of_day": s.TimeOfDay})
		kind, data := splitAction(s.Action, path, &fe)
		b.node(id, kind, data)
	}
	b.node("end", TypeEnd, map[string]any{})
	if len(fe) > 0 {
		return Graph{}, fe
	}
	return b.g, nil
}

// checkStep checks a step's day and time, also against the step before it.
func checkStep(steps []LinearStep, i int, path string, fe *errs.Fields) {
	s := steps[i]
	if s.Day < -MaxDelayDays || s.Day > MaxDelayDays {
		fe.AddCode(path+".day", errs.CodeOutOfRange,
			"must be between "+strconv.Itoa(-MaxDelayDays)+" and "+strconv.Itoa(MaxDelayDays))
	}
	h, m, ok := clock(s.TimeOfDay)
	switch {
	case s.TimeOfDay == "":
		fe.AddCode(path+".time_of_day", errs.CodeRequired, "is required")
	case !ok:
		fe.AddCode(path+".time_of_day", errs.CodeInvalidFormat, `must be a time "HH:MM" between 00:00 and 23:59`)
	}
	if i == 0 {
		return
	}
	prev := steps[i-1]
	ph, pm, pok := clock(prev.TimeOfDay)
	switch {
	case s.Day < prev.Day:
		fe.AddCode(path+".day", errs.CodeInvalidRange, "must not be before the day of the step before it")
	case s.Day == prev.Day && ok && pok && h*60+m < ph*60+pm:
		fe.AddCode(path+".time_of_day", errs.CodeInvalidRange,
			"must not be before the time of the step before it on the same day")
	}
}

// splitAction reads a step's action as a node type and that node's data.
func splitAction(action map[string]any, path string, fe *errs.Fields) (string, map[string]any) {
	field := path + ".action"
	if action == nil {
		fe.AddCode(field, errs.CodeRequired, "is required")
		return "", nil
	}
	kind, isStr := action["type"].(string)
	switch {
	case action["type"] == nil:
		fe.AddCode(field+".type", errs.CodeRequired, "is required")
		return "", nil
	case !isStr:
		fe.AddCode(field+".type", errs.CodeInvalidType, "must be a string")
		return "", nil
	}
	r := &reader{prefix: field + ".", fe: fe}
	if !r.oneOf("type", kind, LinearActions) {
		return "", nil
	}
	data := make(map[string]any, len(action))
	for k, v := range action {
		if k != "type" {
			data[k] = deepCopy(v)
		}
	}
	checkData(Node{Type: kind, Data: data}, field+".", fe)
	return kind, data
}

// builder lays nodes out top to bottom and links each to the one before.
type builder struct{ g Graph }

func (b *builder) node(id, kind string, data map[string]any) {
	y := float64(len(b.g.Nodes) * linearSpacing)
	if n := len(b.g.Nodes); n > 0 {
		prev := b.g.Nodes[n-1].ID
		b.g.Edges = append(b.g.Edges, Edge{ID: "e" + strconv.Itoa(n), Source: prev, Target: id})
	}
	b.g.Nodes = append(b.g.Nodes, Node{ID: id, Type: kind, Data: data, Position: Position{X: 0, Y: y}})
}
