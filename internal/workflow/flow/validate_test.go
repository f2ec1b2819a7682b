package flow

import (
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/errs"
)

func TestValidGraphsPass(t *testing.T) {
	for name, g := range map[string]Graph{
		"post-surgery": postSurgery(),
		"trigger only": {Nodes: []Node{node("t", TypeTrigger, nil)}},
		"loop through a wait": {
			Nodes: []Node{node("t", TypeTrigger, nil), node("w", TypeWaitForReply, map[string]any{"timeout_minutes": 60.0}),
				node("s", TypeSendMessage, map[string]any{"message": "again?"})},
			Edges: []Edge{edge("e1", "t", "s"), edge("e2", "s", "w"), edge("e3", "w", "s", "timeout")},
		},
		"empty handle string": {
			Nodes: []Node{node("t", TypeTrigger, nil), node("end", TypeEnd, nil)},
			Edges: []Edge{edge("e1", "t", "end", "")},
		},
	} {
		if fe := Validate(g); len(fe) != 0 {
			t.Errorf("%s: %+v", name, fe)
		}
	}
}

// Each case breaks one rule of the post-surgery graph; the error names the culprit.
func TestValidateNamesTheNodeOrEdge(t *testing.T) {
	cases := []struct {
		name   string
		change func(g *Graph)
		field  string
		code   string
	}{
		{"no trigger", func(g *Graph) { g.Nodes[0].Type = TypeEnd; g.Edges = g.Edges[1:] }, "graph.nodes", errs.CodeRequired},
		{"second trigger", func(g *Graph) { g.Nodes = append(g.Nodes, node("t2", TypeTrigger, nil)) }, "graph.nodes[t2]", errs.CodeDuplicate},
		{"empty node id", func(g *Graph) { g.Nodes = append(g.Nodes, node("", TypeEnd, nil)) }, "graph.nodes[#9].id", errs.CodeRequired},
		{"long node id", func(g *Graph) { g.Nodes[8].ID = strings.Repeat("n", 65) }, "graph.nodes[#8].id", errs.CodeInvalidFormat},
		{"duplicate node id", func(g *Graph) { g.Nodes = append(g.Nodes, node("s1", TypeEnd, nil)) }, "graph.nodes[s1].id", errs.CodeDuplicate},
		{"unknown type", func(g *Graph) { g.Nodes[7].Type = "sms_blast" }, "graph.nodes[remind].type", errs.CodeInvalidEnum},
		{"duplicate edge id", func(g *Graph) { g.Edges[9].ID = "e1" }, "graph.edges[e1].id", errs.CodeDuplicate},
		{"edge to nowhere", func(g *Graph) { g.Edges[9].Target = "ghost" }, "graph.edges[e10].target", errs.CodeNotFoundRef},
		{"edge from nowhere", func(g *Graph) { g.Edges[9].Source = "" }, "graph.edges[e10].source", errs.CodeRequired},
		{"condition edge without handle", func(g *Graph) { g.Edges[5].SourceHandle = nil }, "graph.edges[e6].source_handle", errs.CodeRequired},
		{"condition edge with a wait handle", func(g *Graph) { g.Edges[5] = edge("e6", "c1", "great", "reply") }, "graph.edges[e6].source_handle", errs.CodeInvalidEnum},
		{"wait edge with a condition handle", func(g *Graph) { g.Edges[3] = edge("e4", "w1", "c1", "true") }, "graph.edges[e4].source_handle", errs.CodeInvalidEnum},
		{"handle on a plain node", func(g *Graph) { g.Edges[1] = edge("e2", "d1", "s1", "true") }, "graph.edges[e2].source_handle", errs.CodeNotAllowed},
		{"two edges from one handle", func(g *Graph) { g.Edges = append(g.Edges, edge("e11", "c1", "end", "true")) }, "graph.edges[e11].source_handle", errs.CodeDuplicate},
		{"two edges from a plain node", func(g *Graph) { g.Edges = append(g.Edges, edge("e11", "s1", "end")) }, "graph.edges[e11].source", errs.CodeDuplicate},
		{"edge out of end", func(g *Graph) { g.Edges = append(g.Edges, edge("e11", "end", "great")) }, "graph.edges[e11].source", errs.CodeNotAllowed},
		{"edge into the trigger", func(g *Graph) { g.Edges[9].Target = "t" }, "graph.edges[e10].target", errs.CodeNotAllowed},
		{"unreachable node", func(g *Graph) { g.Nodes = append(g.Nodes, node("island", TypeEnd, nil)) }, "graph.nodes[island]", errs.CodeInvalid},
		{"loop without a wait", func(g *Graph) {
			g.Edges[8] = edge("e9", "alert", "c1") // alert → c1 → (false) alert
		}, "graph.nodes[c1]", errs.CodeInvalid},
		{"self loop", func(g *Graph) { g.Edges[9] = edge("e10", "remind", "remind") }, "graph.nodes[remind]", errs.CodeInvalid},
		{"too many nodes", func(g *Graph) {
			for i := range MaxNodes {
				g.Nodes = append(g.Nodes, node("x"+string(rune('a'+i%26))+strings.Repeat("y", i/26), TypeEnd, nil))
			}
		}, "graph.nodes", errs.CodeTooMany},
		{"too many edges", func(g *Graph) {
			for range MaxEdges {
				g.Edges = append(g.Edges, edge("x", "t", "end"))
			}
		}, "graph.edges", errs.CodeTooMany},
		{"delay minutes fractional", func(g *Graph) { g.Nodes[1].Data = map[string]any{"minutes": 1.5} }, "graph.nodes[d1].data.minutes", errs.CodeInvalidType},
		{"delay both forms", func(g *Graph) { g.Nodes[1].Data["minutes"] = 5.0 }, "graph.nodes[d1].data.minutes", errs.CodeMutuallyExclusive},
		{"delay days out of range", func(g *Graph) { g.Nodes[1].Data["days"] = 366.0 }, "graph.nodes[d1].data.days", errs.CodeOutOfRange},
		{"delay bad time", func(g *Graph) { g.Nodes[1].Data["time_of_day"] = "24:00" }, "graph.nodes[d1].data.time_of_day", errs.CodeInvalidFormat},
		{"delay empty", func(g *Graph) { g.Nodes[1].Data = nil }, "graph.nodes[d1].data.minutes", errs.CodeRequired},
		{"send both", func(g *Graph) { g.Nodes[2].Data["message"] = "hi" }, "graph.nodes[s1].data.message", errs.CodeMutuallyExclusive},
		{"send neither", func(g *Graph) { g.Nodes[2].Data = map[string]any{} }, "graph.nodes[s1].data.template_id", errs.CodeRequired},
		{"send unknown channel", func(g *Graph) { g.Nodes[2].Data["channel_order"] = []any{"sms", "fax"} }, "graph.nodes[s1].data.channel_order[1]", errs.CodeInvalidEnum},
		{"send channel twice", func(g *Graph) { g.Nodes[2].Data["channel_order"] = []any{"kakao", "alimtalk"} }, "graph.nodes[s1].data.channel_order[1]", errs.CodeDuplicate},
		{"wait timeout too long", func(g *Graph) { g.Nodes[3].Data["timeout_minutes"] = 43201.0 }, "graph.nodes[w1].data.timeout_minutes", errs.CodeOutOfRange},
		{"wait timeout missing", func(g *Graph) { g.Nodes[3].Data = nil }, "graph.nodes[w1].data.timeout_minutes", errs.CodeRequired},
		{"wait unknown intent", func(g *Graph) { g.Nodes[3].Data["intents"] = []any{"confirm", "maybe"} }, "graph.nodes[w1].data.intents[1]", errs.CodeInvalidEnum},
		{"condition unknown subject", func(g *Graph) { g.Nodes[4].Data["subject"] = "mood" }, "graph.nodes[c1].data.subject", errs.CodeInvalidEnum},
		{"condition unknown intent", func(g *Graph) { g.Nodes[4].Data["value"] = "yes" }, "graph.nodes[c1].data.value", errs.CodeInvalidEnum},
		{"condition op not for subject", func(g *Graph) { g.Nodes[4].Data["op"] = "gt" }, "graph.nodes[c1].data.op", errs.CodeNotAllowed},
		{"condition without value", func(g *Graph) { delete(g.Nodes[4].Data, "value") }, "graph.nodes[c1].data.value", errs.CodeRequired},
		{"condition field without key", func(g *Graph) { g.Nodes[4].Data = map[string]any{"subject": "field", "op": "exists"} }, "graph.nodes[c1].data.key", errs.CodeRequired},
		{"condition unknown field", func(g *Graph) { g.Nodes[4].Data = map[string]any{"subject": "field", "key": "phone", "op": "exists"} }, "graph.nodes[c1].data.key", errs.CodeInvalidEnum},
		{"condition in without list", func(g *Graph) {
			g.Nodes[4].Data = map[string]any{"subject": "field", "key": "language", "op": "in", "value": "id"}
		}, "graph.nodes[c1].data.value", errs.CodeInvalidType},
		{"condition object value", func(g *Graph) {
			g.Nodes[4].Data = map[string]any{"subject": "attribute", "key": "a", "op": "eq", "value": map[string]any{}}
		}, "graph.nodes[c1].data.value", errs.CodeInvalidType},
		{"condition tag without tag", func(g *Graph) { g.Nodes[4].Data = map[string]any{"subject": "tag", "op": "eq"} }, "graph.nodes[c1].data.value", errs.CodeRequired},
		{"notify without message", func(g *Graph) { g.Nodes[6].Data = map[string]any{"message": "  "} }, "graph.nodes[alert].data.message", errs.CodeRequired},
		{"notify too long", func(g *Graph) { g.Nodes[6].Data["message"] = strings.Repeat("a", 1001) }, "graph.nodes[alert].data.message", errs.CodeTooLong},
		{"update nothing", func(g *Graph) { g.Nodes[6] = node("alert", TypeUpdatePatient, map[string]any{"set": map[string]any{}}) }, "graph.nodes[alert].data", errs.CodeRequired},
		{"update unknown field", func(g *Graph) {
			g.Nodes[6] = node("alert", TypeUpdatePatient, map[string]any{"set": map[string]any{"phone": "+62"}})
		}, "graph.nodes[alert].data.set.phone", errs.CodeNotAllowed},
		{"update bad language", func(g *Graph) {
			g.Nodes[6] = node("alert", TypeUpdatePatient, map[string]any{"set": map[string]any{"language": "fr"}})
		}, "graph.nodes[alert].data.set.language", errs.CodeInvalidEnum},
		{"update add and remove", func(g *Graph) {
			g.Nodes[6] = node("alert", TypeUpdatePatient, map[string]any{"add_tags": []any{"a"}, "remove_tags": []any{"A"}})
		}, "graph.nodes[alert].data.remove_tags[0]", errs.CodeMutuallyExclusive},
		{"update empty attribute name", func(g *Graph) {
			g.Nodes[6] = node("alert", TypeUpdatePatient, map[string]any{"set": map[string]any{"attributes.": 1.0}})
		}, "graph.nodes[alert].data.set.attributes.", errs.CodeInvalidFormat},
		{"webhook relative url", func(g *Graph) {
			g.Nodes[6] = node("alert", TypeCallWebhook, map[string]any{"url": "/hook"})
		}, "graph.nodes[alert].data.url", errs.CodeInvalidFormat},
		{"webhook ftp url", func(g *Graph) {
			g.Nodes[6] = node("alert", TypeCallWebhook, map[string]any{"url": "ftp://example.org/x"})
		}, "graph.nodes[alert].data.url", errs.CodeInvalidFormat},
		{"webhook huge body", func(g *Graph) {
			g.Nodes[6] = node("alert", TypeCallWebhook, map[string]any{"url": "https://example.org", "body": strings.Repeat("x", MaxBodyBytes)})
		}, "graph.nodes[alert].data.body", errs.CodeTooLarge},
		{"webhook without url", func(g *Graph) { g.Nodes[6] = node("alert", TypeCallWebhook, nil) }, "graph.nodes[alert].data.url", errs.CodeRequired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := postSurgery()
			c.change(&g)
			fe := Validate(g)
			if !hasField(fe, c.field, c.code) {
				t.Fatalf("want %s %s, got %+v", c.field, c.code, fe)
			}
			for _, f := range fe {
				if f.Code == "" || f.Message == "" {
					t.Errorf("error without code or message: %+v", f)
				}
			}
		})
	}
}

// A wrong handle is reported once; it does not also make the nodes after it unreachable.
func TestOneMistakeOneError(t *testing.T) {
	g := postSurgery()
	g.Edges[5].SourceHandle = nil
	if fe := Validate(g); len(fe) != 1 {
		t.Fatalf("%+v", fe)
	}
}
