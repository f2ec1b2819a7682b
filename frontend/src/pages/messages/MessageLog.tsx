import { useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ArrowDownLeft, ArrowUpRight, RotateCcw, SlidersHorizontal } from 'lucide-react';
import { MESSAGE_CHANNELS, MESSAGE_DIRECTIONS, MESSAGE_SOURCES, MESSAGE_STATUSES, type MessageListQuery } from '../../api/types';
import { useMe } from '../../auth/MeContext';
import { Button, focusRing } from '../../components/Button';
import { Card } from '../../components/Card';
import { inputClass } from '../../components/Field';
import { Pagination } from '../../components/Pagination';
import { SelectFilter } from '../../components/SelectField';
import { MessageStatusChip } from '../../components/StatusChip';
import { EmptyState, ErrorBanner, ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { formatDateTime, formatNumber, zoneAbbreviation } from '../../lib/format';
import { newIdempotencyKey } from '../../lib/idempotency';
import { pageNumber } from '../../lib/useUrlFilters';
import { fromZonedInput } from '../../lib/zoned';
import { PatientPicker } from '../patients/PatientPicker';
import { messageKeys, retryMessages, useMessages } from './api';
import { MessageDrawer } from './MessageDrawer';

export const MESSAGE_FILTERS = ['patient_id', 'channel', 'status', 'direction', 'source', 'from', 'to', 'page', 'id', 'view'] as const;
export type MessageFilterValues = Record<(typeof MESSAGE_FILTERS)[number], string>;

const PER_PAGE = 50;
// Tighter below sm, where the time may wrap, so that the status stays on a phone's screen.
const th = 'px-2 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 sm:px-3';
const td = 'px-2 py-2 align-top text-sm text-slate-800 sm:px-3';

/** The day after a "YYYY-MM-DD". */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function toMessageQuery(f: MessageFilterValues, timeZone: string): MessageListQuery {
  const q: MessageListQuery = { page: pageNumber(f.page), per_page: PER_PAGE };
  if (f.patient_id) q.patient_id = f.patient_id;
  if (f.channel) q.channel = f.channel as MessageListQuery['channel'];
  if (f.status) q.status = f.status as MessageListQuery['status'];
  if (f.direction) q.direction = f.direction as MessageListQuery['direction'];
  if (f.source) q.source = f.source as MessageListQuery['source'];
  // Whole days in the clinic's time zone.
  if (f.from) q.from = fromZonedInput(`${f.from}T00:00`, timeZone) ?? undefined;
  if (f.to) q.to = fromZonedInput(`${nextDay(f.to)}T00:00`, timeZone) ?? undefined;
  return q;
}

interface Props {
  filters: MessageFilterValues;
  setFilters: (change: Partial<MessageFilterValues>) => void;
}

export function MessageLog({ filters: f, setFilters }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { user, tenant } = useMe();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const tz = tenant.timezone || 'UTC';
  const canRetry = user.role === 'admin' || user.role === 'volunteer';
  const list = useMessages(toMessageQuery(f, tz));
  const rows = list.data?.data ?? [];
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [filtersOpen, setFiltersOpen] = useState(false);
  const key = useRef(newIdempotencyKey());
  const retry = useMutation({
    mutationFn: (ids: string[]) => {
      const body = { ids };
      return retryMessages(body, key.current.for(body));
    },
    onSuccess: async () => {
      setSelected(new Set());
      await queryClient.invalidateQueries({ queryKey: messageKeys.all });
    },
  });
  const failedOnPage = rows.filter((m) => m.status === 'failed');
  const allFailedSelected = failedOnPage.length > 0 && failedOnPage.every((m) => selected.has(m.id));
  const filtered = Boolean(f.patient_id || f.channel || f.status || f.direction || f.source || f.from || f.to);
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      <Card>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <div className="sm:col-span-2">
            <PatientPicker id="message-filter-patient" label={t('messages.fields.patient')} value={f.patient_id} onChange={(p) => setFilters({ patient_id: p?.id ?? '' })} />
          </div>
          <SelectFilter id="message-filter-status" label={t('messages.fields.status')} value={f.status} onChange={(status) => setFilters({ status })}>
            <option value="">{t('common.all')}</option>
            {MESSAGE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`messageStatus.${s}`)}
              </option>
            ))}
          </SelectFilter>
          <Button className="sm:hidden" aria-expanded={filtersOpen} aria-controls="message-more-filters" onClick={() => setFiltersOpen(!filtersOpen)}>
            <SlidersHorizontal aria-hidden="true" className="size-4" />
            {t('patients.filters')}
          </Button>
          <div id="message-more-filters" className={`${filtersOpen ? 'grid' : 'hidden'} gap-3 sm:contents`}>
            <SelectFilter id="message-filter-channel" label={t('messages.fields.channel')} value={f.channel} onChange={(channel) => setFilters({ channel })}>
              <option value="">{t('common.all')}</option>
              {MESSAGE_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channels.${c}`)}
                </option>
              ))}
            </SelectFilter>
            <SelectFilter id="message-filter-direction" label={t('messages.fields.direction')} value={f.direction} onChange={(direction) => setFilters({ direction })}>
              <option value="">{t('common.all')}</option>
              {MESSAGE_DIRECTIONS.map((d) => (
                <option key={d} value={d}>
                  {t(`direction.${d}`)}
                </option>
              ))}
            </SelectFilter>
            <SelectFilter id="message-filter-source" label={t('messages.fields.source')} value={f.source} onChange={(source) => setFilters({ source })}>
              <option value="">{t('common.all')}</option>
              {MESSAGE_SOURCES.map((s) => (
                <option key={s} value={s}>
                  {t(`source.${s}`)}
                </option>
              ))}
            </SelectFilter>
            <div>
              <label htmlFor="message-filter-from" className="mb-1 block text-sm font-medium text-slate-700">
                {t('messages.from')}
              </label>
              <input id="message-filter-from" type="date" value={f.from} max={f.to || undefined} onChange={(e) => setFilters({ from: e.target.value })} className={inputClass} />
            </div>
            <div>
              <label htmlFor="message-filter-to" className="mb-1 block text-sm font-medium text-slate-700">
                {t('messages.to')}
              </label>
              <input id="message-filter-to" type="date" value={f.to} min={f.from || undefined} onChange={(e) => setFilters({ to: e.target.value })} className={inputClass} />
            </div>
          </div>
        </div>
      </Card>

      {canRetry && (selected.size > 0 || retry.isSuccess || retry.isError) && (
        <div className="mt-3 flex flex-wrap items-center gap-3" aria-live="polite">
          {selected.size > 0 && (
            <Button variant="primary" disabled={retry.isPending} onClick={() => retry.mutate([...selected])}>
              <RotateCcw aria-hidden="true" className="size-4" />
              {retry.isPending ? t('messages.retrying') : t('messages.retrySelected', { count: selected.size })}
            </Button>
          )}
          {retry.isSuccess && (
            <p role="status" className="text-sm text-emerald-800">
              {t('messages.retried', { count: retry.data?.retried ?? 0 })}
            </p>
          )}
          {retry.isError && <ErrorBanner message={errorMessage(retry.error)} />}
        </div>
      )}

      <Card className="mt-4 p-0!">
        {list.isPending && <LoadingState />}
        {list.isError && (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </div>
        )}
        {list.data && rows.length === 0 && <EmptyState title={filtered ? t('messages.noMatches') : t('messages.empty')} />}
        {rows.length > 0 && (
          <div aria-busy={list.isFetching}>
            <div className="relative overflow-x-auto">
              <table className="min-w-full divide-y divide-slate-200">
                <thead className="bg-slate-50">
                  <tr>
                    {canRetry && (
                      <th scope="col" className={`${th} w-8`}>
                        <input
                          type="checkbox"
                          aria-label={t('messages.selectAllFailed')}
                          disabled={failedOnPage.length === 0}
                          checked={allFailedSelected}
                          onChange={() =>
                            setSelected((prev) => {
                              const next = new Set(prev);
                              for (const m of failedOnPage) {
                                if (allFailedSelected) next.delete(m.id);
                                else next.add(m.id);
                              }
                              return next;
                            })
                          }
                        />
                      </th>
                    )}
                    <th scope="col" className={th}>
                      {t('messages.fields.created_at')} <span className="font-normal normal-case">({zoneAbbreviation(tz, lang) || tz})</span>
                    </th>
                    <th scope="col" className={th}>{t('messages.fields.patient')}</th>
                    <th scope="col" className={`${th} hidden md:table-cell`}>{t('messages.fields.channel')}</th>
                    <th scope="col" className={th}>{t('messages.fields.status')}</th>
                    <th scope="col" className={`${th} hidden lg:table-cell`}>{t('messages.fields.body')}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 bg-white">
                  {rows.map((m) => (
                    <tr key={m.id} className={f.id === m.id ? 'bg-teal-50' : ''}>
                      {canRetry && (
                        <td className={td}>
                          {m.status === 'failed' && (
                            <input type="checkbox" checked={selected.has(m.id)} onChange={() => toggle(m.id)} aria-label={t('messages.selectOne', { name: m.patient_name || m.to_phone || m.id })} />
                          )}
                        </td>
                      )}
                      <td className={`${td} sm:whitespace-nowrap`}>
                        <button type="button" onClick={() => setFilters({ id: m.id, page: f.page })} className={`text-left text-teal-800 underline-offset-2 hover:underline ${focusRing}`}>
                          <span className="sr-only">{t('messages.open')} </span>
                          <time dateTime={m.created_at}>{formatDateTime(m.created_at, lang, tz)}</time>
                        </button>
                        <div className="flex items-center gap-1 text-xs text-slate-500">
                          {m.direction === 'inbound' ? <ArrowDownLeft aria-hidden="true" className="size-3" /> : <ArrowUpRight aria-hidden="true" className="size-3" />}
                          {t(`direction.${m.direction}`, { defaultValue: m.direction })} · {t(`source.${m.source}`, { defaultValue: m.source })}
                        </div>
                      </td>
                      <td className={td}>{m.patient_name || m.to_phone || '—'}</td>
                      <td className={`${td} hidden md:table-cell`}>
                        {t(`channels.${m.channel}`, { defaultValue: m.channel })}
                        {m.total_attempts > 1 && <div className="text-xs text-slate-500">{t('messages.attemptsCount', { count: m.total_attempts, n: formatNumber(m.total_attempts, lang) })}</div>}
                      </td>
                      <td className={td}>
                        <MessageStatusChip status={m.status} />
                        {m.skip_reason && <div className="mt-0.5 text-xs text-amber-800">{t(`skipReason.${m.skip_reason}`, { defaultValue: m.skip_reason })}</div>}
                        {m.status === 'failed' && m.error_message && <div className="mt-0.5 max-w-48 truncate text-xs text-red-800" title={m.error_message}>{m.error_message}</div>}
                      </td>
                      <td className={`${td} hidden max-w-md lg:table-cell`}>
                        <p className="line-clamp-2">{m.body}</p>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={list.data?.page ?? 1} perPage={list.data?.per_page ?? PER_PAGE} total={list.data?.total ?? 0} onPage={(p) => setFilters({ page: String(p) })} />
          </div>
        )}
      </Card>

      {f.id && (
        <MessageDrawer
          id={f.id}
          timeZone={tz}
          canRetry={canRetry}
          retrying={retry.isPending}
          onRetry={(id) => retry.mutate([id])}
          onClose={() => setFilters({ id: '', page: f.page })}
        />
      )}
    </>
  );
}
