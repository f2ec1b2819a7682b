import type { Occurrence, Reminder } from '../api/types';

export function reminder(extra: Partial<Reminder> = {}): Reminder {
  return {
    id: 'r-1',
    patient_id: 'p-1',
    patient_name: 'Siti Rahmawati',
    patient_timezone: 'Asia/Jakarta',
    type: 'medication',
    template_id: null,
    message: 'Halo {{first_name}}, saatnya minum {{medication}} {{dose}}.',
    medication: 'Tamoxifen',
    dose: '20 mg',
    appointment_id: null,
    schedule: {
      frequency: 'daily',
      times: ['08:00'],
      weekdays: [],
      interval: null,
      rrule: null,
      date: null,
      start_date: '2026-11-22',
      end_date: null,
      count: null,
      offsets: [],
    },
    channel_order: null,
    confirmation_window_minutes: 120,
    ttl_minutes: 180,
    is_active: true,
    paused_at: null,
    next_due_at: '2026-11-24T01:00:00Z',
    created_at: '2026-11-22T01:00:00Z',
    updated_at: '2026-11-22T01:00:00Z',
    version: 1,
    ...extra,
  };
}

export function occurrence(id: string, extra: Partial<Occurrence> = {}): Occurrence {
  return {
    id,
    reminder_id: 'r-1',
    patient_id: 'p-1',
    type: 'medication',
    due_at: '2026-11-22T01:00:00Z',
    confirm_by: '2026-11-22T03:00:00Z',
    state: 'pending',
    skip_reason: null,
    message_id: null,
    message_status: null,
    confirmed_at: null,
    confirmed_by: null,
    confirmed_by_user_id: null,
    created_at: '2026-11-22T01:00:00Z',
    ...extra,
  };
}
