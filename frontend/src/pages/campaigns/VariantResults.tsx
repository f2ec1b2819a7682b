import { useTranslation } from 'react-i18next';
import { formatNumber, formatPercent } from '../../lib/format';
import type { CampaignVariant, CampaignVariantResult } from './types';

const COLUMNS = ['sent', 'delivered', 'read', 'replied', 'confirmed'] as const;
const th = 'px-3 py-2 text-right text-xs font-semibold uppercase tracking-wide text-slate-600';
const td = 'px-3 py-2 text-right text-sm tabular-nums text-slate-800';

/** Each variant's results, with the share of its sent messages beside each number. */
export function VariantResults({ results, variants }: { results: CampaignVariantResult[]; variants: CampaignVariant[] }) {
  const { t, i18n } = useTranslation();
  const weight = (key: string) => variants.find((v) => v.key === key)?.weight;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200" data-testid="variant-results">
        <caption className="sr-only">{t('campaigns.variants.title')}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={`${th} text-left`}>{t('campaigns.variants.variant')}</th>
            {COLUMNS.map((k) => (
              <th key={k} scope="col" className={th}>
                {t(`campaigns.variants.${k}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">
          {results.map((r) => (
            <tr key={r.key}>
              <th scope="row" className="px-3 py-2 text-left text-sm font-semibold text-slate-900">
                {r.key}
                {weight(r.key) !== undefined && <span className="ml-1 text-xs font-normal text-slate-500">({t('campaigns.variants.weight', { weight: weight(r.key) })})</span>}
              </th>
              {COLUMNS.map((k) => (
                <td key={k} className={td}>
                  {formatNumber(r[k], i18n.language)}
                  {k !== 'sent' && r.sent > 0 && <span className="block text-xs text-slate-500">{formatPercent(r[k] / r.sent, i18n.language)}</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
