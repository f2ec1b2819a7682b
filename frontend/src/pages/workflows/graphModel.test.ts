import { describe, expect, it } from 'vitest';
import { placeErrors } from './editorErrors';
import { fromApiGraph, graphToRows, rowProblems, rowsToGraph, rowsToSteps, setExit, toApiGraph } from './graphModel';
import { branchingGraph, linearGraph } from './testFixtures';

describe('graph model', () => {
  it('reads a plain chain as linear rows and writes them back as the same steps and graph', () => {
    const rows = graphToRows(linearGraph());
    expect(rows).toHaveLength(1);
    expect(rowsToSteps(rows!)).toEqual([{ day: 1, time_of_day: '09:00', action: { type: 'send_message', message: 'Hai {{name}}' } }]);
    const { nodes, edges } = rowsToGraph(rows!);
    expect(toApiGraph(nodes, edges)).toEqual(linearGraph());
  });

  it('finds no rows in a graph that branches, waits by minutes, or is not a chain', () => {
    expect(graphToRows(branchingGraph())).toBeNull();
    const minutes = linearGraph();
    minutes.nodes[1].data = { minutes: 30 };
    expect(graphToRows(minutes)).toBeNull();
    const broken = linearGraph();
    broken.edges.pop();
    expect(graphToRows(broken)).toBeNull();
    // A new workflow (only its start) is an empty linear form.
    expect(graphToRows({ nodes: [linearGraph().nodes[0]], edges: [] })).toEqual([]);
  });

  it('names rows whose day or time the API would misread', () => {
    const rows = graphToRows(linearGraph())!;
    expect(rowProblems([{ ...rows[0], day: '', time_of_day: '9' }])).toEqual({ 0: ['day', 'time_of_day'] });
    expect(rowProblems(rows)).toEqual({});
  });

  it('points each exit at one node, replacing the edge it had', () => {
    const { edges } = fromApiGraph(branchingGraph());
    const next = setExit(edges, 'n2', 'true', 'n4');
    expect(next.filter((e) => e.source === 'n2').map((e) => [e.sourceHandle, e.target])).toEqual([
      ['false', 'n4'],
      ['true', 'n4'],
    ]);
    expect(setExit(next, 'n2', 'false', null).filter((e) => e.source === 'n2')).toHaveLength(1);
  });

  it('places server errors on nodes, edges, rows, form fields, or the graph as a whole', () => {
    const { nodes, edges } = fromApiGraph(branchingGraph());
    const placed = placeErrors(
      {
        'graph.nodes[n3].data.message': 'required',
        'graph.nodes[n3].data.channel_order[1]': 'duplicate',
        'graph.nodes[n4]': 'unreachable',
        'graph.nodes[#1].data.value': 'bad value',
        'graph.edges[#2].source_handle': 'bad handle',
        'graph.nodes': 'no trigger',
        'steps[2].action.message': 'required',
        'trigger.keywords[0]': 'too long',
        name: 'required',
      },
      nodes,
      edges,
    );
    expect(placed.nodes.n3).toEqual({ node: [], data: { message: 'required', channel_order: 'duplicate' } });
    expect(placed.nodes.n4).toEqual({ node: ['unreachable'], data: {} });
    expect(placed.nodes.n2.data.value).toBe('bad value');
    expect(placed.edges).toEqual({ e3: 'bad handle' });
    expect(placed.rows).toEqual({ 2: { action: 'required' } });
    expect(placed.fields).toEqual({ 'trigger.keywords': 'too long', name: 'required' });
    expect(placed.general).toEqual(['no trigger']);
  });
});
