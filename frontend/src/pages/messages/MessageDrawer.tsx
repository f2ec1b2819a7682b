import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RotateCcw } from 'lucide-react';
import type { MessageAttempt } from '../../api/types';
import { Badge } from '../../components/Badge';
import { Button, focusRing } from '../../components/Button';
import { Drawer } from '../../components/Drawer';
import { MessageStatusChip } from '../../components/StatusChip';
import { ErrorState, LoadingState } from '../../components/States';
import { formatDateTime, zoneLabel } from '../../lib/format';
import { useMessage } from './api';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-words text-sm text-slate-900">{children || <span className="text-slate-400">—</span>}</dd>
    </div>
  );
}

const ATTEMPT_TONES: Record<string, 'green' | 'red' | 'amber' | 'gray' | 'blue'> = {
  sent: 'green',
  failed: 'red',
  throttled: 'amber',
  skipped: 'amber',
  unknown: 'gray',
  started: 'blue',
};

function AttemptStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Badge tone={ATTEMPT_TONES[status] ?? 'gray'}>{t(`attemptStatus.${status}`, { defaultValue: status })}</Badge>;
}

interface Props {
  id: string;
  timeZone?: string;
  onClose: () => void;
  canRetry: boolean;
  retrying: boolean;
  onRetry: (id: string) => void;
}

/** One message with its failover trail (every attempt, oldest first). */
export function MessageDrawer({ id, timeZone, onClose, canRetry, retrying, onRetry }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const message = useMessage(id);
  const m = message.data;
  const dt = (v: string | null | undefined) => formatDateTime(v, lang, timeZone);
  const attempts: MessageAttempt[] = m?.attempts ?? [];
  const channelsTried = new Set(attempts.map((a) => a.channel));

  return (
    <Drawer open title={t('messages.detailTitle')} onClose={onClose}>
      {message.isPending && <LoadingState />}
      {message.isError && <ErrorState error={message.error} onRetry={() => void message.refetch()} />}
      {m && (
        <div className="flex flex-col gap-5">
          <div className="flex flex-wrap items-center gap-2">
            <MessageStatusChip status={m.status} />
            {m.skip_reason && <span className="text-sm text-amber-800">{t(`skipReason.${m.skip_reason}`, { defaultValue: m.skip_reason })}</span>}
            {channelsTried.size > 1 && <Badge tone="violet">{t('messages.failedOver')}</Badge>}
            {canRetry && m.status === 'failed' && (
              <Button className="ml-auto" disabled={retrying} onClick={() => onRetry(m.id)}>
                <RotateCcw aria-hidden="true" className="size-4" />
                {t('messages.retry')}
              </Button>
            )}
          </div>
          <div className="whitespace-pre-wrap rounded-lg bg-slate-50 p-3 text-sm text-slate-900">{m.body}</div>
          {timeZone && <p className="text-xs text-slate-600">{t('messages.timesIn', { zone: zoneLabel(timeZone, lang) })}</p>}
          <dl className="grid gap-3 sm:grid-cols-2">
            <Item label={t('messages.fields.patient')}>
              {m.patient_id ? (
                <Link to={`/patients/${m.patient_id}`} className={`text-teal-800 underline ${focusRing}`}>
                  {m.patient_name || m.patient_id}
                </Link>
              ) : (
                m.to_phone
              )}
            </Item>
            <Item label={t('messages.fields.channel')}>{t(`channels.${m.channel}`, { defaultValue: m.channel })}</Item>
            <Item label={t('messages.fields.direction')}>{t(`direction.${m.direction}`, { defaultValue: m.direction })}</Item>
            <Item label={t('messages.fields.source')}>{t(`source.${m.source}`, { defaultValue: m.source })}</Item>
            <Item label={t('messages.fields.channel_order')}>{(m.channel_order ?? []).map((c) => t(`channels.${c}`, { defaultValue: c })).join(' → ')}</Item>
            <Item label={t('messages.fields.created_at')}>{dt(m.created_at)}</Item>
            {m.sent_at && <Item label={t('messages.fields.sent_at')}>{dt(m.sent_at)}</Item>}
            {m.delivered_at && <Item label={t('messages.fields.delivered_at')}>{dt(m.delivered_at)}</Item>}
            {m.read_at && <Item label={t('messages.fields.read_at')}>{dt(m.read_at)}</Item>}
            {m.failed_at && <Item label={t('messages.fields.failed_at')}>{dt(m.failed_at)}</Item>}
            {m.next_attempt_at && <Item label={t('messages.fields.next_attempt_at')}>{dt(m.next_attempt_at)}</Item>}
            {m.send_before && <Item label={t('messages.fields.send_before')}>{dt(m.send_before)}</Item>}
            {(m.error_code || m.error_message) && (
              <Item label={t('messages.fields.error')}>
                <span className="text-red-800">{[m.error_code, m.error_message].filter(Boolean).join(': ')}</span>
              </Item>
            )}
            {m.provider_message_id && (
              <Item label={t('messages.fields.provider_message_id')}>
                <span className="font-mono text-xs">{m.provider_message_id}</span>
              </Item>
            )}
          </dl>

          <section aria-labelledby="message-attempts-title">
            <h3 id="message-attempts-title" className="mb-2 text-sm font-semibold text-slate-900">
              {t('messages.attempts')}
            </h3>
            {attempts.length === 0 ? (
              <p className="text-sm text-slate-600">{t('messages.noAttempts')}</p>
            ) : (
              <ol className="relative ml-2 border-l border-slate-200" aria-label={t('messages.attempts')}>
                {attempts.map((a, i) => (
                  <li key={`${a.attempt_no}-${i}`} className="mb-4 ml-4" data-testid="attempt">
                    <span aria-hidden="true" className={`absolute -left-1.5 mt-1.5 size-3 rounded-full border border-white ${a.status === 'failed' ? 'bg-red-600' : a.status === 'sent' ? 'bg-emerald-600' : 'bg-slate-400'}`} />
                    <p className="flex flex-wrap items-center gap-2 text-sm">
                      <span className="font-medium text-slate-900">{t('messages.attemptN', { n: a.attempt_no || i + 1 })}</span>
                      <span className="text-slate-700">{t(`channels.${a.channel}`, { defaultValue: a.channel })}</span>
                      <AttemptStatus status={a.status} />
                    </p>
                    <p className="text-xs text-slate-500">
                      <time dateTime={a.at}>{dt(a.at)}</time>
                    </p>
                    {(a.error_code || a.error_message) && (
                      <p className="mt-0.5 text-sm text-red-800">{[a.error_code, a.error_message].filter(Boolean).join(': ')}</p>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      )}
    </Drawer>
  );
}
