import type { DashboardStats, Me, Patient, User } from '../api/types';

export const adminUser: User = {
  id: 'u-admin',
  name: 'Demo Admin',
  email: 'admin@prima.test',
  role: 'admin',
  status: 'approved',
  is_active: true,
  clerk_user_id: '',
  last_seen_at: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  version: 1,
};

export const volunteerUser: User = {
  id: 'u-vol',
  name: 'Demo Volunteer',
  email: 'volunteer@prima.test',
  role: 'volunteer',
  status: 'approved',
  is_active: true,
  clerk_user_id: '',
  last_seen_at: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  version: 1,
};

export function meFor(user: User): Me {
  return { user, tenant: { id: 't1', name: 'PRIMA Demo Clinic', default_region: 'ID', timezone: 'Asia/Jakarta' } };
}

export function patient(n: number, extra: Partial<Patient> = {}): Patient {
  return {
    id: `p-${n}`,
    name: `Patient ${n}`,
    phone: `+6281234567${String(n).padStart(3, '0')}`,
    email: null,
    birth_date: null,
    gender: null,
    language: 'id',
    timezone: 'Asia/Jakarta',
    diagnosis: null,
    cancer_stage: null,
    notes: null,
    tags: ['breast'],
    attributes: {},
    external_id: null,
    assigned_volunteer_id: null,
    consent: 'granted',
    consent_at: null,
    consent_source: null,
    preferred_channel: null,
    quiet_hours: null,
    last_visit_date: null,
    last_surgery_date: null,
    photo_url: null,
    is_active: true,
    created_at: '2026-01-05T03:00:00Z',
    updated_at: '2026-01-06T03:00:00Z',
    version: 1,
    adherence_7d: null,
    adherence_30d: null,
    ...extra,
  };
}

export function dashboardStats(extra: Partial<DashboardStats> = {}): DashboardStats {
  return {
    timezone: 'Asia/Jakarta',
    patients: 60,
    active_reminders: 12,
    messages_today: 5,
    messages_7d: 40,
    delivery_rate: 0.95,
    adherence_distribution: [
      { bucket: '0-25', patients: 1 },
      { bucket: '25-50', patients: 2 },
      { bucket: '50-75', patients: 4 },
      { bucket: '75-100', patients: 9 },
    ],
    messages_per_day: [
      { date: '2026-11-21', channel: 'whatsapp', status: 'delivered', count: 4 },
      { date: '2026-11-22', channel: 'sms', status: 'sent', count: 1 },
    ],
    upcoming_today: [],
    flagged_conversations: 0,
    ...extra,
  };
}
