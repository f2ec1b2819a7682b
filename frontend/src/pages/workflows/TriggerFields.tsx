import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LANGUAGES } from '../../api/types';
import { focusRing } from '../../components/Button';
import { controlProps, Field, inputClass } from '../../components/Field';
import type { Draft, TriggerDraft } from './draftModel';
import { TRIGGER_TYPES, type TriggerType } from './types';

interface Props {
  draft: Draft;
  errors: Record<string, string>;
  readOnly: boolean;
  onName: (v: string) => void;
  onDescription: (v: string) => void;
  onTrigger: (change: Partial<TriggerDraft>) => void;
}

/** Name, description, and the trigger with the fields its type uses. */
export function DetailsFields({ draft, errors, readOnly, onName, onDescription, onTrigger }: Props) {
  const { t } = useTranslation();
  const tr = draft.trigger;
  const e = (k: string) => errors[k];
  return (
    <fieldset disabled={readOnly} className="grid gap-4 sm:grid-cols-2">
      <legend className="sr-only">{t('workflows.sections.details')}</legend>
      <Field id="wf-name" label={t('workflows.fields.name')} error={e('name')} required>
        <input {...controlProps('wf-name', e('name'), undefined, true)} autoComplete="off" value={draft.name} onChange={(ev) => onName(ev.target.value)} className={inputClass} />
      </Field>
      <Field id="wf-trigger-type" label={t('workflows.fields.trigger')} error={e('trigger.type')} hint={t(`workflows.triggerHints.${tr.type}`)}>
        <select
          {...controlProps('wf-trigger-type', e('trigger.type'), t(`workflows.triggerHints.${tr.type}`))}
          value={tr.type}
          onChange={(ev) => onTrigger({ type: ev.target.value as TriggerType })}
          className={inputClass}
        >
          {TRIGGER_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`workflows.triggerTypes.${type}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="wf-description" label={t('workflows.fields.description')} error={e('description')} className="sm:col-span-2">
        <textarea {...controlProps('wf-description', e('description'))} rows={2} value={draft.description} onChange={(ev) => onDescription(ev.target.value)} className={inputClass} />
      </Field>
      {tr.type === 'post_surgery' && (
        <Field id="wf-surgery-type" label={t('workflows.fields.surgeryType')} error={e('trigger.surgery_type')} hint={t('workflows.fields.surgeryTypeHint')}>
          <input {...controlProps('wf-surgery-type', e('trigger.surgery_type'), t('workflows.fields.surgeryTypeHint'))} value={tr.surgery_type} onChange={(ev) => onTrigger({ surgery_type: ev.target.value })} className={inputClass} />
        </Field>
      )}
      {tr.type === 'inbound_keyword' && (
        <Field id="wf-keywords" label={t('workflows.fields.keywords')} error={e('trigger.keywords')} hint={t('workflows.fields.commaHint')} required>
          <input {...controlProps('wf-keywords', e('trigger.keywords'), t('workflows.fields.commaHint'), true)} value={tr.keywords} onChange={(ev) => onTrigger({ keywords: ev.target.value })} className={inputClass} />
        </Field>
      )}
      {tr.type === 'webhook' && (
        <p className="rounded-md border border-slate-200 bg-slate-50 p-2 text-sm text-slate-700 sm:col-span-2">
          {t('workflows.fields.webhookNote')}{' '}
          <Link to="/webhooks" className={`font-medium text-teal-800 underline ${focusRing}`}>
            {t('nav.webhooks')}
          </Link>
          {tr.webhook_id && <span className="mt-1 block font-mono text-xs text-slate-500">{tr.webhook_id}</span>}
        </p>
      )}
      {tr.type === 'schedule' && (
        <>
          <fieldset className="sm:col-span-2">
            <legend className="mb-1 text-sm font-medium text-slate-700">{t('workflows.fields.scheduleKind')}</legend>
            <div className="flex flex-wrap gap-4">
              {(['cron', 'rrule'] as const).map((k) => (
                <label key={k} className="flex items-center gap-1.5 text-sm text-slate-800">
                  <input type="radio" name="wf-schedule" checked={tr.schedule === k} onChange={() => onTrigger({ schedule: k })} />
                  {t(`workflows.fields.${k}`)}
                </label>
              ))}
            </div>
          </fieldset>
          {tr.schedule === 'cron' ? (
            <Field id="wf-cron" label={t('workflows.fields.cron')} error={e('trigger.cron')} hint={t('workflows.fields.cronHint')} required>
              <input {...controlProps('wf-cron', e('trigger.cron'), t('workflows.fields.cronHint'), true)} value={tr.cron} placeholder="0 9 * * 1" onChange={(ev) => onTrigger({ cron: ev.target.value })} className={`${inputClass} font-mono`} />
            </Field>
          ) : (
            <Field id="wf-rrule" label={t('workflows.fields.rrule')} error={e('trigger.rrule')} hint={t('workflows.fields.rruleHint')} required>
              <input {...controlProps('wf-rrule', e('trigger.rrule'), t('workflows.fields.rruleHint'), true)} value={tr.rrule} placeholder="FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0" onChange={(ev) => onTrigger({ rrule: ev.target.value })} className={`${inputClass} font-mono`} />
            </Field>
          )}
          <Field id="wf-segment-tags" label={t('workflows.fields.segmentTags')} error={e('trigger.segment.tags_any')} hint={t('workflows.fields.segmentTagsHint')}>
            <input {...controlProps('wf-segment-tags', e('trigger.segment.tags_any'), t('workflows.fields.segmentTagsHint'))} value={tr.tags_any} onChange={(ev) => onTrigger({ tags_any: ev.target.value })} className={inputClass} />
          </Field>
          <Field id="wf-segment-language" label={t('workflows.fields.segmentLanguage')} error={e('trigger.segment.language')}>
            <select {...controlProps('wf-segment-language', e('trigger.segment.language'))} value={tr.language} onChange={(ev) => onTrigger({ language: ev.target.value as TriggerDraft['language'] })} className={inputClass}>
              <option value="">{t('workflows.fields.anyLanguage')}</option>
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`languages.${l}`)}
                </option>
              ))}
            </select>
          </Field>
        </>
      )}
    </fieldset>
  );
}
