import { useTranslation } from 'react-i18next';
import { Ban } from 'lucide-react';
import { useMe } from '../../auth/MeContext';
import { Button } from '../../components/Button';
import { formatDate, formatDateTime } from '../../lib/format';
import type { ApiKey } from '../../api/types';
import { relativeTime } from '../conversations/time';
import { keyStatus } from './api';
import { KeyStatusChip, ScopeChips } from './Chips';

export const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600';
const td = 'px-3 py-2 align-top text-sm text-slate-800';

/** When the key was last used: "5 min ago", a date, or "Never" (the full time in a tooltip). */
function LastUsed({ at }: { at: string | null }) {
  const { t, i18n } = useTranslation();
  const { tenant } = useMe();
  if (!at) return <span className="text-slate-500">{t('apiKeys.never')}</span>;
  return (
    <time dateTime={at} title={formatDateTime(at, i18n.language, tenant.timezone || undefined)}>
      {relativeTime(at, i18n.language, tenant.timezone || 'UTC')}
    </time>
  );
}

function Expires({ at }: { at: string | null }) {
  const { t, i18n } = useTranslation();
  return at ? <>{formatDate(at, i18n.language)}</> : <span className="text-slate-500">{t('apiKeys.noExpiry')}</span>;
}

/** One key: at phone width a card (the other columns under the name), a table row otherwise. */
export function ApiKeyRow({ k, onRevoke }: { k: ApiKey; onRevoke: (k: ApiKey) => void }) {
  const { t, i18n } = useTranslation();
  const status = keyStatus(k);
  return (
    <tr data-testid="api-key-row" data-status={status}>
      <td className={td}>
        <p className="font-medium break-words text-slate-900">{k.name}</p>
        <code className="font-mono text-xs break-all text-slate-600">{k.prefix}…</code>
        <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-2 gap-y-1 text-xs text-slate-600 md:hidden">
          <dt>{t('apiKeys.fields.scopes')}</dt>
          <dd><ScopeChips scopes={k.scopes} /></dd>
          <dt>{t('apiKeys.fields.lastUsed')}</dt>
          <dd><LastUsed at={k.last_used_at} /></dd>
          <dt>{t('apiKeys.fields.created')}</dt>
          <dd>{formatDate(k.created_at, i18n.language)}</dd>
          <dt>{t('apiKeys.fields.expires')}</dt>
          <dd><Expires at={k.expires_at} /></dd>
        </dl>
      </td>
      <td className={`${td} hidden md:table-cell`}>
        <ScopeChips scopes={k.scopes} />
      </td>
      <td className={`${td} whitespace-nowrap`}>
        <KeyStatusChip status={status} />
      </td>
      <td className={`${td} hidden whitespace-nowrap md:table-cell`}>
        <LastUsed at={k.last_used_at} />
      </td>
      <td className={`${td} hidden whitespace-nowrap lg:table-cell`}>{formatDate(k.created_at, i18n.language)}</td>
      <td className={`${td} hidden whitespace-nowrap lg:table-cell`}>
        <Expires at={k.expires_at} />
      </td>
      <td className={`${td} text-right`}>
        {status !== 'revoked' && (
          <Button variant="ghost" onClick={() => onRevoke(k)} aria-label={t('apiKeys.revoke.label', { name: k.name })} className="px-2 py-1 text-red-700 hover:bg-red-50">
            <Ban aria-hidden="true" className="size-4" />
            <span className="hidden sm:inline">{t('apiKeys.revoke.button')}</span>
          </Button>
        )}
      </td>
    </tr>
  );
}
