import { useState, type ReactNode } from 'react';
import { useForm, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/problem';
import { CHANNELS, CONSENTS, GENDERS, LANGUAGES } from '../../api/types';
import { useMe } from '../../auth/MeContext';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { controlProps, Field, inputClass } from '../../components/Field';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { phoneHint } from '../../lib/phoneHint';
import { useRevealErrors } from '../../lib/revealErrors';
import { useVolunteers } from './api';
import { formFieldFor, type FormField, type PatientFormValues } from './formModel';

const TIMEZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'Asia/Seoul'];

interface Props {
  defaultValues: PatientFormValues;
  submitLabel: string;
  /** Saves; throws ApiError on failure. Receives the fields the user changed. */
  onSave: (values: PatientFormValues, changed: FormField[]) => Promise<void>;
  onCancel: () => void;
  /** Offered after a 409: reload the latest version into the form. */
  onReload?: () => Promise<void>;
}

interface InputProps {
  name: FormField;
  register: UseFormRegister<PatientFormValues>;
  errors: FieldErrors<PatientFormValues>;
  label: string;
  hint?: string;
  required?: boolean;
  className?: string;
  children?: (props: ReturnType<typeof controlProps>) => ReactNode;
  type?: string;
}

/** A labelled control bound to the form, with its error beside it. */
function FormInput({ name, register, errors, label, hint, required, className, children, type = 'text' }: InputProps) {
  const id = `patient-${name}`;
  const error = errors[name]?.message;
  const props = controlProps(id, error, hint, required);
  return (
    <Field id={id} label={label} hint={hint} error={error} required={required} className={className}>
      {children ? children(props) : <input type={type} {...props} {...register(name)} className={inputClass} />}
    </Field>
  );
}

export function PatientForm({ defaultValues, submitLabel, onSave, onCancel, onReload }: Props) {
  const { t } = useTranslation();
  const { isAdmin, tenant } = useMe();
  const errorMessage = useErrorMessage();
  const volunteers = useVolunteers(isAdmin);
  const [generalError, setGeneralError] = useState('');
  const [conflict, setConflict] = useState(false);
  const { ref: formRef, reveal } = useRevealErrors();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, dirtyFields },
  } = useForm<PatientFormValues>({ defaultValues });

  const f = (key: string) => t(`patients.fields.${key}`);
  const common = { register, errors };

  const submit = handleSubmit(async (values) => {
    setGeneralError('');
    setConflict(false);
    const changed = (Object.keys(dirtyFields) as FormField[]).filter((k) => dirtyFields[k]);
    try {
      await onSave(values, changed);
    } catch (err) {
      reveal();
      if (err instanceof ApiError && err.status === 409) {
        setConflict(true);
        return;
      }
      const unplaced: string[] = [];
      if (err instanceof ApiError) {
        for (const [apiField, message] of Object.entries(err.fieldErrors)) {
          const field = formFieldFor(apiField);
          if (field) setError(field, { type: 'server', message });
          else unplaced.push(`${apiField}: ${message}`);
        }
        const hasPlaced = Object.keys(err.fieldErrors).length > unplaced.length;
        if (!hasPlaced || unplaced.length > 0) setGeneralError([errorMessage(err), ...unplaced].join(' · '));
        else setGeneralError(t('patients.form.fixFields'));
      } else {
        setGeneralError(errorMessage(err));
      }
    }
  });

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-4">
      {conflict && (
        <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          <span>{t('patients.form.conflict')}</span>
          {onReload && (
            <Button onClick={() => void onReload().then(() => setConflict(false))}>{t('patients.form.reload')}</Button>
          )}
        </div>
      )}
      {generalError && <ErrorBanner message={generalError} />}

      <Card title={t('patients.sections.contact')}>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormInput {...common} name="name" label={f('name')} required>
            {(p) => <input {...p} autoComplete="off" {...register('name', { required: t('patients.form.required') })} className={inputClass} />}
          </FormInput>
          <FormInput {...common} name="phone" label={f('phone')} hint={phoneHint(t, tenant.default_region)} required>
            {(p) => <input {...p} type="tel" inputMode="tel" autoComplete="off" {...register('phone', { required: t('patients.form.required') })} className={inputClass} />}
          </FormInput>
          <FormInput {...common} name="email" label={f('email')} type="email" />
          <FormInput {...common} name="language" label={f('language')}>
            {(p) => (
              <select {...p} {...register('language')} className={inputClass}>
                {LANGUAGES.map((l) => (
                  <option key={l} value={l}>{t(`languages.${l}`)}</option>
                ))}
              </select>
            )}
          </FormInput>
          <FormInput {...common} name="timezone" label={f('timezone')}>
            {(p) => (
              <>
                <input {...p} list="patient-timezones" {...register('timezone')} className={inputClass} />
                <datalist id="patient-timezones">
                  {TIMEZONES.map((z) => (
                    <option key={z} value={z} />
                  ))}
                </datalist>
              </>
            )}
          </FormInput>
          <FormInput {...common} name="preferred_channel" label={f('preferred_channel')}>
            {(p) => (
              <select {...p} {...register('preferred_channel')} className={inputClass}>
                <option value="">{t('patients.form.automatic')}</option>
                {CHANNELS.map((c) => (
                  <option key={c} value={c}>{t(`channels.${c}`)}</option>
                ))}
              </select>
            )}
          </FormInput>
          <FormInput {...common} name="quiet_start" label={t('patients.form.quietStart')} type="time" hint={t('patients.form.quietHint')} />
          <FormInput {...common} name="quiet_end" label={t('patients.form.quietEnd')} type="time" />
          <FormInput {...common} name="consent" label={f('consent')}>
            {(p) => (
              <select {...p} {...register('consent')} className={inputClass}>
                {CONSENTS.map((c) => (
                  <option key={c} value={c}>{t(`consent.${c}`)}</option>
                ))}
              </select>
            )}
          </FormInput>
        </div>
      </Card>

      <Card title={t('patients.sections.clinical')}>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormInput {...common} name="birth_date" label={f('birth_date')} type="date" />
          <FormInput {...common} name="gender" label={f('gender')}>
            {(p) => (
              <select {...p} {...register('gender')} className={inputClass}>
                <option value="">{t('patients.form.notSet')}</option>
                {GENDERS.map((g) => (
                  <option key={g} value={g}>{t(`genders.${g}`)}</option>
                ))}
              </select>
            )}
          </FormInput>
          <FormInput {...common} name="diagnosis" label={f('diagnosis')} />
          <FormInput {...common} name="cancer_stage" label={f('cancer_stage')} />
          <FormInput {...common} name="last_visit_date" label={f('last_visit_date')} type="date" />
          <FormInput {...common} name="last_surgery_date" label={f('last_surgery_date')} type="date" />
          <FormInput {...common} name="notes" label={f('notes')} className="sm:col-span-2">
            {(p) => <textarea {...p} rows={4} {...register('notes')} className={inputClass} />}
          </FormInput>
        </div>
      </Card>

      <Card title={t('patients.sections.admin')}>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormInput {...common} name="tags" label={f('tags')} hint={t('patients.form.tagsHint')} />
          <FormInput {...common} name="external_id" label={f('external_id')} hint={t('patients.form.externalIdHint')} />
          {isAdmin && (
            <FormInput {...common} name="assigned_volunteer_id" label={f('assigned_volunteer_id')}>
              {(p) => (
                <select {...p} {...register('assigned_volunteer_id')} className={inputClass}>
                  <option value="">{t('patients.form.unassigned')}</option>
                  {(volunteers.data?.data ?? []).map((u) => (
                    <option key={u.id} value={u.id}>{u.name || u.email}</option>
                  ))}
                </select>
              )}
            </FormInput>
          )}
          <div className="flex items-center gap-2 self-end pb-2">
            <input id="patient-is_active" type="checkbox" {...register('is_active')} className="size-4 rounded border-slate-300 text-teal-700" />
            <label htmlFor="patient-is_active" className="text-sm font-medium text-slate-700">{f('is_active')}</label>
          </div>
        </div>
      </Card>

      <div className="flex flex-wrap justify-end gap-2">
        <Button onClick={onCancel} disabled={isSubmitting}>{t('common.cancel')}</Button>
        <Button type="submit" variant="primary" disabled={isSubmitting}>
          {isSubmitting ? t('common.saving') : submitLabel}
        </Button>
      </div>
    </form>
  );
}
