// Where the editor shows errors: the server's field errors placed on its
// controls, and the few checks made before asking the server.
import { BODY_LANGS, type CampaignDraft, type MessageDraft } from './formModel';

/** An API field name as the form keys its errors: list items fold into their list. */
export function placeField(field: string): string {
  return field
    .replace(/^channel_order\[\d+\]$/, 'channel_order')
    .replace(/^audience\.patient_ids\[\d+\]$/, 'audience.patient_ids')
    .replace(/^(audience\.segment\.tags_(?:any|all))\[\d+\]$/, '$1')
    .replace(/^audience\.segment\.attributes\..+$/, 'audience.segment.attributes');
}

const KNOWN = [
  /^(name|template_id|variants|channel_order|audience|audience\.patient_ids|send_at|send_window|send_window\.(start|end)|rate_per_minute|failure_threshold)$/,
  /^bodies(\.(id|en|ko))?$/,
  /^audience\.segment\.[a-z_]+$/,
  /^variants\[\d+\]\.(key|weight|template_id|bodies(\.(id|en|ko))?)$/,
];

/** Whether the form shows an error for this (placed) field next to a control. */
export const isKnownField = (field: string) => KNOWN.some((re) => re.test(field));

/** Server field errors placed on the form's keys (first per key), and the others. */
export function placeErrors(fieldErrors: Record<string, string>): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const [raw, message] of Object.entries(fieldErrors)) {
    const field = placeField(raw);
    if (isKnownField(field)) fields[field] ??= message;
    else other.push(`${raw}: ${message}`);
  }
  return { fields, other };
}

/** What the form checks before asking the server: an i18n key under campaigns.form.errors per field. */
export function localErrors(d: CampaignDraft): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.name.trim()) out.name = 'required';
  const message = (m: MessageDraft, prefix: string) => {
    if (m.mode === 'template' && !m.templateId) out[`${prefix}template_id`] = 'templateRequired';
    if (m.mode === 'text' && !BODY_LANGS.some((l) => m.bodies[l].trim())) out[`${prefix}bodies`] = 'bodyRequired';
  };
  if (d.useVariants) {
    d.variants.forEach((v, i) => {
      if (!v.key.trim()) out[`variants[${i}].key`] = 'required';
      message(v, `variants[${i}].`);
    });
  } else {
    message(d.message, '');
  }
  if (d.audienceMode === 'patients' && d.patientIds.length === 0) out['audience.patient_ids'] = 'patientsRequired';
  return out;
}
