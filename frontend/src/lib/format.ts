// Dates and numbers in the dashboard's current language.
const INTL_LOCALES: Record<string, string> = { en: 'en-GB', id: 'id-ID', ko: 'ko-KR' };

export function intlLocale(lang: string): string {
  return INTL_LOCALES[lang] ?? lang;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date ("2026-03-01") or the date part of a timestamp. */
export function formatDate(value: string | null | undefined, lang: string): string {
  if (!value) return '';
  const d = DATE_ONLY.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium' };
  if (DATE_ONLY.test(value)) opts.timeZone = 'UTC';
  return new Intl.DateTimeFormat(intlLocale(lang), opts).format(d);
}

export function formatDateTime(value: string | null | undefined, lang: string, timeZone?: string): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  try {
    return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d);
  } catch {
    return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
  }
}

export function formatNumber(value: number | null | undefined, lang: string): string {
  if (value === null || value === undefined) return '';
  return new Intl.NumberFormat(intlLocale(lang)).format(value);
}

/** Age in whole years from a birth date, or null. */
export function ageFrom(birthDate: string | null | undefined, now = new Date()): number | null {
  if (!birthDate || !DATE_ONLY.test(birthDate)) return null;
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = now.getUTCFullYear() - y;
  const beforeBirthday = now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age >= 0 ? age : null;
}
