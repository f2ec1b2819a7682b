import { useMemo, type ReactNode } from 'react';
import { ClerkProvider, SignIn, SignedIn, SignedOut, useAuth as useClerkAuth, useClerk } from '@clerk/clerk-react';
import { useTranslation } from 'react-i18next';
import { setTokenSource, setUnauthorizedHandler } from '../api/auth';
import { AuthContext, type AuthState } from './AuthContext';
import { CenteredPage } from './CenteredPage';

function ClerkBridge({ children }: { children: ReactNode }) {
  const { getToken } = useClerkAuth();
  const clerk = useClerk();
  // Set before children render, so their first requests carry the token.
  setTokenSource(() => getToken());
  setUnauthorizedHandler(() => void clerk.signOut());
  const value = useMemo<AuthState>(() => ({ mode: 'clerk', signOut: () => void clerk.signOut() }), [clerk]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export default function ClerkAuth({ publishableKey, children }: { publishableKey: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <ClerkProvider publishableKey={publishableKey} afterSignOutUrl="/">
      <SignedOut>
        <CenteredPage title={t('signIn.title')}>
          <SignIn routing="hash" />
        </CenteredPage>
      </SignedOut>
      <SignedIn>
        <ClerkBridge>{children}</ClerkBridge>
      </SignedIn>
    </ClerkProvider>
  );
}
