import { useTranslation } from 'react-i18next';
import { EVENT_TYPE_GROUPS, EVENT_TYPES, type EventType } from '../../api/types';
import { typeKey } from './api';

interface Props {
  value: readonly string[];
  onChange: (next: EventType[]) => void;
  error?: string;
}

/** The nine event types as checkboxes, in four groups, each with a line on when it is sent. */
export function EventPicker({ value, onChange, error }: Props) {
  const { t } = useTranslation();
  const toggle = (type: EventType, on: boolean) => onChange(EVENT_TYPES.filter((x) => (x === type ? on : value.includes(x))));
  return (
    <fieldset aria-describedby={error ? 'sub-events-error' : 'sub-events-hint'} aria-invalid={error ? true : undefined} className="min-w-0">
      <legend className="mb-1 text-sm font-medium text-slate-700">
        {t('eventSubs.fields.events')} <span aria-hidden="true" className="text-red-700">*</span>
      </legend>
      <p id="sub-events-hint" className="mb-2 text-xs text-slate-500">
        {t('eventSubs.form.eventsHint')}
      </p>
      <div className="grid min-w-0 gap-3 md:grid-cols-2">
        {Object.entries(EVENT_TYPE_GROUPS).map(([group, types]) => (
          <div key={group} role="group" aria-labelledby={`sub-group-${group}`} className="min-w-0 rounded-md border border-slate-200 p-3">
            <p id={`sub-group-${group}`} className="mb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">
              {t(`eventSubs.groups.${group}`)}
            </p>
            <div className="flex flex-col gap-2">
              {types.map((type) => (
                <label key={type} className="flex items-start gap-2 text-sm text-slate-800">
                  <input
                    type="checkbox"
                    value={type}
                    checked={value.includes(type)}
                    aria-invalid={error ? true : undefined}
                    onChange={(e) => toggle(type, e.target.checked)}
                    className="mt-0.5 size-4 shrink-0 accent-teal-700"
                  />
                  <span className="min-w-0">
                    <code className="font-mono text-xs font-semibold break-all">{type}</code>
                    <span className="block text-xs text-slate-500">{t(`eventSubs.types.${typeKey(type)}`)}</span>
                  </span>
                </label>
              ))}
            </div>
          </div>
        ))}
      </div>
      {error && (
        <p id="sub-events-error" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}
