import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { controlClass, controlProps, inputClass } from '../../../components/Field';
import { splitMinutes, toMinutes, type DurationUnit } from '../nodeSummary';
import { INTENTS } from '../types';
import { Choice, fid, str, strList, TextInput, type FieldsProps } from './common';

const UNITS: DurationUnit[] = ['minutes', 'hours', 'days'];

/** An amount and a unit, handed on as minutes. */
function DurationInput({ k, label, minutes, onChange, error, readOnly }: {
  k: string;
  label: string;
  minutes: unknown;
  onChange: (minutes: number | null) => void;
  error?: string;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const start = typeof minutes === 'number' ? splitMinutes(minutes) : { amount: NaN, unit: 'minutes' as DurationUnit };
  const [amount, setAmount] = useState(Number.isFinite(start.amount) ? String(start.amount) : '');
  const [unit, setUnit] = useState<DurationUnit>(start.unit);
  const emit = (a: string, u: DurationUnit) => onChange(a.trim() === '' || !Number.isFinite(Number(a)) ? null : toMinutes(Number(a), u));
  return (
    <div>
      <label htmlFor={fid(k)} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          {...controlProps(fid(k), error)}
          type="number"
          min={1}
          value={amount}
          readOnly={readOnly}
          onChange={(e) => {
            setAmount(e.target.value);
            emit(e.target.value, unit);
          }}
          className={`${inputClass} min-w-0 flex-1`}
        />
        <select
          aria-label={t('workflows.fields.unit')}
          value={unit}
          disabled={readOnly}
          onChange={(e) => {
            const u = e.target.value as DurationUnit;
            setUnit(u);
            emit(amount, u);
          }}
          className={`${controlClass} shrink-0`}
        >
          {UNITS.map((u) => (
            <option key={u} value={u}>
              {t(`workflows.unitNames.${u}`)}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p id={`${fid(k)}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** delay: minutes after the node is entered, or a day (from day 0) and a time of day in the patient's zone. */
export function DelayFields({ data, errors, readOnly, update }: FieldsProps) {
  const { t } = useTranslation();
  const mode = data.minutes !== undefined || (data.days === undefined && data.time_of_day === undefined) ? 'duration' : 'calendar';
  return (
    <>
      <Choice
        name="wf-delay-mode"
        legend={t('workflows.fields.waitKind')}
        value={mode}
        disabled={readOnly}
        options={[
          { value: 'duration', label: t('workflows.fields.forDuration') },
          { value: 'calendar', label: t('workflows.fields.untilDay') },
        ]}
        onChange={(m) => (m === 'duration' ? update({ minutes: 60 }, ['days', 'time_of_day']) : update({ days: 1, time_of_day: '09:00' }, ['minutes']))}
      />
      {mode === 'duration' ? (
        <DurationInput k="minutes" label={t('workflows.fields.duration')} minutes={data.minutes} error={errors.minutes} readOnly={readOnly} onChange={(m) => update({ minutes: m })} />
      ) : (
        <div className="grid grid-cols-2 gap-2">
          <TextInput
            k="days"
            type="number"
            label={t('workflows.fields.day')}
            value={data.days === undefined || data.days === null ? '' : String(data.days)}
            error={errors.days}
            readOnly={readOnly}
            onChange={(v) => update({ days: v.trim() === '' ? null : Number(v) })}
          />
          <TextInput k="time_of_day" type="time" label={t('workflows.fields.time')} value={str(data.time_of_day)} error={errors.time_of_day} readOnly={readOnly} onChange={(v) => update({ time_of_day: v })} />
          <p className="col-span-2 text-xs text-slate-500">{t('workflows.fields.dayHint')}</p>
        </div>
      )}
    </>
  );
}

/** wait_for_reply: how long to wait, and the intents that count as the reply (none: any). */
export function WaitForReplyFields({ data, errors, readOnly, update }: FieldsProps) {
  const { t } = useTranslation();
  const intents = strList(data.intents);
  const toggle = (intent: string, on: boolean) => {
    const next = on ? [...intents, intent] : intents.filter((i) => i !== intent);
    if (next.length > 0) update({ intents: INTENTS.filter((i) => next.includes(i)) });
    else update({}, ['intents']);
  };
  return (
    <>
      <DurationInput
        k="timeout_minutes"
        label={t('workflows.fields.timeout')}
        minutes={data.timeout_minutes}
        error={errors.timeout_minutes}
        readOnly={readOnly}
        onChange={(m) => update({ timeout_minutes: m })}
      />
      <fieldset aria-describedby={errors.intents ? `${fid('intents')}-error` : undefined}>
        <legend className="mb-1 text-sm font-medium text-slate-700">{t('workflows.fields.intents')}</legend>
        <div className="grid grid-cols-2 gap-x-3 gap-y-1">
          {INTENTS.map((i) => (
            <label key={i} className="flex items-center gap-1.5 text-sm text-slate-800">
              <input type="checkbox" checked={intents.includes(i)} disabled={readOnly} onChange={(e) => toggle(i, e.target.checked)} />
              {t(`conversations.intent.${i}`)}
            </label>
          ))}
        </div>
        <p className="mt-1 text-xs text-slate-500">{t('workflows.fields.intentsHint')}</p>
        {errors.intents && (
          <p id={`${fid('intents')}-error`} className="mt-1 text-sm text-red-700">
            {errors.intents}
          </p>
        )}
      </fieldset>
    </>
  );
}
