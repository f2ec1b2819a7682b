// Converts between a patient, the form's values and the API payloads.
import type { Patient, PatientInput, PatientPatch, Tenant } from '../../api/types';

export interface PatientFormValues {
  name: string;
  phone: string;
  email: string;
  birth_date: string;
  gender: string;
  language: string;
  timezone: string;
  diagnosis: string;
  cancer_stage: string;
  notes: string;
  tags: string;
  external_id: string;
  consent: string;
  preferred_channel: string;
  quiet_start: string;
  quiet_end: string;
  last_visit_date: string;
  last_surgery_date: string;
  assigned_volunteer_id: string;
  is_active: boolean;
}

export type FormField = keyof PatientFormValues;

const REGION_LANGUAGE: Record<string, string> = { ID: 'id', KR: 'ko' };

export function emptyValues(tenant?: Tenant): PatientFormValues {
  return {
    name: '',
    phone: '',
    email: '',
    birth_date: '',
    gender: '',
    language: REGION_LANGUAGE[tenant?.default_region ?? ''] ?? 'id',
    timezone: tenant?.timezone ?? '',
    diagnosis: '',
    cancer_stage: '',
    notes: '',
    tags: '',
    external_id: '',
    consent: 'pending',
    preferred_channel: '',
    quiet_start: '',
    quiet_end: '',
    last_visit_date: '',
    last_surgery_date: '',
    assigned_volunteer_id: '',
    is_active: true,
  };
}

export function valuesFrom(p: Patient): PatientFormValues {
  const s = (v: string | null | undefined) => v ?? '';
  return {
    name: s(p.name),
    phone: s(p.phone),
    email: s(p.email),
    birth_date: s(p.birth_date),
    gender: s(p.gender),
    language: s(p.language),
    timezone: s(p.timezone),
    diagnosis: s(p.diagnosis),
    cancer_stage: s(p.cancer_stage),
    notes: s(p.notes),
    tags: (p.tags ?? []).join(', '),
    external_id: s(p.external_id),
    consent: s(p.consent) || 'pending',
    preferred_channel: s(p.preferred_channel),
    quiet_start: s(p.quiet_hours?.start),
    quiet_end: s(p.quiet_hours?.end),
    last_visit_date: s(p.last_visit_date),
    last_surgery_date: s(p.last_surgery_date),
    assigned_volunteer_id: s(p.assigned_volunteer_id),
    is_active: p.is_active !== false,
  };
}

export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[,;]/)) {
    const tag = part.trim();
    if (tag) seen.add(tag);
  }
  return [...seen];
}

/** The API value of one form field (null when cleared). */
function apiValue(values: PatientFormValues, field: FormField): [string, unknown] {
  switch (field) {
    case 'tags':
      return ['tags', parseTags(values.tags)];
    case 'quiet_start':
    case 'quiet_end':
      return [
        'quiet_hours',
        values.quiet_start && values.quiet_end ? { start: values.quiet_start, end: values.quiet_end } : null,
      ];
    case 'is_active':
      return ['is_active', values.is_active];
    default: {
      const v = values[field].trim();
      return [field, v === '' ? null : v];
    }
  }
}

/** Body of POST /patients: filled fields only. */
export function createPayload(values: PatientFormValues): PatientInput {
  const body: Record<string, unknown> = {};
  for (const field of Object.keys(values) as FormField[]) {
    const [key, value] = apiValue(values, field);
    if (value === null || (Array.isArray(value) && value.length === 0)) continue;
    body[key] = value;
  }
  return body as PatientInput;
}

// Fields the API does not clear with null: left out of a PATCH when emptied.
const NOT_NULLABLE = new Set(['name', 'phone', 'language', 'timezone', 'consent']);

/** Body of PATCH /patients/{id}: changed fields, cleared ones as null, plus the version read. */
export function patchPayload(values: PatientFormValues, changed: FormField[], version: number | undefined): PatientPatch {
  const body: Record<string, unknown> = {};
  for (const field of changed) {
    const [key, value] = apiValue(values, field);
    if (value === null && NOT_NULLABLE.has(key)) continue;
    body[key] = value;
  }
  if (version !== undefined) body.version = version;
  return body as PatientPatch;
}

/** The form field that shows a server error about an API field. */
export function formFieldFor(apiField: string): FormField | null {
  const base = apiField.replace(/\[\d+\]$/, '');
  if (base === 'quiet_hours' || base === 'quiet_hours.start') return 'quiet_start';
  if (base === 'quiet_hours.end') return 'quiet_end';
  const known: FormField[] = Object.keys(emptyValues()) as FormField[];
  return (known as string[]).includes(base) && base !== 'quiet_start' && base !== 'quiet_end' ? (base as FormField) : null;
}
