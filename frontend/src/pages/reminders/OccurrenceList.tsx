import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Check } from 'lucide-react';
import type { Occurrence, OccurrenceList as OccurrenceListData } from '../../api/types';
import { Button, focusRing } from '../../components/Button';
import { Card } from '../../components/Card';
import { MessageStatusChip, OccurrenceStateChip } from '../../components/StatusChip';
import { EmptyState, ErrorBanner, ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { formatDateTime, formatDueAt, zoneLabel } from '../../lib/format';
import { confirmOccurrence, reminderKeys, useOccurrences } from './api';

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600';
const td = 'px-3 py-2 align-top text-sm text-slate-800';
const CONFIRMABLE = new Set(['pending', 'late', 'missed']);

/** A reminder's occurrences with their states; staff confirm one by hand. */
export function OccurrenceList({ reminderId, timeZone, canConfirm }: { reminderId: string; timeZone?: string; canConfirm: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const occurrences = useOccurrences(reminderId);
  const confirm = useMutation({
    mutationFn: (o: Occurrence) => confirmOccurrence(o.id),
    onSuccess: (updated) => {
      queryClient.setQueryData<OccurrenceListData>(reminderKeys.occurrences(reminderId), (prev) =>
        prev ? { ...prev, data: prev.data.map((o) => (o.id === updated.id ? { ...o, ...updated } : o)) } : prev,
      );
      void queryClient.invalidateQueries({ queryKey: ['patients', 'one', updated.patient_id] });
    },
  });
  const rows = occurrences.data?.data ?? [];

  return (
    <Card title={t('occurrences.title')}>
      {timeZone && <p className="pb-2 text-xs text-slate-600">{t('schedule.inZone', { zone: zoneLabel(timeZone, lang) })}</p>}
      {confirm.isError && (
        <div className="pb-2">
          <ErrorBanner message={errorMessage(confirm.error)} />
        </div>
      )}
      {occurrences.isPending && <LoadingState />}
      {occurrences.isError && (
        <div>
          <ErrorState error={occurrences.error} onRetry={() => void occurrences.refetch()} />
        </div>
      )}
      {occurrences.data && rows.length === 0 && <EmptyState title={t('occurrences.empty')}>{t('occurrences.emptyHint')}</EmptyState>}
      {rows.length > 0 && (
        <div className="-mx-4 -mb-4 overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={th}>{t('occurrences.dueAt')}</th>
                <th scope="col" className={th}>{t('occurrences.state')}</th>
                <th scope="col" className={`${th} hidden sm:table-cell`}>{t('occurrences.confirmed')}</th>
                <th scope="col" className={`${th} hidden sm:table-cell`}>{t('occurrences.message')}</th>
                {canConfirm && (
                  <th scope="col" className={th}>
                    <span className="sr-only">{t('users.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 bg-white">
              {rows.map((o) => {
                const busy = confirm.isPending && confirm.variables?.id === o.id;
                const due = formatDueAt(o.due_at, lang, timeZone);
                return (
                  <tr key={o.id} data-testid={`occurrence-${o.id}`}>
                    <td className={`${td} whitespace-nowrap`}>
                      <time dateTime={o.due_at}>{due}</time>
                    </td>
                    <td className={td}>
                      <OccurrenceStateChip state={o.state} />
                    </td>
                    <td className={`${td} hidden sm:table-cell`}>
                      {o.confirmed_at ? (
                        <>
                          {formatDateTime(o.confirmed_at, lang, timeZone)}
                          {o.confirmed_by && <span className="ml-1 text-xs text-slate-500">({t(`occurrences.by.${o.confirmed_by}`, { defaultValue: o.confirmed_by })})</span>}
                        </>
                      ) : (
                        <span className="text-slate-400">—</span>
                      )}
                    </td>
                    <td className={`${td} hidden sm:table-cell`}>
                      {o.message_id ? (
                        <span className="flex flex-wrap items-center gap-2">
                          <MessageStatusChip status={o.message_status} />
                          <Link to={`/messages?id=${o.message_id}`} className={`text-teal-800 underline ${focusRing}`}>
                            {t('occurrences.viewMessage')}
                          </Link>
                        </span>
                      ) : o.skip_reason ? (
                        <span className="text-xs text-amber-800">{t(`skipReason.${o.skip_reason}`, { defaultValue: o.skip_reason })}</span>
                      ) : (
                        <span className="text-slate-400">—</span>
                      )}
                    </td>
                    {canConfirm && (
                      <td className={`${td} text-right`}>
                        {CONFIRMABLE.has(o.state) && (
                          <Button className="px-2 py-1" disabled={busy} onClick={() => confirm.mutate(o)} aria-label={t('occurrences.confirmAt', { time: due })}>
                            <Check aria-hidden="true" className="size-4" />
                            {busy ? t('occurrences.confirming') : t('occurrences.confirm')}
                          </Button>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
