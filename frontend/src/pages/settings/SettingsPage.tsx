import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/MeContext';
import { PageHeader } from '../../components/Card';
import { ErrorState, LoadingState } from '../../components/States';
import { settingsKeys, updateSettings, useSettings } from './api';
import { SettingsForm } from './SettingsForm';
import { TestMessageForm } from './TestMessageForm';

export function SettingsPage() {
  const { t } = useTranslation();
  const { isAdmin } = useMe();
  const queryClient = useQueryClient();
  const settings = useSettings();
  const [justSaved, setJustSaved] = useState(false);

  return (
    <>
      <PageHeader title={t('nav.settings')}>{!isAdmin && <p className="mt-1 text-sm text-slate-600">{t('settings.readOnly')}</p>}</PageHeader>
      {settings.isPending && <LoadingState />}
      {settings.isError && <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />}
      {settings.data && (
        <div className="flex flex-col gap-4">
          {justSaved && (
            <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
              {t('settings.saved')}
            </p>
          )}
          <SettingsForm
            key={settings.data.version}
            settings={settings.data}
            readOnly={!isAdmin}
            onReload={async () => {
              await settings.refetch();
            }}
            onSave={async (body) => {
              setJustSaved(false);
              const updated = await updateSettings(body);
              queryClient.setQueryData(settingsKeys.one, updated);
              // The header and forms read the tenant's time zone from /me.
              await queryClient.invalidateQueries({ queryKey: ['me'] });
              setJustSaved(true);
            }}
          />
          {isAdmin && <TestMessageForm channels={settings.data.channels ?? []} />}
        </div>
      )}
    </>
  );
}
