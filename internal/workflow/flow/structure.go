package flow

import (
	"sort"
	"strings"

	"github.com/prima-health/prima/internal/platform/errs"
)

// checkReachable names every node the trigger does not lead to.
func checkReachable(list []Node, types map[string]string, edges []Edge, trigger string, fe *errs.Fields) {
	out := adjacency(edges)
	reached := map[string]bool{trigger: true}
	queue := []string{trigger}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, next := range out[id] {
			if !reached[next] {
				reached[next] = true
				queue = append(queue, next)
			}
		}
	}
	done := map[string]bool{}
	for _, n := range list {
		if _, known := types[n.ID]; known && !reached[n.ID] && !done[n.ID] {
			done[n.ID] = true
			fe.AddCode("graph.nodes["+n.ID+"]", errs.CodeInvalid, "is not reachable from the trigger")
		}
	}
}

// checkCycles names one node of every loop that no delay or wait_for_reply
// node interrupts: such a loop would run without waiting.
func checkCycles(list []Node, types map[string]string, edges []Edge, fe *errs.Fields) {
	waits := func(id string) bool { t := types[id]; return t == TypeDelay || t == TypeWaitForReply }
	var kept []Edge
	selfLoop := map[string]bool{}
	for _, e := range edges {
		if waits(e.Source) || waits(e.Target) {
			continue
		}
		kept = append(kept, e)
		if e.Source == e.Target {
			selfLoop[e.Source] = true
		}
	}
	order := make(map[string]int, len(list))
	for i, n := range list {
		if _, dup := order[n.ID]; !dup {
			order[n.ID] = i
		}
	}
	for _, comp := range components(list, types, adjacency(kept)) {
		if len(comp) == 1 && !selfLoop[comp[0]] {
			continue
		}
		sort.Slice(comp, func(i, j int) bool { return order[comp[i]] < order[comp[j]] })
		first, names := comp[0], comp
		if len(names) > 10 {
			names = append(names[:10:10], "…")
		}
		fe.AddCode("graph.nodes["+first+"]", errs.CodeInvalid,
			"is on a loop with no delay or wait_for_reply node (nodes "+strings.Join(names, ", ")+")")
	}
}

func adjacency(edges []Edge) map[string][]string {
	out := map[string][]string{}
	for _, e := range edges {
		out[e.Source] = append(out[e.Source], e.Target)
	}
	return out
}

// components are the strongly connected components of the known nodes
// (Tarjan's algorithm).
func components(list []Node, types map[string]string, out map[string][]string) [][]string {
	t := tarjan{out: out, index: map[string]int{}, low: map[string]int{}, onStack: map[string]bool{}}
	for _, n := range list {
		if _, known := types[n.ID]; known {
			if _, visited := t.index[n.ID]; !visited {
				t.visit(n.ID)
			}
		}
	}
	return t.comps
}

type tarjan struct {
	out     map[string][]string
	index   map[string]int
	low     map[string]int
	onStack map[string]bool
	stack   []string
	comps   [][]string
}

// visit recurses at most MaxNodes deep: Validate checks the node count first.
func (t *tarjan) visit(id string) {
	t.index[id] = len(t.index)
	t.low[id] = t.index[id]
	t.stack = append(t.stack, id)
	t.onStack[id] = true
	for _, next := range t.out[id] {
		if _, visited := t.index[next]; !visited {
			t.visit(next)
			t.low[id] = min(t.low[id], t.low[next])
		} else if t.onStack[next] {
			t.low[id] = min(t.low[id], t.index[next])
		}
	}
	if t.low[id] != t.index[id] {
		return
	}
	var comp []string
	for {
		top := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		t.onStack[top] = false
		comp = append(comp, top)
		if top == id {
			break
		}
	}
	t.comps = append(t.comps, comp)
}
