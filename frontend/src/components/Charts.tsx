import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDay, formatNumber } from '../lib/format';

export const CHANNEL_COLORS: Record<string, string> = {
  whatsapp: '#16a34a',
  kakao: '#ca8a04',
  sms: '#2563eb',
  log: '#64748b',
};

export const STATUS_COLORS: Record<string, string> = {
  queued: '#94a3b8',
  sending: '#38bdf8',
  sent: '#2563eb',
  delivered: '#16a34a',
  read: '#047857',
  failed: '#dc2626',
  skipped: '#d97706',
  received: '#7c3aed',
};

const FALLBACK = ['#0f766e', '#9333ea', '#db2777', '#0891b2', '#65a30d'];

export interface DayRow {
  date: string;
  [series: string]: number | string;
}

interface Props {
  /** One row per day: {date, <series>: count}. */
  data: DayRow[];
  series: string[];
  colors: Record<string, string>;
  /** The label of a series (a channel or status name in the current language). */
  labelFor: (series: string) => string;
  /** The chart's accessible name. */
  title: string;
  height?: number;
}

/** Counts per day stacked by series, with the numbers in a table for screen readers and keyboard users. */
export function StackedDayChart({ data, series, colors, labelFor, title, height = 240 }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const tableId = useId();
  const n = (v: unknown) => formatNumber(Number(v) || 0, lang);
  return (
    <figure className="min-w-0">
      <div role="img" aria-label={title} aria-describedby={tableId}>
        <BarChart responsive data={data} style={{ width: '100%', height }} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="date" tickFormatter={(d: string) => formatDay(d, lang)} tick={{ fontSize: 11 }} minTickGap={12} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} tickFormatter={(v) => n(v)} />
          <Tooltip labelFormatter={(d) => formatDay(String(d), lang)} formatter={(v, name) => [n(v), labelFor(String(name))]} />
          <Legend formatter={(name) => labelFor(String(name))} wrapperStyle={{ fontSize: 12 }} />
          {series.map((s, i) => (
            <Bar key={s} dataKey={s} stackId="a" maxBarSize={40} fill={colors[s] ?? FALLBACK[i % FALLBACK.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </div>
      <details className="mt-2 text-xs text-slate-600">
        <summary className="cursor-pointer">{t('charts.showData')}</summary>
        <div className="mt-2 overflow-x-auto">
          <table id={tableId} className="min-w-full text-left">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col" className="pr-3 font-semibold">{t('charts.day')}</th>
                {series.map((s) => (
                  <th key={s} scope="col" className="pr-3 font-semibold">
                    {labelFor(s)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.map((row) => (
                <tr key={row.date}>
                  <th scope="row" className="pr-3 font-normal">
                    {formatDay(row.date, lang)}
                  </th>
                  {series.map((s) => (
                    <td key={s} className="pr-3">
                      {n(row[s])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** Rows per day from flat {date, key, count} cells, and the series that occur, in a preferred order. */
export function pivotByDay<T extends { date: string; count: number }>(cells: T[], keyOf: (c: T) => string, order: readonly string[], days?: string[]): { data: DayRow[]; series: string[] } {
  const rows = new Map<string, DayRow>();
  for (const d of days ?? []) rows.set(d, { date: d });
  const seen = new Set<string>();
  for (const c of cells) {
    const key = keyOf(c);
    seen.add(key);
    const row = rows.get(c.date) ?? { date: c.date };
    row[key] = (Number(row[key]) || 0) + c.count;
    rows.set(c.date, row);
  }
  const series = [...order.filter((k) => seen.has(k)), ...[...seen].filter((k) => !order.includes(k)).sort()];
  const data = [...rows.values()].sort((a, b) => a.date.localeCompare(b.date));
  for (const row of data) for (const s of series) if (row[s] === undefined) row[s] = 0;
  return { data, series };
}

/** Every calendar day from `from` to `to` ("YYYY-MM-DD", both included). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || Number.isNaN(end.getTime())) return out;
  while (d <= end && out.length < 400) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

/** The `n` days up to and including `last`. */
export function lastDays(last: string, n: number): string[] {
  const start = new Date(`${last}T00:00:00Z`);
  if (Number.isNaN(start.getTime())) return [];
  start.setUTCDate(start.getUTCDate() - (n - 1));
  return daysBetween(start.toISOString().slice(0, 10), last);
}
