import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventType } from '../../api/types';
import { Button } from '../../components/Button';
import { controlProps, Field, inputClass } from '../../components/Field';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { useRevealErrors } from '../../lib/revealErrors';
import { saveErrors } from '../content/formErrors';
import { EventPicker } from './EventPicker';

export interface SubscriptionFormValues {
  url: string;
  description: string;
  events: EventType[];
  isActive: boolean;
}

// The server names a refused event type by its place in the list (events[2]); all are shown at the event choice.
const EVENT_FIELDS = Array.from({ length: 9 }, (_, i) => `events[${i}]`);
const FIELDS = ['url', 'description', 'events', 'is_active', ...EVENT_FIELDS];

interface Props {
  initial: SubscriptionFormValues;
  submitLabel: string;
  onSave: (v: SubscriptionFormValues) => Promise<void>;
  onCancel?: () => void;
  /** Called instead of showing the server's words when the save met a newer version (409). */
  onConflict?: () => void;
}

export function SubscriptionForm({ initial, submitLabel, onSave, onCancel, onConflict }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { ref, reveal } = useRevealErrors();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState('');
  const [busy, setBusy] = useState(false);
  const eventsError = errors.events ?? EVENT_FIELDS.map((f) => errors[f]).find(Boolean);
  const set = <K extends keyof SubscriptionFormValues>(k: K, v: SubscriptionFormValues[K], ...fields: string[]) => {
    setValues((prev) => ({ ...prev, [k]: v }));
    setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([f]) => !fields.includes(f))));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBanner('');
    const local: Record<string, string> = {};
    if (!values.url.trim()) local.url = t('eventSubs.form.urlRequired');
    if (values.events.length === 0) local.events = t('eventSubs.form.eventsRequired');
    setErrors(local);
    if (Object.keys(local).length > 0) {
      reveal();
      return;
    }
    setBusy(true);
    try {
      await onSave({ ...values, url: values.url.trim(), description: values.description.trim() });
    } catch (err) {
      const s = saveErrors(err, FIELDS, errorMessage, t('eventSubs.form.fixFields'));
      if (s.conflict && onConflict) onConflict();
      else {
        setErrors(s.fields);
        setBanner(s.conflict ? t('eventSubs.conflict') : s.banner);
        reveal();
      }
    } finally {
      setBusy(false);
    }
  };

  const urlHint = t('eventSubs.form.urlHint');
  return (
    <form ref={ref} onSubmit={(e) => void submit(e)} noValidate className="flex min-w-0 flex-col gap-4">
      {banner && <ErrorBanner message={banner} />}
      <Field id="sub-url" label={t('eventSubs.fields.url')} error={errors.url} hint={urlHint} required>
        <input
          {...controlProps('sub-url', errors.url, urlHint, true)}
          type="url"
          inputMode="url"
          value={values.url}
          maxLength={2048}
          autoComplete="off"
          placeholder="https://emr.example.org/prima-events"
          onChange={(e) => set('url', e.target.value, 'url')}
          className={inputClass}
        />
      </Field>
      <Field id="sub-description" label={t('eventSubs.fields.description')} error={errors.description} hint={t('eventSubs.form.descriptionHint')}>
        <input
          {...controlProps('sub-description', errors.description, t('eventSubs.form.descriptionHint'))}
          value={values.description}
          maxLength={500}
          autoComplete="off"
          onChange={(e) => set('description', e.target.value, 'description')}
          className={inputClass}
        />
      </Field>
      <EventPicker value={values.events} onChange={(next) => set('events', next, 'events', ...EVENT_FIELDS)} error={eventsError} />
      <div>
        <label className="flex items-start gap-2 text-sm font-medium text-slate-700">
          <input type="checkbox" checked={values.isActive} onChange={(e) => set('isActive', e.target.checked, 'is_active')} aria-describedby="sub-active-hint" className="mt-0.5 size-4 shrink-0 accent-teal-700" />
          {t('eventSubs.fields.active')}
        </label>
        <p id="sub-active-hint" className="mt-1 ml-6 text-xs text-slate-500">
          {t('eventSubs.form.activeHint')}
        </p>
        {errors.is_active && <p className="mt-1 text-sm text-red-700">{errors.is_active}</p>}
      </div>
      <div className="flex flex-wrap justify-end gap-2">
        {onCancel && (
          <Button onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </Button>
        )}
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? t('common.saving') : submitLabel}
        </Button>
      </div>
    </form>
  );
}
