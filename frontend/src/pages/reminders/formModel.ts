// Converts between a reminder, the form's values and the API payloads.
import type { Reminder, ReminderInput, ReminderPatch, SchedulePreviewRequest } from '../../api/types';
import { defaultScheduleValues, scheduleValuesFrom, toSchedule, type ScheduleValues } from './scheduleModel';

export interface ReminderFormValues {
  patient_id: string;
  type: string;
  content: 'template' | 'message';
  template_id: string;
  message: string;
  medication: string;
  dose: string;
  appointment_id: string;
  schedule: ScheduleValues;
  /** Empty: the clinic's channel order. */
  channel_order: string[];
  confirmation_window_minutes: string;
  ttl_minutes: string;
}

export function emptyReminderValues(today: string, patientId = ''): ReminderFormValues {
  return {
    patient_id: patientId,
    type: 'medication',
    content: 'message',
    template_id: '',
    message: '',
    medication: '',
    dose: '',
    appointment_id: '',
    schedule: defaultScheduleValues(today),
    channel_order: [],
    confirmation_window_minutes: '120',
    ttl_minutes: '180',
  };
}

export function reminderValuesFrom(r: Reminder, today: string): ReminderFormValues {
  return {
    patient_id: r.patient_id,
    type: r.type,
    content: r.template_id ? 'template' : 'message',
    template_id: r.template_id ?? '',
    message: r.message ?? '',
    medication: r.medication ?? '',
    dose: r.dose ?? '',
    appointment_id: r.appointment_id ?? '',
    schedule: scheduleValuesFrom(r.schedule, today),
    channel_order: r.channel_order ?? [],
    confirmation_window_minutes: r.confirmation_window_minutes == null ? '' : String(r.confirmation_window_minutes),
    ttl_minutes: r.ttl_minutes == null ? '' : String(r.ttl_minutes),
  };
}

const minutes = (s: string): number | null => (s.trim() === '' ? null : Number(s));
const text = (s: string): string | null => (s.trim() === '' ? null : s.trim());

function common(v: ReminderFormValues): Omit<ReminderInput, 'patient_id'> {
  const isMed = v.type === 'medication';
  return {
    type: v.type as ReminderInput['type'],
    template_id: v.content === 'template' ? v.template_id || null : null,
    message: v.content === 'message' ? text(v.message) : null,
    medication: isMed ? text(v.medication) : null,
    dose: isMed ? text(v.dose) : null,
    appointment_id: v.type === 'appointment' ? v.appointment_id || null : null,
    schedule: toSchedule(v.schedule, v.type),
    channel_order: v.channel_order.length > 0 ? v.channel_order : null,
    // Not nullable: left out when empty (the stored or default value stays).
    confirmation_window_minutes: isMed ? (minutes(v.confirmation_window_minutes) ?? undefined) : undefined,
    ttl_minutes: minutes(v.ttl_minutes) ?? undefined,
  };
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;
}

/** Body of POST /reminders: null fields left out. */
export function reminderCreatePayload(v: ReminderFormValues): ReminderInput {
  const body = { patient_id: v.patient_id, ...common(v) } as Record<string, unknown>;
  for (const k of Object.keys(body)) if (body[k] === null || body[k] === undefined) delete body[k];
  return body as unknown as ReminderInput;
}

/** Body of PATCH /reminders/{id}: every editable field (null clears), with the version read. */
export function reminderPatchPayload(v: ReminderFormValues, version: number): ReminderPatch {
  return withoutUndefined({ ...common(v), version });
}

/** What the schedule preview is asked, or null (with the reason's i18n key) when it cannot be asked yet. */
export function previewRequest(v: ReminderFormValues): { request: SchedulePreviewRequest | null; waitingFor?: string } {
  if (!v.patient_id) return { request: null, waitingFor: 'schedule.choosePatient' };
  if (v.type === 'appointment' && !v.appointment_id) return { request: null, waitingFor: 'schedule.chooseAppointment' };
  const req: SchedulePreviewRequest = { patient_id: v.patient_id, schedule: toSchedule(v.schedule, v.type), count: 5 };
  if (v.type === 'appointment') req.appointment_id = v.appointment_id;
  return { request: req };
}

/** The key under which a server error about an API field is shown ("schedule.times[1]" → "schedule.times"). */
export function errorKey(apiField: string): string {
  return apiField.replace(/\[\d+\].*$/, '').replace(/^(schedule\.offsets)\..*$/, '$1');
}
