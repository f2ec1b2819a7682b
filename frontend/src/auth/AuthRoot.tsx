import { lazy, Suspense, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { publicApi, unwrap } from '../api/client';
import { ErrorState, LoadingState } from '../components/States';
import { CenteredPage } from './CenteredPage';
import { DevAuth } from './DevAuth';

// Clerk's SDK is only downloaded when the server configures Clerk.
const ClerkAuth = lazy(() => import('./ClerkAuth'));

/** Loads the public configuration and picks the sign-in mode. */
export function AuthRoot({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const config = useQuery({ queryKey: ['config'], queryFn: () => unwrap(publicApi.GET('/config')), staleTime: Infinity });

  if (config.isPending) return <LoadingState />;
  if (config.isError)
    return (
      <CenteredPage title={t('signIn.title')}>
        <ErrorState error={config.error} onRetry={() => void config.refetch()} />
      </CenteredPage>
    );

  const clerkKey = config.data.clerk_publishable_key;
  if (clerkKey)
    return (
      <Suspense fallback={<LoadingState />}>
        <ClerkAuth publishableKey={clerkKey}>{children}</ClerkAuth>
      </Suspense>
    );
  if (config.data.dev_auth) return <DevAuth>{children}</DevAuth>;
  return (
    <CenteredPage title={t('signIn.title')}>
      <p>{t('signIn.notConfigured')}</p>
    </CenteredPage>
  );
}
