import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { ExecutionStatusChip, StepStatusChip } from './Chips';
import type { WorkflowSimulation } from './types';

const h = 'mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500';

/** What a simulation did: where it stands, the messages it would send, other effects, notes, and its step log. */
export function SimulationResult({ sim, timeZone }: { sim: WorkflowSimulation; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const at = (v: string | null | undefined) => formatDateTime(v, i18n.language, timeZone || undefined);
  return (
    <div data-testid="simulation-result" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
        <ExecutionStatusChip status={sim.status} />
        {sim.waiting && <span>{t(`workflows.waiting.${sim.waiting}`)}</span>}
        <span className="text-slate-500">{t('workflows.simulator.clock', { time: at(sim.clock) })}</span>
        {sim.next_run_at && <span className="text-slate-500">{t('workflows.simulator.nextRun', { time: at(sim.next_run_at) })}</span>}
      </div>

      <section>
        <h4 className={h}>{t('workflows.simulator.messages')}</h4>
        {sim.messages.length === 0 ? (
          <p className="text-sm text-slate-500">{t('workflows.simulator.noMessages')}</p>
        ) : (
          <ul className="flex flex-col gap-2">
            {sim.messages.map((m, i) => (
              <li key={i} data-testid="sim-message" className="rounded-lg rounded-tl-none border border-teal-200 bg-teal-50 p-2 text-sm">
                <p className="mb-1 text-xs text-teal-900">
                  {at(m.at)} · <span className="font-mono">{m.node_id}</span>
                </p>
                <p className="whitespace-pre-wrap break-words text-slate-900">{m.body}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      {sim.effects.length > 0 && (
        <section>
          <h4 className={h}>{t('workflows.simulator.effects')}</h4>
          <ul className="flex flex-col gap-1 text-sm">
            {sim.effects.map((e, i) => (
              <li key={i} className="break-words">
                <span className="font-medium text-slate-900">{t(`workflows.effects.${e.kind}`, { defaultValue: e.kind })}</span>{' '}
                <span className="font-mono text-xs text-slate-500">{e.node_id}</span> · <span className="text-slate-700">{e.detail}</span>{' '}
                <span className="text-xs text-slate-500">({at(e.at)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {sim.notes.length > 0 && (
        <section>
          <h4 className={h}>{t('workflows.simulator.notes')}</h4>
          <ul className="list-disc pl-5 text-sm text-slate-700">
            {sim.notes.map((n, i) => (
              <li key={i} className="break-words">
                {n}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section>
        <h4 className={h}>{t('workflows.simulator.steps')}</h4>
        <ol className="flex flex-col gap-1 text-sm">
          {sim.steps.map((s, i) => (
            <li key={i} data-testid="sim-step" className="flex flex-wrap items-center gap-x-2 gap-y-0.5 border-l-2 border-slate-200 pl-2">
              <span className="font-mono text-xs text-slate-500">{s.node_id}</span>
              <span className="text-slate-900">{t(`workflows.nodeTypes.${s.type}`, { defaultValue: s.type })}</span>
              <StepStatusChip status={s.status} />
              <span className="text-xs text-slate-500">{at(s.started_at)}</span>
              {s.detail && <span className="basis-full break-words text-xs text-slate-600">{s.detail}</span>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
