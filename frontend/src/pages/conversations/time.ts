import { formatDateTime, formatTime, intlLocale } from '../../lib/format';
import { todayIn } from '../../lib/zoned';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * When something happened, short: "just now", "5 min ago", "3 hours ago" within a
 * day, then the date (and the year when not this year) as the clinic's zone reads it.
 */
export function relativeTime(value: string | null | undefined, lang: string, timeZone: string, now: Date = new Date()): string {
  if (!value) return '';
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  const diff = now.getTime() - at.getTime();
  const rtf = new Intl.RelativeTimeFormat(intlLocale(lang), { numeric: 'auto', style: 'short' });
  if (diff < MINUTE) return rtf.format(0, 'second');
  if (diff < HOUR) return rtf.format(-Math.floor(diff / MINUTE), 'minute');
  if (diff < DAY) return rtf.format(-Math.floor(diff / HOUR), 'hour');
  const sameYear = todayIn(timeZone, at).slice(0, 4) === todayIn(timeZone, now).slice(0, 4);
  const opts: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) };
  try {
    return new Intl.DateTimeFormat(intlLocale(lang), { ...opts, timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat(intlLocale(lang), opts).format(at);
  }
}

/** The full date and time, for a tooltip. */
export function fullTime(value: string | null | undefined, lang: string, timeZone: string): string {
  return formatDateTime(value, lang, timeZone);
}

/** The day ("YYYY-MM-DD") of an instant in a zone, to group a thread by day. */
export function dayOf(value: string, timeZone: string): string {
  return todayIn(timeZone, new Date(value));
}

/** A day heading: "Today", "Yesterday" or the date, in the zone. */
export function dayLabel(day: string, lang: string, timeZone: string, labels: { today: string; yesterday: string }, now: Date = new Date()): string {
  const today = todayIn(timeZone, now);
  if (day === today) return labels.today;
  if (day === todayIn(timeZone, new Date(now.getTime() - DAY))) return labels.yesterday;
  return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
}

export { formatTime };
