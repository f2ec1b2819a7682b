import { createContext, useContext } from 'react';

export interface AuthState {
  mode: 'dev' | 'clerk';
  signOut: () => void;
}

export const AuthContext = createContext<AuthState>({ mode: 'dev', signOut: () => {} });

export function useAuth(): AuthState {
  return useContext(AuthContext);
}
