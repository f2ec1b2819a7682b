import { intlLocale, listOf } from '../../lib/format';
import type { CampaignCounters } from './types';

/** Recipients whose outcome is known: sent (delivered included), failed or skipped. */
export const settledOf = (c: CampaignCounters) => c.sent + c.failed + c.skipped;

/** The share of recipients settled, as a whole percent (100 only when all are). */
export function settledPercent(c: CampaignCounters): number {
  if (!c.total) return 0;
  const settled = settledOf(c);
  if (settled >= c.total) return 100;
  return Math.min(99, Math.floor((settled / c.total) * 100));
}

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Seconds split into days, hours, minutes and (under a minute only) seconds. */
export function durationParts(totalSeconds: number): DurationParts {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < 60) return { days: 0, hours: 0, minutes: 0, seconds: s };
  const minutes = Math.round(s / 60);
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60, seconds: 0 };
}

/** A duration in words in the current language: "2 hours and 5 minutes", "45 seconds". */
export function formatDuration(totalSeconds: number, lang: string): string {
  const p = durationParts(totalSeconds);
  const unit = (value: number, u: string) => new Intl.NumberFormat(intlLocale(lang), { style: 'unit', unit: u, unitDisplay: 'long' }).format(value);
  const parts: string[] = [];
  if (p.days) parts.push(unit(p.days, 'day'));
  if (p.hours) parts.push(unit(p.hours, 'hour'));
  if (p.minutes) parts.push(unit(p.minutes, 'minute'));
  if (parts.length === 0) parts.push(unit(p.seconds, 'second'));
  return listOf(parts, lang);
}
