// The schedule builder's values, the API's schedule object, and a schedule in words.
import type { TFunction } from 'i18next';
import type { Schedule, ScheduleInput, ScheduleOffset } from '../../api/types';
import { formatDate, formatWallTime, intlLocale, listOf } from '../../lib/format';

export type EndKind = 'never' | 'date' | 'count';

/** One appointment offset as edited: N days before at a time, or an amount before the start. */
export interface OffsetValue {
  mode: 'day' | 'before';
  /** Days before the appointment's date (0 = the same day). */
  days: number;
  time: string;
  /** Amount before the start, in `unit`. */
  amount: number;
  unit: 'minutes' | 'hours';
}

export interface ScheduleValues {
  frequency: string;
  times: string[];
  weekdays: string[];
  interval: number;
  rrule: string;
  date: string;
  start_date: string;
  end: EndKind;
  end_date: string;
  count: number;
  offsets: OffsetValue[];
}

export function defaultScheduleValues(today: string): ScheduleValues {
  return {
    frequency: 'daily',
    times: ['08:00'],
    weekdays: ['mon'],
    interval: 2,
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=1',
    date: today,
    start_date: today,
    end: 'never',
    end_date: '',
    count: 10,
    offsets: [
      { mode: 'day', days: 1, time: '09:00', amount: 2, unit: 'hours' },
      { mode: 'before', days: 1, time: '09:00', amount: 2, unit: 'hours' },
    ],
  };
}

export function offsetToApi(o: OffsetValue): ScheduleOffset {
  if (o.mode === 'day') return { days: -Math.abs(o.days || 0), time: o.time };
  const minutes = Math.abs(o.amount || 0) * (o.unit === 'hours' ? 60 : 1);
  return { minutes: -minutes };
}

export function offsetFromApi(o: ScheduleOffset): OffsetValue {
  if (o.minutes) {
    const m = Math.abs(o.minutes);
    const hours = m % 60 === 0;
    return { mode: 'before', days: 1, time: '09:00', amount: hours ? m / 60 : m, unit: hours ? 'hours' : 'minutes' };
  }
  return { mode: 'day', days: Math.abs(o.days ?? 0), time: o.time ?? '09:00', amount: 2, unit: 'hours' };
}

/** The schedule object the API takes, for a reminder type: only the fields its frequency uses. */
export function toSchedule(v: ScheduleValues, type: string): ScheduleInput {
  if (type === 'appointment') return { offsets: v.offsets.map(offsetToApi) };
  const s: ScheduleInput = { frequency: v.frequency as ScheduleInput['frequency'], times: v.times.filter(Boolean) };
  if (v.frequency === 'once') {
    s.date = v.date;
    return s;
  }
  s.start_date = v.start_date;
  if (v.frequency === 'weekly') s.weekdays = v.weekdays;
  if (v.frequency === 'every_n_days') s.interval = v.interval;
  if (v.frequency === 'rrule') s.rrule = v.rrule.trim();
  if (v.end === 'date' && v.end_date) s.end_date = v.end_date;
  if (v.end === 'count' && v.count) s.count = v.count;
  return s;
}

export function scheduleValuesFrom(s: Schedule | ScheduleInput | null | undefined, today: string): ScheduleValues {
  const d = defaultScheduleValues(today);
  if (!s) return d;
  return {
    frequency: s.frequency || d.frequency,
    times: s.times && s.times.length > 0 ? [...s.times] : d.times,
    weekdays: s.weekdays && s.weekdays.length > 0 ? [...s.weekdays] : d.weekdays,
    interval: s.interval || d.interval,
    rrule: s.rrule || d.rrule,
    date: s.date || s.start_date || d.date,
    start_date: s.start_date || d.start_date,
    end: s.end_date ? 'date' : s.count ? 'count' : 'never',
    end_date: s.end_date ?? '',
    count: s.count ?? d.count,
    offsets: s.offsets && s.offsets.length > 0 ? s.offsets.map(offsetFromApi) : d.offsets,
  };
}

const WEEKDAY_INDEX: Record<string, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };

/** A weekday code ("mon") in the current language. */
export function weekdayName(code: string, lang: string, style: 'short' | 'long' = 'short'): string {
  const i = WEEKDAY_INDEX[code];
  if (i === undefined) return code;
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(intlLocale(lang), { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i)));
}

export function describeOffset(o: ScheduleOffset, t: TFunction, lang: string): string {
  if (o.minutes) {
    const m = Math.abs(o.minutes);
    if (m % 60 === 0) return t('schedule.hoursBefore', { count: m / 60 });
    return t('schedule.minutesBefore', { count: m });
  }
  const days = Math.abs(o.days ?? 0);
  const time = formatWallTime(o.time ?? '', lang);
  if (days === 0) return t('schedule.sameDayAt', { time });
  return t('schedule.daysBeforeAt', { count: days, time });
}

/** A schedule in one sentence of the current language ("Every day at 08:00 and 20:00, from 22 Nov 2026"). */
export function describeSchedule(s: Schedule | ScheduleInput | null | undefined, t: TFunction, lang: string): string {
  if (!s) return '';
  if (s.offsets && s.offsets.length > 0) {
    return listOf(s.offsets.map((o) => describeOffset(o, t, lang)), lang);
  }
  const times = listOf((s.times ?? []).map((x) => formatWallTime(x, lang)), lang);
  let main: string;
  switch (s.frequency) {
    case 'once':
      main = t('schedule.summary.once', { date: formatDate(s.date || s.start_date, lang), times });
      break;
    case 'daily':
      main = t('schedule.summary.daily', { times });
      break;
    case 'weekly':
      main = t('schedule.summary.weekly', { days: listOf((s.weekdays ?? []).map((w) => weekdayName(w, lang)), lang), times });
      break;
    case 'every_n_days':
      main = t('schedule.summary.everyNDays', { count: s.interval ?? 1, times });
      break;
    case 'rrule':
      main = t('schedule.summary.rrule', { rule: s.rrule ?? '', times });
      break;
    default:
      main = s.frequency ?? '';
  }
  if (s.frequency === 'once') return main;
  const parts = [main];
  if (s.start_date) parts.push(t('schedule.summary.from', { date: formatDate(s.start_date, lang) }));
  if (s.end_date) parts.push(t('schedule.summary.until', { date: formatDate(s.end_date, lang) }));
  else if (s.count) parts.push(t('schedule.summary.count', { count: s.count }));
  return parts.join(', ');
}
