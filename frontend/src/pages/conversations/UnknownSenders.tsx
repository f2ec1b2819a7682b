import { useTranslation } from 'react-i18next';
import { Card } from '../../components/Card';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDateTime, formatNumber, zoneLabel } from '../../lib/format';
import { useUnknownSenders } from './api';

/** A phone number with every digit but the last four hidden: "+62 •••• 7890". */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return phone;
  return `${phone.trim().startsWith('+') ? '+' : ''}•••• ${digits.slice(-4)}`;
}

/** Phones that wrote in without being a patient (admins only; no text is kept). */
export function UnknownSenders({ timeZone }: { timeZone: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const list = useUnknownSenders(true);
  const rows = list.data?.data ?? [];
  const dt = (v: string | null | undefined) => formatDateTime(v, lang, timeZone);
  return (
    <Card title={t('conversations.unknown.title')}>
      <p className="mb-3 text-sm text-slate-600">{t('conversations.unknown.hint')}</p>
      {list.isPending && <LoadingState />}
      {list.isError && !list.data && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && rows.length === 0 && <EmptyState title={t('conversations.unknown.empty')} />}
      {rows.length > 0 && (
        <>
          <p className="mb-2 text-xs text-slate-600">{t('messages.timesIn', { zone: zoneLabel(timeZone, lang) })}</p>
          <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" aria-label={t('conversations.unknown.title')}>
            {rows.map((u) => (
              <li key={u.id} className="grid gap-1 p-3 text-sm sm:grid-cols-[10rem_1fr] sm:gap-x-4" data-testid="unknown-sender">
                <div>
                  <p className="font-mono font-medium text-slate-900">{maskPhone(u.phone)}</p>
                  <p className="text-xs text-slate-500">{t(`channels.${u.channel}`, { defaultValue: u.channel })}</p>
                </div>
                <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-slate-700">
                  <dt className="text-slate-500">{t('conversations.unknown.messages')}</dt>
                  <dd>{formatNumber(u.message_count, lang)}</dd>
                  <dt className="text-slate-500">{t('conversations.unknown.lastSeen')}</dt>
                  <dd>
                    <time dateTime={u.last_seen_at}>{dt(u.last_seen_at)}</time>
                  </dd>
                  <dt className="text-slate-500">{t('conversations.unknown.firstSeen')}</dt>
                  <dd>
                    <time dateTime={u.first_seen_at}>{dt(u.first_seen_at)}</time>
                  </dd>
                  <dt className="text-slate-500">{t('conversations.unknown.lastAnswered')}</dt>
                  <dd>{u.last_answered_at ? <time dateTime={u.last_answered_at}>{dt(u.last_answered_at)}</time> : t('conversations.unknown.never')}</dd>
                </dl>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
