import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RefreshCw } from 'lucide-react';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SelectFilter } from '../../components/SelectField';
import { useErrorMessage } from '../../components/States';
import { ApiError } from '../../api/problem';
import { newIdempotencyKey } from '../../lib/idempotency';
import { formatDateTime } from '../../lib/format';
import { rotateSecret } from './api';
import { OVERLAPS, type OverlapKey, type Webhook, type WebhookRotateRequest } from './types';

interface RotateCardProps<T> {
  /** An id for the overlap choice, unique on the page. */
  id: string;
  version: number;
  previousUntil: string | null | undefined;
  rotate: (body: WebhookRotateRequest, idempotencyKey: string) => Promise<T>;
  onRotated: (result: T) => void;
  /** What happens to the current secret: at once, or for the chosen overlap (in words). */
  confirmText: (overlap: OverlapKey, overlapWords: string) => string;
  /** The words of a refused save that met a newer version (409). */
  conflictText: string;
}

/** A new secret, with the old one working on for a chosen while so the other side can switch without losing anything. */
export function RotateSecretCard<T>({ id, version, previousUntil, rotate, onRotated, confirmText, conflictText }: RotateCardProps<T>) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const key = useRef(newIdempotencyKey());
  const [overlap, setOverlap] = useState<OverlapKey>('day');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const seconds = OVERLAPS.find((o) => o.key === overlap)?.seconds ?? 86_400;
  const previousWorks = previousUntil && new Date(previousUntil).getTime() > Date.now();

  const run = async () => {
    setBusy(true);
    setError('');
    try {
      const body = { overlap_seconds: seconds, version };
      const rotated = await rotate(body, key.current.for(body));
      setConfirming(false);
      onRotated(rotated);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 409 ? conflictText : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('webhooks.rotate.title')}>
      <p className="text-sm text-slate-600">{t('webhooks.rotate.text')}</p>
      {previousWorks && (
        <p role="status" className="mt-2 rounded-md border border-sky-200 bg-sky-50 p-2 text-sm text-sky-900">
          {t('webhooks.rotate.previousUntil', { time: formatDateTime(previousUntil, i18n.language) })}
        </p>
      )}
      <div className="mt-3 flex flex-wrap items-end gap-3">
        <SelectFilter id={id} label={t('webhooks.rotate.overlap')} value={overlap} onChange={(v) => setOverlap(v as OverlapKey)} className="min-w-0 flex-1 basis-52">
          {OVERLAPS.map((o) => (
            <option key={o.key} value={o.key}>
              {t(`webhooks.rotate.overlaps.${o.key}`)}
            </option>
          ))}
        </SelectFilter>
        <Button onClick={() => setConfirming(true)}>
          <RefreshCw aria-hidden="true" className="size-4" />
          {t('webhooks.rotate.button')}
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('webhooks.rotate.confirmTitle')}
        confirmLabel={t('webhooks.rotate.confirm')}
        confirmVariant="primary"
        busy={busy}
        error={error || undefined}
        onConfirm={() => void run()}
        onCancel={() => {
          setConfirming(false);
          setError('');
        }}
      >
        {confirmText(overlap, t(`webhooks.rotate.overlaps.${overlap}`))}
      </ConfirmDialog>
    </Card>
  );
}

/** Rotating an inbound webhook's secret: calls signed with either secret are taken during the overlap. */
export function RotateSecret({ webhook, onRotated }: { webhook: Webhook; onRotated: (w: Webhook) => void }) {
  const { t } = useTranslation();
  return (
    <RotateSecretCard
      id="webhook-overlap"
      version={webhook.version}
      previousUntil={webhook.previous_secret_expires_at}
      rotate={(body, key) => rotateSecret(webhook.id, body, key)}
      onRotated={onRotated}
      confirmText={(overlap, words) => (overlap === 'none' ? t('webhooks.rotate.confirmNow') : t('webhooks.rotate.confirmOverlap', { overlap: words }))}
      conflictText={t('webhooks.conflict')}
    />
  );
}
