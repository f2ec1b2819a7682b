import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertCircle, Trash2 } from 'lucide-react';
import { Button } from '../../components/Button';
import { NODE_COLORS, NODE_ICONS } from './canvasContext';
import type { EditorErrors } from './editorErrors';
import type { FlowEdge, FlowNode } from './graphModel';
import { ActionFieldsFor } from './nodeFields/registry';
import { Select, str, TextInput, type FieldsProps } from './nodeFields/common';
import { exitsOf, type NodeData } from './types';

interface Props {
  node: FlowNode;
  nodes: FlowNode[];
  edges: FlowEdge[];
  errors: EditorErrors;
  readOnly: boolean;
  onData: (id: string, data: NodeData) => void;
  onExit: (source: string, handle: string | null, target: string | null) => void;
  onDelete: (id: string) => void;
}

const nodeName = (n: FlowNode, typeName: string) => `${str(n.data.label) || typeName} (${n.id})`;

/** The selected node's settings, its exits, and its problems. */
export function NodeInspector({ node, nodes, edges, errors, readOnly, onData, onExit, onDelete }: Props) {
  const { t } = useTranslation();
  const Icon = NODE_ICONS[node.type as string] ?? AlertCircle;
  const nodeErrors = errors.nodes[node.id] ?? { node: [], data: {} };
  const Fields: ComponentType<FieldsProps> | null = ActionFieldsFor[node.type as string] ?? null;
  const update = (change: NodeData, remove: string[] = []) => {
    const next: NodeData = { ...node.data, ...change };
    for (const k of remove) delete next[k];
    onData(node.id, next);
  };
  const typeName = (n: FlowNode) => t(`workflows.nodeTypes.${n.type}`);
  const targets = nodes.filter((n) => n.id !== node.id && n.type !== 'trigger');
  return (
    <section aria-labelledby="wf-inspector-title" data-testid="node-inspector" className="flex flex-col gap-3">
      <h3 id="wf-inspector-title" className="flex items-center gap-2 text-sm font-semibold text-slate-900">
        <span className={`flex size-6 items-center justify-center rounded ${NODE_COLORS[node.type as string] ?? ''}`}>
          <Icon aria-hidden="true" className="size-3.5" />
        </span>
        <span className="min-w-0 flex-1 break-words">{t('workflows.inspector.title', { type: typeName(node), id: node.id })}</span>
      </h3>
      {nodeErrors.node.length > 0 && (
        <ul role="alert" className="rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800">
          {nodeErrors.node.map((m) => (
            <li key={m} className="flex gap-1.5">
              <AlertCircle aria-hidden="true" className="mt-0.5 size-3.5 shrink-0" />
              {m}
            </li>
          ))}
        </ul>
      )}
      <TextInput
        k="label"
        label={t('workflows.fields.label')}
        value={str(node.data.label)}
        hint={t('workflows.fields.labelHint')}
        readOnly={readOnly}
        onChange={(v) => (v ? update({ label: v }) : update({}, ['label']))}
      />
      {node.type === 'trigger' && <p className="text-sm text-slate-600">{t('workflows.inspector.triggerNote')}</p>}
      {node.type === 'end' && <p className="text-sm text-slate-600">{t('workflows.inspector.endNote')}</p>}
      {Fields && <Fields key={node.id} data={node.data} errors={nodeErrors.data} readOnly={readOnly} update={update} />}
      {exitsOf(node.type as string).length > 0 && (
        <fieldset className="flex flex-col gap-2 border-t border-slate-200 pt-3">
          <legend className="sr-only">{t('workflows.inspector.exits')}</legend>
          <p aria-hidden="true" className="text-sm font-semibold text-slate-800">
            {t('workflows.inspector.exits')}
          </p>
          {exitsOf(node.type as string).map((handle) => {
            const edge = edges.find((e) => e.source === node.id && (e.sourceHandle || null) === handle);
            const k = `exit-${handle ?? 'next'}`;
            return (
              <Select
                key={k}
                k={k}
                label={handle ? t('workflows.inspector.exitTo', { exit: t(`workflows.handles.${handle}`) }) : t('workflows.inspector.next')}
                value={edge?.target ?? ''}
                disabled={readOnly}
                error={edge ? errors.edges[edge.id] : undefined}
                onChange={(v) => onExit(node.id, handle, v || null)}
              >
                <option value="">{t('workflows.inspector.nowhere')}</option>
                {targets.map((n) => (
                  <option key={n.id} value={n.id}>
                    {nodeName(n, typeName(n))}
                  </option>
                ))}
              </Select>
            );
          })}
        </fieldset>
      )}
      {!readOnly && node.type !== 'trigger' && (
        <Button variant="danger" className="self-start" onClick={() => onDelete(node.id)}>
          <Trash2 aria-hidden="true" className="size-4" />
          {t('workflows.inspector.deleteNode')}
        </Button>
      )}
    </section>
  );
}

/** The selected connection: where it leads, its problem, and a delete button. */
export function EdgeInspector({ edge, nodes, error, readOnly, onDelete }: { edge: FlowEdge; nodes: FlowNode[]; error?: string; readOnly: boolean; onDelete: (id: string) => void }) {
  const { t } = useTranslation();
  const name = (id: string) => {
    const n = nodes.find((x) => x.id === id);
    return n ? nodeName(n, t(`workflows.nodeTypes.${n.type}`)) : id;
  };
  return (
    <section aria-labelledby="wf-edge-title" data-testid="edge-inspector" className="flex flex-col gap-3">
      <h3 id="wf-edge-title" className="text-sm font-semibold text-slate-900">
        {t('workflows.inspector.edgeTitle')}
      </h3>
      <p className="text-sm text-slate-700">
        {t('workflows.inspector.edgeText', { source: name(edge.source), target: name(edge.target) })}
        {edge.sourceHandle && ` (${t(`workflows.handles.${edge.sourceHandle}`)})`}
      </p>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {!readOnly && (
        <Button variant="danger" className="self-start" onClick={() => onDelete(edge.id)}>
          <Trash2 aria-hidden="true" className="size-4" />
          {t('workflows.inspector.deleteEdge')}
        </Button>
      )}
    </section>
  );
}
