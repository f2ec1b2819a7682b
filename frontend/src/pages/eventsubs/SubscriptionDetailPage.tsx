import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Trash2 } from 'lucide-react';
import { ApiError } from '../../api/problem';
import type { EventSubscription, EventType } from '../../api/types';
import { Button } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { isForbidden, useCanManageIntegrations } from '../webhooks/access';
import { forgetSecret, peekSecret } from '../webhooks/freshSecret';
import { RotateSecretCard } from '../webhooks/RotateSecret';
import { deleteSubscription, patchSubscription, rotateSubscriptionSecret, subKeys, useSubscription, withoutSecret } from './api';
import { SubscriptionStateChip } from './Chips';
import { BackToSubs, SubsNotAllowed } from './Common';
import { Deliveries } from './Deliveries';
import { SubscriptionSecretPanel } from './SecretPanel';
import { SubscriptionForm } from './SubscriptionForm';
import { TestEvent } from './TestEvent';

function Detail({ id }: { id: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const sub = useSubscription(id);
  // A secret handed over by the create page is shown once; a reload finds none.
  const [fresh, setFresh] = useState<{ secret: string; rotated: boolean } | null>(() => {
    const secret = peekSecret(id);
    return secret ? { secret, rotated: false } : null;
  });
  useEffect(() => forgetSecret(id), [id]);
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState(false);
  const [testId, setTestId] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState('');

  if (sub.isPending) return <LoadingState />;
  if (sub.isError)
    return (
      <>
        <BackToSubs />
        {isForbidden(sub.error) ? <SubsNotAllowed /> : <ErrorState error={sub.error} onRetry={() => void sub.refetch()} />}
      </>
    );
  const s = sub.data;
  const store = async (next: EventSubscription) => {
    queryClient.setQueryData(subKeys.one(id), withoutSecret(next));
    await queryClient.invalidateQueries({ queryKey: subKeys.lists });
  };
  const remove = async () => {
    setDeleting(true);
    setDeleteError('');
    try {
      await deleteSubscription(id, s.version);
      queryClient.removeQueries({ queryKey: subKeys.one(id) });
      await queryClient.invalidateQueries({ queryKey: subKeys.lists });
      navigate('/event-subscriptions', { replace: true });
    } catch (err) {
      setDeleteError(err instanceof ApiError && err.status === 409 ? t('eventSubs.conflict') : errorMessage(err));
      setDeleting(false);
    }
  };

  return (
    <>
      <BackToSubs />
      <PageHeader
        title={s.description || t('eventSubs.detailTitle')}
        actions={
          <Button variant="danger" onClick={() => setConfirmDelete(true)}>
            <Trash2 aria-hidden="true" className="size-4" />
            {t('common.delete')}
          </Button>
        }
      >
        <div className="mt-1 flex min-w-0 flex-wrap items-center gap-2 text-sm text-slate-600">
          <SubscriptionStateChip sub={s} />
          <code className="min-w-0 font-mono break-all">{s.url}</code>
        </div>
      </PageHeader>
      {fresh && <SubscriptionSecretPanel secret={fresh.secret} rotated={fresh.rotated} onDone={() => setFresh(null)} />}
      {s.disabled_reason && !s.is_active && (
        <div role="alert" data-testid="disabled-reason" className="mb-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-medium">{t('eventSubs.disabled.title')}</p>
          <p className="mt-1 break-words">{s.disabled_reason}</p>
          <p className="mt-1">{t('eventSubs.disabled.text')}</p>
        </div>
      )}
      <div className="grid min-w-0 gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-start">
        <Card title={t('eventSubs.settings')} className="min-w-0">
          {conflict && (
            <div role="alert" className="mb-3 flex flex-wrap items-center justify-between gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
              <span>{t('eventSubs.conflict')}</span>
              <Button onClick={() => void sub.refetch().then(() => setConflict(false))}>{t('webhooks.reload')}</Button>
            </div>
          )}
          {saved && (
            <p role="status" className="mb-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
              {t('webhooks.saved')}
            </p>
          )}
          <SubscriptionForm
            key={`${s.id}-${s.version}`}
            initial={{ url: s.url, description: s.description, events: s.events as EventType[], isActive: s.is_active }}
            submitLabel={t('common.save')}
            onConflict={() => {
              setSaved(false);
              setConflict(true);
            }}
            onSave={async (v) => {
              setSaved(false);
              const updated = await patchSubscription(id, { url: v.url, description: v.description, events: v.events, is_active: v.isActive, version: s.version });
              await store(updated);
              setConflict(false);
              setSaved(true);
            }}
          />
        </Card>
        <div className="flex min-w-0 flex-col gap-4">
          <TestEvent subscriptionId={id} onQueued={(d) => setTestId(d.id)} />
          <RotateSecretCard
            id="subscription-overlap"
            version={s.version}
            previousUntil={s.previous_secret_expires_at}
            rotate={(body, key) => rotateSubscriptionSecret(id, body, key)}
            onRotated={(rotated) => {
              if (rotated.secret) setFresh({ secret: rotated.secret, rotated: true });
              void store(rotated);
            }}
            confirmText={(overlap, words) => (overlap === 'none' ? t('eventSubs.rotate.confirmNow') : t('eventSubs.rotate.confirmOverlap', { overlap: words }))}
            conflictText={t('eventSubs.conflict')}
          />
        </div>
      </div>
      <div className="mt-4">
        <Deliveries subscriptionId={id} highlightId={testId} />
      </div>
      <ConfirmDialog
        open={confirmDelete}
        title={t('eventSubs.delete.title')}
        confirmLabel={t('common.delete')}
        busy={deleting}
        error={deleteError || undefined}
        onConfirm={() => void remove()}
        onCancel={() => {
          setConfirmDelete(false);
          setDeleteError('');
        }}
      >
        {t('eventSubs.delete.text', { url: s.url })}
      </ConfirmDialog>
    </>
  );
}

export function SubscriptionDetailPage() {
  const { id = '' } = useParams();
  const allowed = useCanManageIntegrations();
  if (!allowed)
    return (
      <>
        <BackToSubs />
        <SubsNotAllowed />
      </>
    );
  return <Detail key={id} id={id} />;
}
