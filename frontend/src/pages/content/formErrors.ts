import { ApiError } from '../../api/problem';

/** What a refused save shows: errors placed next to known fields, the rest in a banner, or a version conflict. */
export interface SaveErrors {
  fields: Record<string, string>;
  banner: string;
  conflict: boolean;
}

export function saveErrors(err: unknown, known: readonly string[], message: (e: unknown) => string, fixFields: string): SaveErrors {
  if (err instanceof ApiError && Object.keys(err.fieldErrors).length > 0) {
    const fields: Record<string, string> = {};
    const unplaced: string[] = [];
    for (const [field, text] of Object.entries(err.fieldErrors)) {
      if (known.includes(field)) fields[field] = text;
      else unplaced.push(`${field}: ${text}`);
    }
    return { fields, banner: unplaced.length > 0 ? [message(err), ...unplaced].join(' · ') : fixFields, conflict: false };
  }
  if (err instanceof ApiError && err.status === 409) return { fields: {}, banner: '', conflict: true };
  return { fields: {}, banner: message(err), conflict: false };
}
