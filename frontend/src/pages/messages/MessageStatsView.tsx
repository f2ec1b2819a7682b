import { useTranslation } from 'react-i18next';
import { MESSAGE_CHANNELS, MESSAGE_STATUSES, type MessageStats } from '../../api/types';
import { Card } from '../../components/Card';
import { CHANNEL_COLORS, pivotByDay, STATUS_COLORS, StackedDayChart } from '../../components/Charts';
import { inputClass } from '../../components/Field';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDate, formatNumber, formatPercent, zoneLabel } from '../../lib/format';
import { useMessageStats } from './api';

/** Per-day cells of the stats for one dimension (channel or status). */
export function statsCells(stats: MessageStats, by: 'channel' | 'status') {
  return stats.days.flatMap((d) => Object.entries(by === 'channel' ? d.by_channel : d.by_status).map(([key, count]) => ({ date: d.date, key, count })));
}

export function Rate({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div>
      <p className="text-sm text-slate-600">{label}</p>
      <p className="text-3xl font-semibold text-slate-900">{value || '—'}</p>
      {detail && <p className="text-xs text-slate-500">{detail}</p>}
    </div>
  );
}

interface Props {
  from: string;
  to: string;
  onRange: (change: { from?: string; to?: string }) => void;
}

export function MessageStatsView({ from, to, onRange }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const stats = useMessageStats({ from: from || undefined, to: to || undefined });
  const s = stats.data;
  const n = (v: number) => formatNumber(v, lang);
  const days = s?.days.map((d) => d.date) ?? [];
  const byChannel = s ? pivotByDay(statsCells(s, 'channel'), (c) => c.key, MESSAGE_CHANNELS, days) : null;
  const byStatus = s ? pivotByDay(statsCells(s, 'status'), (c) => c.key, MESSAGE_STATUSES, days) : null;

  return (
    <div className="flex flex-col gap-4">
      <Card>
        <div className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="stats-from" className="mb-1 block text-sm font-medium text-slate-700">
              {t('messages.from')}
            </label>
            <input id="stats-from" type="date" value={from || s?.from || ''} max={to || s?.to} onChange={(e) => onRange({ from: e.target.value })} className={inputClass} />
          </div>
          <div>
            <label htmlFor="stats-to" className="mb-1 block text-sm font-medium text-slate-700">
              {t('messages.to')}
            </label>
            <input id="stats-to" type="date" value={to || s?.to || ''} min={from || s?.from} onChange={(e) => onRange({ to: e.target.value })} className={inputClass} />
          </div>
          {s && <p className="pb-2 text-xs text-slate-600">{t('messages.daysIn', { zone: zoneLabel(s.timezone, lang) })}</p>}
        </div>
      </Card>
      {stats.isPending && <LoadingState />}
      {stats.isError && <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />}
      {s && (
        <div aria-busy={stats.isFetching} className="flex flex-col gap-4">
          <div className="grid gap-4 sm:grid-cols-3">
            <Card>
              <Rate label={t('messages.stats.total')} value={n(s.totals.total)} detail={t('messages.stats.inOut', { out: n(s.totals.outbound), in: n(s.totals.inbound) })} />
            </Card>
            <Card>
              <Rate label={t('messages.stats.deliveryRate')} value={formatPercent(s.delivery_rate, lang, 1)} detail={t('messages.stats.deliveredOf', { delivered: n(s.delivered), settled: n(s.settled) })} />
            </Card>
            <Card>
              <Rate label={t('messages.stats.failoverRate')} value={formatPercent(s.failover_rate, lang, 1)} detail={t('messages.stats.failedOverOf', { failed: n(s.failed_over), attempted: n(s.attempted) })} />
            </Card>
          </div>
          {s.totals.total === 0 ? (
            <Card>
              <EmptyState title={t('messages.stats.empty', { from: formatDate(s.from, lang), to: formatDate(s.to, lang) })} />
            </Card>
          ) : (
            <div className="grid gap-4 xl:grid-cols-2">
              <Card title={t('charts.perDayByChannel')}>
                {byChannel && (
                  <StackedDayChart title={t('charts.perDayByChannel')} data={byChannel.data} series={byChannel.series} colors={CHANNEL_COLORS} labelFor={(c) => t(`channels.${c}`, { defaultValue: c })} />
                )}
              </Card>
              <Card title={t('charts.perDayByStatus')}>
                {byStatus && (
                  <StackedDayChart title={t('charts.perDayByStatus')} data={byStatus.data} series={byStatus.series} colors={STATUS_COLORS} labelFor={(c) => t(`messageStatus.${c}`, { defaultValue: c })} />
                )}
              </Card>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
