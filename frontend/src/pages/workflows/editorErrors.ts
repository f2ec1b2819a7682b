// Server validation errors placed where the editor shows them: on a node (and
// the inspector field of its data), on an edge, on a linear row, next to a
// form field, or, for the graph as a whole, above the canvas.
import type { TFunction } from 'i18next';
import { fieldErrorText, type FieldProblem } from '../../lib/fieldErrors';
import type { FlowEdge, FlowNode } from './graphModel';

export interface NodeErrors {
  /** About the node as a whole (unreachable, on a loop, a second trigger). */
  node: string[];
  /** By data key: "minutes", "template_id", "channel_order"… */
  data: Record<string, string>;
}

export interface EditorErrors {
  /** name, description, trigger.type, trigger.cron, trigger.rrule, trigger.keywords, trigger.segment.*, trigger.surgery_type */
  fields: Record<string, string>;
  nodes: Record<string, NodeErrors>;
  edges: Record<string, string>;
  /** By row index, then "day", "time_of_day" or "action". */
  rows: Record<number, Record<string, string>>;
  /** About the graph or the steps as a whole, and anything not placed elsewhere. */
  general: string[];
}

export const noErrors = (): EditorErrors => ({ fields: {}, nodes: {}, edges: {}, rows: {}, general: [] });

export function hasErrors(e: EditorErrors): boolean {
  return Object.keys(e.fields).length + Object.keys(e.nodes).length + Object.keys(e.edges).length + Object.keys(e.rows).length + e.general.length > 0;
}

const FORM_FIELDS = ['name', 'description', 'trigger.type', 'trigger.surgery_type', 'trigger.cron', 'trigger.rrule', 'trigger.keywords', 'trigger.segment.tags_any', 'trigger.segment.language', 'trigger.webhook_id'];

/** The first segment of a data path: "channel_order[1]" → "channel_order". */
const dataKey = (rest: string) => rest.replace(/^data\.?/, '').split(/[.[]/)[0];

/** The graph's structural problems in words of their own; the rest by their code, or the server's text. */
export function problemText(field: string, p: FieldProblem, t: TFunction): string {
  const msg = p.message ?? '';
  const edge = /^graph\.edges\[[^\]]+\]\.(source|target|source_handle)$/.exec(field)?.[1];
  if (/^graph\.nodes\[[^\]]+\]$/.test(field)) {
    if (msg.includes('not reachable')) return t('workflows.serverErrors.unreachable');
    if (msg.includes('loop')) return t('workflows.serverErrors.loop');
    if (p.code === 'duplicate') return t('workflows.serverErrors.secondTrigger');
  }
  if (field === 'graph.nodes' && p.code === 'required') return t('workflows.serverErrors.noTrigger');
  if (/^graph\.nodes\[[^\]]+\]\.data$/.test(field) && p.code === 'required') return t('workflows.serverErrors.updateNothing');
  if (edge === 'target' && p.code === 'not_allowed') return t('workflows.serverErrors.intoTrigger');
  if (edge === 'source' && p.code === 'not_allowed') return t('workflows.serverErrors.fromEnd');
  if (edge && p.code === 'duplicate') return t('workflows.serverErrors.exitTaken');
  if (edge && p.code === 'not_found_ref') return t('workflows.serverErrors.noSuchStep');
  if (edge === 'source_handle') return t('workflows.serverErrors.handle');
  if (p.code === 'invalid' && msg) return msg;
  return fieldErrorText(p, t);
}

/** Places field errors (API field → message, in the dashboard's language); the graph sent names "#3" positions. */
export function placeErrors(fieldErrors: Record<string, string>, nodes: FlowNode[], edges: FlowEdge[]): EditorErrors {
  const out = noErrors();
  const nodeOf = (ref: string) => (ref.startsWith('#') ? (nodes[Number(ref.slice(1))]?.id ?? null) : ref);
  const edgeOf = (ref: string) => (ref.startsWith('#') ? (edges[Number(ref.slice(1))]?.id ?? null) : ref);
  for (const [field, message] of Object.entries(fieldErrors)) {
    let m: RegExpExecArray | null;
    if ((m = /^graph\.nodes\[([^\]]+)\](?:\.(.+))?$/.exec(field))) {
      const id = nodeOf(m[1]);
      if (!id) {
        out.general.push(`${field}: ${message}`);
        continue;
      }
      const entry = (out.nodes[id] ??= { node: [], data: {} });
      const rest = m[2] ?? '';
      const key = rest.startsWith('data.') ? dataKey(rest) : '';
      if (key) entry.data[key] ??= message;
      else entry.node.push(message);
    } else if ((m = /^graph\.edges\[([^\]]+)\]/.exec(field)) && edgeOf(m[1])) {
      out.edges[edgeOf(m[1]) as string] ??= message;
    } else if ((m = /^steps\[(\d+)\]\.([a-z_]+)/.exec(field))) {
      const row = (out.rows[Number(m[1])] ??= {});
      row[m[2]] ??= message;
    } else if (field.startsWith('trigger.keywords[')) {
      out.fields['trigger.keywords'] ??= message;
    } else if (FORM_FIELDS.includes(field)) {
      out.fields[field] = message;
    } else {
      out.general.push(field === 'graph.nodes' || field === 'graph.edges' || field === 'steps' || field === 'graph' ? message : `${field}: ${message}`);
    }
  }
  return out;
}
