package flow

import (
	"testing"
	"time"
)

func TestConditionEval(t *testing.T) {
	stage := "II"
	env := Env{
		Patient: Patient{
			Fields: map[string]any{
				"language": "id", "gender": "female", "cancer_stage": &stage, "diagnosis": "Breast cancer, left side",
				"birth_date": time.Date(1970, 1, 31, 0, 0, 0, 0, time.UTC), "is_active": true, "external_id": nil,
				"last_visit_date": (*time.Time)(nil),
			},
			Tags:       []string{"Post-Op", "knee"},
			Attributes: map[string]any{"pain": 4.0, "ward": "B2", "allergies": []any{"latex", "penicillin"}, "room": "12"},
		},
		LastReplyIntent:   "confirm",
		LastMessageStatus: "delivered",
	}
	cases := []struct {
		subject, key, op string
		value            any
		want             bool
	}{
		{"field", "language", "eq", "ID", true},
		{"field", "language", "neq", "ko", true},
		{"field", "language", "in", []any{"ko", "id"}, true},
		{"field", "gender", "in", []any{"male"}, false},
		{"field", "cancer_stage", "eq", "ii", true},
		{"field", "diagnosis", "contains", "BREAST", true},
		{"field", "birth_date", "lt", "1980-01-01", true},
		{"field", "birth_date", "gt", "1980-01-01", false},
		{"field", "birth_date", "eq", "1970-01-31", true},
		{"field", "is_active", "eq", true, true},
		{"field", "is_active", "eq", "true", true},
		{"field", "external_id", "exists", nil, false},
		{"field", "last_visit_date", "exists", nil, false},
		{"field", "last_visit_date", "neq", "2020-01-01", true},
		{"field", "last_visit_date", "lt", "2020-01-01", false},
		{"field", "timezone", "exists", nil, false},
		{"attribute", "pain", "gt", 3.0, true},
		{"attribute", "pain", "lt", 3.0, false},
		{"attribute", "pain", "eq", "4", true},
		{"attribute", "room", "gt", 9.0, true}, // a numeric string against a number compares as numbers
		{"attribute", "ward", "gt", 9.0, false},
		{"attribute", "allergies", "contains", "LATEX", true},
		{"attribute", "allergies", "in", []any{"nuts", "penicillin"}, true},
		{"attribute", "missing", "eq", "x", false},
		{"attribute", "missing", "neq", "x", true},
		{"tag", "", "eq", "post-op", true},
		{"tag", "", "exists", "knee", true},
		{"tag", "", "neq", "knee", false},
		{"tag", "", "in", []any{"vip", "KNEE"}, true},
		{"last_reply_intent", "", "eq", "confirm", true},
		{"last_reply_intent", "", "in", []any{"not_yet", "urgent"}, false},
		{"message_status", "", "in", []any{"delivered", "read"}, true},
		{"message_status", "", "exists", nil, true},
	}
	for _, c := range cases {
		cond := Condition{Subject: c.subject, Key: c.key, Op: c.op, Value: c.value}
		if got := cond.Eval(env); got != c.want {
			t.Errorf("%s %s %s %v: %v, want %v", c.subject, c.key, c.op, c.value, got, c.want)
		}
	}
	if (Condition{Subject: "last_reply_intent", Op: "exists"}).Eval(Env{}) {
		t.Error("an execution without a reply has a last reply intent")
	}
}

// Without a reply intent from the runner, the one this execution recorded counts.
func TestLastReplyIntentFallsBackToTheContext(t *testing.T) {
	g := Graph{
		Nodes: []Node{node("t", TypeTrigger, nil), node("d", TypeDelay, map[string]any{"minutes": 5.0}),
			node("c", TypeCondition, map[string]any{"subject": "last_reply_intent", "op": "eq", "value": "question"})},
		Edges: []Edge{edge("e1", "t", "d"), edge("e2", "d", "c")},
	}
	st := State{NodeID: "d", Status: StatusWaiting, Waiting: WaitDelay, NextRunAt: new(time.Time{}), Steps: 2,
		Context: map[string]any{ContextLastReplyIntent: "question"}}
	_, _, log := Advance(g, st, Event{Kind: EventTimer}, Env{})
	if log[1].Detail != "true" {
		t.Fatalf("log %+v", log)
	}
}
