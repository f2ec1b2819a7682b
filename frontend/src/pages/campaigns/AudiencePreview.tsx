import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Loader2, Users } from 'lucide-react';
import { useErrorMessage } from '../../components/States';
import { formatNumber } from '../../lib/format';
import { EXCLUSION_REASONS, type CampaignPreview } from './types';

interface Props {
  preview: UseQueryResult<CampaignPreview>;
  /** false while the audience names nobody yet. */
  ready: boolean;
  /** The audience changed and is about to be counted again. */
  pending: boolean;
}

/** The live recipient count: who the audience chooses now, who would be messaged, why the others would not. */
export function AudiencePreview({ preview, ready, pending }: Props) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const n = (v: number) => formatNumber(v, i18n.language);
  const p = preview.data;
  const busy = ready && (pending || preview.isFetching);
  const reasons = p ? [...EXCLUSION_REASONS, ...Object.keys(p.exclusions).filter((k) => !(EXCLUSION_REASONS as readonly string[]).includes(k))] : [];
  return (
    <section aria-labelledby="audience-preview-title" className="rounded-md border border-teal-200 bg-teal-50/50 p-3" data-testid="audience-preview">
      <h3 id="audience-preview-title" className="flex items-center gap-2 text-sm font-semibold text-slate-900">
        <Users aria-hidden="true" className="size-4 text-teal-700" />
        {t('campaigns.preview.title')}
        {busy && (
          <>
            <Loader2 aria-hidden="true" className="size-4 animate-spin text-slate-500" />
            <span className="sr-only">{t('campaigns.preview.counting')}</span>
          </>
        )}
      </h3>
      <div aria-live="polite" aria-busy={busy} className="mt-2 text-sm">
        {!ready && <p className="text-slate-600">{t('campaigns.preview.notReady')}</p>}
        {ready && preview.isError && (
          <p role="alert" className="text-red-700">
            {errorMessage(preview.error)}
          </p>
        )}
        {ready && !p && preview.isPending && <p className="text-slate-600">{t('campaigns.preview.counting')}</p>}
        {ready && p && (
          <div className={busy ? 'opacity-60' : ''}>
            <p className="text-2xl font-semibold text-slate-900 tabular-nums" data-testid="preview-eligible">
              {t('campaigns.preview.eligible', { count: p.eligible, n: n(p.eligible) })}
            </p>
            <p className="text-slate-700" data-testid="preview-count">
              {t('campaigns.preview.count', { count: p.count, n: n(p.count) })}
            </p>
            <h4 className="mt-3 text-xs font-semibold uppercase tracking-wide text-slate-600">{t('campaigns.preview.excluded')}</h4>
            <dl className="mt-1 grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 gap-y-0.5" data-testid="preview-exclusions">
              {reasons.map((r) => (
                <div key={r} className={`contents ${p.exclusions[r] ? 'text-slate-900' : 'text-slate-500'}`}>
                  <dt>{t(`campaigns.exclusions.${r}`, { defaultValue: r })}</dt>
                  <dd className="text-right tabular-nums">{n(p.exclusions[r] ?? 0)}</dd>
                </div>
              ))}
            </dl>
            {p.sample.length > 0 && (
              <>
                <h4 className="mt-3 text-xs font-semibold uppercase tracking-wide text-slate-600">{t('campaigns.preview.sample')}</h4>
                <ul className="mt-1 flex flex-wrap gap-1.5" data-testid="preview-sample">
                  {p.sample.map((pt) => (
                    <li key={pt.id} className="rounded-full border border-slate-200 bg-white px-2 py-0.5 text-xs text-slate-800">
                      {pt.name}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
