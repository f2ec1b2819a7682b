import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/MeContext';
import { formatDate, formatDateTime, formatNumber, listOf } from '../../lib/format';
import { useTemplateChoices } from './api';
import type { Campaign, CampaignSegment } from './types';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

/** The segment's conditions in words, one per line. */
function useSegmentLines(s: CampaignSegment | null): string[] {
  const { t, i18n } = useTranslation();
  if (!s) return [];
  const lang = i18n.language;
  const range = (from: string | null, to: string | null) => [from ? formatDate(from, lang) : '…', to ? formatDate(to, lang) : '…'].join(' – ');
  const out: string[] = [];
  if (s.tags_any?.length) out.push(`${t('campaigns.segment.tagsAny')}: ${s.tags_any.join(', ')}`);
  if (s.tags_all?.length) out.push(`${t('campaigns.segment.tagsAll')}: ${s.tags_all.join(', ')}`);
  for (const [k, v] of Object.entries(s.attributes ?? {})) out.push(`${k} = ${v}`);
  if (s.surgery_type) out.push(`${t('campaigns.segment.surgeryType')}: ${s.surgery_type}`);
  if (s.last_visit_from || s.last_visit_to) out.push(`${t('campaigns.segment.lastVisit')}: ${range(s.last_visit_from, s.last_visit_to)}`);
  if (s.last_surgery_from || s.last_surgery_to) out.push(`${t('campaigns.segment.lastSurgery')}: ${range(s.last_surgery_from, s.last_surgery_to)}`);
  if (s.age_min !== null || s.age_max !== null) out.push(`${t('campaigns.segment.age')}: ${s.age_min ?? '…'} – ${s.age_max ?? '…'}`);
  if (s.gender) out.push(`${t('campaigns.segment.gender')}: ${t(`genders.${s.gender}`)}`);
  if (s.language) out.push(`${t('campaigns.segment.language')}: ${t(`languages.${s.language}`)}`);
  if (s.consent) out.push(`${t('campaigns.segment.consent')}: ${t(`consent.${s.consent}`)}`);
  return out;
}

/** What the campaign sends, to whom, and how. */
export function CampaignFacts({ c }: { c: Campaign }) {
  const { t, i18n } = useTranslation();
  const { tenant } = useMe();
  const lang = i18n.language;
  const tz = tenant.timezone || undefined;
  const templates = useTemplateChoices();
  const segment = useSegmentLines(c.audience.segment);
  const templateName = (id: string | null) => templates.data?.data.find((tpl) => tpl.id === id)?.name ?? id;
  const bodyLangs = (b: Record<string, string> | null) => listOf(Object.keys(b ?? {}).filter((l) => b?.[l]?.trim()).map((l) => t(`languages.${l}`, { defaultValue: l })), lang);
  const messageOf = (templateId: string | null, bodies: Record<string, string> | null) =>
    templateId ? t('campaigns.facts.template', { name: templateName(templateId) }) : t('campaigns.facts.text', { languages: bodyLangs(bodies) });
  const variants = c.variants ?? [];
  const patients = c.audience.patient_ids ?? [];
  const when = (v: string | null) => (v ? formatDateTime(v, lang, tz) : '—');
  return (
    <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
      <Fact label={t('campaigns.facts.message')}>
        {variants.length > 0 ? (
          <ul>
            {variants.map((v) => (
              <li key={v.key}>
                <span className="font-semibold">{v.key}</span> ({t('campaigns.variants.weight', { weight: v.weight })}): {messageOf(v.template_id, v.bodies)}
              </li>
            ))}
          </ul>
        ) : (
          messageOf(c.template_id, c.bodies)
        )}
      </Fact>
      <Fact label={t('campaigns.facts.audience')}>
        {patients.length > 0 ? (
          t('campaigns.facts.patients', { count: patients.length, n: formatNumber(patients.length, lang) })
        ) : segment.length > 0 ? (
          <ul>
            {segment.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : (
          t('campaigns.facts.everyone')
        )}
      </Fact>
      <Fact label={t('campaigns.facts.channels')}>
        {(c.channel_order ?? []).length > 0 ? listOf(c.channel_order.map((ch) => t(`channels.${ch}`, { defaultValue: ch })), lang) : t('campaigns.facts.organizationOrder')}
      </Fact>
      <Fact label={t('campaigns.fields.sendAt')}>{c.send_at ? when(c.send_at) : t('campaigns.facts.onExecute')}</Fact>
      <Fact label={t('campaigns.facts.window')}>{c.send_window ? `${c.send_window.start} – ${c.send_window.end}` : t('campaigns.facts.anyTime')}</Fact>
      <Fact label={t('campaigns.facts.pace')}>
        {t('campaigns.facts.paceValue', { rate: formatNumber(c.rate_per_minute, lang), threshold: formatNumber(c.failure_threshold, lang) })}
      </Fact>
      <Fact label={t('campaigns.fields.created')}>{when(c.created_at)}</Fact>
      <Fact label={t('campaigns.facts.started')}>{when(c.started_at)}</Fact>
      <Fact label={t('campaigns.facts.completed')}>{when(c.completed_at)}</Fact>
    </dl>
  );
}
