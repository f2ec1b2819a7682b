import { useTranslation } from 'react-i18next';
import { API_PREFIX } from '../../api/client';
import type { ApiKey } from '../../api/types';
import { CodeBlock, CopyValue } from '../webhooks/Copy';
import { SecretBox } from '../webhooks/SecretPanel';
import { ScopeChips } from './Chips';

/** A first call with the key: the patient list (every scope reads). */
export function curlExample(key: string, origin: string): string {
  return `curl -H "Authorization: Bearer ${key}" ${origin}${API_PREFIX}/patients`;
}

/** The whole key, shown this once after create, with a copy button and a ready-to-run call. */
export function KeyPanel({ apiKey, secret, onDone }: { apiKey: ApiKey; secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <SecretBox
      title={t('apiKeys.secret.title', { name: apiKey.name })}
      once={t('apiKeys.secret.once')}
      doneLabel={t('apiKeys.secret.done')}
      onDone={onDone}
      testId="api-key-panel"
      revealKey={secret}
    >
      <div className="flex flex-wrap items-center gap-2 text-sm text-amber-950">
        <span>{t('apiKeys.fields.scopes')}:</span>
        <ScopeChips scopes={apiKey.scopes} />
      </div>
      <CopyValue label={t('apiKeys.secret.label')} value={secret} copyLabel={t('apiKeys.secret.copy')} testId="api-key-secret" tone="secret" />
      <CodeBlock code={curlExample(secret, window.location.origin)} label={t('apiKeys.secret.example')} copyLabel={t('apiKeys.secret.copyExample')} testId="api-key-curl" />
    </SecretBox>
  );
}
