import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus, X } from 'lucide-react';
import { FREQUENCIES, WEEKDAYS } from '../../api/types';
import { Button, focusRing } from '../../components/Button';
import { controlClass, controlProps, Field, inputClass } from '../../components/Field';
import { type OffsetValue, type ScheduleValues, weekdayName } from './scheduleModel';

interface Props {
  type: string;
  value: ScheduleValues;
  onChange: (v: ScheduleValues) => void;
  /** Server errors by API field ("schedule.times", "schedule.offsets", …). */
  errors: Record<string, string>;
  disabled?: boolean;
}

const smallInput = controlClass;

function ErrorText({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700">
      {message}
    </p>
  );
}

function Group({ legend, children, error, errorId, hint }: { legend: string; children: ReactNode; error?: string; errorId: string; hint?: string }) {
  return (
    <fieldset aria-describedby={error ? errorId : undefined} className="min-w-0">
      <legend className="mb-1 text-sm font-medium text-slate-700">{legend}</legend>
      {hint && <p className="mb-2 text-xs text-slate-500">{hint}</p>}
      {children}
      <ErrorText id={errorId} message={error} />
    </fieldset>
  );
}

export function ScheduleBuilder({ type, value, onChange, errors, disabled }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const set = (change: Partial<ScheduleValues>) => onChange({ ...value, ...change });
  const e = (k: string) => errors[`schedule.${k}`];

  if (type === 'appointment') {
    const setOffset = (i: number, change: Partial<OffsetValue>) =>
      set({ offsets: value.offsets.map((o, j) => (j === i ? { ...o, ...change } : o)) });
    return (
      <fieldset disabled={disabled} className="flex flex-col gap-4">
        <Group legend={t('schedule.offsets')} hint={t('schedule.offsetsHint')} error={e('offsets')} errorId="schedule-offsets-error">
          <ul className="flex flex-col gap-2">
            {value.offsets.map((o, i) => (
              <li key={i} className="flex flex-wrap items-center gap-2 rounded-md border border-slate-200 p-2">
                <label className="sr-only" htmlFor={`offset-mode-${i}`}>
                  {t('schedule.offsetKind', { n: i + 1 })}
                </label>
                <select id={`offset-mode-${i}`} value={o.mode} onChange={(ev) => setOffset(i, { mode: ev.target.value as OffsetValue['mode'] })} className={smallInput}>
                  <option value="day">{t('schedule.offsetDay')}</option>
                  <option value="before">{t('schedule.offsetBefore')}</option>
                </select>
                {o.mode === 'day' ? (
                  <>
                    <label className="sr-only" htmlFor={`offset-days-${i}`}>
                      {t('schedule.daysBeforeLabel', { n: i + 1 })}
                    </label>
                    <input
                      id={`offset-days-${i}`}
                      type="number"
                      min={0}
                      max={60}
                      value={o.days}
                      onChange={(ev) => setOffset(i, { days: Number(ev.target.value) })}
                      className={`${smallInput} w-20`}
                    />
                    <span className="text-sm text-slate-700">{t('schedule.daysBeforeAtWord', { count: o.days })}</span>
                    <label className="sr-only" htmlFor={`offset-time-${i}`}>
                      {t('schedule.offsetTimeLabel', { n: i + 1 })}
                    </label>
                    <input id={`offset-time-${i}`} type="time" value={o.time} onChange={(ev) => setOffset(i, { time: ev.target.value })} className={smallInput} />
                  </>
                ) : (
                  <>
                    <label className="sr-only" htmlFor={`offset-amount-${i}`}>
                      {t('schedule.amountLabel', { n: i + 1 })}
                    </label>
                    <input
                      id={`offset-amount-${i}`}
                      type="number"
                      min={1}
                      value={o.amount}
                      onChange={(ev) => setOffset(i, { amount: Number(ev.target.value) })}
                      className={`${smallInput} w-20`}
                    />
                    <label className="sr-only" htmlFor={`offset-unit-${i}`}>
                      {t('schedule.unitLabel', { n: i + 1 })}
                    </label>
                    <select id={`offset-unit-${i}`} value={o.unit} onChange={(ev) => setOffset(i, { unit: ev.target.value as OffsetValue['unit'] })} className={smallInput}>
                      <option value="hours">{t('schedule.hours')}</option>
                      <option value="minutes">{t('schedule.minutes')}</option>
                    </select>
                    <span className="text-sm text-slate-700">{t('schedule.beforeStart')}</span>
                  </>
                )}
                {value.offsets.length > 1 && (
                  <Button variant="ghost" className="ml-auto" onClick={() => set({ offsets: value.offsets.filter((_, j) => j !== i) })} aria-label={t('schedule.removeOffset', { n: i + 1 })}>
                    <X aria-hidden="true" className="size-4" />
                  </Button>
                )}
              </li>
            ))}
          </ul>
          {value.offsets.length < 10 && (
            <Button className="mt-2" onClick={() => set({ offsets: [...value.offsets, { mode: 'day', days: 1, time: '09:00', amount: 2, unit: 'hours' }] })}>
              <Plus aria-hidden="true" className="size-4" />
              {t('schedule.addOffset')}
            </Button>
          )}
        </Group>
      </fieldset>
    );
  }

  return (
    <fieldset disabled={disabled} className="flex flex-col gap-4">
      <Group legend={t('schedule.repeats')} error={e('frequency')} errorId="schedule-frequency-error">
        <div className="flex flex-wrap gap-2">
          {FREQUENCIES.map((f) => (
            <label
              key={f}
              className={`flex cursor-pointer items-center gap-2 rounded-md border px-3 py-1.5 text-sm has-focus-visible:outline-2 has-focus-visible:outline-teal-600 ${
                value.frequency === f ? 'border-teal-600 bg-teal-50 font-medium text-teal-900' : 'border-slate-300 text-slate-700'
              }`}
            >
              <input type="radio" name="schedule-frequency" value={f} checked={value.frequency === f} onChange={() => set({ frequency: f })} className="sr-only" />
              {t(`schedule.frequencies.${f}`)}
            </label>
          ))}
        </div>
      </Group>

      {value.frequency === 'weekly' && (
        <Group legend={t('schedule.weekdays')} error={e('weekdays')} errorId="schedule-weekdays-error">
          <div className="flex flex-wrap gap-1.5">
            {WEEKDAYS.map((w) => {
              const on = value.weekdays.includes(w);
              return (
                <label
                  key={w}
                  className={`flex min-w-12 cursor-pointer items-center justify-center rounded-md border px-2 py-1.5 text-sm has-focus-visible:outline-2 has-focus-visible:outline-teal-600 ${
                    on ? 'border-teal-600 bg-teal-600 text-white' : 'border-slate-300 text-slate-700'
                  }`}
                >
                  <input
                    type="checkbox"
                    className="sr-only"
                    checked={on}
                    onChange={() => set({ weekdays: on ? value.weekdays.filter((x) => x !== w) : WEEKDAYS.filter((x) => x === w || value.weekdays.includes(x)) })}
                  />
                  <span aria-hidden="true">{weekdayName(w, lang)}</span>
                  <span className="sr-only">{weekdayName(w, lang, 'long')}</span>
                </label>
              );
            })}
          </div>
        </Group>
      )}

      {value.frequency === 'every_n_days' && (
        <Field id="schedule-interval" label={t('schedule.interval')} error={e('interval')} hint={t('schedule.intervalHint')}>
          <input
            {...controlProps('schedule-interval', e('interval'), t('schedule.intervalHint'))}
            type="number"
            min={1}
            max={365}
            value={value.interval}
            onChange={(ev) => set({ interval: Number(ev.target.value) })}
            className={`${inputClass} sm:max-w-32`}
          />
        </Field>
      )}

      {value.frequency === 'rrule' && (
        <Field id="schedule-rrule" label={t('schedule.rrule')} error={e('rrule')} hint={t('schedule.rruleHint')}>
          <input
            {...controlProps('schedule-rrule', e('rrule'), t('schedule.rruleHint'))}
            value={value.rrule}
            onChange={(ev) => set({ rrule: ev.target.value })}
            className={`${inputClass} font-mono`}
            spellCheck={false}
          />
        </Field>
      )}

      <Group legend={t('schedule.times')} hint={t('schedule.timesHint')} error={e('times')} errorId="schedule-times-error">
        <ul className="flex flex-wrap gap-2">
          {value.times.map((time, i) => (
            <li key={i} className="flex items-center gap-1">
              <label htmlFor={`schedule-time-${i}`} className="sr-only">
                {t('schedule.timeN', { n: i + 1 })}
              </label>
              <input
                id={`schedule-time-${i}`}
                type="time"
                value={time}
                aria-invalid={e('times') ? true : undefined}
                onChange={(ev) => set({ times: value.times.map((x, j) => (j === i ? ev.target.value : x)) })}
                className={smallInput}
              />
              {value.times.length > 1 && (
                <button
                  type="button"
                  onClick={() => set({ times: value.times.filter((_, j) => j !== i) })}
                  aria-label={t('schedule.removeTime', { n: i + 1 })}
                  className={`rounded p-1 text-slate-500 hover:bg-slate-100 ${focusRing}`}
                >
                  <X aria-hidden="true" className="size-4" />
                </button>
              )}
            </li>
          ))}
        </ul>
        {value.times.length < 12 && (
          <Button className="mt-2" onClick={() => set({ times: [...value.times, nextTime(value.times)] })}>
            <Plus aria-hidden="true" className="size-4" />
            {t('schedule.addTime')}
          </Button>
        )}
      </Group>

      {value.frequency === 'once' ? (
        <Field id="schedule-date" label={t('schedule.date')} error={e('date') ?? e('start_date')}>
          <input
            {...controlProps('schedule-date', e('date') ?? e('start_date'))}
            type="date"
            value={value.date}
            onChange={(ev) => set({ date: ev.target.value })}
            className={`${inputClass} sm:max-w-48`}
          />
        </Field>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="schedule-start" label={t('schedule.startDate')} error={e('start_date')}>
            <input
              {...controlProps('schedule-start', e('start_date'))}
              type="date"
              value={value.start_date}
              onChange={(ev) => set({ start_date: ev.target.value })}
              className={inputClass}
            />
          </Field>
          <Group legend={t('schedule.ends')} error={e('end_date') ?? e('count')} errorId="schedule-end-error">
            <div className="flex flex-col gap-2 text-sm text-slate-700">
              <label className="flex items-center gap-2">
                <input type="radio" name="schedule-end" checked={value.end === 'never'} onChange={() => set({ end: 'never' })} />
                {t('schedule.endNever')}
              </label>
              <div className="flex flex-wrap items-center gap-2">
                <label className="flex items-center gap-2">
                  <input type="radio" name="schedule-end" checked={value.end === 'date'} onChange={() => set({ end: 'date' })} />
                  {t('schedule.endOn')}
                </label>
                {value.end === 'date' && (
                  <>
                    <label htmlFor="schedule-end-date" className="sr-only">
                      {t('schedule.endDate')}
                    </label>
                    <input id="schedule-end-date" type="date" value={value.end_date} min={value.start_date} onChange={(ev) => set({ end_date: ev.target.value })} className={smallInput} />
                  </>
                )}
              </div>
              <div className="flex flex-wrap items-center gap-2">
                <label className="flex items-center gap-2">
                  <input type="radio" name="schedule-end" checked={value.end === 'count'} onChange={() => set({ end: 'count' })} />
                  {t('schedule.endAfter')}
                </label>
                {value.end === 'count' && (
                  <>
                    <label htmlFor="schedule-count" className="sr-only">
                      {t('schedule.count')}
                    </label>
                    <input id="schedule-count" type="number" min={1} value={value.count} onChange={(ev) => set({ count: Number(ev.target.value) })} className={`${smallInput} w-24`} />
                    <span>{t('schedule.times_word', { count: value.count })}</span>
                  </>
                )}
              </div>
            </div>
          </Group>
        </div>
      )}
    </fieldset>
  );
}

/** A sensible next time to add: four hours after the last one. */
function nextTime(times: string[]): string {
  const last = times[times.length - 1];
  const m = /^(\d{2}):(\d{2})$/.exec(last ?? '');
  if (!m) return '12:00';
  const h = (Number(m[1]) + 4) % 24;
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}
