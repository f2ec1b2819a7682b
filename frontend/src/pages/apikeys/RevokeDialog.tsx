import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ApiKey } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useErrorMessage } from '../../components/States';
import { apiKeyKeys, revokeApiKey } from './api';

/** Asks before revoking: a revoked key is refused (401) from the next request on, for good. */
export function RevokeDialog({ apiKey, onClose }: { apiKey: ApiKey | null; onClose: (revoked: boolean) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const revoke = async () => {
    if (!apiKey) return;
    setBusy(true);
    setError('');
    try {
      await revokeApiKey(apiKey.id);
      await queryClient.invalidateQueries({ queryKey: apiKeyKeys.all });
      onClose(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog
      open={apiKey !== null}
      title={t('apiKeys.revoke.title')}
      confirmLabel={t('apiKeys.revoke.confirm')}
      busy={busy}
      error={error || undefined}
      onConfirm={() => void revoke()}
      onCancel={() => {
        setError('');
        onClose(false);
      }}
    >
      {apiKey && t('apiKeys.revoke.text', { name: apiKey.name, prefix: apiKey.prefix })}
    </ConfirmDialog>
  );
}
