import { useCallback, useMemo, useState } from 'react';
import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange, type XYPosition } from '@xyflow/react';
import type { Draft, TriggerDraft } from './draftModel';
import { graphToRows, newNode, nextPosition, rowsToGraph, setExit, toApiGraph, type FlowEdge, type FlowNode, type LinearRow } from './graphModel';
import type { NodeData, NodeType } from './types';

/** Changes that only select or measure leave the saved form as it was. */
const cosmetic = (changes: { type: string }[]) => changes.every((c) => c.type === 'select' || c.type === 'dimensions');

/** The editor's draft and the operations on it. */
export function useDraft(initial: Draft) {
  const [draft, setDraft] = useState(initial);

  const graph = useCallback(
    (fn: (d: Draft) => Partial<Draft>, visual = true) => setDraft((d) => ({ ...d, ...fn(d), ...(visual ? { source: 'visual' as const } : {}) })),
    [],
  );

  const ops = useMemo(
    () => ({
      setName: (name: string) => setDraft((d) => ({ ...d, name })),
      setDescription: (description: string) => setDraft((d) => ({ ...d, description })),
      setTrigger: (change: Partial<TriggerDraft>) => setDraft((d) => ({ ...d, trigger: { ...d.trigger, ...change } })),
      onNodesChange: (changes: NodeChange<FlowNode>[]) =>
        graph((d) => {
          const removed = new Set(changes.flatMap((c) => (c.type === 'remove' ? [c.id] : [])));
          return {
            nodes: applyNodeChanges(changes, d.nodes),
            edges: removed.size > 0 ? d.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target)) : d.edges,
          };
        }, !cosmetic(changes)),
      onEdgesChange: (changes: EdgeChange<FlowEdge>[]) => graph((d) => ({ edges: applyEdgeChanges(changes, d.edges) }), !cosmetic(changes)),
      connect: (c: Connection) => graph((d) => ({ edges: setExit(d.edges, c.source, c.sourceHandle ?? null, c.target) })),
      setExit: (source: string, handle: string | null, target: string | null) => graph((d) => ({ edges: setExit(d.edges, source, handle, target) })),
      addNode: (type: NodeType, position?: XYPosition) =>
        graph((d) => {
          const n = newNode(type, position ?? nextPosition(d.nodes), d.nodes);
          return { nodes: [...d.nodes.map((x) => ({ ...x, selected: false })), { ...n, selected: true }], edges: d.edges.map((e) => ({ ...e, selected: false })) };
        }),
      setNodeData: (id: string, data: NodeData) => graph((d) => ({ nodes: d.nodes.map((n) => (n.id === id ? { ...n, data } : n)) })),
      deleteNode: (id: string) => graph((d) => ({ nodes: d.nodes.filter((n) => n.id !== id), edges: d.edges.filter((e) => e.source !== id && e.target !== id) })),
      deleteEdge: (id: string) => graph((d) => ({ edges: d.edges.filter((e) => e.id !== id) })),
      select: (id: string) =>
        graph((d) => ({ nodes: d.nodes.map((n) => ({ ...n, selected: n.id === id })), edges: d.edges.map((e) => ({ ...e, selected: false })) }), false),
      setRows: (rows: LinearRow[]) => setDraft((d) => ({ ...d, rows, source: 'linear' })),
      /** Before the visual tab shows: the graph of the rows when those were edited last. */
      showVisual: () =>
        setDraft((d) => {
          if (d.source !== 'linear' || !d.rows) return d;
          return { ...d, ...rowsToGraph(d.rows) };
        }),
      /** Before the linear tab shows: the rows of the graph when that was edited last (null if it is no chain). */
      showLinear: () => setDraft((d) => (d.source === 'visual' ? { ...d, rows: graphToRows(toApiGraph(d.nodes, d.edges)) } : d)),
      reset: (next: Draft) => setDraft(next),
    }),
    [graph],
  );
  return [draft, ops] as const;
}

export type DraftOps = ReturnType<typeof useDraft>[1];
