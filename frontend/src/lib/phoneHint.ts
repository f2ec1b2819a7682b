import type { TFunction } from 'i18next';

/** How a clinic of a region writes a mobile number, nationally and internationally. */
const EXAMPLES: Record<string, { national: string; international: string }> = {
  ID: { national: '0812…', international: '+62812…' },
  KR: { national: '010…', international: '+8210…' },
};

/**
 * The hint of a phone field. The server reads numbers without a country code
 * with the organization's region, so the examples follow that region, not the
 * language of the dashboard.
 */
export function phoneHint(t: TFunction, region: string | undefined): string {
  const r = (region ?? '').toUpperCase();
  const examples = EXAMPLES[r];
  return examples ? t('patients.form.phoneHint', examples) : t('patients.form.phoneHintOther', { region: r || '?' });
}
