import { useTranslation } from 'react-i18next';
import type { Patient } from '../../api/types';
import { Card } from '../../components/Card';
import { formatPercent } from '../../lib/format';

/** The computed adherence shares of a patient, when the API returns them (null: nothing was due). */
export function adherenceOf(p: Patient): { d7: number | null; d30: number | null } | null {
  if (p.adherence_7d === undefined && p.adherence_30d === undefined) return null;
  return { d7: p.adherence_7d ?? null, d30: p.adherence_30d ?? null };
}

function Meter({ label, value }: { label: string; value: number | null }) {
  const { t, i18n } = useTranslation();
  const pct = value === null ? null : Math.max(0, Math.min(1, value));
  const tone = pct === null ? 'bg-slate-300' : pct >= 0.8 ? 'bg-emerald-600' : pct >= 0.5 ? 'bg-amber-500' : 'bg-red-600';
  return (
    <div>
      <div className="flex items-baseline justify-between text-sm">
        <span className="text-slate-700">{label}</span>
        <span className="text-xl font-semibold text-slate-900">{pct === null ? '—' : formatPercent(pct, i18n.language)}</span>
      </div>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct === null ? undefined : Math.round(pct * 100)}
        aria-valuetext={pct === null ? t('adherence.noData') : formatPercent(pct, i18n.language)}
        className="mt-1 h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div className={`h-full ${tone}`} style={{ width: `${(pct ?? 0) * 100}%` }} />
      </div>
      {pct === null && <p className="mt-1 text-xs text-slate-500">{t('adherence.noData')}</p>}
    </div>
  );
}

export function PatientAdherence({ patient }: { patient: Patient }) {
  const { t } = useTranslation();
  const a = adherenceOf(patient);
  if (!a) return null;
  return (
    <Card title={t('adherence.title')}>
      <p className="mb-3 text-xs text-slate-500">{t('adherence.hint')}</p>
      <div className="grid gap-4 sm:grid-cols-2">
        <Meter label={t('adherence.d7')} value={a.d7} />
        <Meter label={t('adherence.d30')} value={a.d30} />
      </div>
    </Card>
  );
}
