import { useTranslation } from 'react-i18next';
import { ArrowDown, ArrowUp, Info, Plus, Trash2 } from 'lucide-react';
import { Button } from '../../components/Button';
import { controlProps, inputClass } from '../../components/Field';
import { useTemplates } from '../templates/api';
import { NODE_ICONS, useCanvasInfo } from './canvasContext';
import type { FlowNode } from './graphModel';
import { newRow, type LinearRow } from './graphModel';
import { nodeSummary } from './nodeSummary';

interface Props {
  rows: LinearRow[] | null;
  /** The graph in order, shown when it is no chain of messages. */
  nodes: FlowNode[];
  readOnly: boolean;
  /** Row problems by index and key (the server's, or unusable days and times). */
  rowErrors: Record<number, Record<string, string>>;
  onChange: (rows: LinearRow[]) => void;
}

function Outline({ nodes }: { nodes: FlowNode[] }) {
  const { t } = useTranslation();
  const info = useCanvasInfo();
  return (
    <ol className="mt-3 flex flex-col gap-1.5" aria-label={t('workflows.linear.outline')}>
      {nodes.map((n) => {
        const Icon = NODE_ICONS[n.type as string];
        return (
          <li key={n.id} className="flex items-start gap-2 rounded-md border border-slate-200 bg-white px-2 py-1.5 text-sm">
            {Icon && <Icon aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-slate-500" />}
            <span className="min-w-0 flex-1 break-words">
              <span className="font-medium text-slate-900">{t(`workflows.nodeTypes.${n.type}`)}</span>
              <span className="text-slate-600"> · {nodeSummary(n.type as string, n.data, t, info)}</span>
            </span>
            <span className="shrink-0 font-mono text-xs text-slate-400">{n.id}</span>
          </li>
        );
      })}
    </ol>
  );
}

/** The linear form: on day N at a time, send a message (a template or a text). */
export function LinearEditor({ rows, nodes, readOnly, rowErrors, onChange }: Props) {
  const { t } = useTranslation();
  const templates = useTemplates({ per_page: 100, sort: 'name' }, { enabled: rows !== null });
  if (rows === null) {
    return (
      <div>
        <p className="flex items-start gap-1.5 rounded-md border border-amber-200 bg-amber-50 p-2 text-sm text-amber-900">
          <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          {t('workflows.linear.notLinear')}
        </p>
        <Outline nodes={nodes} />
      </div>
    );
  }
  const set = (i: number, change: Partial<LinearRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const move = (i: number, delta: number) => {
    const next = [...rows];
    const [r] = next.splice(i, 1);
    next.splice(i + delta, 0, r);
    onChange(next);
  };
  const options = templates.data?.data ?? [];
  return (
    <div>
      <p className="mb-3 text-sm text-slate-600">{t('workflows.linear.hint')}</p>
      {rows.length === 0 && <p className="mb-3 text-sm text-slate-500">{t('workflows.linear.empty')}</p>}
      <ol className="flex flex-col gap-3">
        {rows.map((r, i) => {
          const err = rowErrors[i] ?? {};
          const id = (k: string) => `wf-row-${i}-${k}`;
          return (
            <li key={r.key} data-testid="linear-row" className="rounded-md border border-slate-200 bg-white p-3">
              <fieldset disabled={readOnly} className="grid gap-3 sm:grid-cols-[6rem_8rem_minmax(0,1fr)]">
                <legend className="sr-only">{t('workflows.linear.step', { n: i + 1 })}</legend>
                <div>
                  <label htmlFor={id('day')} className="mb-1 block text-sm font-medium text-slate-700">
                    {t('workflows.linear.day')}
                  </label>
                  <input {...controlProps(id('day'), err.day)} type="number" value={r.day} onChange={(e) => set(i, { day: e.target.value })} className={inputClass} />
                  {err.day && <p id={`${id('day')}-error`} className="mt-1 text-sm text-red-700">{err.day}</p>}
                </div>
                <div>
                  <label htmlFor={id('time')} className="mb-1 block text-sm font-medium text-slate-700">
                    {t('workflows.linear.time')}
                  </label>
                  <input {...controlProps(id('time'), err.time_of_day)} type="time" value={r.time_of_day} onChange={(e) => set(i, { time_of_day: e.target.value })} className={inputClass} />
                  {err.time_of_day && <p id={`${id('time')}-error`} className="mt-1 text-sm text-red-700">{err.time_of_day}</p>}
                </div>
                <div className="min-w-0">
                  <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
                    <label htmlFor={id('action')} className="text-sm font-medium text-slate-700">
                      {t('workflows.linear.send')}
                    </label>
                    <select
                      aria-label={t('workflows.linear.kind', { n: i + 1 })}
                      value={r.mode}
                      onChange={(e) => set(i, { mode: e.target.value as LinearRow['mode'] })}
                      className="rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs"
                    >
                      <option value="text">{t('workflows.fields.text')}</option>
                      <option value="template">{t('workflows.fields.template')}</option>
                    </select>
                  </div>
                  {r.mode === 'template' ? (
                    <select {...controlProps(id('action'), err.action)} value={r.template_id} onChange={(e) => set(i, { template_id: e.target.value })} className={inputClass}>
                      <option value="">{t('workflows.fields.chooseTemplate')}</option>
                      {options.map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.name}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <textarea {...controlProps(id('action'), err.action)} rows={2} value={r.message} onChange={(e) => set(i, { message: e.target.value })} className={inputClass} />
                  )}
                  {err.action && <p id={`${id('action')}-error`} className="mt-1 text-sm text-red-700">{err.action}</p>}
                </div>
              </fieldset>
              {!readOnly && (
                <div className="mt-2 flex justify-end gap-1">
                  <Button variant="ghost" className="px-2 py-1" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('workflows.linear.up', { n: i + 1 })}>
                    <ArrowUp aria-hidden="true" className="size-4" />
                  </Button>
                  <Button variant="ghost" className="px-2 py-1" disabled={i === rows.length - 1} onClick={() => move(i, 1)} aria-label={t('workflows.linear.down', { n: i + 1 })}>
                    <ArrowDown aria-hidden="true" className="size-4" />
                  </Button>
                  <Button variant="ghost" className="px-2 py-1" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={t('workflows.linear.remove', { n: i + 1 })}>
                    <Trash2 aria-hidden="true" className="size-4" />
                  </Button>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {!readOnly && (
        <Button
          className="mt-3"
          onClick={() => {
            const last = rows[rows.length - 1];
            onChange([...rows, newRow({ day: last ? String(Number(last.day) + 1 || 1) : '1', time_of_day: last?.time_of_day ?? '09:00' })]);
          }}
        >
          <Plus aria-hidden="true" className="size-4" />
          {t('workflows.linear.add')}
        </Button>
      )}
    </div>
  );
}
