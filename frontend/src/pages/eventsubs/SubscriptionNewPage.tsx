import { useRef } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { EventSubscriptionInput } from '../../api/types';
import { Card, PageHeader } from '../../components/Card';
import { newIdempotencyKey } from '../../lib/idempotency';
import { useCanManageIntegrations } from '../webhooks/access';
import { handOverSecret } from '../webhooks/freshSecret';
import { createSubscription, subKeys, withoutSecret } from './api';
import { BackToSubs, SubsNotAllowed } from './Common';
import { SubscriptionForm } from './SubscriptionForm';

export function SubscriptionNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const allowed = useCanManageIntegrations();
  const key = useRef(newIdempotencyKey());
  return (
    <>
      <BackToSubs />
      <PageHeader title={t('eventSubs.newTitle')} />
      {!allowed ? (
        <SubsNotAllowed />
      ) : (
        <Card className="max-w-3xl">
          <SubscriptionForm
            initial={{ url: '', description: '', events: [], isActive: true }}
            submitLabel={t('eventSubs.create')}
            onCancel={() => navigate('/event-subscriptions')}
            onSave={async (v) => {
              const body: EventSubscriptionInput = { url: v.url, events: v.events, is_active: v.isActive };
              if (v.description) body.description = v.description;
              const created = await createSubscription(body, key.current.for(body));
              // The secret goes to the subscription's page in memory, to be shown there once.
              if (created.secret) handOverSecret(created.id, created.secret);
              queryClient.setQueryData(subKeys.one(created.id), withoutSecret(created));
              await queryClient.invalidateQueries({ queryKey: subKeys.lists });
              navigate(`/event-subscriptions/${created.id}`, { replace: true });
            }}
          />
        </Card>
      )}
    </>
  );
}
