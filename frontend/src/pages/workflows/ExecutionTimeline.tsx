import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MessageSquare } from 'lucide-react';
import { focusRing } from '../../components/Button';
import { formatDateTime } from '../../lib/format';
import { NODE_ICONS } from './canvasContext';
import { StepStatusChip } from './Chips';
import type { WorkflowNode, WorkflowStep } from './types';

const DOT: Record<string, string> = { done: 'bg-emerald-600', waiting: 'bg-amber-500', skipped: 'bg-violet-500', failed: 'bg-red-600' };

/** The step log as a vertical timeline, oldest first. */
export function ExecutionTimeline({ steps, nodes, patientId, tz }: { steps: WorkflowStep[]; nodes: WorkflowNode[]; patientId: string; tz?: string }) {
  const { t, i18n } = useTranslation();
  const when = (v: string | null) => formatDateTime(v, i18n.language, tz);
  if (steps.length === 0) return <p className="text-sm text-slate-500">{t('workflows.execution.noSteps')}</p>;
  return (
    <ol className="relative flex flex-col gap-4 border-l-2 border-slate-200 pl-5" data-testid="execution-timeline">
      {steps.map((s, i) => {
        const node = nodes.find((n) => n.id === s.node_id);
        const label = typeof node?.data.label === 'string' && node.data.label ? node.data.label : '';
        const Icon = NODE_ICONS[s.type];
        return (
          <li key={i} data-testid="execution-step" className="relative">
            <span aria-hidden="true" className={`absolute top-1.5 -left-[27px] size-3 rounded-full ring-4 ring-white ${DOT[s.status] ?? 'bg-slate-400'}`} />
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
              {Icon && <Icon aria-hidden="true" className="size-4 text-slate-500" />}
              <span className="font-medium text-slate-900">{label || t(`workflows.nodeTypes.${s.type}`, { defaultValue: s.type })}</span>
              <span className="font-mono text-xs text-slate-500">{s.node_id}</span>
              <StepStatusChip status={s.status} />
            </div>
            <p className="mt-0.5 text-xs text-slate-500">
              <time dateTime={s.started_at}>{when(s.started_at)}</time>
              {s.finished_at && s.finished_at !== s.started_at && (
                <>
                  {' → '}
                  <time dateTime={s.finished_at}>{when(s.finished_at)}</time>
                </>
              )}
            </p>
            {s.detail && <p className="mt-1 text-sm break-words whitespace-pre-wrap text-slate-700">{s.detail}</p>}
            {s.message_id && (
              <Link
                to={`/messages?patient_id=${encodeURIComponent(patientId)}&id=${encodeURIComponent(s.message_id)}`}
                className={`mt-1 inline-flex items-center gap-1 text-sm font-medium text-teal-800 underline underline-offset-2 ${focusRing}`}
              >
                <MessageSquare aria-hidden="true" className="size-3.5" />
                {t('workflows.execution.openMessage')}
              </Link>
            )}
          </li>
        );
      })}
    </ol>
  );
}
