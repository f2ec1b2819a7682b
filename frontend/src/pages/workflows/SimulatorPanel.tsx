import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FlaskConical, MessageSquareReply, Play, RotateCcw, SkipForward } from 'lucide-react';
import { ApiError } from '../../api/problem';
import { LANGUAGES } from '../../api/types';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { controlProps, Field, inputClass } from '../../components/Field';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { simulateWorkflow } from './api';
import { SimulationResult } from './SimulationResult';
import type { WorkflowSimAction, WorkflowSimPatient, WorkflowSimulateRequest, WorkflowSimulation } from './types';

interface Props {
  /** What to run: the saved workflow when nothing changed, else the draft's graph or steps. */
  source: () => Pick<WorkflowSimulateRequest, 'workflow_id' | 'graph' | 'steps'>;
  /** Called with a refused run's error, to show it on the nodes. */
  onRefused: (err: unknown) => void;
  defaultTimeZone: string;
}

type Language = NonNullable<WorkflowSimPatient['language']>;

/** Runs the workflow for a test patient with time compressed; each action is added to the script and the whole script runs again. */
export function SimulatorPanel({ source, onRefused, defaultTimeZone }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [name, setName] = useState('Siti Rahmawati');
  const [language, setLanguage] = useState<Language>('id');
  const [timeZone, setTimeZone] = useState(defaultTimeZone || 'Asia/Jakarta');
  const [script, setScript] = useState<WorkflowSimAction[]>([]);
  const [reply, setReply] = useState('');
  const [result, setResult] = useState<WorkflowSimulation | null>(null);
  const run = useMutation({
    mutationFn: (next: WorkflowSimAction[]) =>
      simulateWorkflow({ ...source(), patient: { name: name.trim() || undefined, language, timezone: timeZone.trim() || undefined }, script: next }),
    onSuccess: (sim, next) => {
      setScript(next);
      setResult(sim);
      if (next.at(-1)?.action === 'reply') setReply('');
    },
    onError: onRefused,
  });
  const refusedGraph = run.error instanceof ApiError && Object.keys(run.error.fieldErrors).some((f) => /^(graph|steps)/.test(f));
  const open = result !== null && (result.status === 'waiting' || result.status === 'running');
  const busy = run.isPending;
  const reset = () => {
    setScript([]);
    setResult(null);
    setReply('');
    run.reset();
  };
  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          <FlaskConical aria-hidden="true" className="size-4 text-amber-700" />
          {t('workflows.simulator.title')}
        </span>
      }
    >
      <p className="mb-3 text-sm text-slate-600">{t('workflows.simulator.hint')}</p>
      <fieldset disabled={busy} className="grid gap-3 sm:grid-cols-3">
        <legend className="sr-only">{t('workflows.simulator.patient')}</legend>
        <Field id="sim-name" label={t('workflows.simulator.name')}>
          <input {...controlProps('sim-name')} value={name} onChange={(e) => setName(e.target.value)} className={inputClass} />
        </Field>
        <Field id="sim-language" label={t('workflows.simulator.language')}>
          <select {...controlProps('sim-language')} value={language} onChange={(e) => setLanguage(e.target.value as Language)} className={inputClass}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`languages.${l}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="sim-timezone" label={t('workflows.simulator.timezone')}>
          <input {...controlProps('sim-timezone')} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} className={inputClass} />
        </Field>
      </fieldset>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button variant="primary" disabled={busy} onClick={() => run.mutate([])}>
          <Play aria-hidden="true" className="size-4" />
          {result ? t('workflows.simulator.rerun') : t('workflows.simulator.start')}
        </Button>
        <Button disabled={busy || !open} onClick={() => run.mutate([...script, { action: 'skip_wait' }])}>
          <SkipForward aria-hidden="true" className="size-4" />
          {t('workflows.simulator.skip')}
        </Button>
        <Button variant="ghost" disabled={busy || (!result && script.length === 0)} onClick={reset}>
          <RotateCcw aria-hidden="true" className="size-4" />
          {t('workflows.simulator.reset')}
        </Button>
      </div>
      <form
        className="mt-3 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (reply.trim() && open && !busy) run.mutate([...script, { action: 'reply', text: reply.trim() }]);
        }}
      >
        <Field id="sim-reply" label={t('workflows.simulator.reply')} className="min-w-0 flex-1">
          <input {...controlProps('sim-reply')} value={reply} disabled={!open || busy} placeholder={t('workflows.simulator.replyPlaceholder')} onChange={(e) => setReply(e.target.value)} className={inputClass} />
        </Field>
        <Button type="submit" disabled={!open || busy || !reply.trim()}>
          <MessageSquareReply aria-hidden="true" className="size-4" />
          {t('workflows.simulator.sendReply')}
        </Button>
      </form>
      {script.length > 0 && (
        <div className="mt-3">
          <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{t('workflows.simulator.script')}</p>
          <ol data-testid="sim-script" className="flex flex-wrap gap-1.5 text-xs">
            {script.map((a, i) => (
              <li key={i} className="rounded-full bg-slate-100 px-2 py-0.5 text-slate-700">
                {i + 1}. {a.action === 'reply' ? t('workflows.simulator.replied', { text: a.text }) : t('workflows.simulator.skipped')}
              </li>
            ))}
          </ol>
        </div>
      )}
      {run.isError && (
        <div className="mt-3">
          <ErrorBanner message={refusedGraph ? t('workflows.simulator.fixFirst') : errorMessage(run.error)} />
        </div>
      )}
      {busy && <p role="status" className="mt-3 text-sm text-slate-600">{t('workflows.simulator.running')}</p>}
      {result && (
        <div className="mt-4 border-t border-slate-200 pt-4" aria-live="polite">
          <SimulationResult sim={result} timeZone={timeZone} />
        </div>
      )}
    </Card>
  );
}
