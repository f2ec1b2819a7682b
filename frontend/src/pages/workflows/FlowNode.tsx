import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { AlertCircle } from 'lucide-react';
import { NODE_COLORS, NODE_ICONS, useCanvasInfo } from './canvasContext';
import type { FlowNode } from './graphModel';
import { nodeSummary } from './nodeSummary';
import { exitsOf } from './types';

const handleClass = 'size-3! border-2! border-white!';

/** A workflow step on the canvas: its type, label and settings in words, its exits, and the server's complaint about it. */
export function WorkflowNodeView({ id, type, data, selected }: NodeProps<FlowNode>) {
  const { t } = useTranslation();
  const { errors, triggerType, templateName } = useCanvasInfo();
  const Icon = NODE_ICONS[type] ?? AlertCircle;
  const errs = errors.nodes[id];
  const firstError = errs ? (errs.node[0] ?? Object.values(errs.data)[0]) : undefined;
  const exits = exitsOf(type);
  const label = typeof data.label === 'string' && data.label.trim() ? data.label.trim() : '';
  const typeName = t(`workflows.nodeTypes.${type}`);
  const border = firstError ? 'border-red-600 ring-2 ring-red-200' : selected ? 'border-teal-600 ring-2 ring-teal-200' : 'border-slate-300';
  return (
    <div
      data-testid="wf-node"
      data-node-id={id}
      data-node-type={type}
      data-invalid={firstError ? 'true' : undefined}
      className={`w-56 rounded-lg border bg-white text-left shadow-sm ${border}`}
    >
      {type !== 'trigger' && <Handle type="target" position={Position.Top} className={`${handleClass} bg-slate-500!`} />}
      <div className="flex items-center gap-2 border-b border-slate-100 px-2.5 py-1.5">
        <span className={`flex size-6 shrink-0 items-center justify-center rounded ${NODE_COLORS[type] ?? ''}`}>
          <Icon aria-hidden="true" className="size-3.5" />
        </span>
        <span className="min-w-0 flex-1 truncate text-xs font-semibold text-slate-800">{label || typeName}</span>
        <span className="shrink-0 font-mono text-[10px] text-slate-400">{id}</span>
      </div>
      <div className="px-2.5 py-1.5 text-xs text-slate-600">
        {label && <p className="text-[10px] uppercase tracking-wide text-slate-400">{typeName}</p>}
        <p className="break-words">{nodeSummary(type, data, t, { triggerType, templateName }) || '\u00a0'}</p>
        {firstError && (
          <p className="mt-1 flex items-start gap-1 text-red-700">
            <AlertCircle aria-hidden="true" className="mt-0.5 size-3 shrink-0" />
            <span>{firstError}</span>
          </p>
        )}
      </div>
      {exits.length === 1 && <Handle type="source" position={Position.Bottom} className={`${handleClass} bg-slate-500!`} />}
      {exits.length === 2 && (
        <>
          <div className="flex justify-between px-3 pb-1 text-[10px] font-medium text-slate-500">
            <span>{t(`workflows.handles.${exits[0]}`)}</span>
            <span>{t(`workflows.handles.${exits[1]}`)}</span>
          </div>
          <Handle type="source" id={exits[0] as string} position={Position.Bottom} style={{ left: '20%' }} className={`${handleClass} bg-emerald-600!`} />
          <Handle type="source" id={exits[1] as string} position={Position.Bottom} style={{ left: '80%' }} className={`${handleClass} bg-rose-600!`} />
        </>
      )}
    </div>
  );
}
