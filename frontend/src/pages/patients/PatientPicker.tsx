import { useEffect, useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Search, X } from 'lucide-react';
import { api, unwrap } from '../../api/client';
import type { Patient } from '../../api/types';
import { Button, focusRing } from '../../components/Button';
import { controlProps, inputClass } from '../../components/Field';
import { useDebounced } from '../../lib/useDebounced';
import { usePatient } from './api';

interface Props {
  id: string;
  label: string;
  /** The chosen patient's id, '' for none. */
  value: string;
  onChange: (patient: Patient | null) => void;
  error?: string;
  hint?: string;
  required?: boolean;
  disabled?: boolean;
  /** Called once the chosen patient has loaded (also for an id given from outside). */
  onLoaded?: (patient: Patient) => void;
}

/** Choose a patient by typing part of a name, phone number or external ID. */
export function PatientPicker({ id, label, value, onChange, error, hint, required, disabled, onLoaded }: Props) {
  const { t } = useTranslation();
  const listId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const search = useDebounced(text.trim(), 250);
  const selected = usePatient(value, { enabled: Boolean(value) });
  const results = useQuery({
    queryKey: ['patients', 'picker', search],
    enabled: open && !value,
    staleTime: 30_000,
    queryFn: () => unwrap(api.GET('/patients', { params: { query: { search: search || undefined, per_page: 8, sort: 'name' } } })),
  });
  const options = results.data?.data ?? [];

  useEffect(() => {
    if (selected.data && onLoaded) onLoaded(selected.data);
    // Only when another patient has loaded, not on every render.
  }, [selected.data?.id]);

  const labelBlock = (
    <div className="mb-1 flex gap-1 text-sm font-medium text-slate-700">
      <label htmlFor={id}>{label}</label>
      {required && (
        <span aria-hidden="true" className="text-red-700">
          *
        </span>
      )}
    </div>
  );
  const messages = (
    <>
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </>
  );

  if (value) {
    const p = selected.data;
    return (
      <div>
        {labelBlock}
        <div className="flex items-center gap-2">
          <output id={id} aria-describedby={controlProps(id, error, hint)['aria-describedby']} className="min-w-0 flex-1 truncate rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-900">
            {p ? `${p.name} · ${p.phone}` : selected.isError ? value : t('common.loading')}
          </output>
          {!disabled && (
            <Button variant="ghost" onClick={() => onChange(null)} aria-label={t('patientPicker.change', { label })}>
              <X aria-hidden="true" className="size-4" />
              {t('patientPicker.changeShort')}
            </Button>
          )}
        </div>
        {messages}
      </div>
    );
  }

  const choose = (p: Patient) => {
    setOpen(false);
    setText('');
    onChange(p);
  };

  return (
    <div className="relative">
      {labelBlock}
      <Search aria-hidden="true" className="pointer-events-none absolute left-2.5 top-9 size-4 text-slate-400" />
      <input
        {...controlProps(id, error, hint, required)}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${listId}-${options[active].id}` : undefined}
        disabled={disabled}
        value={text}
        placeholder={t('patientPicker.placeholder')}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, Math.max(0, options.length - 1)));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter' && open && options[active]) {
            e.preventDefault();
            choose(options[active]);
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
        className={`${inputClass} pl-8`}
      />
      {open && (
        <ul id={listId} role="listbox" aria-label={label} className="absolute z-30 mt-1 max-h-64 w-full overflow-y-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          {results.isPending && <li className="px-3 py-2 text-sm text-slate-500">{t('common.loading')}</li>}
          {results.isError && <li className="px-3 py-2 text-sm text-red-700">{t('patientPicker.failed')}</li>}
          {results.data && options.length === 0 && <li className="px-3 py-2 text-sm text-slate-500">{t('patientPicker.none')}</li>}
          {options.map((p, i) => (
            <li
              key={p.id}
              id={`${listId}-${p.id}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(p)}
              className={`cursor-pointer px-3 py-2 text-sm ${focusRing} ${i === active ? 'bg-teal-50 text-teal-900' : 'text-slate-800 hover:bg-slate-50'}`}
            >
              <span className="font-medium">{p.name}</span>
              <span className="ml-2 text-slate-500">{p.phone}</span>
            </li>
          ))}
        </ul>
      )}
      {messages}
    </div>
  );
}
