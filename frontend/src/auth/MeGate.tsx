import { useMemo, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { ApiError } from '../api/problem';
import { Button } from '../components/Button';
import { ErrorState, LoadingState } from '../components/States';
import { useAuth } from './AuthContext';
import { CenteredPage } from './CenteredPage';
import { MeContext, meState } from './MeContext';

function StatusPage({ title, text }: { title: string; text: string }) {
  const { t } = useTranslation();
  const { signOut } = useAuth();
  return (
    <CenteredPage title={title}>
      <p>{text}</p>
      <Button className="mt-5" onClick={signOut}>
        {t('header.signOut')}
      </Button>
    </CenteredPage>
  );
}

/** Loads the signed-in user and stops at the approval states. */
export function MeGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useQuery({ queryKey: ['me'], queryFn: () => unwrap(api.GET('/me')) });
  const value = useMemo(() => (me.data ? meState(me.data) : null), [me.data]);

  if (me.isPending) return <LoadingState />;
  const code = me.error instanceof ApiError ? me.error.code : '';
  const user = value?.user;
  if (code === 'approval_pending' || user?.status === 'pending')
    return <StatusPage title={t('approval.pendingTitle')} text={t('approval.pendingText')} />;
  if (code === 'forbidden' || user?.status === 'rejected' || user?.is_active === false)
    return <StatusPage title={t('approval.refusedTitle')} text={t('approval.refusedText')} />;
  if (me.isError || !value)
    return (
      <CenteredPage title={t('signIn.title')}>
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </CenteredPage>
    );
  return <MeContext.Provider value={value}>{children}</MeContext.Provider>;
}
