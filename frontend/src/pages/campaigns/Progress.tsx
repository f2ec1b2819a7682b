import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';
import { settledOf, settledPercent } from './progress';
import type { CampaignCounters } from './types';

interface Props {
  counters: CampaignCounters;
  /** The bar's accessible name. */
  label: string;
  /** A thin bar with the numbers beside it, for lists. */
  compact?: boolean;
}

const share = (n: number, total: number) => `${total ? (n / total) * 100 : 0}%`;

/** How far a campaign has got: sent, failed and skipped as coloured parts of one bar. */
export function CampaignProgress({ counters: c, label, compact }: Props) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const percent = settledPercent(c);
  // Sent includes delivered: the delivered part is drawn inside the sent one.
  const sentOnly = Math.max(0, c.sent - c.delivered);
  return (
    <div className={compact ? 'flex min-w-32 items-center gap-2' : ''}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={t('campaigns.progress.valueText', { percent, settled: n(settledOf(c)), total: n(c.total) })}
        className={`flex w-full overflow-hidden rounded-full bg-slate-200 ${compact ? 'h-2' : 'h-4'}`}
      >
        <div className="bg-emerald-600 transition-[width] duration-500" style={{ width: share(c.delivered, c.total) }} />
        <div className="bg-sky-600 transition-[width] duration-500" style={{ width: share(sentOnly, c.total) }} />
        <div className="bg-red-600 transition-[width] duration-500" style={{ width: share(c.failed, c.total) }} />
        <div className="bg-amber-500 transition-[width] duration-500" style={{ width: share(c.skipped, c.total) }} />
      </div>
      {compact && (
        <span className="shrink-0 text-xs whitespace-nowrap text-slate-600">
          {t('campaigns.progress.short', { settled: n(settledOf(c)), total: n(c.total) })}
        </span>
      )}
    </div>
  );
}

const COUNTERS = [
  { key: 'total', dot: 'bg-slate-400' },
  { key: 'queued', dot: 'bg-slate-300' },
  { key: 'sent', dot: 'bg-sky-600' },
  { key: 'delivered', dot: 'bg-emerald-600' },
  { key: 'failed', dot: 'bg-red-600' },
  { key: 'skipped', dot: 'bg-amber-500' },
] as const;

/** The counters under the bar, each with the colour it has there. */
export function CounterList({ counters }: { counters: CampaignCounters }) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6" data-testid="campaign-counters">
      {COUNTERS.map(({ key, dot }) => (
        <div key={key} className="rounded-md border border-slate-200 px-3 py-2">
          <dt className="flex items-center gap-1.5 text-xs font-medium text-slate-600">
            <span aria-hidden="true" className={`size-2 rounded-full ${dot}`} />
            {t(`campaigns.counters.${key}`)}
          </dt>
          <dd className="text-lg font-semibold text-slate-900 tabular-nums">{formatNumber(counters[key], i18n.language)}</dd>
        </div>
      ))}
    </dl>
  );
}
