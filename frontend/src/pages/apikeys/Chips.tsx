import { useTranslation } from 'react-i18next';
import { Badge, type Tone } from '../../components/Badge';
import type { ApiKeyScope } from '../../api/types';
import type { KeyStatus } from './api';

const SCOPE_TONES: Record<ApiKeyScope, Tone> = { read: 'blue', write: 'violet', send: 'amber' };
const STATUS_TONES: Record<KeyStatus, Tone> = { active: 'green', revoked: 'red', expired: 'gray' };

/** What a key may do: read, write, send. */
export function ScopeChips({ scopes }: { scopes: readonly ApiKeyScope[] }) {
  const { t } = useTranslation();
  return (
    <span data-testid="key-scopes" className="flex flex-wrap gap-1">
      {scopes.map((s) => (
        <Badge key={s} tone={SCOPE_TONES[s] ?? 'gray'}>
          {t(`apiKeys.scopes.${s}`, { defaultValue: s })}
        </Badge>
      ))}
    </span>
  );
}

export function KeyStatusChip({ status }: { status: KeyStatus }) {
  const { t } = useTranslation();
  return (
    <span data-testid="key-status" data-status={status}>
      <Badge tone={STATUS_TONES[status]}>{t(`apiKeys.status.${status}`)}</Badge>
    </span>
  );
}
