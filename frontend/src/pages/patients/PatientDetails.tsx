import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Patient } from '../../api/types';
import { Badge, consentTone } from '../../components/Badge';
import { Card } from '../../components/Card';
import { ageFrom, formatDate, formatDateTime, formatNumber } from '../../lib/format';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-words text-sm text-slate-900">{children || <span className="text-slate-400">—</span>}</dd>
    </div>
  );
}

export function PatientDetails({ patient: p, volunteerName }: { patient: Patient; volunteerName?: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const age = ageFrom(p.birth_date);
  // Times read in the patient's own time zone, like the timeline below.
  const tz = p.timezone || undefined;
  const f = (key: string) => t(`patients.fields.${key}`);
  const attributes = Object.entries(p.attributes ?? {});

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card title={t('patients.sections.contact')}>
        <dl className="grid gap-3 sm:grid-cols-2">
          <Item label={f('phone')}>{p.phone}</Item>
          <Item label={f('email')}>{p.email}</Item>
          <Item label={f('language')}>{p.language && t(`languages.${p.language}`, { defaultValue: p.language })}</Item>
          <Item label={f('timezone')}>{p.timezone}</Item>
          <Item label={f('preferred_channel')}>{p.preferred_channel && t(`channels.${p.preferred_channel}`, { defaultValue: p.preferred_channel })}</Item>
          <Item label={f('quiet_hours')}>{p.quiet_hours?.start && p.quiet_hours?.end ? `${p.quiet_hours.start}–${p.quiet_hours.end}` : ''}</Item>
          <Item label={f('consent')}>
            {p.consent && <Badge tone={consentTone(p.consent)}>{t(`consent.${p.consent}`, { defaultValue: p.consent })}</Badge>}
            {p.consent_at && <span className="ml-2 text-xs text-slate-500">{formatDateTime(p.consent_at, lang, tz)}</span>}
          </Item>
          <Item label={f('consent_source')}>{p.consent_source}</Item>
        </dl>
      </Card>
      <Card title={t('patients.sections.clinical')}>
        <dl className="grid gap-3 sm:grid-cols-2">
          <Item label={f('birth_date')}>
            {p.birth_date && (
              <>
                {formatDate(p.birth_date, lang)}
                {age !== null && <span className="ml-1 text-slate-500">({t('patients.age', { age: formatNumber(age, lang) })})</span>}
              </>
            )}
          </Item>
          <Item label={f('gender')}>{p.gender && t(`genders.${p.gender}`, { defaultValue: p.gender })}</Item>
          <Item label={f('diagnosis')}>{p.diagnosis}</Item>
          <Item label={f('cancer_stage')}>{p.cancer_stage}</Item>
          <Item label={f('last_visit_date')}>{formatDate(p.last_visit_date, lang)}</Item>
          <Item label={f('last_surgery_date')}>{formatDate(p.last_surgery_date, lang)}</Item>
        </dl>
      </Card>
      <Card title={t('patients.sections.admin')}>
        <dl className="grid gap-3 sm:grid-cols-2">
          <Item label={f('tags')}>
            {(p.tags ?? []).length > 0 && (
              <span className="flex flex-wrap gap-1">
                {(p.tags ?? []).map((tag) => (
                  <Badge key={tag}>{tag}</Badge>
                ))}
              </span>
            )}
          </Item>
          <Item label={f('external_id')}>{p.external_id}</Item>
          <Item label={f('assigned_volunteer_id')}>{volunteerName ?? p.assigned_volunteer_id}</Item>
          <Item label={f('is_active')}>{p.is_active === false ? t('common.no') : t('common.yes')}</Item>
          <Item label={f('created_at')}>{formatDateTime(p.created_at, lang, tz)}</Item>
          <Item label={f('updated_at')}>{formatDateTime(p.updated_at, lang, tz)}</Item>
        </dl>
      </Card>
      <Card title={f('notes')}>
        <p className="whitespace-pre-wrap text-sm text-slate-800">{p.notes || <span className="text-slate-400">—</span>}</p>
        {attributes.length > 0 && (
          <dl className="mt-4 grid gap-3 sm:grid-cols-2">
            {attributes.map(([k, v]) => (
              <Item key={k} label={k}>
                {typeof v === 'string' ? v : JSON.stringify(v)}
              </Item>
            ))}
          </dl>
        )}
      </Card>
    </div>
  );
}
