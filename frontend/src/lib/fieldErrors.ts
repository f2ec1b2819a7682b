// Server field errors in the dashboard's language: each carries a stable code
// (and sometimes limits as params) next to an English message.
import type { TFunction } from 'i18next';
import type { FieldErrorCode } from '../api/types';

/** Every code the API documents; the compiler keeps the list complete. */
const CODES = {
  required: true,
  too_long: true,
  too_large: true,
  too_many: true,
  out_of_range: true,
  invalid_range: true,
  invalid_format: true,
  invalid_type: true,
  invalid_enum: true,
  invalid_phone: true,
  unknown_field: true,
  not_found_ref: true,
  duplicate: true,
  mutually_exclusive: true,
  not_allowed: true,
  unknown_variable: true,
  missing_variable: true,
  invalid: true,
} as const satisfies Record<FieldErrorCode, true>;

export const FIELD_ERROR_CODES = Object.keys(CODES) as FieldErrorCode[];

/** A field error as the server sent it. */
export interface FieldProblem {
  code?: string | null;
  message: string;
  params?: Record<string, string> | null;
}

function isKnown(code: string | null | undefined): code is FieldErrorCode {
  return Boolean(code) && Object.hasOwn(CODES, code as string);
}

/** The translation variant for the params given: the most specific the locale has. */
function variants(params: Record<string, string>): string[] {
  const out: string[] = [];
  if (params.min !== undefined && params.max !== undefined) out.push('minMax');
  if (params.max !== undefined) out.push('max');
  if (params.min !== undefined) out.push('min');
  if (params.allowed !== undefined) out.push('allowed');
  if (params.example !== undefined) out.push('example');
  if (params.region !== undefined) out.push('region');
  out.push('default');
  return out;
}

/** The text to show for a field error: its code translated, or the server's message when the code is unknown. */
export function fieldErrorText(p: FieldProblem, t: TFunction): string {
  if (!isKnown(p.code)) return p.message;
  const params = { ...(p.params ?? {}) };
  if (params.allowed) params.allowed = params.allowed.replace(/ or /g, ', ');
  for (const v of variants(params)) {
    const key = `fieldErrors.${p.code}.${v}`;
    const text = t(key, { ...params, defaultValue: '' });
    if (text) return text;
  }
  return p.message;
}
