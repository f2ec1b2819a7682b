import { useTranslation } from 'react-i18next';
import type { Settings } from '../../api/types';
import { controlProps, Field, inputClass } from '../../components/Field';

/** The warm-up of the WhatsApp number, as the API has it. */
export type Warmup = NonNullable<Settings['channel_accounts']['whatsapp_warmup']>;

/** The warm-up as the settings form holds it: the numbers as typed. */
export interface WarmupValues {
  warmup_on: boolean;
  warmup_started_on: string;
  warmup_start_per_day: string;
  warmup_max_per_day: string;
  warmup_ramp_days: string;
}

const NUMBER_FIELDS = ['start_per_day', 'max_per_day', 'ramp_days'] as const;
const FIELDS = ['started_on', ...NUMBER_FIELDS] as const;
type WarmupField = (typeof FIELDS)[number];

const key = (f: WarmupField) => `warmup_${f}` as const;

/** The form values of a saved warm-up; with none, the defaults offered when it is turned on. */
export function warmupValuesFrom(w: Warmup | null | undefined, today: string): WarmupValues {
  return {
    warmup_on: Boolean(w),
    warmup_started_on: w?.started_on ?? today,
    warmup_start_per_day: String(w?.start_per_day ?? 50),
    warmup_max_per_day: String(w?.max_per_day ?? 1000),
    warmup_ramp_days: String(w?.ramp_days ?? 14),
  };
}

/** The warm-up to PATCH: the whole object, null to remove it, or undefined when unchanged. */
export function warmupPatch(before: WarmupValues, v: WarmupValues): Warmup | null | undefined {
  if (!v.warmup_on) return before.warmup_on ? null : undefined;
  const same = before.warmup_on && FIELDS.every((f) => v[key(f)].trim() === before[key(f)].trim());
  if (same) return undefined;
  const out: Record<string, unknown> = { started_on: v.warmup_started_on };
  for (const f of NUMBER_FIELDS) {
    // Sent as typed (a whole number or not): the server names what is wrong.
    const text = v[key(f)].trim();
    out[f] = /^-?\d+$/.test(text) ? Number(text) : text;
  }
  return out as unknown as Warmup;
}

/** The form field for a server error about the warm-up, or undefined when the error is about something else. */
export function warmupFieldFor(api: string): string | undefined {
  const prefix = 'channel_accounts.whatsapp_warmup';
  if (api === prefix) return 'warmup_on';
  if (!api.startsWith(`${prefix}.`)) return undefined;
  const f = api.slice(prefix.length + 1) as WarmupField;
  return FIELDS.includes(f) ? key(f) : 'warmup_on';
}

interface Props {
  values: WarmupValues;
  error: (field: string) => string | undefined;
  onChange: (change: Partial<WarmupValues>) => void;
}

export function WarmupFields({ values: v, error, onChange }: Props) {
  const { t } = useTranslation();
  const onError = error('warmup_on');
  const describedBy = ['settings-warmup-hint', onError ? 'settings-warmup-error' : ''].filter(Boolean).join(' ');
  return (
    <div className="mt-4 border-t border-slate-200 pt-4" data-testid="whatsapp-warmup">
      <label className="flex items-start gap-3 text-sm text-slate-800">
        <input
          id="settings-warmup"
          type="checkbox"
          checked={v.warmup_on}
          onChange={(e) => onChange({ warmup_on: e.target.checked })}
          aria-invalid={onError ? true : undefined}
          aria-describedby={describedBy}
          className="mt-0.5 size-4 shrink-0"
        />
        <span className="min-w-0">
          <span className="font-medium">{t('settings.warmup.enable')}</span>
          <span id="settings-warmup-hint" className="block text-xs text-slate-500">
            {t('settings.warmup.hint')}
          </span>
        </span>
      </label>
      {onError && (
        <p id="settings-warmup-error" className="mt-1 text-sm text-red-700">
          {onError}
        </p>
      )}
      {v.warmup_on && (
        <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {FIELDS.map((f) => {
            const k = key(f);
            const id = `settings-warmup-${f.replace(/_/g, '-')}`;
            const number = f !== 'started_on';
            return (
              <Field key={f} id={id} label={t(`settings.warmup.${f}`)} error={error(k)}>
                <input
                  {...controlProps(id, error(k))}
                  type={number ? 'number' : 'date'}
                  min={number ? 1 : undefined}
                  max={number ? (f === 'ramp_days' ? 365 : 1000000) : undefined}
                  step={number ? 1 : undefined}
                  inputMode={number ? 'numeric' : undefined}
                  value={v[k]}
                  onChange={(e) => onChange({ [k]: e.target.value })}
                  className={`${inputClass} min-w-0`}
                />
              </Field>
            );
          })}
        </div>
      )}
    </div>
  );
}
