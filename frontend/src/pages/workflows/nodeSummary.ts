// One line in words for what a node does, shown on the canvas and in lists.
import type { TFunction } from 'i18next';
import type { NodeData } from './types';

export type DurationUnit = 'minutes' | 'hours' | 'days';
const UNIT_MINUTES: Record<DurationUnit, number> = { minutes: 1, hours: 60, days: 1440 };

/** A number of minutes as the largest unit that divides it. */
export function splitMinutes(minutes: number): { amount: number; unit: DurationUnit } {
  if (minutes > 0 && minutes % 1440 === 0) return { amount: minutes / 1440, unit: 'days' };
  if (minutes > 0 && minutes % 60 === 0) return { amount: minutes / 60, unit: 'hours' };
  return { amount: minutes, unit: 'minutes' };
}

export const toMinutes = (amount: number, unit: DurationUnit) => amount * UNIT_MINUTES[unit];

export function formatDuration(minutes: unknown, t: TFunction): string {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes)) return '—';
  const { amount, unit } = splitMinutes(minutes);
  return t(`workflows.units.${unit}`, { count: amount });
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
const short = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function valueText(v: unknown): string {
  if (Array.isArray(v)) return v.map(String).join(', ');
  if (v === null || v === undefined) return '';
  return String(v);
}

export function nodeSummary(type: string, data: NodeData, t: TFunction, ctx: { triggerType: string; templateName: (id: string) => string }): string {
  switch (type) {
    case 'trigger':
      return t(`workflows.triggerTypes.${ctx.triggerType}`, { defaultValue: ctx.triggerType });
    case 'send_message':
      if (str(data.template_id)) return t('workflows.summary.template', { name: ctx.templateName(str(data.template_id)) });
      return str(data.message).trim() ? short(str(data.message)) : t('workflows.summary.noText');
    case 'delay':
      if (data.time_of_day !== undefined || data.days !== undefined) return t('workflows.summary.until', { day: valueText(data.days), time: str(data.time_of_day) || '—' });
      return t('workflows.summary.waitFor', { duration: formatDuration(data.minutes, t) });
    case 'wait_for_reply':
      return t('workflows.summary.replyWithin', { duration: formatDuration(data.timeout_minutes, t) });
    case 'condition': {
      const subject = t(`workflows.subjects.${str(data.subject)}`, { defaultValue: str(data.subject) });
      const key = str(data.key) ? ` ${str(data.key)}` : '';
      const op = t(`workflows.ops.${str(data.op)}`, { defaultValue: str(data.op) });
      return short(`${subject}${key} ${op} ${data.op === 'exists' ? '' : valueText(data.value)}`.trim());
    }
    case 'update_patient': {
      const parts = [
        ...list(data.add_tags).map((tag) => `+${tag}`),
        ...list(data.remove_tags).map((tag) => `−${tag}`),
        ...Object.keys((data.set as Record<string, unknown>) ?? {}).map((k) => `${k} ←`),
      ];
      return parts.length > 0 ? short(parts.join(' ')) : t('workflows.summary.nothing');
    }
    case 'notify_staff':
      return str(data.message).trim() ? short(str(data.message)) : t('workflows.summary.noText');
    case 'call_webhook':
      try {
        return new URL(str(data.url)).host;
      } catch {
        return str(data.url) || t('workflows.summary.noUrl');
      }
    default:
      return '';
  }
}
