// The workflow graph as the API keeps it and as the canvas (React Flow) edits it,
// and the linear form (day, time, message) of graphs that are a simple chain.
import type { Edge, Node, XYPosition } from '@xyflow/react';
import type { NodeData, NodeType, SourceHandle, WorkflowGraph, WorkflowLinearStep } from './types';

export type FlowNode = Node<NodeData, NodeType>;
export type FlowEdge = Edge;

export function fromApiGraph(graph: WorkflowGraph | undefined): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const nodes = (graph?.nodes ?? []).map<FlowNode>((n) => ({
    id: n.id,
    type: n.type,
    position: { x: n.position?.x ?? 0, y: n.position?.y ?? 0 },
    data: { ...(n.data ?? {}) },
    deletable: n.type !== 'trigger',
  }));
  const edges = (graph?.edges ?? []).map<FlowEdge>((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    sourceHandle: e.source_handle || null,
  }));
  return { nodes, edges };
}

export function toApiGraph(nodes: FlowNode[], edges: FlowEdge[]): WorkflowGraph {
  return {
    nodes: nodes.map((n) => ({
      id: n.id,
      type: n.type as NodeType,
      data: n.data,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    })),
    edges: edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      source_handle: (e.sourceHandle || null) as SourceHandle | null,
    })),
  };
}

/** The settings a new node of a type starts with. */
export function defaultData(type: NodeType): NodeData {
  switch (type) {
    case 'send_message':
      return { message: '' };
    case 'delay':
      return { minutes: 60 };
    case 'wait_for_reply':
      return { timeout_minutes: 1440 };
    case 'condition':
      return { subject: 'tag', op: 'eq', value: '' };
    case 'notify_staff':
      return { message: '' };
    case 'call_webhook':
      return { url: '' };
    default:
      return {};
  }
}

/** "n<k>" with k one more than the highest such id yet. */
export function nextNodeId(nodes: FlowNode[]): string {
  let max = 0;
  for (const n of nodes) {
    const m = /^n(\d+)$/.exec(n.id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `n${max + 1}`;
}

export function newNode(type: NodeType, position: XYPosition, nodes: FlowNode[]): FlowNode {
  return { id: nextNodeId(nodes), type, position, data: defaultData(type), deletable: type !== 'trigger' };
}

/** Where a node added without a drop point goes: under the selected node (else the lowest), beside any node already there. */
export function nextPosition(nodes: FlowNode[]): XYPosition {
  if (nodes.length === 0) return { x: 0, y: 0 };
  const anchor = nodes.find((n) => n.selected) ?? nodes.reduce((a, b) => (b.position.y > a.position.y ? b : a));
  const pos = { x: anchor.position.x, y: anchor.position.y + 140 };
  while (nodes.some((n) => Math.abs(n.position.x - pos.x) < 240 && Math.abs(n.position.y - pos.y) < 100)) pos.x += 260;
  return pos;
}

/**
 * Points one exit of a node (handle null: its only exit) at target, or removes
 * it when target is null. Each exit leads to one node, so an edge already
 * leaving by that exit is replaced.
 */
export function setExit(edges: FlowEdge[], source: string, handle: string | null, target: string | null): FlowEdge[] {
  const rest = edges.filter((e) => !(e.source === source && (e.sourceHandle || null) === handle));
  if (!target) return rest;
  const base = `e_${source}_${handle ?? 'next'}`;
  let id = base;
  for (let i = 2; rest.some((e) => e.id === id); i++) id = `${base}_${i}`;
  return [...rest, { id, source, target, sourceHandle: handle }];
}

/** A row of the linear editor; texts as typed. */
export interface LinearRow {
  key: string;
  day: string;
  time_of_day: string;
  mode: 'template' | 'text';
  template_id: string;
  message: string;
  /** Kept from the graph, not edited here. */
  channel_order?: string[];
}

let rowSeq = 0;
export function newRow(extra: Partial<LinearRow> = {}): LinearRow {
  rowSeq += 1;
  return { key: `row-${rowSeq}`, day: '1', time_of_day: '09:00', mode: 'text', template_id: '', message: '', ...extra };
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The rows of a graph that is a plain chain trigger → (delay until a day and
 * time → send_message)… → end, or null when it is anything else.
 */
export function graphToRows(graph: WorkflowGraph): LinearRow[] | null {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  if (byId.size !== graph.nodes.length) return null;
  const out = new Map<string, string>();
  for (const e of graph.edges) {
    if (e.source_handle || out.has(e.source)) return null;
    out.set(e.source, e.target);
  }
  const triggers = graph.nodes.filter((n) => n.type === 'trigger');
  if (triggers.length !== 1) return null;
  const chain = [triggers[0]];
  const seen = new Set([triggers[0].id]);
  for (let id = out.get(triggers[0].id); id; id = out.get(id)) {
    const n = byId.get(id);
    if (!n || seen.has(id)) return null;
    seen.add(id);
    chain.push(n);
  }
  if (chain.length !== graph.nodes.length || graph.edges.length !== Math.max(0, chain.length - 1)) return null;
  let body = chain.slice(1);
  if (body.length > 0 && body[body.length - 1].type === 'end') body = body.slice(0, -1);
  else if (body.length > 0) return null;
  if (body.length % 2 !== 0) return null;
  const rows: LinearRow[] = [];
  for (let i = 0; i < body.length; i += 2) {
    const [delay, send] = [body[i], body[i + 1]];
    const days = num(delay.data.days);
    const time = delay.data.time_of_day;
    if (delay.type !== 'delay' || days === null || typeof time !== 'string' || delay.data.minutes !== undefined) return null;
    if (send.type !== 'send_message') return null;
    const tpl = typeof send.data.template_id === 'string' ? send.data.template_id : '';
    const msg = typeof send.data.message === 'string' ? send.data.message : '';
    const order = Array.isArray(send.data.channel_order) ? (send.data.channel_order as string[]) : undefined;
    rows.push(newRow({ day: String(days), time_of_day: time, mode: tpl ? 'template' : 'text', template_id: tpl, message: msg, channel_order: order }));
  }
  return rows;
}

/** The linear form as the API takes it (`steps`). */
export function rowsToSteps(rows: LinearRow[]): WorkflowLinearStep[] {
  return rows.map((r) => {
    const action: Record<string, unknown> = { type: 'send_message' };
    if (r.mode === 'template') action.template_id = r.template_id;
    else action.message = r.message;
    if (r.channel_order?.length) action.channel_order = r.channel_order;
    return { day: Number(r.day), time_of_day: r.time_of_day, action };
  });
}

/** The graph the server stores for the rows: trigger → s<i>_delay → s<i> … → end, laid out top to bottom. */
export function rowsToGraph(rows: LinearRow[]): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const graph: WorkflowGraph = { nodes: [], edges: [] };
  const add = (id: string, type: NodeType, data: NodeData) => {
    const prev = graph.nodes[graph.nodes.length - 1];
    graph.nodes.push({ id, type, data, position: { x: 0, y: graph.nodes.length * 120 } });
    if (prev) graph.edges.push({ id: `e${graph.nodes.length - 1}`, source: prev.id, target: id, source_handle: null });
  };
  add('trigger', 'trigger', {});
  rowsToSteps(rows).forEach((s, i) => {
    const data = { ...s.action };
    delete data.type;
    add(`s${i + 1}_delay`, 'delay', { days: s.day, time_of_day: s.time_of_day });
    add(`s${i + 1}`, 'send_message', data);
  });
  add('end', 'end', {});
  return fromApiGraph(graph);
}

/** Rows whose day is no whole number or whose time is missing, which the API would misread: index → keys. */
export function rowProblems(rows: LinearRow[]): Record<number, ('day' | 'time_of_day')[]> {
  const out: Record<number, ('day' | 'time_of_day')[]> = {};
  rows.forEach((r, i) => {
    const keys: ('day' | 'time_of_day')[] = [];
    if (r.day.trim() === '' || !Number.isInteger(Number(r.day))) keys.push('day');
    if (!/^\d{2}:\d{2}$/.test(r.time_of_day)) keys.push('time_of_day');
    if (keys.length > 0) out[i] = keys;
  });
  return out;
}
