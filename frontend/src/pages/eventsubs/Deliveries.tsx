import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { RotateCcw } from 'lucide-react';
import { DELIVERY_STATUSES, type DeliveryStatus, type EventDelivery } from '../../api/types';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Pagination } from '../../components/Pagination';
import { SelectFilter } from '../../components/SelectField';
import { EmptyState, ErrorBanner, ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { formatDateTime, formatNumber } from '../../lib/format';
import { randomKey } from '../../lib/idempotency';
import { DELIVERIES_PER_PAGE, redeliver, subKeys, useDeliveries } from './api';
import { DeliveryStatusChip } from './Chips';

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600';
const td = 'px-3 py-2 align-top text-sm text-slate-800';

function When({ at }: { at: string | null }) {
  const { i18n } = useTranslation();
  return at ? <time dateTime={at}>{formatDateTime(at, i18n.language)}</time> : <span className="text-slate-400">—</span>;
}

interface RowProps {
  d: EventDelivery;
  highlighted: boolean;
  busy: boolean;
  onRedeliver: (d: EventDelivery) => void;
}

function Row({ d, highlighted, busy, onRedeliver }: RowProps) {
  const { t, i18n } = useTranslation();
  const code = d.last_status_code ?? '—';
  return (
    <tr data-testid="delivery-row" data-status={d.status} data-id={d.id} className={highlighted ? 'bg-sky-50' : undefined}>
      <td className={`${td} w-full max-w-0`}>
        <code className="font-mono text-xs font-semibold break-all text-slate-900">{d.event_type}</code>
        <p className="font-mono text-xs break-all text-slate-500" title={t('eventSubs.fields.webhookId')}>
          {d.webhook_id}
        </p>
        {d.last_error && <p className="mt-1 text-xs break-words text-red-800">{d.last_error}</p>}
        {/* At phone width the row is a card: the other columns go under the event. */}
        <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-2 gap-y-0.5 text-xs text-slate-600 md:hidden">
          <dt>{t('eventSubs.fields.attempts')}</dt>
          <dd>{formatNumber(d.attempts, i18n.language)}</dd>
          <dt>{t('eventSubs.fields.lastCode')}</dt>
          <dd>{code}</dd>
          {d.next_attempt_at && (
            <>
              <dt>{t('eventSubs.fields.nextAttempt')}</dt>
              <dd><When at={d.next_attempt_at} /></dd>
            </>
          )}
          <dt>{t('eventSubs.fields.created')}</dt>
          <dd><When at={d.created_at} /></dd>
        </dl>
      </td>
      <td className={`${td} whitespace-nowrap`}>
        <DeliveryStatusChip status={d.status} />
      </td>
      <td className={`${td} hidden text-right md:table-cell`}>{formatNumber(d.attempts, i18n.language)}</td>
      <td className={`${td} hidden font-mono md:table-cell`} data-testid="delivery-code">{code}</td>
      <td className={`${td} hidden whitespace-nowrap lg:table-cell`}><When at={d.next_attempt_at} /></td>
      <td className={`${td} hidden whitespace-nowrap lg:table-cell`}><When at={d.created_at} /></td>
      <td className={`${td} text-right`}>
        <Button variant="ghost" onClick={() => onRedeliver(d)} disabled={busy} aria-label={t('eventSubs.deliveries.redeliverLabel', { id: d.webhook_id })} className="px-2 py-1">
          <RotateCcw aria-hidden="true" className="size-4" />
          <span className="hidden sm:inline">{t('eventSubs.deliveries.redeliver')}</span>
        </Button>
      </td>
    </tr>
  );
}

/** The subscription's deliveries, newest first, looked at again every few seconds; each can be sent again. */
export function Deliveries({ subscriptionId, highlightId }: { subscriptionId: string; highlightId?: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<'' | DeliveryStatus>('');
  const [busyId, setBusyId] = useState('');
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const list = useDeliveries(subscriptionId, page, status);
  const rows = list.data?.data ?? [];

  const again = async (d: EventDelivery) => {
    setBusyId(d.id);
    setNotice(null);
    try {
      await redeliver(subscriptionId, d.id, randomKey());
      setNotice({ ok: true, text: t('eventSubs.deliveries.redelivered', { type: d.event_type }) });
      await queryClient.invalidateQueries({ queryKey: subKeys.deliveries(subscriptionId) });
    } catch (err) {
      setNotice({ ok: false, text: errorMessage(err) });
    } finally {
      setBusyId('');
    }
  };

  return (
    <Card className="min-w-0 p-0!">
      <div className="flex flex-wrap items-end justify-between gap-3 px-4 pt-4 pb-3">
        <div className="min-w-0">
          <h2 id="deliveries-title" className="text-base font-semibold text-slate-900">
            {t('eventSubs.deliveries.title')}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t('eventSubs.deliveries.intro')}</p>
        </div>
        <SelectFilter
          id="delivery-status"
          label={t('eventSubs.fields.status')}
          value={status}
          onChange={(v) => {
            setStatus(v as '' | DeliveryStatus);
            setPage(1);
          }}
        >
          <option value="">{t('common.all')}</option>
          {DELIVERY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`eventSubs.deliveryStatus.${s}`)}
            </option>
          ))}
        </SelectFilter>
      </div>
      {notice && (
        <div className="px-4 pb-3">
          {notice.ok ? (
            <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
              {notice.text}
            </p>
          ) : (
            <ErrorBanner message={notice.text} />
          )}
        </div>
      )}
      {list.isPending && <LoadingState />}
      {list.isError && (
        <div className="p-4">
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        </div>
      )}
      {list.data && rows.length === 0 && <EmptyState title={t('eventSubs.deliveries.empty')}>{t('eventSubs.deliveries.emptyHint')}</EmptyState>}
      {rows.length > 0 && (
        <div aria-busy={list.isFetching}>
          <div className="overflow-x-auto border-t border-slate-200">
            <table aria-labelledby="deliveries-title" className="min-w-full divide-y divide-slate-200">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>{t('eventSubs.fields.event')}</th>
                  <th scope="col" className={th}>{t('eventSubs.fields.status')}</th>
                  <th scope="col" className={`${th} hidden md:table-cell`}>{t('eventSubs.fields.attempts')}</th>
                  <th scope="col" className={`${th} hidden md:table-cell`}>{t('eventSubs.fields.lastCode')}</th>
                  <th scope="col" className={`${th} hidden lg:table-cell`}>{t('eventSubs.fields.nextAttempt')}</th>
                  <th scope="col" className={`${th} hidden lg:table-cell`}>{t('eventSubs.fields.created')}</th>
                  <th scope="col" className={th}>
                    <span className="sr-only">{t('eventSubs.fields.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 bg-white">
                {rows.map((d) => (
                  <Row key={d.id} d={d} highlighted={d.id === highlightId} busy={busyId === d.id} onRedeliver={(x) => void again(x)} />
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={list.data?.page ?? page} perPage={list.data?.per_page ?? DELIVERIES_PER_PAGE} total={list.data?.total ?? 0} onPage={setPage} />
        </div>
      )}
    </Card>
  );
}
