import { createContext, useContext } from 'react';
import type { Me, Tenant, User } from '../api/types';

export interface MeState {
  me: Me;
  user: User;
  tenant: Tenant;
  isAdmin: boolean;
}

export const MeContext = createContext<MeState | null>(null);

export function useMe(): MeState {
  const v = useContext(MeContext);
  if (!v) throw new Error('useMe outside MeGate');
  return v;
}

export function meState(me: Me): MeState {
  const user = me.user ?? ({} as User);
  const tenant = me.tenant ?? ({} as Tenant);
  return { me, user, tenant, isAdmin: user.role === 'admin' };
}
