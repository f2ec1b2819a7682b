import type { ReactNode } from 'react';
import { inputClass } from './Field';

interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  children: ReactNode;
  className?: string;
}

/** A labelled select for list filters. */
export function SelectFilter({ id, label, value, onChange, children, className = '' }: Props) {
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={inputClass}>
        {children}
      </select>
    </div>
  );
}
