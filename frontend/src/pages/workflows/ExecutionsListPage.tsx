import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, ChevronRight } from 'lucide-react';
import { useMe } from '../../auth/MeContext';
import { buttonClass, focusRing } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { Pagination } from '../../components/Pagination';
import { SelectFilter } from '../../components/SelectField';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDateTime } from '../../lib/format';
import { pageNumber, useUrlFilters } from '../../lib/useUrlFilters';
import { useExecutions, useWorkflow, useWorkflows } from './api';
import { ExecutionStatusChip } from './Chips';
import { BackToWorkflows } from './EditorHeader';
import { PatientName } from './PatientName';
import { EXECUTION_STATUSES, type ExecutionListQuery, type WorkflowExecution } from './types';

const PER_PAGE = 25;
const FILTERS = ['status', 'patient_id', 'page'] as const;

function Row({ e, workflowName, tz }: { e: WorkflowExecution; workflowName?: string; tz?: string }) {
  const { t, i18n } = useTranslation();
  const when = (v: string | null) => formatDateTime(v, i18n.language, tz);
  return (
    <li data-testid="execution-row">
      <Link to={`/workflow-executions/${e.id}`} className={`flex items-center gap-3 p-3 hover:bg-slate-50 ${focusRing}`}>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <span className="font-medium break-words text-teal-800">
              <PatientName id={e.patient_id} name={e.patient_name} />
            </span>
            <ExecutionStatusChip status={e.status} />
          </div>
          {workflowName !== undefined && (
            <p className="mt-0.5 text-sm break-words text-slate-700">
              {workflowName} · {t('workflows.versionN', { version: e.workflow_version })}
            </p>
          )}
          <p className="mt-0.5 text-xs text-slate-500">
            {t('workflows.executions.startedAt', { time: when(e.started_at) })}
            {e.finished_at && ` · ${t('workflows.executions.finishedAt', { time: when(e.finished_at) })}`}
            {!e.finished_at && e.next_run_at && ` · ${t('workflows.executions.nextAt', { time: when(e.next_run_at) })}`}
          </p>
        </div>
        <ChevronRight aria-hidden="true" className="size-4 shrink-0 text-slate-400" />
      </Link>
    </li>
  );
}

/** Executions of one workflow (/workflows/:id/executions) or of all (/workflow-executions), newest first. */
export function ExecutionsListPage() {
  const { id: workflowId = '' } = useParams();
  const { t } = useTranslation();
  const tz = useMe().tenant.timezone || undefined;
  const [f, setFilters] = useUrlFilters(FILTERS);
  const page = pageNumber(f.page);
  const query: ExecutionListQuery = { page, per_page: PER_PAGE };
  if (workflowId) query.workflow_id = workflowId;
  if (f.status) query.status = f.status as ExecutionListQuery['status'];
  if (f.patient_id) query.patient_id = f.patient_id;
  const list = useExecutions(query);
  const workflow = useWorkflow(workflowId, { enabled: Boolean(workflowId) });
  const workflows = useWorkflows({ per_page: 100 }, { enabled: !workflowId });
  const names = new Map((workflows.data?.data ?? []).map((w) => [w.id, w.name]));
  const rows = list.data?.data ?? [];
  const title = workflowId ? t('workflows.executions.of', { name: workflow.data?.name ?? '…' }) : t('workflows.executions.allTitle');

  return (
    <>
      {workflowId ? (
        <Link to={`/workflows/${workflowId}`} className={buttonClass('ghost', 'mb-2 -ml-3 max-w-full')}>
          <ArrowLeft aria-hidden="true" className="size-4 shrink-0" />
          <span className="truncate">{workflow.data?.name ?? t('workflows.backToWorkflow')}</span>
        </Link>
      ) : (
        <BackToWorkflows />
      )}
      <PageHeader title={title} />
      <Card>
        <div className="grid gap-3 sm:grid-cols-2">
          <SelectFilter id="execution-filter-status" label={t('workflows.fields.status')} value={f.status} onChange={(status) => setFilters({ status })}>
            <option value="">{t('common.all')}</option>
            {EXECUTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`workflows.executionStatus.${s}`)}
              </option>
            ))}
          </SelectFilter>
        </div>
      </Card>
      <Card className="mt-4 p-0!">
        {list.isPending && <LoadingState />}
        {list.isError && (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </div>
        )}
        {list.data && rows.length === 0 && <EmptyState title={f.status ? t('workflows.executions.noMatches') : t('workflows.executions.empty')} />}
        {rows.length > 0 && (
          <div aria-busy={list.isFetching}>
            <ul className="divide-y divide-slate-100">
              {rows.map((e) => (
                <Row key={e.id} e={e} tz={tz} workflowName={workflowId ? undefined : (names.get(e.workflow_id) ?? t('workflows.executions.deletedWorkflow'))} />
              ))}
            </ul>
            <Pagination page={list.data?.page ?? page} perPage={list.data?.per_page ?? PER_PAGE} total={list.data?.total ?? 0} onPage={(p) => setFilters({ page: String(p) })} />
          </div>
        )}
      </Card>
    </>
  );
}
