import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/MeContext';
import { focusRing } from '../../components/Button';
import { Card } from '../../components/Card';
import { Pagination } from '../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDateTime, formatNumber } from '../../lib/format';
import { CALLS_PER_PAGE, useWebhookCalls, webhookKeys } from './api';
import { OutcomeChip } from './Chips';
import type { WebhookExecution } from './types';

/** JSON text indented for reading; other text as it is. */
function pretty(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value ?? null, null, 2);
}

const pre = 'mt-1 max-h-72 max-w-full overflow-auto rounded-md bg-slate-50 p-2 font-mono text-xs break-all whitespace-pre-wrap text-slate-800';

function CallDetails({ call }: { call: WebhookExecution }) {
  const { t } = useTranslation();
  const { isAdmin } = useMe();
  return (
    <details className="mt-2 text-sm">
      <summary className={`cursor-pointer text-teal-800 ${focusRing}`}>{t('webhooks.calls.details')}</summary>
      <div className="mt-2 grid min-w-0 gap-3 lg:grid-cols-2">
        <div className="min-w-0">
          <p className="text-xs font-semibold text-slate-600 uppercase">{t('webhooks.calls.payload')}</p>
          {!isAdmin ? (
            <p className="mt-1 text-slate-600">{t('webhooks.calls.payloadAdminsOnly')}</p>
          ) : call.payload === null ? (
            <p className="mt-1 text-slate-600">{t('webhooks.calls.payloadNone')}</p>
          ) : (
            <pre data-testid="call-payload" className={pre}>{pretty(call.payload)}</pre>
          )}
        </div>
        <div className="min-w-0">
          <p className="text-xs font-semibold text-slate-600 uppercase">{t('webhooks.calls.response')}</p>
          <pre data-testid="call-response" className={pre}>{pretty(call.response)}</pre>
        </div>
      </div>
    </details>
  );
}

function CallRow({ call }: { call: WebhookExecution }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <li data-testid="webhook-call" data-outcome={call.outcome} className="p-3">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <time dateTime={call.created_at} className="font-medium text-slate-900">
          {formatDateTime(call.created_at, lang)}
        </time>
        <OutcomeChip outcome={call.outcome} />
        <span className="font-mono text-xs text-slate-700" title={t('webhooks.calls.statusCode')}>
          {t('webhooks.calls.status', { code: call.status_code })}
        </span>
        <span className="text-xs text-slate-600">{t('webhooks.calls.duration', { ms: formatNumber(call.duration_ms, lang) })}</span>
      </div>
      <div className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600">
        {call.execution_id && (
          <Link to={`/workflow-executions/${call.execution_id}`} className={`text-teal-800 underline underline-offset-2 ${focusRing}`}>
            {t('webhooks.calls.execution')}
          </Link>
        )}
        {call.patient_id && (
          <Link to={`/patients/${call.patient_id}`} className={`text-teal-800 underline underline-offset-2 ${focusRing}`}>
            {t('webhooks.calls.patient')}
          </Link>
        )}
        {call.delivery_id && (
          <span className="min-w-0 break-all">
            {t('webhooks.calls.delivery')} <code className="font-mono">{call.delivery_id}</code>
          </span>
        )}
      </div>
      <CallDetails call={call} />
    </li>
  );
}

/** The webhook's recorded calls, newest first, looked at again every few seconds. */
export function WebhookCalls({ webhookId }: { webhookId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const calls = useWebhookCalls(webhookId, page);
  const rows = calls.data?.data ?? [];
  // A new call changes the webhook's "last called" (not its version, so an open edit is kept).
  const queryClient = useQueryClient();
  const total = calls.data?.total;
  const seen = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (total === undefined) return;
    if (seen.current !== undefined && total !== seen.current) {
      void queryClient.invalidateQueries({ queryKey: webhookKeys.one(webhookId) });
      void queryClient.invalidateQueries({ queryKey: webhookKeys.lists });
    }
    seen.current = total;
  }, [total, webhookId, queryClient]);
  return (
    <Card className="p-0!">
      <div className="px-4 pt-4 pb-3">
        <h2 id="webhook-calls-title" className="text-base font-semibold text-slate-900">
          {t('webhooks.calls.title')}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t('webhooks.calls.intro')}</p>
      </div>
      {calls.isPending && <LoadingState />}
      {calls.isError && (
        <div className="p-4">
          <ErrorState error={calls.error} onRetry={() => void calls.refetch()} />
        </div>
      )}
      {calls.data && rows.length === 0 && <EmptyState title={t('webhooks.calls.empty')}>{t('webhooks.calls.emptyHint')}</EmptyState>}
      {rows.length > 0 && (
        <div aria-busy={calls.isFetching}>
          <ul aria-labelledby="webhook-calls-title" className="divide-y divide-slate-100 border-t border-slate-200">
            {rows.map((c) => (
              <CallRow key={c.id} call={c} />
            ))}
          </ul>
          <Pagination page={calls.data?.page ?? page} perPage={calls.data?.per_page ?? CALLS_PER_PAGE} total={calls.data?.total ?? 0} onPage={setPage} />
        </div>
      )}
    </Card>
  );
}
