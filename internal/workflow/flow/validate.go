package flow

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/platform/errs"
)

// Validate reports every problem of a graph, each named by the node or edge
// it is about: "graph.nodes[<node id>].data.minutes",
// "graph.edges[<edge id>].source_handle", or "graph.nodes" for the graph as
// a whole. A node or edge without a usable id is named by its position,
// "graph.nodes[#3]". The result is empty when the graph is valid.
func Validate(g Graph) errs.Fields {
	var fe errs.Fields
	if len(g.Nodes) > MaxNodes {
		fe.AddCode("graph.nodes", errs.CodeTooMany, "must hold at most "+strconv.Itoa(MaxNodes)+" nodes")
	}
	if len(g.Edges) > MaxEdges {
		fe.AddCode("graph.edges", errs.CodeTooMany, "must hold at most "+strconv.Itoa(MaxEdges)+" edges")
	}
	if len(fe) > 0 {
		return fe
	}
	nodes := checkNodes(g.Nodes, &fe)
	edges := checkEdges(g.Edges, nodes, &fe)
	trigger := ""
	for _, n := range g.Nodes {
		if n.Type == TypeTrigger && nodes[n.ID] == n.Type && trigger == "" {
			trigger = n.ID
		}
	}
	if trigger != "" {
		checkReachable(g.Nodes, nodes, edges, trigger, &fe)
	}
	checkCycles(g.Nodes, nodes, edges, &fe)
	return fe
}

// nodePath names a node by id, or by position when its id is not usable.
func nodePath(n Node, i int) string {
	if usableID(n.ID, MaxIDLen) {
		return "graph.nodes[" + n.ID + "]"
	}
	return "graph.nodes[#" + strconv.Itoa(i) + "]"
}

func edgePath(e Edge, i int) string {
	if usableID(e.ID, MaxEdgeIDLen) {
		return "graph.edges[" + e.ID + "]"
	}
	return "graph.edges[#" + strconv.Itoa(i) + "]"
}

func usableID(id string, maxLen int) bool {
	return id != "" && utf8.ValidString(id) && utf8.RuneCountInString(id) <= maxLen &&
		!strings.ContainsFunc(id, func(c rune) bool { return isControl(c, false) || c == '[' || c == ']' })
}

// checkNodes checks each node and returns the type of every node whose id is
// usable and first of its kind.
func checkNodes(list []Node, fe *errs.Fields) map[string]string {
	types := make(map[string]string, len(list))
	triggers := 0
	for i, n := range list {
		path := nodePath(n, i)
		switch {
		case n.ID == "":
			fe.AddCode(path+".id", errs.CodeRequired, "is required")
		case !usableID(n.ID, MaxIDLen):
			fe.AddCode(path+".id", errs.CodeInvalidFormat,
				"must be 1 to "+strconv.Itoa(MaxIDLen)+" characters of plain text without [ or ]")
		case types[n.ID] != "":
			fe.AddCode(path+".id", errs.CodeDuplicate, "is given twice")
			continue
		}
		if !slices.Contains(NodeTypes, n.Type) {
			if n.Type == "" {
				fe.AddCode(path+".type", errs.CodeRequired, "is required")
			} else {
				fe.AddCode(path+".type", errs.CodeInvalidEnum, "must be one of "+strings.Join(NodeTypes, ", "))
			}
			continue
		}
		if usableID(n.ID, MaxIDLen) {
			types[n.ID] = n.Type
		}
		if n.Type == TypeTrigger {
			if triggers++; triggers > 1 {
				fe.AddCode(path, errs.CodeDuplicate, "is a second trigger; a workflow has exactly one")
			}
		}
		checkData(n, path+".data.", fe)
	}
	if triggers == 0 {
		fe.AddCode("graph.nodes", errs.CodeRequired, "needs exactly one trigger node; it has none")
	}
	return types
}

// checkEdges checks each edge and returns those that link two known nodes
// (whatever their handles), so one wrong handle does not also make the rest
// of the graph unreachable.
func checkEdges(list []Edge, types map[string]string, fe *errs.Fields) []Edge {
	seen := make(map[string]bool, len(list))
	taken := map[[2]string]bool{} // (source, handle) already leaving
	var linked []Edge
	for i, e := range list {
		path := edgePath(e, i)
		switch {
		case e.ID == "":
			fe.AddCode(path+".id", errs.CodeRequired, "is required")
		case !usableID(e.ID, MaxEdgeIDLen):
			fe.AddCode(path+".id", errs.CodeInvalidFormat,
				"must be 1 to "+strconv.Itoa(MaxEdgeIDLen)+" characters of plain text without [ or ]")
		case seen[e.ID]:
			fe.AddCode(path+".id", errs.CodeDuplicate, "is given twice")
		}
		seen[e.ID] = true
		source, okSource := endpoint(e.Source, "source", path, types, fe)
		target, okTarget := endpoint(e.Target, "target", path, types, fe)
		if okTarget && target == TypeTrigger {
			fe.AddCode(path+".target", errs.CodeNotAllowed, "is the trigger; no edge may lead into it")
			okTarget = false
		}
		if !okSource {
			continue
		}
		if okTarget {
			linked = append(linked, e)
		}
		handle := e.Handle()
		if !checkHandle(handle, source, path, fe) {
			continue
		}
		exit := [2]string{e.Source, handle}
		if taken[exit] {
			field, what := path+".source", "node "+e.Source+" already has an outgoing edge"
			if handle != "" {
				field, what = path+".source_handle", "node "+e.Source+" already has an edge from handle "+handle
			}
			fe.AddCode(field, errs.CodeDuplicate, what+"; each exit leads to one node")
			continue
		}
		taken[exit] = true
	}
	return linked
}

// endpoint checks an edge's source or target and returns the node's type.
func endpoint(id, key, path string, types map[string]string, fe *errs.Fields) (string, bool) {
	if id == "" {
		fe.AddCode(path+"."+key, errs.CodeRequired, "is required")
		return "", false
	}
	t, ok := types[id]
	if !ok {
		fe.AddCode(path+"."+key, errs.CodeNotFoundRef, "is not a node of this graph")
	}
	return t, ok
}

func checkHandle(handle, sourceType, path string, fe *errs.Fields) bool {
	field := path + ".source_handle"
	allowed := Handles(sourceType)
	switch {
	case sourceType == TypeEnd:
		fe.AddCode(path+".source", errs.CodeNotAllowed, "is an end node; it has no outgoing edges")
	case allowed == nil && handle != "":
		fe.AddCode(field, errs.CodeNotAllowed, "is only used on edges from condition and wait_for_reply nodes; use null")
	case allowed != nil && handle == "":
		fe.AddCode(field, errs.CodeRequired, "is required on edges from a "+sourceType+" node: "+strings.Join(allowed, " or "))
	case allowed != nil && !slices.Contains(allowed, handle):
		fe.AddCode(field, errs.CodeInvalidEnum, "must be one of "+strings.Join(allowed, ", "))
	default:
		return true
	}
	return false
}
