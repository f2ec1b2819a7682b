import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import type { EventSubscription } from '../../api/types';
import { buttonClass, focusRing } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { Pagination } from '../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDate } from '../../lib/format';
import { isForbidden, useCanManageIntegrations } from '../webhooks/access';
import { PER_PAGE, useSubscriptions } from './api';
import { SubscriptionStateChip } from './Chips';
import { SubsNotAllowed } from './Common';

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600';
const td = 'px-3 py-2 align-top text-sm text-slate-800';

function Row({ sub }: { sub: EventSubscription }) {
  const { t, i18n } = useTranslation();
  const count = t('eventSubs.eventsCount', { count: sub.events.length });
  return (
    <tr data-testid="subscription-row">
      <td className={`${td} max-w-0 w-full`}>
        <Link to={`/event-subscriptions/${sub.id}`} className={`font-mono text-sm font-medium break-all text-teal-800 underline-offset-2 hover:underline ${focusRing}`}>
          {sub.url}
        </Link>
        {sub.description && <p className="mt-0.5 break-words text-slate-600">{sub.description}</p>}
        {sub.disabled_reason && <p className="mt-1 text-xs break-words text-red-800">{sub.disabled_reason}</p>}
        {/* At phone width the row is a card: the other columns go under the URL. */}
        <p className="mt-1 text-xs text-slate-600 sm:hidden">
          {count} · {formatDate(sub.created_at, i18n.language)}
        </p>
      </td>
      <td className={`${td} hidden whitespace-nowrap sm:table-cell`} title={sub.events.join(', ')}>
        {count}
      </td>
      <td className={`${td} whitespace-nowrap`}>
        <SubscriptionStateChip sub={sub} />
      </td>
      <td className={`${td} hidden whitespace-nowrap md:table-cell`}>{formatDate(sub.created_at, i18n.language)}</td>
    </tr>
  );
}

export function SubscriptionsListPage() {
  const { t } = useTranslation();
  const allowed = useCanManageIntegrations();
  const [page, setPage] = useState(1);
  const list = useSubscriptions(page, { enabled: allowed });
  const rows = list.data?.data ?? [];
  const refused = !allowed || isForbidden(list.error);
  return (
    <>
      <PageHeader
        title={t('nav.eventSubscriptions')}
        actions={
          !refused && (
            <Link to="/event-subscriptions/new" className={buttonClass('primary')}>
              <Plus aria-hidden="true" className="size-4" />
              {t('eventSubs.new')}
            </Link>
          )
        }
      >
        <p className="mt-1 max-w-2xl text-sm text-slate-600">{t('eventSubs.intro')}</p>
      </PageHeader>
      {refused ? (
        <SubsNotAllowed />
      ) : (
        <Card className="p-0!">
          {list.isPending && <LoadingState />}
          {list.isError && (
            <div className="p-4">
              <ErrorState error={list.error} onRetry={() => void list.refetch()} />
            </div>
          )}
          {list.data && rows.length === 0 && (
            <EmptyState title={t('eventSubs.empty')}>
              <p className="max-w-md">{t('eventSubs.emptyHint')}</p>
            </EmptyState>
          )}
          {rows.length > 0 && (
            <div aria-busy={list.isFetching}>
              <div className="overflow-x-auto">
                <table className="min-w-full divide-y divide-slate-200">
                  <thead className="bg-slate-50">
                    <tr>
                      <th scope="col" className={th}>{t('eventSubs.fields.url')}</th>
                      <th scope="col" className={`${th} hidden sm:table-cell`}>{t('eventSubs.fields.events')}</th>
                      <th scope="col" className={th}>{t('eventSubs.fields.status')}</th>
                      <th scope="col" className={`${th} hidden md:table-cell`}>{t('eventSubs.fields.created')}</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100 bg-white">
                    {rows.map((s) => (
                      <Row key={s.id} sub={s} />
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
