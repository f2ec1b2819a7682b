import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ApiKey } from '../../api/types';
import { useMe } from '../../auth/MeContext';
import { Card, PageHeader } from '../../components/Card';
import { newIdempotencyKey } from '../../lib/idempotency';
import { useCanManageIntegrations } from '../webhooks/access';
import { apiKeyKeys, createApiKey, withoutKey } from './api';
import { ApiKeyForm } from './ApiKeyForm';
import { ApiKeysNotAllowed, BackToApiKeys } from './Common';
import { KeyPanel } from './KeyPanel';

/** Creates a key; the key itself lives in this page's state only, so leaving or reloading forgets it. */
export function ApiKeyNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { user } = useMe();
  const allowed = useCanManageIntegrations();
  const idempotency = useRef(newIdempotencyKey());
  const [created, setCreated] = useState<{ apiKey: ApiKey; secret: string } | null>(null);
  return (
    <>
      <BackToApiKeys />
      <PageHeader title={t('apiKeys.newTitle')} />
      {!allowed ? (
        <ApiKeysNotAllowed />
      ) : created ? (
        <div className="max-w-3xl">
          <KeyPanel apiKey={created.apiKey} secret={created.secret} onDone={() => navigate('/api-keys')} />
        </div>
      ) : (
        <Card className="max-w-2xl">
          <ApiKeyForm
            readOnly={user.role !== 'admin'}
            onCancel={() => navigate('/api-keys')}
            onSave={async (body) => {
              const k = await createApiKey(body, idempotency.current.for(body));
              setCreated({ apiKey: withoutKey(k), secret: k.key ?? '' });
              await queryClient.invalidateQueries({ queryKey: apiKeyKeys.all });
            }}
          />
        </Card>
      )}
    </>
  );
}
