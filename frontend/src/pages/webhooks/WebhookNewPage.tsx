import { useRef } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Card, PageHeader } from '../../components/Card';
import { newIdempotencyKey } from '../../lib/idempotency';
import { NotAllowed, useCanManageWebhooks } from './access';
import { createWebhook, webhookKeys, withoutSecret } from './api';
import { BackToWebhooks } from './Back';
import { handOverSecret } from './freshSecret';
import type { WebhookInput } from './types';
import { WebhookForm } from './WebhookForm';

export function WebhookNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const allowed = useCanManageWebhooks();
  const key = useRef(newIdempotencyKey());
  return (
    <>
      <BackToWebhooks />
      <PageHeader title={t('webhooks.newTitle')} />
      {!allowed ? (
        <NotAllowed />
      ) : (
        <Card className="max-w-2xl">
          <WebhookForm
            initial={{ name: '', workflowId: '', isActive: true }}
            submitLabel={t('webhooks.create')}
            onCancel={() => navigate('/webhooks')}
            onSave={async (v) => {
              const body: WebhookInput = { name: v.name, is_active: v.isActive };
              if (v.workflowId) body.workflow_id = v.workflowId;
              const created = await createWebhook(body, key.current.for(body));
              // The secret goes to the webhook's page in memory, to be shown there once.
              if (created.secret) handOverSecret(created.id, created.secret);
              queryClient.setQueryData(webhookKeys.one(created.id), withoutSecret(created));
              await queryClient.invalidateQueries({ queryKey: webhookKeys.lists });
              navigate(`/webhooks/${created.id}`, { replace: true });
            }}
          />
        </Card>
      )}
    </>
  );
}
