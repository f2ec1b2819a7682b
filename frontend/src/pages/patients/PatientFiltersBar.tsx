import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Search, SlidersHorizontal } from 'lucide-react';
import { Button } from '../../components/Button';
import { CONSENTS, PATIENT_SORTS } from '../../api/types';
import { useMe } from '../../auth/MeContext';
import { inputClass } from '../../components/Field';
import { useDebouncedInput } from '../../lib/useDebouncedInput';
import { useVolunteers, type PatientFilters } from './api';

interface Props {
  filters: PatientFilters;
  onChange: (change: Partial<PatientFilters>) => void;
}

function SearchBox({ value, onSearch }: { value: string; onSearch: (v: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useDebouncedInput(value, onSearch, 300);
  return (
    <div className="relative sm:col-span-2">
      <label htmlFor="patient-search" className="mb-1 block text-sm font-medium text-slate-700">
        {t('patients.search')}
      </label>
      <Search aria-hidden="true" className="pointer-events-none absolute bottom-2.5 left-2.5 size-4 text-slate-400" />
      <input
        id="patient-search"
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('patients.searchPlaceholder')}
        className={`${inputClass} pl-8`}
      />
    </div>
  );
}

function Select({ id, label, value, onChange, children }: { id: string; label: string; value: string; onChange: (v: string) => void; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={inputClass}>
        {children}
      </select>
    </div>
  );
}

export function PatientFiltersBar({ filters, onChange }: Props) {
  const { t } = useTranslation();
  const { isAdmin } = useMe();
  const volunteers = useVolunteers(isAdmin);
  const [tag, setTag] = useDebouncedInput(filters.tag, (v) => onChange({ tag: v }), 400);

  const [open, setOpen] = useState(false);

  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6">
      <SearchBox value={filters.search} onSearch={(search) => onChange({ search })} />
      {/* At phone width the other filters fold away behind a button. */}
      <Button className="sm:hidden" aria-expanded={open} aria-controls="patient-more-filters" onClick={() => setOpen(!open)}>
        <SlidersHorizontal aria-hidden="true" className="size-4" />
        {t('patients.filters')}
      </Button>
      <div id="patient-more-filters" className={`${open ? 'grid' : 'hidden'} gap-3 sm:contents`}>
      <div>
        <label htmlFor="patient-tag" className="mb-1 block text-sm font-medium text-slate-700">
          {t('patients.fields.tags')}
        </label>
        <input id="patient-tag" value={tag} onChange={(e) => setTag(e.target.value)} className={inputClass} />
      </div>
      <Select id="patient-consent" label={t('patients.fields.consent')} value={filters.consent} onChange={(consent) => onChange({ consent })}>
        <option value="">{t('common.all')}</option>
        {CONSENTS.map((c) => (
          <option key={c} value={c}>
            {t(`consent.${c}`)}
          </option>
        ))}
      </Select>
      <Select
        id="patient-active"
        label={t('patients.status')}
        value={filters.isActive}
        onChange={(v) => onChange({ isActive: v as PatientFilters['isActive'] })}
      >
        <option value="">{t('common.all')}</option>
        <option value="true">{t('patients.activeOnly')}</option>
        <option value="false">{t('patients.inactiveOnly')}</option>
      </Select>
      <Select id="patient-sort" label={t('patients.sort')} value={filters.sort} onChange={(sort) => onChange({ sort })}>
        {PATIENT_SORTS.map((s) => (
          <option key={s} value={s}>
            {t(`patients.sorts.${s}`)}
          </option>
        ))}
      </Select>
      {isAdmin && (
        <Select id="patient-volunteer" label={t('patients.fields.assigned_volunteer_id')} value={filters.volunteer} onChange={(volunteer) => onChange({ volunteer })}>
          <option value="">{t('common.all')}</option>
          {(volunteers.data?.data ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.name || u.email}
            </option>
          ))}
        </Select>
      )}
      </div>
    </div>
  );
}
