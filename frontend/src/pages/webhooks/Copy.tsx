import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Check, Copy } from 'lucide-react';
import { Button } from '../../components/Button';

/** Puts text on the clipboard; without the Clipboard API (plain http), through a hidden text area. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the older way
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** A copy button that says "Copied" for a moment (announced to screen readers). */
export function CopyButton({ text, label, className = '' }: { text: string; label: string; className?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onClick = async () => {
    const ok = await copyText(text);
    setState(ok ? 'copied' : 'failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 2_000);
  };
  return (
    <Button onClick={() => void onClick()} aria-label={label} className={`shrink-0 px-2 py-1 ${className}`}>
      {state === 'copied' ? <Check aria-hidden="true" className="size-4 text-emerald-700" /> : <Copy aria-hidden="true" className="size-4" />}
      <span aria-live="polite">{state === 'copied' ? t('webhooks.copy.copied') : state === 'failed' ? t('webhooks.copy.failed') : t('webhooks.copy.copy')}</span>
    </Button>
  );
}

/** A labelled one-line value (a URL, a secret) in monospace that wraps anywhere, with a copy button. */
export function CopyValue({ label, value, copyLabel, testId, tone = 'plain' }: { label: string; value: string; copyLabel: string; testId?: string; tone?: 'plain' | 'secret' }) {
  const id = useId();
  const box = tone === 'secret' ? 'border-amber-300 bg-white text-slate-900' : 'border-slate-200 bg-slate-50 text-slate-800';
  return (
    <div>
      <p id={id} className="mb-1 text-sm font-medium text-slate-700">
        {label}
      </p>
      <div className="flex flex-wrap items-start gap-2 sm:flex-nowrap">
        <code aria-labelledby={id} data-testid={testId} className={`min-w-0 flex-1 rounded-md border px-3 py-2 font-mono text-sm break-all select-all ${box}`}>
          {value}
        </code>
        <CopyButton text={value} label={copyLabel} />
      </div>
    </div>
  );
}

/** A shell example: preformatted (long lines wrap, so nothing is cut at phone width), with a copy button. */
export function CodeBlock({ code, label, copyLabel, testId }: { code: string; label: string; copyLabel: string; testId?: string }) {
  return (
    <div className="min-w-0">
      <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium text-slate-700">{label}</p>
        <CopyButton text={code} label={copyLabel} />
      </div>
      <pre data-testid={testId} tabIndex={0} aria-label={label} className="max-w-full overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap text-slate-100 [overflow-wrap:anywhere]">
        {code}
      </pre>
    </div>
  );
}
