import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, Ban } from 'lucide-react';
import { useMe } from '../../auth/MeContext';
import { Button, buttonClass, focusRing } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { formatDateTime, zoneLabel } from '../../lib/format';
import { cancelExecution, executionKeys, isLive, useExecution, useWorkflow } from './api';
import { ExecutionStatusChip } from './Chips';
import { ExecutionTimeline } from './ExecutionTimeline';
import { PatientName } from './PatientName';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

/** One execution: where it stands, its step log, its context, and cancel while it runs. */
export function ExecutionDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { user, tenant } = useMe();
  const tz = tenant.timezone || undefined;
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [confirming, setConfirming] = useState(false);
  const execution = useExecution(id);
  const e = execution.data;
  const workflow = useWorkflow(e?.workflow_id ?? '', { enabled: Boolean(e) });
  const cancel = useMutation({
    mutationFn: () => cancelExecution(id),
    onSuccess: (updated) => {
      queryClient.setQueryData(executionKeys.one(id), updated);
      void queryClient.invalidateQueries({ queryKey: ['workflow-executions', 'list'] });
      setConfirming(false);
    },
  });
  const canCancel = user.role === 'admin' || user.role === 'volunteer';
  const when = (v: string | null | undefined) => (v ? formatDateTime(v, i18n.language, tz) : '—');
  const back = (
    <Link to={e ? `/workflows/${e.workflow_id}/executions` : '/workflow-executions'} className={buttonClass('ghost', 'mb-2 -ml-3')}>
      <ArrowLeft aria-hidden="true" className="size-4" />
      {t('workflows.execution.back')}
    </Link>
  );
  if (execution.isPending) return <LoadingState />;
  if (execution.isError || !e)
    return (
      <>
        {back}
        <ErrorState error={execution.error} onRetry={() => void execution.refetch()} />
      </>
    );
  return (
    <>
      {back}
      <PageHeader
        title={t('workflows.execution.title')}
        actions={
          canCancel &&
          isLive(e) && (
            <Button variant="danger" onClick={() => setConfirming(true)}>
              <Ban aria-hidden="true" className="size-4" />
              {t('workflows.execution.cancel')}
            </Button>
          )
        }
      >
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <ExecutionStatusChip status={e.status} />
          {e.waiting && isLive(e) && <span className="text-sm text-slate-600">{t(`workflows.waiting.${e.waiting}`)}</span>}
          {tz && <span className="text-xs text-slate-500">{t('workflows.execution.timesIn', { zone: zoneLabel(tz, i18n.language) })}</span>}
        </div>
      </PageHeader>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)] lg:items-start">
        <Card title={t('workflows.execution.facts')}>
          <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-1 xl:grid-cols-2">
            <Fact label={t('workflows.execution.patient')}>
              <Link to={`/patients/${e.patient_id}`} className={`text-teal-800 underline underline-offset-2 ${focusRing}`}>
                <PatientName id={e.patient_id} name={e.patient_name} />
              </Link>
            </Fact>
            <Fact label={t('workflows.execution.workflow')}>
              <Link to={`/workflows/${e.workflow_id}`} className={`text-teal-800 underline underline-offset-2 ${focusRing}`}>
                {workflow.data?.name ?? e.workflow_id}
              </Link>{' '}
              <span className="text-slate-500">· {t('workflows.versionN', { version: e.workflow_version })}</span>
            </Fact>
            <Fact label={t('workflows.execution.started')}>{when(e.started_at)}</Fact>
            <Fact label={t('workflows.execution.finished')}>{when(e.finished_at)}</Fact>
            {isLive(e) && <Fact label={t('workflows.execution.nextRun')}>{when(e.next_run_at)}</Fact>}
            {isLive(e) && <Fact label={t('workflows.execution.currentNode')}>{e.current_node_id || '—'}</Fact>}
            <Fact label={t('workflows.execution.triggerEvent')}>
              <span className="font-mono text-xs">{e.trigger_event_id || '—'}</span>
            </Fact>
          </dl>
          <details className="mt-4 rounded-md border border-slate-200 text-sm">
            <summary className={`cursor-pointer px-3 py-2 font-medium text-slate-800 ${focusRing}`}>{t('workflows.execution.context')}</summary>
            <pre className="max-h-80 overflow-auto border-t border-slate-200 bg-slate-50 p-3 font-mono text-xs whitespace-pre-wrap break-all text-slate-800">
              {JSON.stringify(e.context ?? {}, null, 2)}
            </pre>
          </details>
        </Card>
        <Card title={t('workflows.execution.steps')}>
          <ExecutionTimeline steps={e.steps ?? []} nodes={workflow.data?.graph.nodes ?? []} patientId={e.patient_id} tz={tz} />
        </Card>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('workflows.execution.cancelTitle')}
        confirmLabel={t('workflows.execution.cancelConfirm')}
        busy={cancel.isPending}
        error={cancel.isError ? errorMessage(cancel.error) : undefined}
        onConfirm={() => cancel.mutate()}
        onCancel={() => {
          setConfirming(false);
          cancel.reset();
        }}
      >
        {t('workflows.execution.cancelText')}
      </ConfirmDialog>
    </>
  );
}
