import { useRef, type ReactNode } from 'react';
import { focusRing } from './Button';

interface Tab {
  id: string;
  label: ReactNode;
}

interface Props {
  /** Prefix for the tab and panel element ids. */
  idPrefix: string;
  label: string;
  tabs: Tab[];
  value: string;
  onChange: (id: string) => void;
}

/** A row of tabs (arrow keys move between them); the panel uses tabPanelProps. */
export function Tabs({ idPrefix, label, tabs, value, onChange }: Props) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (from: number, delta: number) => {
    const next = (from + delta + tabs.length) % tabs.length;
    onChange(tabs[next].id);
    refs.current[next]?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className="flex gap-1 overflow-x-auto border-b border-slate-200">
      {tabs.map((tab, i) => (
        <button
          key={tab.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${tab.id}`}
          aria-selected={value === tab.id}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={value === tab.id ? 0 : -1}
          onClick={() => onChange(tab.id)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight') move(i, 1);
            if (e.key === 'ArrowLeft') move(i, -1);
          }}
          className={`-mb-px shrink-0 border-b-2 px-3 py-2 text-sm ${focusRing} ${
            value === tab.id ? 'border-teal-700 font-semibold text-teal-800' : 'border-transparent text-slate-600 hover:text-slate-900'
          }`}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

export function tabPanelProps(idPrefix: string, value: string) {
  return { role: 'tabpanel', id: `${idPrefix}-panel`, 'aria-labelledby': `${idPrefix}-tab-${value}` } as const;
}
