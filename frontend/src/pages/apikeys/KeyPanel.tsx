import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyRound } from 'lucide-react';
import { API_PREFIX } from '../../api/client';
import type { ApiKey } from '../../api/types';
import { Button } from '../../components/Button';
import { CodeBlock, CopyValue } from '../webhooks/Copy';
import { ScopeChips } from './Chips';

/** A first call with the key: the patient list (every scope reads). */
export function curlExample(key: string, origin: string): string {
  return `curl -H "Authorization: Bearer ${key}" ${origin}${API_PREFIX}/patients`;
}

/** The whole key, shown this once after create, with a copy button and a ready-to-run call. */
export function KeyPanel({ apiKey, secret, onDone }: { apiKey: ApiKey; secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'start' });
    ref.current?.focus({ preventScroll: true });
  }, [secret]);
  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-labelledby="api-key-secret-title"
      data-testid="api-key-panel"
      className="flex min-w-0 flex-col gap-4 rounded-lg border-2 border-amber-400 bg-amber-50 p-4 shadow-sm outline-none"
    >
      <div className="flex items-start gap-3">
        <KeyRound aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-amber-700" />
        <div className="min-w-0">
          <h2 id="api-key-secret-title" className="text-base font-semibold break-words text-amber-950">
            {t('apiKeys.secret.title', { name: apiKey.name })}
          </h2>
          <p className="mt-1 text-sm font-medium text-amber-950">{t('apiKeys.secret.once')}</p>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm text-amber-950">
        <span>{t('apiKeys.fields.scopes')}:</span>
        <ScopeChips scopes={apiKey.scopes} />
      </div>
      <CopyValue label={t('apiKeys.secret.label')} value={secret} copyLabel={t('apiKeys.secret.copy')} testId="api-key-secret" tone="secret" />
      <CodeBlock code={curlExample(secret, window.location.origin)} label={t('apiKeys.secret.example')} copyLabel={t('apiKeys.secret.copyExample')} testId="api-key-curl" />
      <div className="flex justify-end">
        <Button variant="primary" onClick={onDone}>
          {t('apiKeys.secret.done')}
        </Button>
      </div>
    </section>
  );
}
