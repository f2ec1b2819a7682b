import { useTranslation } from 'react-i18next';
import { controlProps, Field, inputClass } from '../../components/Field';
import { useTemplateChoices } from './api';
import { BodiesTabs } from './BodiesTabs';
import type { MessageDraft } from './formModel';

interface Props {
  idPrefix: string;
  value: MessageDraft;
  onChange: (change: Partial<MessageDraft>) => void;
  errors: Record<string, string>;
  /** Prefix of the API field: '' or "variants[1].". */
  field: string;
}

/** A message: its own text per language, or a saved template. */
export function MessageEditor({ idPrefix, value, onChange, errors, field }: Props) {
  const { t } = useTranslation();
  const templates = useTemplateChoices();
  const templateError = errors[`${field}template_id`];
  const hint = templates.isError ? t('campaigns.form.templatesFailed') : t('campaigns.form.templateHint');
  const choices = templates.data?.data ?? [];
  const unknown = value.templateId && templates.data && !choices.some((tpl) => tpl.id === value.templateId);
  return (
    <div className="flex flex-col gap-3">
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">{t('campaigns.form.messageKind')}</legend>
        <div className="flex flex-wrap gap-4">
          {(['text', 'template'] as const).map((mode) => (
            <label key={mode} className="flex items-center gap-1.5 text-sm text-slate-800">
              <input type="radio" name={`${idPrefix}-mode`} checked={value.mode === mode} onChange={() => onChange({ mode })} className="accent-teal-700" />
              {t(`campaigns.form.messageKinds.${mode}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {value.mode === 'text' ? (
        <BodiesTabs idPrefix={`${idPrefix}-body`} bodies={value.bodies} onChange={(bodies) => onChange({ bodies })} errors={errors} field={field} />
      ) : (
        <Field id={`${idPrefix}-template`} label={t('campaigns.fields.template')} error={templateError} hint={hint} required>
          <select
            {...controlProps(`${idPrefix}-template`, templateError, hint, true)}
            value={value.templateId}
            disabled={templates.isPending}
            onChange={(e) => onChange({ templateId: e.target.value })}
            className={inputClass}
          >
            <option value="">{templates.isPending ? t('common.loading') : t('campaigns.form.chooseTemplate')}</option>
            {choices.map((tpl) => (
              <option key={tpl.id} value={tpl.id}>
                {tpl.kind === 'campaign' ? tpl.name : `${tpl.name} (${t(`templates.kinds.${tpl.kind}`)})`}
              </option>
            ))}
            {unknown && <option value={value.templateId}>{value.templateId}</option>}
          </select>
        </Field>
      )}
    </div>
  );
}
