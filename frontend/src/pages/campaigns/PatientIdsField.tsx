import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Plus, Search, X } from 'lucide-react';
import { api, unwrap } from '../../api/client';
import { Button } from '../../components/Button';
import { controlProps, inputClass } from '../../components/Field';
import { formatNumber } from '../../lib/format';
import { useDebounced } from '../../lib/useDebounced';

interface Props {
  value: string[];
  onChange: (ids: string[]) => void;
  error?: string;
  /** Names already known (for example from the audience sample), by patient id. */
  knownNames: Record<string, string>;
}

const SHOWN = 50;

/** Chosen patients: found by name or phone number, or pasted as ids. */
export function PatientIdsField({ value, onChange, error, knownNames }: Props) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const [pasted, setPasted] = useState('');
  const [names, setNames] = useState<Record<string, string>>({});
  const search = useDebounced(text.trim(), 300);
  const results = useQuery({
    queryKey: ['patients', 'campaign-picker', search],
    enabled: search.length > 0,
    staleTime: 30_000,
    queryFn: () => unwrap(api.GET('/patients', { params: { query: { search, per_page: 8, sort: 'name' } } })),
  });
  const chosen = new Set(value);
  const add = (ids: string[]) => onChange([...value, ...ids.filter((id) => !chosen.has(id))]);
  const nameOf = (id: string) => names[id] ?? knownNames[id];
  const hint = t('campaigns.patients.hint');
  return (
    <div className="flex flex-col gap-3">
      <div className="relative">
        <label htmlFor="campaign-patient-search" className="mb-1 block text-sm font-medium text-slate-700">
          {t('campaigns.patients.search')}
        </label>
        <Search aria-hidden="true" className="pointer-events-none absolute left-2.5 top-9 size-4 text-slate-400" />
        <input
          {...controlProps('campaign-patient-search', error, hint)}
          type="search"
          autoComplete="off"
          value={text}
          placeholder={t('patientPicker.placeholder')}
          onChange={(e) => setText(e.target.value)}
          className={`${inputClass} pl-8`}
        />
        <p id="campaign-patient-search-hint" className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      </div>
      {search && (
        <ul aria-label={t('campaigns.patients.results')} aria-live="polite" className="flex flex-col divide-y divide-slate-100 rounded-md border border-slate-200">
          {results.isPending && <li className="px-3 py-2 text-sm text-slate-500">{t('common.loading')}</li>}
          {results.isError && <li className="px-3 py-2 text-sm text-red-700">{t('patientPicker.failed')}</li>}
          {results.data?.data.length === 0 && <li className="px-3 py-2 text-sm text-slate-500">{t('patientPicker.none')}</li>}
          {results.data?.data.map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-2 px-3 py-1.5 text-sm">
              <span className="min-w-0 truncate">
                <span className="font-medium text-slate-900">{p.name}</span> <span className="text-slate-500">{p.phone}</span>
              </span>
              <Button
                className="shrink-0 px-2 py-1"
                disabled={chosen.has(p.id)}
                onClick={() => {
                  setNames((n) => ({ ...n, [p.id]: p.name }));
                  add([p.id]);
                }}
                aria-label={t('campaigns.patients.addNamed', { name: p.name })}
              >
                <Plus aria-hidden="true" className="size-4" />
                {chosen.has(p.id) ? t('campaigns.patients.added') : t('campaigns.patients.add')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <details className="rounded-md border border-slate-200 text-sm">
        <summary className="cursor-pointer px-3 py-2 font-medium text-slate-700">{t('campaigns.patients.paste')}</summary>
        <div className="flex flex-col gap-2 border-t border-slate-200 p-3">
          <label htmlFor="campaign-patient-paste" className="text-xs text-slate-600">
            {t('campaigns.patients.pasteHint')}
          </label>
          <textarea id="campaign-patient-paste" rows={3} value={pasted} onChange={(e) => setPasted(e.target.value)} className={`${inputClass} font-mono text-xs`} />
          <div>
            <Button
              disabled={!pasted.trim()}
              onClick={() => {
                add([...new Set(pasted.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))]);
                setPasted('');
              }}
            >
              {t('campaigns.patients.addPasted')}
            </Button>
          </div>
        </div>
      </details>
      <div>
        <p className="mb-1 text-sm font-medium text-slate-700">{t('campaigns.patients.chosen', { count: value.length, n: formatNumber(value.length, i18n.language) })}</p>
        {value.length > 0 && (
          <ul className="flex flex-wrap gap-1.5" data-testid="chosen-patients">
            {value.slice(0, SHOWN).map((id) => (
              <li key={id} className="flex items-center gap-1 rounded-full border border-slate-200 bg-slate-50 py-0.5 pr-1 pl-2 text-xs text-slate-800">
                {nameOf(id) ?? <span className="font-mono">{id}</span>}
                <button type="button" onClick={() => onChange(value.filter((x) => x !== id))} aria-label={t('campaigns.patients.remove', { name: nameOf(id) ?? id })} className="rounded-full p-0.5 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-teal-600">
                  <X aria-hidden="true" className="size-3" />
                </button>
              </li>
            ))}
            {value.length > SHOWN && <li className="px-1 py-0.5 text-xs text-slate-500">{t('campaigns.patients.more', { n: formatNumber(value.length - SHOWN, i18n.language) })}</li>}
          </ul>
        )}
        {error && (
          <p id="campaign-patient-search-error" className="mt-1 text-sm text-red-700">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
