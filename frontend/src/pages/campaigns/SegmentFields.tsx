import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus, X } from 'lucide-react';
import { CONSENTS, GENDERS, LANGUAGES } from '../../api/types';
import { Button } from '../../components/Button';
import { controlProps, Field, inputClass } from '../../components/Field';
import type { SegmentDraft } from './formModel';

interface Props {
  value: SegmentDraft;
  onChange: (change: Partial<SegmentDraft>, field: string) => void;
  errors: Record<string, string>;
}

const MAX_ATTRIBUTES = 10;
const f = (name: string) => `audience.segment.${name}`;

/** The patients a segment chooses: tags, attributes, visits, surgery, age, gender, language, consent. */
export function SegmentFields({ value: s, onChange, errors }: Props) {
  const { t } = useTranslation();
  const e = (name: string) => errors[f(name)];
  const text = (key: keyof SegmentDraft, name: string, label: string, hint?: string, type = 'text') => (
    <Field id={`segment-${name}`} label={label} error={e(name)} hint={hint}>
      <input
        {...controlProps(`segment-${name}`, e(name), hint)}
        type={type}
        inputMode={type === 'number' ? 'numeric' : undefined}
        min={type === 'number' ? 0 : undefined}
        max={type === 'number' ? 130 : undefined}
        value={s[key] as string}
        onChange={(ev) => onChange({ [key]: ev.target.value }, f(name))}
        className={inputClass}
      />
    </Field>
  );
  const select = (key: 'gender' | 'language' | 'consent', label: string, options: ReactNode) => (
    <Field id={`segment-${key}`} label={label} error={e(key)}>
      <select {...controlProps(`segment-${key}`, e(key))} value={s[key]} onChange={(ev) => onChange({ [key]: ev.target.value }, f(key))} className={inputClass}>
        <option value="">{t('campaigns.segment.any')}</option>
        {options}
      </select>
    </Field>
  );
  const setAttribute = (i: number, change: Partial<{ key: string; value: string }>) =>
    onChange({ attributes: s.attributes.map((a, j) => (j === i ? { ...a, ...change } : a)) }, f('attributes'));
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {text('tagsAny', 'tags_any', t('campaigns.segment.tagsAny'), t('campaigns.segment.tagsHint'))}
      {text('tagsAll', 'tags_all', t('campaigns.segment.tagsAll'), t('campaigns.segment.tagsHint'))}
      {text('surgeryType', 'surgery_type', t('campaigns.segment.surgeryType'))}
      {select('gender', t('campaigns.segment.gender'), GENDERS.map((g) => <option key={g} value={g}>{t(`genders.${g}`)}</option>))}
      {text('ageMin', 'age_min', t('campaigns.segment.ageMin'), undefined, 'number')}
      {text('ageMax', 'age_max', t('campaigns.segment.ageMax'), undefined, 'number')}
      {text('lastVisitFrom', 'last_visit_from', t('campaigns.segment.lastVisitFrom'), undefined, 'date')}
      {text('lastVisitTo', 'last_visit_to', t('campaigns.segment.lastVisitTo'), undefined, 'date')}
      {text('lastSurgeryFrom', 'last_surgery_from', t('campaigns.segment.lastSurgeryFrom'), undefined, 'date')}
      {text('lastSurgeryTo', 'last_surgery_to', t('campaigns.segment.lastSurgeryTo'), undefined, 'date')}
      {select('language', t('campaigns.segment.language'), LANGUAGES.map((l) => <option key={l} value={l}>{t(`languages.${l}`)}</option>))}
      {select('consent', t('campaigns.segment.consent'), CONSENTS.map((c) => <option key={c} value={c}>{t(`consent.${c}`)}</option>))}
      <fieldset className="sm:col-span-2" aria-describedby={e('attributes') ? 'segment-attributes-error' : undefined}>
        <legend className="mb-1 text-sm font-medium text-slate-700">{t('campaigns.segment.attributes')}</legend>
        <ul className="flex flex-col gap-2">
          {s.attributes.map((a, i) => (
            <li key={i} className="flex items-center gap-2">
              <input aria-label={t('campaigns.segment.attributeKey', { n: i + 1 })} value={a.key} placeholder="hospital" maxLength={64} onChange={(ev) => setAttribute(i, { key: ev.target.value.replace(/[^a-zA-Z0-9_]/g, '') })} className={`${inputClass} min-w-0 font-mono`} />
              <span aria-hidden="true">=</span>
              <input aria-label={t('campaigns.segment.attributeValue', { n: i + 1 })} value={a.value} maxLength={200} onChange={(ev) => setAttribute(i, { value: ev.target.value })} className={`${inputClass} min-w-0`} />
              <Button variant="ghost" className="px-2" onClick={() => onChange({ attributes: s.attributes.filter((_, j) => j !== i) }, f('attributes'))} aria-label={t('campaigns.segment.removeAttribute', { n: i + 1 })}>
                <X aria-hidden="true" className="size-4" />
              </Button>
            </li>
          ))}
        </ul>
        {s.attributes.length < MAX_ATTRIBUTES && (
          <Button className="mt-2" onClick={() => onChange({ attributes: [...s.attributes, { key: '', value: '' }] }, f('attributes'))}>
            <Plus aria-hidden="true" className="size-4" />
            {t('campaigns.segment.addAttribute')}
          </Button>
        )}
        {e('attributes') && (
          <p id="segment-attributes-error" className="mt-1 text-sm text-red-700">
            {e('attributes')}
          </p>
        )}
      </fieldset>
    </div>
  );
}
