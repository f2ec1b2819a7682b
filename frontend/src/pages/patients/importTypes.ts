// Fields of the patient and import answers that are newer than the generated
// API types; once `make generate` has run they are part of them, and these
// intersections change nothing.
import type { ImportPreviewRow, ImportResult, Patient } from '../../api/types';

/** A remark about an accepted write, e.g. code duplicate_phone. */
export interface PatientWarning {
  field: string;
  code: string;
  message: string;
  /** The other patients concerned that the caller may see. */
  patient_ids: string[];
}

export type ImportAction = 'create' | 'update' | 'skip';

export type ImportRow = ImportPreviewRow & {
  action?: ImportAction;
  patient_id?: string | null;
  matched_by?: string | null;
  changes?: string[];
  warnings?: PatientWarning[];
};

export type ImportOutcome = Omit<ImportResult, 'preview'> & {
  updated?: number;
  skipped?: number;
  actions?: { create: number; update: number; skip: number };
  preview?: ImportRow[];
};

/** The warnings of a create or update answer. */
export function warningsOf(p: Patient): PatientWarning[] {
  return (p as Patient & { warnings?: PatientWarning[] }).warnings ?? [];
}

/** How many other patients a duplicate_phone warning counts (its message starts with the number). */
export function sharedCount(w: PatientWarning): number {
  const n = Number.parseInt(w.message, 10);
  return Number.isFinite(n) && n > 0 ? n : Math.max(w.patient_ids.length, 1);
}
