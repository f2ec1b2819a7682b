import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/MeContext';
import { focusRing } from '../../components/Button';
import { Pagination } from '../../components/Pagination';
import { SelectFilter } from '../../components/SelectField';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDateTime } from '../../lib/format';
import { campaignKeys, RECIPIENTS_PER_PAGE, useRecipients } from './api';
import { RecipientStatusChip } from './Chips';
import { RECIPIENT_STATUSES, type Campaign, type CampaignRecipient, type RecipientListQuery, type RecipientStatus } from './types';

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600';
const td = 'px-3 py-2 align-top text-sm text-slate-800';

function Outcome({ r }: { r: CampaignRecipient }) {
  const { t } = useTranslation();
  const reason = r.skip_reason ? t(`campaigns.skipReasons.${r.skip_reason}`, { defaultValue: t(`skipReason.${r.skip_reason}`, { defaultValue: r.skip_reason }) }) : '';
  return (
    <div className="flex flex-col items-start gap-0.5">
      <RecipientStatusChip status={r.status} />
      {reason && <span className="text-xs text-slate-600">{reason}</span>}
      {r.error_code && <span className="font-mono text-xs text-red-700">{r.error_code}</span>}
    </div>
  );
}

/** Who the campaign chose and what became of each message, filtered by status (and variant). */
export function RecipientsList({ c }: { c: Campaign }) {
  const { t, i18n } = useTranslation();
  const { tenant } = useMe();
  const tz = tenant.timezone || undefined;
  const [status, setStatus] = useState('');
  const [variant, setVariant] = useState('');
  const [page, setPage] = useState(1);
  const variants = c.variants ?? [];
  const q: RecipientListQuery = { page, per_page: RECIPIENTS_PER_PAGE };
  if (status) q.status = status as RecipientStatus;
  if (variant) q.variant = variant;
  const list = useRecipients(c.id, q, c.status === 'running');
  // When the campaign's status changes (started, paused, finished) the recipients are read again.
  const queryClient = useQueryClient();
  const lastStatus = useRef(c.status);
  useEffect(() => {
    if (lastStatus.current === c.status) return;
    lastStatus.current = c.status;
    void queryClient.invalidateQueries({ queryKey: campaignKeys.recipients(c.id) });
  }, [c.status, c.id, queryClient]);
  const rows = list.data?.data ?? [];
  const filtered = Boolean(status || variant);
  const when = (v: string | null) => (v ? formatDateTime(v, i18n.language, tz) : '—');
  const channel = (r: CampaignRecipient) => (r.channel ? t(`channels.${r.channel}`, { defaultValue: r.channel }) : '—');
  return (
    <div>
      <div className="grid gap-3 p-4 sm:grid-cols-2">
        <SelectFilter id="recipient-filter-status" label={t('campaigns.recipients.status')} value={status} onChange={(v) => { setStatus(v); setPage(1); }}>
          <option value="">{t('common.all')}</option>
          {RECIPIENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`campaigns.recipientStatus.${s}`)}
            </option>
          ))}
        </SelectFilter>
        {variants.length > 0 && (
          <SelectFilter id="recipient-filter-variant" label={t('campaigns.recipients.variant')} value={variant} onChange={(v) => { setVariant(v); setPage(1); }}>
            <option value="">{t('common.all')}</option>
            {variants.map((v) => (
              <option key={v.key} value={v.key}>
                {v.key}
              </option>
            ))}
          </SelectFilter>
        )}
      </div>
      {list.isPending && <LoadingState />}
      {list.isError && (
        <div className="p-4 pt-0">
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        </div>
      )}
      {list.data && rows.length === 0 && (
        <EmptyState title={filtered ? t('campaigns.recipients.noMatches') : t('campaigns.recipients.empty')}>
          {!filtered && <p className="max-w-md">{c.status === 'draft' ? t('campaigns.recipients.emptyDraft') : t('campaigns.recipients.emptyHint')}</p>}
        </EmptyState>
      )}
      {rows.length > 0 && (
        <div aria-busy={list.isFetching}>
          <div className="overflow-x-auto border-t border-slate-200">
            <table className="min-w-full divide-y divide-slate-200">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>{t('campaigns.recipients.patient')}</th>
                  <th scope="col" className={th}>{t('campaigns.recipients.status')}</th>
                  {variants.length > 0 && <th scope="col" className={`${th} hidden sm:table-cell`}>{t('campaigns.recipients.variant')}</th>}
                  <th scope="col" className={`${th} hidden sm:table-cell`}>{t('campaigns.recipients.channel')}</th>
                  <th scope="col" className={`${th} hidden md:table-cell`}>{t('campaigns.recipients.sentAt')}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 bg-white">
                {rows.map((r) => (
                  <tr key={r.patient_id} data-testid="recipient-row">
                    <td className={td}>
                      <Link to={`/patients/${r.patient_id}`} className={`font-medium break-words text-teal-800 underline-offset-2 hover:underline ${focusRing}`}>
                        {r.patient_name}
                      </Link>
                      {/* At phone width the other columns go under the name. */}
                      <p className="mt-0.5 text-xs text-slate-500 sm:hidden">
                        {[variants.length > 0 && r.variant ? t('campaigns.recipients.variantN', { key: r.variant }) : '', r.channel ? channel(r) : '', r.sent_at ? when(r.sent_at) : ''].filter(Boolean).join(' · ')}
                      </p>
                    </td>
                    <td className={td}>
                      <Outcome r={r} />
                    </td>
                    {variants.length > 0 && <td className={`${td} hidden sm:table-cell`}>{r.variant ?? '—'}</td>}
                    <td className={`${td} hidden sm:table-cell`}>{channel(r)}</td>
                    <td className={`${td} hidden whitespace-nowrap md:table-cell`}>{when(r.sent_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={list.data?.page ?? page} perPage={list.data?.per_page ?? RECIPIENTS_PER_PAGE} total={list.data?.total ?? 0} onPage={setPage} />
        </div>
      )}
    </div>
  );
}
