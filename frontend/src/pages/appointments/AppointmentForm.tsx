import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/problem';
import { APPOINTMENT_STATUSES, type Appointment, type AppointmentInput, type AppointmentPatch, type Patient } from '../../api/types';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { controlProps, Field, inputClass } from '../../components/Field';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { formatDueAt, zoneLabel } from '../../lib/format';
import { useRevealErrors } from '../../lib/revealErrors';
import { fromZonedInput, toZonedInput } from '../../lib/zoned';
import { PatientPicker } from '../patients/PatientPicker';

const TIMEZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'Asia/Seoul'];

export interface AppointmentFormValues {
  patient_id: string;
  /** Wall clock "YYYY-MM-DDTHH:MM" in `timezone`. */
  starts_local: string;
  timezone: string;
  status: string;
  surgery_type: string;
  doctor: string;
  location: string;
  notes: string;
}

export function emptyAppointmentValues(patientId = ''): AppointmentFormValues {
  return { patient_id: patientId, starts_local: '', timezone: '', status: 'scheduled', surgery_type: '', doctor: '', location: '', notes: '' };
}

export function appointmentValuesFrom(a: Appointment): AppointmentFormValues {
  return {
    patient_id: a.patient_id,
    starts_local: toZonedInput(a.starts_at, a.timezone),
    timezone: a.timezone,
    status: a.status,
    surgery_type: a.surgery_type ?? '',
    doctor: a.doctor ?? '',
    location: a.location ?? '',
    notes: a.notes ?? '',
  };
}

const opt = (s: string) => (s.trim() === '' ? null : s.trim());

export function appointmentCreatePayload(v: AppointmentFormValues): AppointmentInput {
  const body: Record<string, unknown> = {
    patient_id: v.patient_id,
    starts_at: fromZonedInput(v.starts_local, v.timezone),
    timezone: v.timezone,
    status: v.status,
    surgery_type: opt(v.surgery_type),
    doctor: opt(v.doctor),
    location: opt(v.location),
    notes: opt(v.notes),
  };
  for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
  return body as AppointmentInput;
}

export function appointmentPatchPayload(v: AppointmentFormValues, version: number): AppointmentPatch {
  return {
    starts_at: fromZonedInput(v.starts_local, v.timezone) ?? undefined,
    timezone: v.timezone,
    status: v.status as AppointmentPatch['status'],
    surgery_type: opt(v.surgery_type),
    doctor: opt(v.doctor),
    location: opt(v.location),
    notes: opt(v.notes),
    version,
  };
}

interface Props {
  defaultValues: AppointmentFormValues;
  submitLabel: string;
  patientLocked?: boolean;
  onSave: (v: AppointmentFormValues) => Promise<void>;
  onCancel: () => void;
  onReload?: () => Promise<void>;
}

const FIELDS = ['patient_id', 'starts_at', 'timezone', 'status', 'surgery_type', 'doctor', 'location', 'notes'];

export function AppointmentForm({ defaultValues, submitLabel, patientLocked, onSave, onCancel, onReload }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorMessage = useErrorMessage();
  const [v, setValues] = useState(defaultValues);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [generalError, setGeneralError] = useState('');
  const [conflict, setConflict] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const { ref: formRef, reveal } = useRevealErrors();
  const set = (change: Partial<AppointmentFormValues>) => {
    setValues((prev) => ({ ...prev, ...change }));
    const touched = Object.keys(change).map((k) => (k === 'starts_local' ? 'starts_at' : k));
    setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !touched.includes(k))));
  };
  const err = (k: string) => errors[k];
  const instant = v.starts_local && v.timezone ? fromZonedInput(v.starts_local, v.timezone) : null;

  const onPatient = (p: Patient | null) => {
    set({ patient_id: p?.id ?? '', ...(p && !v.timezone ? { timezone: p.timezone } : {}) });
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setGeneralError('');
    setConflict(false);
    const local: Record<string, string> = {};
    if (!v.patient_id) local.patient_id = t('patients.form.required');
    if (!v.starts_local) local.starts_at = t('patients.form.required');
    if (!v.timezone) local.timezone = t('patients.form.required');
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setGeneralError(t('patients.form.fixFields'));
      reveal();
      return;
    }
    setSubmitting(true);
    try {
      await onSave(v);
    } catch (error) {
      reveal();
      if (error instanceof ApiError && error.status === 409 && onReload) setConflict(true);
      else if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
        setErrors(error.fieldErrors);
        const unplaced = Object.entries(error.fieldErrors).filter(([k]) => !FIELDS.includes(k));
        setGeneralError(unplaced.length > 0 ? [errorMessage(error), ...unplaced.map(([k, m]) => `${k}: ${m}`)].join(' · ') : t('patients.form.fixFields'));
      } else setGeneralError(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  };

  const startsHint = v.timezone ? t('appointments.startsHint', { zone: zoneLabel(v.timezone, lang) }) : t('appointments.choosePatientForZone');
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="flex max-w-3xl flex-col gap-4">
      {conflict && (
        <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          <span>{t('appointments.conflict')}</span>
          {onReload && <Button onClick={() => void onReload().then(() => setConflict(false))}>{t('patients.form.reload')}</Button>}
        </div>
      )}
      {generalError && <ErrorBanner message={generalError} />}
      <Card>
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <PatientPicker id="appointment-patient" label={t('appointments.fields.patient')} value={v.patient_id} required disabled={patientLocked} error={err('patient_id')} onChange={onPatient} />
          </div>
          <Field id="appointment-starts" label={t('appointments.fields.starts_at')} error={err('starts_at')} hint={startsHint} required>
            <input
              {...controlProps('appointment-starts', err('starts_at'), startsHint, true)}
              type="datetime-local"
              value={v.starts_local}
              onChange={(e) => set({ starts_local: e.target.value })}
              className={inputClass}
            />
          </Field>
          <Field id="appointment-timezone" label={t('patients.fields.timezone')} error={err('timezone')} required>
            <input {...controlProps('appointment-timezone', err('timezone'), undefined, true)} list="appointment-timezones" value={v.timezone} onChange={(e) => set({ timezone: e.target.value })} className={inputClass} />
            <datalist id="appointment-timezones">
              {TIMEZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </Field>
          {instant && (
            <p className="text-sm text-slate-600 sm:col-span-2" data-testid="appointment-local">
              {t('appointments.willStart', { when: formatDueAt(instant, lang, v.timezone), zone: zoneLabel(v.timezone, lang) })}
            </p>
          )}
          <Field id="appointment-status" label={t('appointments.fields.status')} error={err('status')}>
            <select {...controlProps('appointment-status', err('status'))} value={v.status} onChange={(e) => set({ status: e.target.value })} className={inputClass}>
              {APPOINTMENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`appointmentStatus.${s}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="appointment-surgery" label={t('appointments.fields.surgery_type')} error={err('surgery_type')}>
            <input {...controlProps('appointment-surgery', err('surgery_type'))} value={v.surgery_type} onChange={(e) => set({ surgery_type: e.target.value })} className={inputClass} />
          </Field>
          <Field id="appointment-doctor" label={t('appointments.fields.doctor')} error={err('doctor')}>
            <input {...controlProps('appointment-doctor', err('doctor'))} value={v.doctor} onChange={(e) => set({ doctor: e.target.value })} className={inputClass} />
          </Field>
          <Field id="appointment-location" label={t('appointments.fields.location')} error={err('location')}>
            <input {...controlProps('appointment-location', err('location'))} value={v.location} onChange={(e) => set({ location: e.target.value })} className={inputClass} />
          </Field>
          <Field id="appointment-notes" label={t('patients.fields.notes')} error={err('notes')} className="sm:col-span-2">
            <textarea {...controlProps('appointment-notes', err('notes'))} rows={3} value={v.notes} onChange={(e) => set({ notes: e.target.value })} className={inputClass} />
          </Field>
        </div>
      </Card>
      <div className="flex flex-wrap justify-end gap-2">
        <Button onClick={onCancel} disabled={submitting}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" variant="primary" disabled={submitting}>
          {submitting ? t('common.saving') : submitLabel}
        </Button>
      </div>
    </form>
  );
}
