import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { setTokenSource, setUnauthorizedHandler } from '../api/auth';
import { AuthContext, type AuthState } from './AuthContext';
import { clearDevSession, devToken, loadDevSession, type DevSession } from './devSession';
import { DevSignInPage } from './DevSignInPage';

export function DevAuth({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<DevSession | null>(loadDevSession);

  const signOut = useCallback(() => {
    clearDevSession();
    setSession(null);
    queryClient.clear();
  }, [queryClient]);

  // Set before children render, so their first requests carry the token.
  setTokenSource(devToken);
  setUnauthorizedHandler(signOut);

  const value = useMemo<AuthState>(() => ({ mode: 'dev', signOut }), [signOut]);

  if (!session) return <DevSignInPage onSignedIn={setSession} />;
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
