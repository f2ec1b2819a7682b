import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Trash2 } from 'lucide-react';
import { ApiError } from '../../api/problem';
import { Button } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { formatDateTime } from '../../lib/format';
import { isForbidden, NotAllowed, useCanManageWebhooks } from './access';
import { deleteWebhook, patchWebhook, useWebhook, webhookKeys, withoutSecret } from './api';
import { BackToWebhooks } from './Back';
import { CallExample } from './CallExample';
import { WebhookActiveChip } from './Chips';
import { forgetSecret, peekSecret } from './freshSecret';
import { RotateSecret } from './RotateSecret';
import { SecretPanel } from './SecretPanel';
import type { Webhook } from './types';
import { WebhookCalls } from './WebhookCalls';
import { WebhookForm } from './WebhookForm';

function WebhookDetail({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const webhook = useWebhook(id);
  // A secret handed over by the create page is shown once; a reload finds none.
  const [fresh, setFresh] = useState<{ secret: string; rotated: boolean } | null>(() => {
    const secret = peekSecret(id);
    return secret ? { secret, rotated: false } : null;
  });
  useEffect(() => forgetSecret(id), [id]);
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState('');

  if (webhook.isPending) return <LoadingState />;
  if (webhook.isError)
    return (
      <>
        <BackToWebhooks />
        {isForbidden(webhook.error) ? <NotAllowed /> : <ErrorState error={webhook.error} onRetry={() => void webhook.refetch()} />}
      </>
    );
  const w = webhook.data;
  const store = async (next: Webhook) => {
    queryClient.setQueryData(webhookKeys.one(id), withoutSecret(next));
    await queryClient.invalidateQueries({ queryKey: webhookKeys.lists });
  };
  const remove = async () => {
    setDeleting(true);
    setDeleteError('');
    try {
      await deleteWebhook(id, w.version);
      queryClient.removeQueries({ queryKey: webhookKeys.one(id) });
      await queryClient.invalidateQueries({ queryKey: webhookKeys.lists });
      navigate('/webhooks', { replace: true });
    } catch (err) {
      setDeleteError(err instanceof ApiError && err.status === 409 ? t('webhooks.conflict') : errorMessage(err));
      setDeleting(false);
    }
  };

  return (
    <>
      <BackToWebhooks />
      <PageHeader
        title={w.name}
        actions={
          <Button variant="danger" onClick={() => setConfirmDelete(true)}>
            <Trash2 aria-hidden="true" className="size-4" />
            {t('common.delete')}
          </Button>
        }
      >
        <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <WebhookActiveChip active={w.is_active} />
          <span>{w.last_called_at ? t('webhooks.lastCalledAt', { time: formatDateTime(w.last_called_at, i18n.language) }) : t('webhooks.neverCalled')}</span>
        </div>
      </PageHeader>
      {fresh && <SecretPanel secret={fresh.secret} url={w.url} rotated={fresh.rotated} onDone={() => setFresh(null)} />}
      <div className="grid min-w-0 gap-4 lg:grid-cols-2 lg:items-start">
        <Card title={t('webhooks.settings')} className="min-w-0">
          {conflict && (
            <div role="alert" className="mb-3 flex flex-wrap items-center justify-between gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
              <span>{t('webhooks.conflict')}</span>
              <Button onClick={() => void webhook.refetch().then(() => setConflict(false))}>{t('webhooks.reload')}</Button>
            </div>
          )}
          {saved && (
            <p role="status" className="mb-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
              {t('webhooks.saved')}
            </p>
          )}
          <WebhookForm
            key={`${w.id}-${w.version}`}
            initial={{ name: w.name, workflowId: w.workflow_id ?? '', isActive: w.is_active }}
            submitLabel={t('common.save')}
            onConflict={() => {
              setSaved(false);
              setConflict(true);
            }}
            onSave={async (v) => {
              setSaved(false);
              const updated = await patchWebhook(id, { name: v.name, workflow_id: v.workflowId || null, is_active: v.isActive, version: w.version });
              await store(updated);
              setConflict(false);
              setSaved(true);
            }}
          />
        </Card>
        <RotateSecret
          webhook={w}
          onRotated={(rotated) => {
            if (rotated.secret) setFresh({ secret: rotated.secret, rotated: true });
            void store(rotated);
          }}
        />
      </div>
      <Card title={t('webhooks.example.title')} className="mt-4 min-w-0">
        <CallExample url={w.url} idPrefix="detail-example" />
      </Card>
      <div className="mt-4">
        <WebhookCalls webhookId={id} />
      </div>
      <ConfirmDialog
        open={confirmDelete}
        title={t('webhooks.delete.title')}
        confirmLabel={t('common.delete')}
        busy={deleting}
        error={deleteError || undefined}
        onConfirm={() => void remove()}
        onCancel={() => {
          setConfirmDelete(false);
          setDeleteError('');
        }}
      >
        {t('webhooks.delete.text', { name: w.name })}
      </ConfirmDialog>
    </>
  );
}

export function WebhookDetailPage() {
  const { id = '' } = useParams();
  const allowed = useCanManageWebhooks();
  if (!allowed)
    return (
      <>
        <BackToWebhooks />
        <NotAllowed />
      </>
    );
  return <WebhookDetail key={id} id={id} />;
}
