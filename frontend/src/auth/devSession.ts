// Development sign-in: a short-lived token kept in sessionStorage, renewed
// with the same role when it is about to expire.
import { publicApi, unwrap } from '../api/client';

const KEY = 'prima.devSession';
const RENEW_MARGIN_MS = 60_000;

export type DevRole = 'admin' | 'volunteer';

export interface DevSession {
  token: string;
  expiresAt: string;
  role: DevRole;
}

export function loadDevSession(): DevSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as DevSession;
    return s.token && s.role ? s : null;
  } catch {
    return null;
  }
}

function saveDevSession(s: DevSession): void {
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

export function clearDevSession(): void {
  sessionStorage.removeItem(KEY);
}

export async function devSignIn(role: DevRole): Promise<DevSession> {
  const res = await unwrap(publicApi.POST('/dev/sign-in', { body: { role } }));
  const session: DevSession = { token: res.token ?? '', expiresAt: res.expires_at ?? '', role };
  saveDevSession(session);
  return session;
}

function expiresSoon(s: DevSession): boolean {
  const at = Date.parse(s.expiresAt);
  return Number.isFinite(at) && at - Date.now() < RENEW_MARGIN_MS;
}

let renewing: Promise<DevSession> | null = null;

/** The bearer for API calls: the stored token, renewed first when it is about to expire. */
export async function devToken(): Promise<string | null> {
  const s = loadDevSession();
  if (!s) return null;
  if (!expiresSoon(s)) return s.token;
  renewing ??= devSignIn(s.role).finally(() => {
    renewing = null;
  });
  try {
    return (await renewing).token;
  } catch {
    return s.token;
  }
}
