import { useState, type ReactNode } from 'react';
import { controlProps, Field, inputClass } from '../../../components/Field';
import type { NodeData } from '../types';

/** What every node type's settings form gets. */
export interface FieldsProps {
  data: NodeData;
  /** The server's errors by data key. */
  errors: Record<string, string>;
  readOnly: boolean;
  /** Merges change into the data and drops the keys in remove. */
  update: (change: NodeData, remove?: string[]) => void;
}

export const fid = (key: string) => `wf-node-${key}`;
export const str = (v: unknown) => (typeof v === 'string' ? v : '');
export const strList = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
export const splitList = (s: string) =>
  s
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);

export function TextInput({ k, label, value, onChange, error, hint, readOnly, required, placeholder, type = 'text', className = '' }: {
  k: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: string;
  readOnly: boolean;
  required?: boolean;
  placeholder?: string;
  type?: 'text' | 'number' | 'time' | 'url';
  className?: string;
}) {
  return (
    <Field id={fid(k)} label={label} error={error} hint={hint} required={required} className={className}>
      <input
        {...controlProps(fid(k), error, hint, required)}
        type={type}
        value={value}
        placeholder={placeholder}
        readOnly={readOnly}
        onChange={(e) => onChange(e.target.value)}
        className={inputClass}
      />
    </Field>
  );
}

export function TextArea({ k, label, value, onChange, error, hint, readOnly, required, rows = 4, mono }: {
  k: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: string;
  readOnly: boolean;
  required?: boolean;
  rows?: number;
  mono?: boolean;
}) {
  return (
    <Field id={fid(k)} label={label} error={error} hint={hint} required={required}>
      <textarea
        {...controlProps(fid(k), error, hint, required)}
        rows={rows}
        value={value}
        readOnly={readOnly}
        onChange={(e) => onChange(e.target.value)}
        className={`${inputClass} ${mono ? 'font-mono text-xs' : ''}`}
      />
    </Field>
  );
}

export function Select({ k, label, value, onChange, error, hint, disabled, children }: {
  k: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: string;
  disabled: boolean;
  children: ReactNode;
}) {
  return (
    <Field id={fid(k)} label={label} error={error} hint={hint}>
      <select {...controlProps(fid(k), error, hint)} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} className={inputClass}>
        {children}
      </select>
    </Field>
  );
}

/** A comma-separated list kept as typed (a trailing comma survives) and handed on as a list. */
export function ListInput({ k, label, value, onChange, error, hint, readOnly }: {
  k: string;
  label: string;
  value: string[];
  onChange: (list: string[]) => void;
  error?: string;
  hint?: string;
  readOnly: boolean;
}) {
  const [text, setText] = useState(value.join(', '));
  return (
    <TextInput
      k={k}
      label={label}
      value={text}
      error={error}
      hint={hint}
      readOnly={readOnly}
      onChange={(v) => {
        setText(v);
        onChange(splitList(v));
      }}
    />
  );
}

/** Two or more choices as radio buttons in a fieldset. */
export function Choice<T extends string>({ name, legend, value, options, onChange, disabled }: {
  name: string;
  legend: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
  disabled: boolean;
}) {
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium text-slate-700">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-1.5 text-sm text-slate-800">
            <input type="radio" name={name} value={o.value} checked={value === o.value} disabled={disabled} onChange={() => onChange(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
