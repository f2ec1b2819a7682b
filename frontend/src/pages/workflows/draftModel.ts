// The editor's unsaved workflow and the request bodies made from it.
import { fromApiGraph, graphToRows, rowsToSteps, toApiGraph, type FlowEdge, type FlowNode, type LinearRow } from './graphModel';
import type { TriggerType, Workflow, WorkflowGraph, WorkflowInput, WorkflowLinearStep, WorkflowPatch, WorkflowTrigger } from './types';

/** The trigger's fields as typed. */
export interface TriggerDraft {
  type: TriggerType;
  surgery_type: string;
  webhook_id: string | null;
  schedule: 'cron' | 'rrule';
  cron: string;
  rrule: string;
  tags_any: string;
  language: '' | 'id' | 'ko' | 'en';
  keywords: string;
}

export interface Draft {
  name: string;
  description: string;
  trigger: TriggerDraft;
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** The linear editor's rows; null when the graph is no plain chain. */
  rows: LinearRow[] | null;
  /** Which form was edited last, and so is saved: the graph or the linear steps. */
  source: 'visual' | 'linear';
}

const words = (s: string) =>
  s
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);

export function triggerDraft(t?: WorkflowTrigger): TriggerDraft {
  return {
    type: t?.type ?? 'manual',
    surgery_type: t?.surgery_type ?? '',
    webhook_id: t?.webhook_id ?? null,
    schedule: t?.rrule ? 'rrule' : 'cron',
    cron: t?.cron ?? '',
    rrule: t?.rrule ?? '',
    tags_any: (t?.segment?.tags_any ?? []).join(', '),
    language: t?.segment?.language ?? '',
    keywords: (t?.keywords ?? []).join(', '),
  };
}

/** The trigger as the API takes it: only the fields its type uses. */
export function toApiTrigger(d: TriggerDraft): WorkflowTrigger {
  const out: WorkflowTrigger = { type: d.type, surgery_type: null, webhook_id: null, cron: null, rrule: null, segment: null, keywords: [] };
  if (d.type === 'post_surgery' && d.surgery_type.trim()) out.surgery_type = d.surgery_type.trim();
  if (d.type === 'webhook') out.webhook_id = d.webhook_id;
  if (d.type === 'schedule') {
    if (d.schedule === 'cron') out.cron = d.cron.trim() || null;
    else out.rrule = d.rrule.trim() || null;
    const tags = words(d.tags_any);
    if (tags.length > 0 || d.language) out.segment = { tags_any: tags, language: d.language || null };
  }
  if (d.type === 'inbound_keyword') out.keywords = words(d.keywords);
  return out;
}

export function draftFrom(w?: Workflow): Draft {
  const graph: WorkflowGraph = w?.graph ?? { nodes: [{ id: 'n1', type: 'trigger', data: {}, position: { x: 0, y: 0 } }], edges: [] };
  const { nodes, edges } = fromApiGraph(graph);
  return { name: w?.name ?? '', description: w?.description ?? '', trigger: triggerDraft(w?.trigger), nodes, edges, rows: graphToRows(graph), source: 'visual' };
}

/** The definition part of a request: the graph, or the linear steps when those were edited last. */
export function definitionOf(d: Draft): { graph: WorkflowGraph } | { steps: WorkflowLinearStep[] } {
  if (d.source === 'linear' && d.rows) return { steps: rowsToSteps(d.rows) };
  return { graph: toApiGraph(d.nodes, d.edges) };
}

export function createBody(d: Draft): WorkflowInput {
  return { name: d.name.trim(), description: d.description.trim(), trigger: toApiTrigger(d.trigger), ...definitionOf(d) };
}

export function patchBody(d: Draft, version: number): WorkflowPatch {
  return { ...createBody(d), version };
}

/** What decides whether the draft differs from what was loaded (selection and sizes left out). */
export function snapshot(d: Draft): string {
  return JSON.stringify(createBody(d));
}
