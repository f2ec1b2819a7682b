import { useTranslation } from 'react-i18next';
import { AlertTriangle, CheckCircle2, XCircle } from 'lucide-react';
import { formatNumber } from '../../lib/format';
import { formatDuration } from './progress';
import type { CampaignCheck, CampaignProblem } from './types';

function Finding({ p, tone }: { p: CampaignProblem; tone: 'red' | 'amber' }) {
  const { t } = useTranslation();
  return (
    <li className={`rounded-md border px-3 py-2 ${tone === 'red' ? 'border-red-200 bg-white' : 'border-amber-200 bg-white'}`} data-testid={tone === 'red' ? 'preflight-problem' : 'preflight-warning'}>
      <p className="font-medium text-slate-900">{t(`campaigns.problems.${p.code}`, { defaultValue: p.code })}</p>
      <p className="text-slate-700">{p.message}</p>
      {p.field && <p className="mt-0.5 font-mono text-xs text-slate-500">{p.field}</p>}
    </li>
  );
}

/** The pre-flight check: what blocks the campaign, what to know before it starts, and how long sending takes. */
export function PreflightResult({ check, refused }: { check: CampaignCheck; refused?: boolean }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const blocked = !check.ok || check.problems.length > 0;
  return (
    <section
      aria-labelledby="preflight-title"
      data-testid="preflight"
      className={`rounded-lg border p-4 text-sm ${blocked ? 'border-red-300 bg-red-50' : 'border-emerald-300 bg-emerald-50'}`}
    >
      <h2 id="preflight-title" className={`flex items-center gap-2 text-base font-semibold ${blocked ? 'text-red-900' : 'text-emerald-900'}`}>
        {blocked ? <XCircle aria-hidden="true" className="size-5" /> : <CheckCircle2 aria-hidden="true" className="size-5" />}
        {blocked ? (refused ? t('campaigns.preflight.refused') : t('campaigns.preflight.blocked')) : t('campaigns.preflight.ready')}
      </h2>
      <dl className="mt-2 grid grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-3">
        <div>
          <dt className="text-xs text-slate-600">{t('campaigns.preflight.recipients')}</dt>
          <dd className="font-semibold text-slate-900 tabular-nums">{n(check.recipients)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">{t('campaigns.preflight.excluded')}</dt>
          <dd className="font-semibold text-slate-900 tabular-nums">{n(check.excluded)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">{t('campaigns.preflight.duration')}</dt>
          <dd className="font-semibold text-slate-900" data-testid="preflight-duration">
            {formatDuration(check.estimated_duration_seconds, i18n.language)}
          </dd>
        </div>
      </dl>
      {check.problems.length > 0 && (
        <div role="alert" className="mt-3">
          <h3 className="mb-1 font-semibold text-red-900">{t('campaigns.preflight.problems', { count: check.problems.length })}</h3>
          <ul className="flex flex-col gap-1.5">
            {check.problems.map((p, i) => (
              <Finding key={i} p={p} tone="red" />
            ))}
          </ul>
        </div>
      )}
      {check.warnings.length > 0 && (
        <div className="mt-3">
          <h3 className="mb-1 flex items-center gap-1.5 font-semibold text-amber-900">
            <AlertTriangle aria-hidden="true" className="size-4" />
            {t('campaigns.preflight.warnings', { count: check.warnings.length })}
          </h3>
          <ul className="flex flex-col gap-1.5">
            {check.warnings.map((p, i) => (
              <Finding key={i} p={p} tone="amber" />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
