import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { History, Plus } from 'lucide-react';
import { useMe } from '../../auth/MeContext';
import { Badge } from '../../components/Badge';
import { buttonClass, focusRing } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { Pagination } from '../../components/Pagination';
import { SelectFilter } from '../../components/SelectField';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDateTime } from '../../lib/format';
import { pageNumber, useUrlFilters } from '../../lib/useUrlFilters';
import { useWorkflows } from './api';
import { WorkflowActiveChip } from './Chips';
import { TRIGGER_TYPES, type Workflow, type WorkflowListQuery } from './types';

const PER_PAGE = 25;
const FILTERS = ['active', 'trigger', 'page'] as const;
const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600';
const td = 'px-3 py-2 align-top text-sm text-slate-800';

function NameLink({ w }: { w: Workflow }) {
  return (
    <Link to={`/workflows/${w.id}`} className={`font-medium break-words text-teal-800 underline-offset-2 hover:underline ${focusRing}`}>
      {w.name}
    </Link>
  );
}

export function WorkflowsListPage() {
  const { t, i18n } = useTranslation();
  const { isAdmin, tenant } = useMe();
  const tz = tenant.timezone || undefined;
  const [f, setFilters] = useUrlFilters(FILTERS);
  const page = pageNumber(f.page);
  const query: WorkflowListQuery = { page, per_page: PER_PAGE };
  if (f.active) query.is_active = f.active === 'true';
  if (f.trigger) query.trigger_type = f.trigger as WorkflowListQuery['trigger_type'];
  const list = useWorkflows(query);
  const rows = list.data?.data ?? [];
  const filtered = Boolean(f.active || f.trigger);
  const updated = (w: Workflow) => <time dateTime={w.updated_at}>{formatDateTime(w.updated_at, i18n.language, tz)}</time>;
  const trigger = (w: Workflow) => t(`workflows.triggerTypes.${w.trigger.type}`);

  return (
    <>
      <PageHeader
        title={t('nav.workflows')}
        actions={
          <>
            <Link to="/workflow-executions" className={buttonClass('secondary')}>
              <History aria-hidden="true" className="size-4" />
              {t('workflows.executions.all')}
            </Link>
            {isAdmin && (
              <Link to="/workflows/new" className={buttonClass('primary')}>
                <Plus aria-hidden="true" className="size-4" />
                {t('workflows.new')}
              </Link>
            )}
          </>
        }
      />
      <Card>
        <div className="grid gap-3 sm:grid-cols-2">
          <SelectFilter id="workflow-filter-active" label={t('workflows.fields.status')} value={f.active} onChange={(active) => setFilters({ active })}>
            <option value="">{t('common.all')}</option>
            <option value="true">{t('workflows.active')}</option>
            <option value="false">{t('workflows.inactive')}</option>
          </SelectFilter>
          <SelectFilter id="workflow-filter-trigger" label={t('workflows.fields.trigger')} value={f.trigger} onChange={(trigger) => setFilters({ trigger })}>
            <option value="">{t('common.all')}</option>
            {TRIGGER_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`workflows.triggerTypes.${ty}`)}
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
        {list.data && rows.length === 0 && (
          <EmptyState title={filtered ? t('workflows.noMatches') : t('workflows.empty')}>{!filtered && <p>{isAdmin ? t('workflows.emptyHintAdmin') : t('workflows.emptyHint')}</p>}</EmptyState>
        )}
        {rows.length > 0 && (
          <div aria-busy={list.isFetching}>
            {/* Phones: one card per workflow. */}
            <ul className="divide-y divide-slate-100 sm:hidden" data-testid="workflow-cards">
              {rows.map((w) => (
                <li key={w.id} className="flex flex-col gap-1 p-3">
                  <NameLink w={w} />
                  <div className="flex flex-wrap items-center gap-1.5 text-xs text-slate-600">
                    <WorkflowActiveChip active={w.is_active} />
                    <Badge tone="blue">{trigger(w)}</Badge>
                    <span>{t('workflows.versionN', { version: w.version })}</span>
                  </div>
                  <p className="text-xs text-slate-500">{t('workflows.updatedAt', { time: formatDateTime(w.updated_at, i18n.language, tz) })}</p>
                </li>
              ))}
            </ul>
            <table className="hidden min-w-full divide-y divide-slate-200 sm:table">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>{t('workflows.fields.name')}</th>
                  <th scope="col" className={th}>{t('workflows.fields.trigger')}</th>
                  <th scope="col" className={th}>{t('workflows.fields.status')}</th>
                  <th scope="col" className={th}>{t('workflows.fields.version')}</th>
                  <th scope="col" className={`${th} hidden md:table-cell`}>{t('workflows.fields.updated')}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 bg-white">
                {rows.map((w) => (
                  <tr key={w.id} data-testid="workflow-row">
                    <td className={td}>
                      <NameLink w={w} />
                      {w.description && <p className="mt-0.5 line-clamp-2 text-xs text-slate-500">{w.description}</p>}
                    </td>
                    <td className={td}>{trigger(w)}</td>
                    <td className={td}>
                      <WorkflowActiveChip active={w.is_active} />
                    </td>
                    <td className={td}>{w.version}</td>
                    <td className={`${td} hidden md:table-cell`}>{updated(w)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pagination page={list.data?.page ?? page} perPage={list.data?.per_page ?? PER_PAGE} total={list.data?.total ?? 0} onPage={(p) => setFilters({ page: String(p) })} />
          </div>
        )}
      </Card>
    </>
  );
}
