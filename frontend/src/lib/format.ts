// Dates and numbers in the dashboard's current language.
const INTL_LOCALES: Record<string, string> = { en: 'en-GB', id: 'id-ID', ko: 'ko-KR' };

export function intlLocale(lang: string): string {
  return INTL_LOCALES[lang] ?? lang;
}

/** A list in words: "WhatsApp and SMS", "WhatsApp dan SMS". */
export function listOf(items: string[], lang: string): string {
  try {
    return new Intl.ListFormat(intlLocale(lang), { style: 'long', type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
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

/** A time of day ("08:30") of an instant, in a time zone. */
export function formatTime(value: string | null | undefined, lang: string, timeZone?: string): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  try {
    return new Intl.DateTimeFormat(intlLocale(lang), { timeStyle: 'short', timeZone }).format(d);
  } catch {
    return new Intl.DateTimeFormat(intlLocale(lang), { timeStyle: 'short' }).format(d);
  }
}

/** An instant with its weekday, date and time, as read in a time zone ("Mon, 23 Nov 2026, 08:00"). */
export function formatDueAt(value: string | null | undefined, lang: string, timeZone?: string): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const opts: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' };
  try {
    return new Intl.DateTimeFormat(intlLocale(lang), { ...opts, timeZone }).format(d);
  } catch {
    return new Intl.DateTimeFormat(intlLocale(lang), opts).format(d);
  }
}

/** A wall-clock "HH:MM" in the current language's style. */
export function formatWallTime(hhmm: string, lang: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) return hhmm;
  const d = new Date(Date.UTC(2000, 0, 1, Number(m[1]), Number(m[2])));
  return new Intl.DateTimeFormat(intlLocale(lang), { timeStyle: 'short', timeZone: 'UTC' }).format(d);
}

/** A share (0..1) as a percentage; '' when unknown. */
export function formatPercent(value: number | null | undefined, lang: string, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  return new Intl.NumberFormat(intlLocale(lang), { style: 'percent', maximumFractionDigits: digits }).format(value);
}

/** The zone's short name at an instant ("WIB", "GMT+7", "KST"), for labels. */
export function zoneAbbreviation(timeZone: string | undefined, lang: string, at: Date = new Date()): string {
  if (!timeZone) return '';
  try {
    const part = new Intl.DateTimeFormat(intlLocale(lang), { timeZone, timeZoneName: 'short' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName');
    return part?.value ?? '';
  } catch {
    return '';
  }
}

/** "Asia/Jakarta (GMT+7)": a zone named for a label. */
export function zoneLabel(timeZone: string | undefined, lang: string): string {
  if (!timeZone) return '';
  const abbr = zoneAbbreviation(timeZone, lang);
  return abbr && abbr !== timeZone ? `${timeZone} (${abbr})` : timeZone;
}

/** A calendar day "YYYY-MM-DD" as a short date without the year, for chart axes. */
export function formatDay(value: string, lang: string): string {
  if (!DATE_ONLY.test(value)) return value;
  return new Intl.DateTimeFormat(intlLocale(lang), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
}
