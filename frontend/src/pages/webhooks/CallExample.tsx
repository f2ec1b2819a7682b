import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { focusRing } from '../../components/Button';
import { tabPanelProps } from '../../components/Tabs';
import { CodeBlock, CopyValue } from './Copy';
import { callExample, SECRET_PLACEHOLDER, type SigningScheme } from './signing';

const SCHEMES: SigningScheme[] = ['standard', 'simple'];

/** The webhook's URL and a signed curl call, with the secret filled in when it is known. */
export function CallExample({ url, secret, idPrefix }: { url: string; secret?: string; idPrefix: string }) {
  const { t } = useTranslation();
  const [scheme, setScheme] = useState<SigningScheme>('standard');
  return (
    <div className="flex min-w-0 flex-col gap-3">
      <CopyValue label={t('webhooks.url')} value={url} copyLabel={t('webhooks.copy.url')} testId={`${idPrefix}-url`} />
      <div className="min-w-0">
        {/* Tabs that wrap rather than scroll: both names stay readable at phone width. */}
        <div role="tablist" aria-label={t('webhooks.example.schemes')} className="flex flex-wrap gap-x-1 border-b border-slate-200">
          {SCHEMES.map((s) => (
            <button
              key={s}
              type="button"
              role="tab"
              id={`${idPrefix}-scheme-tab-${s}`}
              aria-selected={scheme === s}
              aria-controls={`${idPrefix}-scheme-panel`}
              tabIndex={scheme === s ? 0 : -1}
              onClick={() => setScheme(s)}
              onKeyDown={(e) => {
                if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
                const next = SCHEMES[(SCHEMES.indexOf(s) + 1) % SCHEMES.length];
                setScheme(next);
                document.getElementById(`${idPrefix}-scheme-tab-${next}`)?.focus();
              }}
              className={`-mb-px border-b-2 px-3 py-2 text-sm ${focusRing} ${
                scheme === s ? 'border-teal-700 font-semibold text-teal-800' : 'border-transparent text-slate-600 hover:text-slate-900'
              }`}
            >
              {s === 'standard' ? t('webhooks.example.standard') : t('webhooks.example.simple')}
            </button>
          ))}
        </div>
        <div {...tabPanelProps(`${idPrefix}-scheme`, scheme)} className="mt-3 flex min-w-0 flex-col gap-2">
          <p className="text-sm text-slate-600">{scheme === 'standard' ? t('webhooks.example.standardHint') : t('webhooks.example.simpleHint')}</p>
          {!secret && <p className="text-sm text-slate-600">{t('webhooks.example.placeholderHint', { placeholder: SECRET_PLACEHOLDER })}</p>}
          <CodeBlock code={callExample(scheme, url, secret)} label={t('webhooks.example.curl')} copyLabel={t('webhooks.copy.curl')} testId={`${idPrefix}-curl`} />
          <p className="text-xs text-slate-500">{t('webhooks.example.answer')}</p>
        </div>
      </div>
    </div>
  );
}
