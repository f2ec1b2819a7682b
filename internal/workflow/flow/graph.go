package flow

// Graph is a workflow's graph in the shape the editor (React Flow) saves.
type Graph struct {
	Nodes []Node `json:"nodes"`
	Edges []Edge `json:"edges"`
}

// Node is one step of a workflow. Data holds the type's settings (see the
// typed accessors such as Node.SendMessage) and whatever else the editor
// keeps, such as a label.
type Node struct {
	ID       string         `json:"id"`
	Type     string         `json:"type"`
	Data     map[string]any `json:"data"`
	Position Position       `json:"position"`
}

// Position is where the editor draws a node.
type Position struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// Edge leads from one node to the next. SourceHandle names which exit of the
// source it leaves by: "true"/"false" for a condition, "reply"/"timeout" for
// a wait_for_reply, and none (null or "") for every other node.
type Edge struct {
	ID           string  `json:"id"`
	Source       string  `json:"source"`
	Target       string  `json:"target"`
	SourceHandle *string `json:"source_handle"`
}

// Handle is the edge's source handle, "" when it has none.
func (e Edge) Handle() string {
	if e.SourceHandle == nil {
		return ""
	}
	return *e.SourceHandle
}

// Node types.
const (
	TypeTrigger       = "trigger"
	TypeSendMessage   = "send_message"
	TypeDelay         = "delay"
	TypeWaitForReply  = "wait_for_reply"
	TypeCondition     = "condition"
	TypeUpdatePatient = "update_patient"
	TypeNotifyStaff   = "notify_staff"
	TypeCallWebhook   = "call_webhook"
	TypeEnd           = "end"
)

// NodeTypes lists every node type.
var NodeTypes = []string{
	TypeTrigger, TypeSendMessage, TypeDelay, TypeWaitForReply, TypeCondition,
	TypeUpdatePatient, TypeNotifyStaff, TypeCallWebhook, TypeEnd,
}

// Source handles.
const (
	HandleTrue    = "true"
	HandleFalse   = "false"
	HandleReply   = "reply"
	HandleTimeout = "timeout"
)

// Limits of one graph and one execution.
const (
	MaxNodes     = 200
	MaxEdges     = 400
	MaxIDLen     = 64  // characters of a node id
	MaxEdgeIDLen = 256 // characters of an edge id (editors derive them from node ids and handles)
	MaxSteps     = 500 // nodes one execution may enter in total
)

// Handles lists the named exits of a node type: the handles its edges must
// carry. It is nil for types whose single exit has no name.
func Handles(nodeType string) []string {
	switch nodeType {
	case TypeCondition:
		return []string{HandleTrue, HandleFalse}
	case TypeWaitForReply:
		return []string{HandleReply, HandleTimeout}
	}
	return nil
}

// index looks nodes and exits up by id. Where a malformed graph repeats an
// id or an exit, the first one counts.
type index struct {
	list  []Node
	nodes map[string]*Node
	exits map[string]map[string]string // source → handle → target
}

func newIndex(g Graph) index {
	ix := index{list: g.Nodes, nodes: make(map[string]*Node, len(g.Nodes)), exits: map[string]map[string]string{}}
	for i := range g.Nodes {
		if _, dup := ix.nodes[g.Nodes[i].ID]; !dup {
			ix.nodes[g.Nodes[i].ID] = &g.Nodes[i]
		}
	}
	for _, e := range g.Edges {
		out := ix.exits[e.Source]
		if out == nil {
			out = map[string]string{}
			ix.exits[e.Source] = out
		}
		if _, dup := out[e.Handle()]; !dup {
			out[e.Handle()] = e.Target
		}
	}
	return ix
}

// next is the node the exit of source by handle leads to, "" when none.
func (ix index) next(source, handle string) string {
	return ix.exits[source][handle]
}
