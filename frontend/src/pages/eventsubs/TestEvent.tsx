import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Send } from 'lucide-react';
import type { EventDelivery } from '../../api/types';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { randomKey } from '../../lib/idempotency';
import { sendTestEvent, subKeys, useDeliveries } from './api';
import { DeliveryStatusChip } from './Chips';

/** Sends a test.event to this subscription only and shows the delivery it queued. */
export function TestEvent({ subscriptionId, onQueued }: { subscriptionId: string; onQueued: (d: EventDelivery) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [queued, setQueued] = useState<EventDelivery | null>(null);
  // The newest deliveries (the same query as the list below, so no extra request): the queued one's state as it changes.
  const newest = useDeliveries(subscriptionId, 1, '');
  const live = queued ? (newest.data?.data.find((d) => d.id === queued.id) ?? queued) : null;
  const send = async () => {
    setBusy(true);
    setError('');
    try {
      // Every press is a new test event: a fresh Idempotency-Key each time.
      const d = await sendTestEvent(subscriptionId, randomKey());
      setQueued(d);
      onQueued(d);
      await queryClient.invalidateQueries({ queryKey: subKeys.deliveries(subscriptionId) });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('eventSubs.test.title')} className="min-w-0">
      <p className="text-sm text-slate-600">{t('eventSubs.test.text')}</p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Button onClick={() => void send()} disabled={busy}>
          <Send aria-hidden="true" className="size-4" />
          {busy ? t('eventSubs.test.sending') : t('eventSubs.test.button')}
        </Button>
      </div>
      {error && (
        <div className="mt-3">
          <ErrorBanner message={error} />
        </div>
      )}
      {live && (
        <div role="status" data-testid="test-delivery" className="mt-3 min-w-0 rounded-md border border-sky-200 bg-sky-50 p-3 text-sm text-sky-950">
          <p className="flex flex-wrap items-center gap-2">
            {t('eventSubs.test.queued')} <DeliveryStatusChip status={live.status} />
          </p>
          <p className="mt-1 text-xs">
            {t('eventSubs.fields.webhookId')}: <code className="font-mono break-all">{live.webhook_id}</code>
          </p>
          <p className="mt-1 text-xs">{t('eventSubs.test.follow')}</p>
        </div>
      )}
    </Card>
  );
}
