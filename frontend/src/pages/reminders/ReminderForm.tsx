import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/problem';
import { CHANNELS, REMINDER_TYPES, type Patient } from '../../api/types';
import { Button, focusRing } from '../../components/Button';
import { Card } from '../../components/Card';
import { ChannelOrderEditor } from '../../components/ChannelOrder';
import { controlProps, Field, inputClass } from '../../components/Field';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { formatDateTime, zoneLabel } from '../../lib/format';
import { useRevealErrors } from '../../lib/revealErrors';
import { useAppointments } from '../appointments/api';
import { PatientPicker } from '../patients/PatientPicker';
import { useTemplates } from '../templates/api';
import { errorKey, previewRequest, type ReminderFormValues } from './formModel';
import { ScheduleBuilder } from './ScheduleBuilder';
import { describeSchedule, toSchedule } from './scheduleModel';
import { previewFieldErrors, SchedulePreviewPanel, useDebouncedPreview } from './SchedulePreviewPanel';

interface Props {
  defaultValues: ReminderFormValues;
  submitLabel: string;
  /** Editing: the patient cannot change. */
  patientLocked?: boolean;
  onSave: (values: ReminderFormValues) => Promise<void>;
  onCancel: () => void;
  onReload?: () => Promise<void>;
}

function Choice({ name, value, checked, onChange, children }: { name: string; value: string; checked: boolean; onChange: () => void; children: ReactNode }) {
  return (
    <label
      className={`flex cursor-pointer items-center gap-2 rounded-md border px-3 py-1.5 text-sm has-focus-visible:outline-2 has-focus-visible:outline-teal-600 ${
        checked ? 'border-teal-600 bg-teal-50 font-medium text-teal-900' : 'border-slate-300 text-slate-700'
      }`}
    >
      <input type="radio" name={name} value={value} checked={checked} onChange={onChange} className="sr-only" />
      {children}
    </label>
  );
}

export function ReminderForm({ defaultValues, submitLabel, patientLocked, onSave, onCancel, onReload }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorMessage = useErrorMessage();
  const [v, setValues] = useState<ReminderFormValues>(defaultValues);
  const [patient, setPatient] = useState<Patient | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [generalError, setGeneralError] = useState('');
  const [conflict, setConflict] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const { ref: formRef, reveal } = useRevealErrors();

  const templates = useTemplates({ per_page: 100, sort: 'name' });
  const appointments = useAppointments(
    { patient_id: v.patient_id, per_page: 100, sort: 'starts_at' },
    { enabled: v.type === 'appointment' && Boolean(v.patient_id) },
  );

  const set = (change: Partial<ReminderFormValues>) => {
    setValues((prev) => ({ ...prev, ...change }));
    const touched = Object.keys(change);
    if (touched.some((k) => Object.keys(errors).some((e) => e === k || e.startsWith(`${k}.`)))) {
      setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([e]) => !touched.some((k) => e === k || e.startsWith(`${k}.`)))));
    }
  };

  const tz = patient?.timezone;
  const { request, waitingFor } = previewRequest(v);
  const previewState = useDebouncedPreview(request);
  // The preview's complaints about the schedule show beside its fields until the form is submitted.
  const scheduleErrors = { ...previewFieldErrors(previewState, errorKey), ...errors };
  const err = (k: string) => errors[k];

  const validate = (): Record<string, string> => {
    const out: Record<string, string> = {};
    const req = t('patients.form.required');
    if (!v.patient_id) out.patient_id = req;
    if (v.content === 'template' && !v.template_id) out.template_id = req;
    if (v.content === 'message' && !v.message.trim()) out.message = req;
    if (v.type === 'appointment' && !v.appointment_id) out.appointment_id = req;
    if (v.type !== 'appointment' && v.schedule.times.filter(Boolean).length === 0) out['schedule.times'] = req;
    if (v.type !== 'appointment' && v.schedule.frequency === 'weekly' && v.schedule.weekdays.length === 0) out['schedule.weekdays'] = req;
    return out;
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setGeneralError('');
    setConflict(false);
    const local = validate();
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
      if (error instanceof ApiError && error.status === 409 && onReload) {
        setConflict(true);
      } else if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
        const placed: Record<string, string> = {};
        for (const [f, m] of Object.entries(error.fieldErrors)) {
          const k = errorKey(f);
          if (!placed[k]) placed[k] = m;
        }
        setErrors(placed);
        const known = new Set(['patient_id', 'type', 'template_id', 'message', 'medication', 'dose', 'appointment_id', 'channel_order', 'confirmation_window_minutes', 'ttl_minutes']);
        const unplaced = Object.entries(placed).filter(([k]) => !known.has(k) && !k.startsWith('schedule.'));
        setGeneralError(unplaced.length > 0 ? [errorMessage(error), ...unplaced.map(([k, m]) => `${k}: ${m}`)].join(' · ') : t('patients.form.fixFields'));
      } else {
        setGeneralError(errorMessage(error));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const templateHint = t('reminders.templateHint');
  const messageHint = t('reminders.messageHint', { name: '{{name}}', medication: '{{medication}}' });
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-start">
      <div className="flex min-w-0 flex-col gap-4 lg:col-start-1">
        {conflict && (
          <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            <span>{t('reminders.conflict')}</span>
            {onReload && <Button onClick={() => void onReload().then(() => setConflict(false))}>{t('patients.form.reload')}</Button>}
          </div>
        )}
        {generalError && <ErrorBanner message={generalError} />}

        <Card title={t('reminders.sections.who')}>
          <div className="flex flex-col gap-4">
            <PatientPicker
              id="reminder-patient"
              label={t('reminders.fields.patient')}
              value={v.patient_id}
              required
              disabled={patientLocked}
              error={err('patient_id')}
              hint={tz ? t('reminders.patientZone', { zone: zoneLabel(tz, lang) }) : undefined}
              onChange={(p) => {
                setPatient(p);
                set({ patient_id: p?.id ?? '', appointment_id: '' });
              }}
              onLoaded={setPatient}
            />
            <fieldset aria-describedby={err('type') ? 'reminder-type-error' : undefined}>
              <legend className="mb-1 text-sm font-medium text-slate-700">{t('reminders.fields.type')}</legend>
              <div className="flex flex-wrap gap-2">
                {REMINDER_TYPES.map((ty) => (
                  <Choice key={ty} name="reminder-type" value={ty} checked={v.type === ty} onChange={() => set({ type: ty })}>
                    {t(`reminders.types.${ty}`)}
                  </Choice>
                ))}
              </div>
              {err('type') && (
                <p id="reminder-type-error" className="mt-1 text-sm text-red-700">
                  {err('type')}
                </p>
              )}
            </fieldset>
            {v.type === 'medication' && (
              <div className="grid gap-4 sm:grid-cols-2">
                <Field id="reminder-medication" label={t('reminders.fields.medication')} error={err('medication')}>
                  <input {...controlProps('reminder-medication', err('medication'))} value={v.medication} onChange={(e) => set({ medication: e.target.value })} placeholder="Tamoxifen" className={inputClass} />
                </Field>
                <Field id="reminder-dose" label={t('reminders.fields.dose')} error={err('dose')}>
                  <input {...controlProps('reminder-dose', err('dose'))} value={v.dose} onChange={(e) => set({ dose: e.target.value })} placeholder="20 mg" className={inputClass} />
                </Field>
              </div>
            )}
            {v.type === 'appointment' && (
              <Field id="reminder-appointment" label={t('reminders.fields.appointment')} error={err('appointment_id')} required>
                {!v.patient_id ? (
                  <p className="text-sm text-slate-600">{t('reminders.choosePatientFirst')}</p>
                ) : appointments.isPending ? (
                  <p className="text-sm text-slate-600">{t('common.loading')}</p>
                ) : appointments.isError ? (
                  <ErrorBanner message={errorMessage(appointments.error)} />
                ) : (appointments.data?.data ?? []).length === 0 ? (
                  <p className="text-sm text-slate-600">
                    {t('reminders.noAppointments')}{' '}
                    <Link to={`/appointments/new?patient_id=${v.patient_id}`} className={`text-teal-800 underline ${focusRing}`}>
                      {t('appointments.new')}
                    </Link>
                  </p>
                ) : (
                  <select
                    {...controlProps('reminder-appointment', err('appointment_id'), undefined, true)}
                    value={v.appointment_id}
                    onChange={(e) => set({ appointment_id: e.target.value })}
                    className={inputClass}
                  >
                    <option value="">{t('reminders.chooseAppointment')}</option>
                    {(appointments.data?.data ?? []).map((a) => (
                      <option key={a.id} value={a.id}>
                        {[formatDateTime(a.starts_at, lang, a.timezone || tz), a.doctor, a.location, t(`appointmentStatus.${a.status}`, { defaultValue: a.status })].filter(Boolean).join(' · ')}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
          </div>
        </Card>

        <Card title={t('reminders.sections.when')}>
          <ScheduleBuilder type={v.type} value={v.schedule} onChange={(schedule) => set({ schedule })} errors={scheduleErrors} />
          <p className="mt-4 rounded-md bg-slate-50 p-2 text-sm text-slate-700" data-testid="schedule-summary">
            {describeSchedule(toSchedule(v.schedule, v.type), t, lang)}
          </p>
        </Card>
      </div>

      <div className="flex min-w-0 flex-col gap-4 lg:sticky lg:top-4 lg:col-start-2 lg:row-span-2 lg:row-start-1">
        <SchedulePreviewPanel request={request} state={previewState} waitingFor={waitingFor ? t(waitingFor) : undefined} timeZone={tz} />
      </div>

      <div className="flex min-w-0 flex-col gap-4 lg:col-start-1">
        <Card title={t('reminders.sections.what')}>
          <div className="flex flex-col gap-4">
            <fieldset>
              <legend className="mb-1 text-sm font-medium text-slate-700">{t('reminders.fields.content')}</legend>
              <div className="flex flex-wrap gap-2">
                <Choice name="reminder-content" value="template" checked={v.content === 'template'} onChange={() => set({ content: 'template' })}>
                  {t('reminders.useTemplate')}
                </Choice>
                <Choice name="reminder-content" value="message" checked={v.content === 'message'} onChange={() => set({ content: 'message' })}>
                  {t('reminders.writeMessage')}
                </Choice>
              </div>
            </fieldset>
            {v.content === 'template' ? (
              <Field id="reminder-template" label={t('reminders.fields.template')} error={err('template_id')} hint={templateHint} required>
                <select
                  {...controlProps('reminder-template', err('template_id'), templateHint, true)}
                  value={v.template_id}
                  onChange={(e) => set({ template_id: e.target.value })}
                  className={inputClass}
                  disabled={templates.isPending}
                >
                  <option value="">{templates.isPending ? t('common.loading') : t('reminders.chooseTemplate')}</option>
                  {(templates.data?.data ?? []).map((tpl) => (
                    <option key={tpl.id} value={tpl.id}>
                      {tpl.kind === 'reminder' ? tpl.name : `${tpl.name} (${t(`templates.kinds.${tpl.kind}`)})`}
                    </option>
                  ))}
                </select>
              </Field>
            ) : (
              <Field id="reminder-message" label={t('reminders.fields.message')} error={err('message')} hint={messageHint} required>
                <textarea
                  {...controlProps('reminder-message', err('message'), messageHint, true)}
                  rows={4}
                  value={v.message}
                  onChange={(e) => set({ message: e.target.value })}
                  className={inputClass}
                />
              </Field>
            )}
          </div>
        </Card>

        <Card title={t('reminders.sections.delivery')}>
          <div className="flex flex-col gap-4">
            <fieldset>
              <legend className="mb-1 text-sm font-medium text-slate-700">{t('reminders.fields.channel_order')}</legend>
              <label className="mb-2 flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" checked={v.channel_order.length === 0} onChange={(e) => set({ channel_order: e.target.checked ? [] : ['whatsapp', 'sms'] })} />
                {t('reminders.clinicChannelOrder')}
              </label>
              {v.channel_order.length > 0 && (
                <ChannelOrderEditor id="reminder-channel-order" value={v.channel_order} onChange={(channel_order) => set({ channel_order })} channels={CHANNELS} error={err('channel_order')} />
              )}
              {v.channel_order.length === 0 && err('channel_order') && <p className="mt-1 text-sm text-red-700">{err('channel_order')}</p>}
            </fieldset>
            <div className="grid gap-4 sm:grid-cols-2">
              {v.type === 'medication' && (
                <Field id="reminder-window" label={t('reminders.fields.confirmation_window_minutes')} hint={t('reminders.windowHint')} error={err('confirmation_window_minutes')}>
                  <input
                    {...controlProps('reminder-window', err('confirmation_window_minutes'), t('reminders.windowHint'))}
                    type="number"
                    min={1}
                    inputMode="numeric"
                    value={v.confirmation_window_minutes}
                    onChange={(e) => set({ confirmation_window_minutes: e.target.value })}
                    className={inputClass}
                  />
                </Field>
              )}
              <Field id="reminder-ttl" label={t('reminders.fields.ttl_minutes')} hint={t('reminders.ttlHint')} error={err('ttl_minutes')}>
                <input
                  {...controlProps('reminder-ttl', err('ttl_minutes'), t('reminders.ttlHint'))}
                  type="number"
                  min={1}
                  inputMode="numeric"
                  value={v.ttl_minutes}
                  onChange={(e) => set({ ttl_minutes: e.target.value })}
                  className={inputClass}
                />
              </Field>
            </div>
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
      </div>
    </form>
  );
}
