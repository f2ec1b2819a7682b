import { useRef, useState } from 'react';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { AlertCircle, Plus, Trash2 } from 'lucide-react';
import { ApiError } from '../../api/problem';
import { LANGUAGES, TEMPLATE_KINDS, TEMPLATE_VARIABLES, type Template } from '../../api/types';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { controlProps, Field, inputClass } from '../../components/Field';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { tabPanelProps, Tabs } from '../../components/Tabs';
import { useRevealErrors } from '../../lib/revealErrors';
import type { Lang, TemplateFormValues } from './formModel';
import { unknownVariables } from './renderLocal';
import { LocalPreview, PatientPreview } from './TemplatePreviewPanel';
import { ArticleLinkField } from './ArticleLinkField';

interface Props {
  defaultValues: TemplateFormValues;
  /** The saved template, when editing (enables the preview for a patient). */
  saved?: Template;
  submitLabel: string;
  readOnly?: boolean;
  onSave: (values: TemplateFormValues) => Promise<void>;
  onCancel: () => void;
  onReload?: () => Promise<void>;
}

type ErrorKey = 'name' | 'kind' | 'bodies' | `bodies.${Lang}` | 'kakao_template_code' | 'kakao_parameters' | 'link_article_id';

/** The editor field that shows a server error about an API field. */
function errorKeyFor(apiField: string): ErrorKey | null {
  if (apiField === 'name' || apiField === 'kind' || apiField === 'bodies' || apiField === 'kakao_template_code' || apiField === 'link_article_id') return apiField;
  if (/^bodies\.(id|ko|en)$/.test(apiField)) return apiField as ErrorKey;
  if (apiField === 'kakao_parameters' || apiField.startsWith('kakao_parameters.')) return 'kakao_parameters';
  return null;
}

export function TemplateForm({ defaultValues, saved, submitLabel, readOnly, onSave, onCancel, onReload }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [lang, setLang] = useState<Lang>('id');
  const [serverErrors, setServerErrors] = useState<Partial<Record<ErrorKey, string>>>({});
  const [generalError, setGeneralError] = useState('');
  const [conflict, setConflict] = useState(false);
  const { ref: formRef, reveal } = useRevealErrors();
  const [attributeKey, setAttributeKey] = useState('');
  const bodyRefs = useRef<Partial<Record<Lang, HTMLTextAreaElement | null>>>({});
  const {
    register,
    handleSubmit,
    setValue,
    getValues,
    control,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<TemplateFormValues>({ defaultValues });
  const params = useFieldArray({ control, name: 'kakao_parameters' });
  const bodies = useWatch({ control, name: 'bodies' });

  const clearServerError = (key: ErrorKey) => {
    if (serverErrors[key]) setServerErrors(({ [key]: _gone, ...rest }) => rest);
  };

  const insert = (variable: string) => {
    const el = bodyRefs.current[lang];
    const text = getValues(`bodies.${lang}`) ?? '';
    const token = `{{${variable}}}`;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const next = text.slice(0, start) + token + text.slice(end);
    setValue(`bodies.${lang}`, next, { shouldDirty: true });
    clearServerError(`bodies.${lang}`);
    requestAnimationFrame(() => {
      if (!el) return;
      el.focus();
      el.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const submit = handleSubmit(async (values) => {
    setGeneralError('');
    setConflict(false);
    setServerErrors({});
    try {
      await onSave(values);
    } catch (err) {
      reveal();
      if (err instanceof ApiError && err.status === 409 && err.code !== 'validation_failed' && onReload) {
        setConflict(true);
        return;
      }
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length > 0) {
        const placed: Partial<Record<ErrorKey, string>> = {};
        const unplaced: string[] = [];
        for (const [field, message] of Object.entries(err.fieldErrors)) {
          const key = errorKeyFor(field);
          if (key && !placed[key]) placed[key] = key === 'kakao_parameters' && field !== key ? `${field.slice('kakao_parameters.'.length)}: ${message}` : message;
          else if (!key) unplaced.push(`${field}: ${message}`);
        }
        setServerErrors(placed);
        // Show the first language whose body the server refused.
        const badLang = LANGUAGES.find((l) => placed[`bodies.${l}`]);
        if (badLang) setLang(badLang);
        setGeneralError(unplaced.length > 0 ? [errorMessage(err), ...unplaced].join(' · ') : t('patients.form.fixFields'));
        return;
      }
      setGeneralError(errorMessage(err));
    }
  });

  const nameError = errors.name?.message ?? serverErrors.name;

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-start">
      <div className="flex min-w-0 flex-col gap-4 lg:col-start-1">
        {conflict && (
          <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            <span>{t('templates.conflict')}</span>
            {onReload && <Button onClick={() => void onReload().then(() => setConflict(false))}>{t('patients.form.reload')}</Button>}
          </div>
        )}
        {generalError && <ErrorBanner message={generalError} />}

        <Card title={t('templates.sections.template')}>
          <fieldset disabled={readOnly} className="grid gap-4 sm:grid-cols-2">
            <Field id="template-name" label={t('templates.fields.name')} error={nameError} required>
              <input
                {...controlProps('template-name', nameError, undefined, true)}
                autoComplete="off"
                {...register('name', { required: t('patients.form.required'), onChange: () => clearServerError('name') })}
                className={inputClass}
              />
            </Field>
            <ArticleLinkField
              className="sm:col-span-2"
              error={serverErrors.link_article_id}
              current={defaultValues.link_article_id}
              registration={register('link_article_id', { onChange: () => clearServerError('link_article_id') })}
            />
            <Field id="template-kind" label={t('templates.fields.kind')} error={serverErrors.kind}>
              <select {...controlProps('template-kind', serverErrors.kind)} {...register('kind')} className={inputClass}>
                {TEMPLATE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`templates.kinds.${k}`)}
                  </option>
                ))}
              </select>
            </Field>
          </fieldset>
        </Card>

        <Card title={t('templates.sections.message')}>
          <p className="mb-3 text-sm text-slate-600">{t('templates.bodiesHint')}</p>
          <Tabs
            idPrefix="template-lang"
            label={t('templates.languageTabs')}
            value={lang}
            onChange={(v) => setLang(v as Lang)}
            tabs={LANGUAGES.map((l) => ({
              id: l,
              label: (
                <span className="flex items-center gap-1.5">
                  {t(`languages.${l}`)}
                  {serverErrors[`bodies.${l}`] ? (
                    <>
                      <AlertCircle aria-hidden="true" className="size-3.5 text-red-700" />
                      <span className="sr-only">{t('templates.hasError')}</span>
                    </>
                  ) : (
                    !(bodies?.[l] ?? '').trim() && <span className="text-xs font-normal text-slate-400">({t('templates.emptyBody')})</span>
                  )}
                </span>
              ),
            }))}
          />
          <div {...tabPanelProps('template-lang', lang)} className="pt-3">
            {!readOnly && (
              <div className="mb-3">
                <p id="template-variables-label" className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">
                  {t('templates.insertVariable')}
                </p>
                <div role="group" aria-labelledby="template-variables-label" className="flex flex-wrap gap-1.5">
                  {TEMPLATE_VARIABLES.map((v) => (
                    <button
                      key={v}
                      type="button"
                      onClick={() => insert(v)}
                      title={t(`templates.variables.${v}`)}
                      className="rounded-full border border-teal-200 bg-teal-50 px-2 py-0.5 font-mono text-xs text-teal-900 hover:bg-teal-100 focus-visible:outline-2 focus-visible:outline-teal-600"
                    >
                      {`{{${v}}}`}
                    </button>
                  ))}
                </div>
                <div className="mt-2 flex flex-wrap items-end gap-2">
                  <div>
                    <label htmlFor="template-attribute-key" className="mb-1 block text-xs text-slate-600">
                      {t('templates.attributeKey')}
                    </label>
                    <input
                      id="template-attribute-key"
                      value={attributeKey}
                      onChange={(e) => setAttributeKey(e.target.value.replace(/[^a-zA-Z0-9_]/g, ''))}
                      placeholder="mrn"
                      maxLength={64}
                      className={`${inputClass} w-40 py-1 font-mono`}
                    />
                  </div>
                  <Button
                    className="py-1"
                    disabled={!attributeKey}
                    onClick={() => {
                      insert(`attributes.${attributeKey}`);
                      setAttributeKey('');
                    }}
                  >
                    {`{{attributes.${attributeKey || 'KEY'}}}`}
                  </Button>
                </div>
              </div>
            )}
            {LANGUAGES.map((l) => {
              const reg = register(`bodies.${l}`, { onChange: () => clearServerError(`bodies.${l}`) });
              const localUnknown = unknownVariables(bodies?.[l] ?? '');
              const hint = localUnknown.length > 0 ? t('templates.unknownLocally', { names: localUnknown.map((n) => `{{${n}}}`).join(', ') }) : undefined;
              return (
                <div key={l} hidden={l !== lang}>
                  <Field id={`template-body-${l}`} label={t('templates.bodyIn', { language: t(`languages.${l}`) })} error={serverErrors[`bodies.${l}`]} hint={hint}>
                    <textarea
                      {...controlProps(`template-body-${l}`, serverErrors[`bodies.${l}`], hint)}
                      lang={l}
                      rows={7}
                      readOnly={readOnly}
                      {...reg}
                      ref={(el) => {
                        reg.ref(el);
                        bodyRefs.current[l] = el;
                      }}
                      className={`${inputClass} font-mono`}
                    />
                  </Field>
                  <p className="mt-1 text-right text-xs text-slate-500">{t('templates.characters', { n: (bodies?.[l] ?? '').length })}</p>
                </div>
              );
            })}
            {serverErrors.bodies && (
              <p id="template-bodies-error" className="mt-1 text-sm text-red-700">
                {serverErrors.bodies}
              </p>
            )}
          </div>
        </Card>
      </div>

      {/* At phone width the previews come right after the text they show. */}
      <div className="flex min-w-0 flex-col gap-4 lg:sticky lg:top-4 lg:col-start-2 lg:row-span-2 lg:row-start-1">
        <LocalPreview body={bodies?.[lang] ?? ''} lang={lang} />
        <PatientPreview template={saved} unsaved={isDirty} />
      </div>

      <div className="flex min-w-0 flex-col gap-4 lg:col-start-1">
        <Card title={t('templates.sections.kakao')}>
          <p className="mb-3 text-sm text-slate-600">{t('templates.kakaoHint')}</p>
          <fieldset disabled={readOnly} className="flex flex-col gap-4">
            <Field id="template-kakao-code" label={t('templates.fields.kakao_template_code')} error={serverErrors.kakao_template_code}>
              <input
                {...controlProps('template-kakao-code', serverErrors.kakao_template_code)}
                autoComplete="off"
                {...register('kakao_template_code', { onChange: () => clearServerError('kakao_template_code') })}
                className={`${inputClass} font-mono sm:max-w-xs`}
              />
            </Field>
            <div>
              <p className="mb-1 text-sm font-medium text-slate-700">{t('templates.fields.kakao_parameters')}</p>
              {params.fields.length === 0 && <p className="text-sm text-slate-500">{t('templates.noParameters')}</p>}
              <datalist id="template-variable-list">
                {TEMPLATE_VARIABLES.map((v) => (
                  <option key={v} value={v} />
                ))}
              </datalist>
              <ul className="flex flex-col gap-2">
                {params.fields.map((f, i) => (
                  <li key={f.id} className="grid grid-cols-[1fr_1fr_auto] items-end gap-2">
                    <div>
                      <label htmlFor={`template-param-name-${i}`} className="mb-1 block text-xs text-slate-600">
                        {t('templates.paramName')}
                      </label>
                      <input id={`template-param-name-${i}`} {...register(`kakao_parameters.${i}.name`)} className={`${inputClass} font-mono`} />
                    </div>
                    <div>
                      <label htmlFor={`template-param-var-${i}`} className="mb-1 block text-xs text-slate-600">
                        {t('templates.paramVariable')}
                      </label>
                      <input
                        id={`template-param-var-${i}`}
                        list="template-variable-list"
                        {...register(`kakao_parameters.${i}.variable`)}
                        className={`${inputClass} font-mono`}
                      />
                    </div>
                    <Button variant="ghost" onClick={() => params.remove(i)} aria-label={t('templates.removeParam', { n: i + 1 })}>
                      <Trash2 aria-hidden="true" className="size-4" />
                    </Button>
                  </li>
                ))}
              </ul>
              {serverErrors.kakao_parameters && (
                <p id="template-kakao-params-error" className="mt-1 text-sm text-red-700">
                  {serverErrors.kakao_parameters}
                </p>
              )}
              {!readOnly && (
                <Button className="mt-2" onClick={() => params.append({ name: '', variable: '' })}>
                  <Plus aria-hidden="true" className="size-4" />
                  {t('templates.addParam')}
                </Button>
              )}
            </div>
          </fieldset>
        </Card>

        {!readOnly && (
          <div className="flex flex-wrap justify-end gap-2">
            <Button onClick={onCancel} disabled={isSubmitting}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" variant="primary" disabled={isSubmitting}>
              {isSubmitting ? t('common.saving') : submitLabel}
            </Button>
          </div>
        )}
      </div>
    </form>
  );
}
