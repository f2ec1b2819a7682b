import { ReactFlowProvider } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { AlertCircle, Info, Plus } from 'lucide-react';
import { focusRing } from '../../components/Button';
import { NODE_COLORS, NODE_ICONS } from './canvasContext';
import type { EditorErrors } from './editorErrors';
import { FlowCanvas, PALETTE_MIME } from './FlowCanvas';
import type { FlowEdge, FlowNode } from './graphModel';
import { EdgeInspector, NodeInspector } from './NodeInspector';
import { PALETTE_TYPES } from './types';
import type { DraftOps } from './useDraft';

interface Props {
  nodes: FlowNode[];
  edges: FlowEdge[];
  ops: DraftOps;
  errors: EditorErrors;
  readOnly: boolean;
  /** Phone width: the diagram is shown, not edited. */
  phone: boolean;
}

function Palette({ onAdd }: { onAdd: (type: (typeof PALETTE_TYPES)[number]) => void }) {
  const { t } = useTranslation();
  return (
    <div role="group" aria-labelledby="wf-palette-title" className="mb-2">
      <p id="wf-palette-title" className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">
        {t('workflows.palette.title')}
      </p>
      <div className="flex flex-wrap gap-1.5">
        {PALETTE_TYPES.map((type) => {
          const Icon = NODE_ICONS[type];
          return (
            <button
              key={type}
              type="button"
              draggable
              data-node-type={type}
              onDragStart={(e) => {
                e.dataTransfer.setData(PALETTE_MIME, type);
                e.dataTransfer.effectAllowed = 'move';
              }}
              onClick={() => onAdd(type)}
              aria-label={t('workflows.palette.add', { type: t(`workflows.nodeTypes.${type}`) })}
              title={t('workflows.palette.hint')}
              className={`inline-flex cursor-grab items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-50 ${focusRing}`}
            >
              <span className={`flex size-5 items-center justify-center rounded ${NODE_COLORS[type]}`}>
                <Icon aria-hidden="true" className="size-3" />
              </span>
              {t(`workflows.nodeTypes.${type}`)}
              <Plus aria-hidden="true" className="size-3 text-slate-400" />
            </button>
          );
        })}
      </div>
    </div>
  );
}

/** Problems of the graph the server named, each a button that selects its node. */
function Problems({ errors, nodes, onSelect }: { errors: EditorErrors; nodes: FlowNode[]; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const nodeIds = Object.keys(errors.nodes).filter((id) => nodes.some((n) => n.id === id));
  if (errors.general.length === 0 && nodeIds.length === 0 && Object.keys(errors.edges).length === 0) return null;
  return (
    <div role="alert" data-testid="graph-problems" className="mb-2 rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800">
      <p className="flex items-center gap-1.5 font-medium">
        <AlertCircle aria-hidden="true" className="size-4" />
        {t('workflows.problems.title')}
      </p>
      <ul className="mt-1 flex flex-col gap-0.5 pl-5">
        {errors.general.map((m) => (
          <li key={m} className="list-disc">
            {m}
          </li>
        ))}
        {nodeIds.map((id) => {
          const e = errors.nodes[id];
          return (
            <li key={id} className="list-disc">
              <button type="button" onClick={() => onSelect(id)} className={`text-left underline underline-offset-2 ${focusRing}`}>
                {t('workflows.problems.node', { id, message: e.node[0] ?? Object.values(e.data)[0] })}
              </button>
            </li>
          );
        })}
        {Object.entries(errors.edges).map(([id, m]) => (
          <li key={id} className="list-disc">
            {t('workflows.problems.edge', { id, message: m })}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The diagram editor: palette, canvas, and the inspector of what is selected. */
export function VisualEditor({ nodes, edges, ops, errors, readOnly, phone }: Props) {
  const { t } = useTranslation();
  const selectedNodes = nodes.filter((n) => n.selected);
  const selectedNode = selectedNodes.length === 1 ? selectedNodes[0] : undefined;
  const selectedEdge = !selectedNode ? edges.find((e) => e.selected) : undefined;
  const locked = readOnly || phone;
  return (
    <div className="flex flex-col gap-4 lg:flex-row lg:items-start">
      <div className="min-w-0 flex-1">
        <Problems errors={errors} nodes={nodes} onSelect={ops.select} />
        {phone && !readOnly && (
          <p className="mb-2 flex items-start gap-1.5 rounded-md border border-sky-200 bg-sky-50 p-2 text-sm text-sky-900">
            <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            {t('workflows.canvas.phoneNote')}
          </p>
        )}
        {!locked && <Palette onAdd={(type) => ops.addNode(type)} />}
        <ReactFlowProvider>
          <FlowCanvas
            nodes={nodes}
            edges={edges}
            onNodesChange={ops.onNodesChange}
            onEdgesChange={ops.onEdgesChange}
            onConnect={ops.connect}
            onDropNode={(type, position) => ops.addNode(type, position)}
            locked={locked}
            touch={phone}
          />
        </ReactFlowProvider>
        {!locked && <p className="mt-1 text-xs text-slate-500">{t('workflows.canvas.help')}</p>}
      </div>
      <aside aria-label={t('workflows.inspector.label')} className="w-full shrink-0 rounded-md border border-slate-200 bg-white p-3 lg:w-80">
        {selectedNode ? (
          <NodeInspector
            key={selectedNode.id}
            node={selectedNode}
            nodes={nodes}
            edges={edges}
            errors={errors}
            readOnly={readOnly}
            onData={ops.setNodeData}
            onExit={ops.setExit}
            onDelete={ops.deleteNode}
          />
        ) : selectedEdge ? (
          <EdgeInspector edge={selectedEdge} nodes={nodes} error={errors.edges[selectedEdge.id]} readOnly={readOnly} onDelete={ops.deleteEdge} />
        ) : (
          <p className="text-sm text-slate-600">{t('workflows.inspector.empty')}</p>
        )}
      </aside>
    </div>
  );
}
