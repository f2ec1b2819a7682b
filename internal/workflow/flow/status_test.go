package flow

import (
	"testing"
	"time"
)

// A condition on message status right after the send waits for the message
// to settle; an unsettled status changes nothing; a settled one decides; an
// hour without news decides on what is known.
func TestConditionOnMessageStatusWaitsForTheMessage(t *testing.T) {
	g := Graph{
		Nodes: []Node{node("t", TypeTrigger, nil), node("s", TypeSendMessage, map[string]any{"message": "hi"}),
			node("c", TypeCondition, map[string]any{"subject": "message_status", "op": "eq", "value": "delivered"}),
			node("yes", TypeEnd, nil), node("no", TypeNotifyStaff, map[string]any{"message": "not delivered"})},
		Edges: []Edge{edge("e1", "t", "s"), edge("e2", "s", "c"), edge("e3", "c", "yes", HandleTrue), edge("e4", "c", "no", HandleFalse)},
	}
	if fe := Validate(g); len(fe) > 0 {
		t.Fatal(fe)
	}
	at := time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)
	st, _, _ := Advance(g, State{}, Event{Kind: EventStart, At: at}, Env{})
	if st.Status != StatusWaiting || st.Waiting != WaitStatus || st.NodeID != "c" || !st.NextRunAt.Equal(at.Add(StatusWaitLimit)) {
		t.Fatalf("after the send: %+v", st)
	}
	if next, effects, log := Advance(g, st, Event{Kind: EventMessageStatus, At: at.Add(time.Minute)}, Env{LastMessageStatus: "sending"}); next.Status != st.Status || effects != nil || log != nil {
		t.Fatalf("an unsettled status moved it: %+v", next)
	}
	if next, _, log := Advance(g, st, Event{Kind: EventMessageStatus, At: at.Add(time.Minute)}, Env{LastMessageStatus: "delivered"}); next.Status != StatusCompleted || log[0].Detail != HandleTrue {
		t.Fatalf("delivered: %+v %+v", next, log)
	}
	if next, effects, _ := Advance(g, st, Event{Kind: EventMessageStatus, At: at.Add(time.Minute)}, Env{LastMessageStatus: "failed"}); len(effects) != 1 || effects[0].Kind != TypeNotifyStaff || next.Status != StatusCompleted {
		t.Fatalf("failed: %+v %+v", next, effects)
	}
	if next, _, _ := Advance(g, st, Event{Kind: EventTimer, At: at.Add(30 * time.Minute)}, Env{LastMessageStatus: "queued"}); next.Status != StatusWaiting {
		t.Fatalf("a timer before the limit: %+v", next)
	}
	if next, effects, _ := Advance(g, st, Event{Kind: EventTimer, At: at.Add(StatusWaitLimit)}, Env{LastMessageStatus: "queued"}); len(effects) != 1 || next.Status != StatusCompleted {
		t.Fatalf("after the limit: %+v %+v", next, effects)
	}
}
