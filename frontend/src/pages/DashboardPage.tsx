import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { api, unwrap } from '../api/client';
import { MESSAGE_CHANNELS, MESSAGE_STATUSES, type DashboardStats } from '../api/types';
import { useMe } from '../auth/MeContext';
import { focusRing } from '../components/Button';
import { Card, PageHeader } from '../components/Card';
import { CHANNEL_COLORS, lastDays, pivotByDay, STATUS_COLORS, StackedDayChart } from '../components/Charts';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { formatNumber, formatPercent, formatTime, zoneLabel } from '../lib/format';
import { todayIn } from '../lib/zoned';

export const dashboardKey = ['stats', 'dashboard'] as const;

function Figure({ label, value, to, linkLabel }: { label: string; value: ReactNode; to?: string; linkLabel?: string }) {
  return (
    <Card>
      <p className="text-sm text-slate-600">{label}</p>
      <p className="text-3xl font-semibold text-slate-900">{value}</p>
      {to && linkLabel && (
        <Link to={to} className={`mt-1 inline-block text-sm text-teal-800 underline ${focusRing}`}>
          {linkLabel}
        </Link>
      )}
    </Card>
  );
}

function AdherenceChart({ data }: { data: DashboardStats['adherence_distribution'] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const title = t('dashboard.adherence');
  const rows = data.map((d) => ({ bucket: `${d.bucket}%`, patients: d.patients }));
  return (
    <figure>
      <div role="img" aria-label={title} aria-describedby="adherence-table">
        <BarChart responsive data={rows} style={{ width: '100%', height: 220 }} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="bucket" tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip formatter={(v) => [formatNumber(Number(v), lang), t('dashboard.patientsCount')]} />
          <Bar dataKey="patients" fill="#0f766e" isAnimationActive={false} />
        </BarChart>
      </div>
      <details className="mt-2 text-xs text-slate-600">
        <summary className="cursor-pointer">{t('charts.showData')}</summary>
        <table id="adherence-table" className="mt-2 text-left">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col" className="pr-3 font-semibold">{t('dashboard.adherenceBucket')}</th>
              <th scope="col" className="pr-3 font-semibold">{t('dashboard.patientsCount')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.bucket}>
                <th scope="row" className="pr-3 font-normal">
                  {r.bucket}
                </th>
                <td>{formatNumber(r.patients, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { tenant } = useMe();
  const stats = useQuery({ queryKey: dashboardKey, queryFn: () => unwrap(api.GET('/stats/dashboard')), refetchInterval: 60_000 });
  const s = stats.data;
  const n = (v: number | null | undefined) => formatNumber(v ?? 0, lang);
  const perDay = s?.messages_per_day ?? [];
  const tz = s?.timezone || tenant.timezone || undefined;
  // The last 14 days in the clinic's zone, days without messages included.
  const days = lastDays(todayIn(tz), 14);
  const byChannel = pivotByDay(perDay, (c) => c.channel, MESSAGE_CHANNELS, days);
  const byStatus = pivotByDay(perDay, (c) => c.status, MESSAGE_STATUSES, days);
  const upcoming = [...(s?.upcoming_today ?? [])].sort((a, b) => a.due_at.localeCompare(b.due_at));

  return (
    <>
      <PageHeader title={t('nav.dashboard')} />
      {stats.isPending && <LoadingState />}
      {stats.isError && <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />}
      {s && (
        <div className="flex flex-col gap-4" aria-busy={stats.isFetching}>
          <div className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-6">
            <Figure label={t('dashboard.patients')} value={n(s.patients)} to="/patients" linkLabel={t('dashboard.viewPatients')} />
            <Figure label={t('dashboard.activeReminders')} value={n(s.active_reminders)} to="/reminders?active=true" linkLabel={t('dashboard.viewReminders')} />
            <Figure label={t('dashboard.messagesToday')} value={n(s.messages_today)} to="/messages" linkLabel={t('dashboard.viewMessages')} />
            <Figure label={t('dashboard.messages7d')} value={n(s.messages_7d)} />
            <Figure label={t('dashboard.deliveryRate')} value={formatPercent(s.delivery_rate, lang, 1) || '—'} to="/messages?view=stats" linkLabel={t('dashboard.viewStats')} />
            <Figure label={t('dashboard.flagged')} value={n(s.flagged_conversations)} />
          </div>

          <div className="grid gap-4 xl:grid-cols-2">
            <Card title={t('charts.perDayByChannel')}>
              {perDay.length === 0 ? (
                <EmptyState title={t('dashboard.noMessages')} />
              ) : (
                <StackedDayChart title={t('charts.perDayByChannel')} data={byChannel.data} series={byChannel.series} colors={CHANNEL_COLORS} labelFor={(c) => t(`channels.${c}`, { defaultValue: c })} />
              )}
            </Card>
            <Card title={t('charts.perDayByStatus')}>
              {perDay.length === 0 ? (
                <EmptyState title={t('dashboard.noMessages')} />
              ) : (
                <StackedDayChart title={t('charts.perDayByStatus')} data={byStatus.data} series={byStatus.series} colors={STATUS_COLORS} labelFor={(c) => t(`messageStatus.${c}`, { defaultValue: c })} />
              )}
            </Card>
          </div>

          <div className="grid gap-4 xl:grid-cols-2">
            <Card title={t('dashboard.adherence')}>
              {(s.adherence_distribution ?? []).every((b) => !b.patients) ? (
                <EmptyState title={t('dashboard.noAdherence')} />
              ) : (
                <AdherenceChart data={s.adherence_distribution} />
              )}
            </Card>
            <Card title={t('dashboard.upcomingToday')}>
              {tz && <p className="mb-2 text-xs text-slate-600">{t('schedule.inZone', { zone: zoneLabel(tz, lang) })}</p>}
              {upcoming.length === 0 ? (
                <EmptyState title={t('dashboard.nothingToday')} />
              ) : (
                <ul className="divide-y divide-slate-100">
                  {upcoming.map((u, i) => (
                    <li key={`${u.reminder_id}-${u.due_at}-${i}`} className="flex flex-wrap items-center gap-x-3 gap-y-0.5 py-2 text-sm">
                      <time dateTime={u.due_at} className="w-16 font-medium tabular-nums text-slate-900">
                        {formatTime(u.due_at, lang, tz)}
                      </time>
                      <Link to={`/reminders/${u.reminder_id}`} className={`min-w-0 flex-1 truncate text-teal-800 underline-offset-2 hover:underline ${focusRing}`}>
                        {u.patient_name}
                      </Link>
                      <span className="text-slate-600">{t(`reminders.types.${u.type}`, { defaultValue: u.type })}</span>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>
        </div>
      )}
    </>
  );
}
