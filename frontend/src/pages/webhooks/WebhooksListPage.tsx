import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import { buttonClass, focusRing } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { Pagination } from '../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDate, formatDateTime } from '../../lib/format';
import { isForbidden, NotAllowed, useCanManageWebhooks } from './access';
import { PER_PAGE, useWebhooks } from './api';
import { WebhookActiveChip } from './Chips';
import type { Webhook } from './types';
import { WorkflowName } from './WorkflowName';

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600';
const td = 'px-3 py-2 align-top text-sm text-slate-800';

function LastCalled({ at }: { at: string | null }) {
  const { t, i18n } = useTranslation();
  return at ? <>{formatDateTime(at, i18n.language)}</> : <span className="text-slate-500">{t('webhooks.never')}</span>;
}

function Row({ w }: { w: Webhook }) {
  const { t, i18n } = useTranslation();
  return (
    <tr data-testid="webhook-row">
      <td className={td}>
        <Link to={`/webhooks/${w.id}`} className={`font-medium break-words text-teal-800 underline-offset-2 hover:underline ${focusRing}`}>
          {w.name}
        </Link>
        {/* At phone width the row is a card: the other columns go under the name. */}
        <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-2 gap-y-0.5 text-xs text-slate-600 sm:hidden">
          <dt>{t('webhooks.fields.workflow')}</dt>
          <dd><WorkflowName id={w.workflow_id} /></dd>
          <dt>{t('webhooks.fields.lastCalled')}</dt>
          <dd><LastCalled at={w.last_called_at} /></dd>
          <dt>{t('webhooks.fields.created')}</dt>
          <dd>{formatDate(w.created_at, i18n.language)}</dd>
        </dl>
      </td>
      <td className={`${td} hidden sm:table-cell`}>
        <WorkflowName id={w.workflow_id} />
      </td>
      <td className={td}>
        <WebhookActiveChip active={w.is_active} />
      </td>
      <td className={`${td} hidden whitespace-nowrap sm:table-cell`}>
        <LastCalled at={w.last_called_at} />
      </td>
      <td className={`${td} hidden whitespace-nowrap md:table-cell`}>{formatDate(w.created_at, i18n.language)}</td>
    </tr>
  );
}

export function WebhooksListPage() {
  const { t } = useTranslation();
  const allowed = useCanManageWebhooks();
  const [page, setPage] = useState(1);
  const list = useWebhooks(page, { enabled: allowed });
  const rows = list.data?.data ?? [];
  const refused = !allowed || isForbidden(list.error);
  return (
    <>
      <PageHeader
        title={t('nav.webhooks')}
        actions={
          !refused && (
            <Link to="/webhooks/new" className={buttonClass('primary')}>
              <Plus aria-hidden="true" className="size-4" />
              {t('webhooks.new')}
            </Link>
          )
        }
      >
        <p className="mt-1 max-w-2xl text-sm text-slate-600">{t('webhooks.intro')}</p>
      </PageHeader>
      {refused ? (
        <NotAllowed />
      ) : (
        <Card className="p-0!">
          {list.isPending && <LoadingState />}
          {list.isError && (
            <div className="p-4">
              <ErrorState error={list.error} onRetry={() => void list.refetch()} />
            </div>
          )}
          {list.data && rows.length === 0 && (
            <EmptyState title={t('webhooks.empty')}>
              <p className="max-w-md">{t('webhooks.emptyHint')}</p>
            </EmptyState>
          )}
          {rows.length > 0 && (
            <div aria-busy={list.isFetching}>
              <div className="overflow-x-auto">
                <table className="min-w-full divide-y divide-slate-200">
                  <thead className="bg-slate-50">
                    <tr>
                      <th scope="col" className={th}>{t('webhooks.fields.name')}</th>
                      <th scope="col" className={`${th} hidden sm:table-cell`}>{t('webhooks.fields.workflow')}</th>
                      <th scope="col" className={th}>{t('webhooks.fields.status')}</th>
                      <th scope="col" className={`${th} hidden sm:table-cell`}>{t('webhooks.fields.lastCalled')}</th>
                      <th scope="col" className={`${th} hidden md:table-cell`}>{t('webhooks.fields.created')}</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100 bg-white">
                    {rows.map((w) => (
                      <Row key={w.id} w={w} />
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination page={list.data?.page ?? page} perPage={list.data?.per_page ?? PER_PAGE} total={list.data?.total ?? 0} onPage={setPage} />
            </div>
          )}
        </Card>
      )}
    </>
  );
}
