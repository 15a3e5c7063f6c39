/**
 * Who is signed in: the shell asks `GET /api/auth/me` on load, shows the login form when nobody is,
 * and offers `useMe()` / `useCan()` to every page (web-incidents included) so they can hide what the
 * API would refuse anyway.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { MeJson, Permission } from '../core/console.js';
import { ApiFailure, get, post, whenUnauthorized } from './api.js';
import { startLive, stopLive } from './live.js';

/** What the shell knows: still asking, nobody (with why, when a session just ended), or the user. */
type AuthState = { kind: 'loading' } | { kind: 'out'; reason: string | null } | { kind: 'in'; me: MeJson };

interface AuthApi {
  state: AuthState;
  signIn(name: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthApi | null>(null);

function useAuthApi(): AuthApi {
  const api = useContext(AuthContext);
  if (!api) throw new Error('useMe/useAuth used outside <AuthProvider>');
  return api;
}

/** The auth state and the sign-in / sign-out actions (the shell and the login form use it). */
export const useAuth = useAuthApi;

/** The signed-in user and their permissions. Pages render only when someone is signed in. */
export function useMe(): MeJson {
  const { state } = useAuthApi();
  if (state.kind !== 'in') throw new Error('useMe() before sign-in');
  return state.me;
}

/** True when the signed-in user may do `permission` (the server checks again on every request). */
export function useCan(permission: Permission): boolean {
  return useMe().permissions.includes(permission);
}

/** Tries the refresh cookie once (an expired access token with a live session), else null. */
async function refreshed(): Promise<MeJson | null> {
  try {
    return await post<MeJson>('/api/auth/refresh');
  } catch {
    return null;
  }
}

async function whoAmI(): Promise<MeJson | null> {
  try {
    return await get<MeJson>('/api/auth/me');
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401) return refreshed();
    throw error;
  }
}

/** Holds the auth state; starts the live connection while someone is signed in. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ kind: 'loading' });

  // Which sign-in is current: a late answer about an older one (a refresh that failed while the
  // person was already signing in again) must not sign the new one out.
  const generation = useRef(0);
  const current = useRef(state);
  current.current = state;

  useEffect(() => {
    let refreshing = false;
    // A 401 while signed in means the session ended (idle timeout, revoked, expired access token):
    // try the refresh cookie once, else show the login form saying why. 401s before sign-in
    // (the first /api/auth/me) are expected and handled where they happen.
    whenUnauthorized(() => {
      if (refreshing || current.current.kind !== 'in') return;
      refreshing = true;
      const asked = generation.current;
      void refreshed().then((me) => {
        refreshing = false;
        if (asked !== generation.current) return;
        generation.current++;
        setState(me ? { kind: 'in', me } : { kind: 'out', reason: 'Your session ended. Sign in again.' });
      });
    });
    const asked = generation.current;
    whoAmI().then(
      (me) => {
        if (asked === generation.current) setState(me ? { kind: 'in', me } : { kind: 'out', reason: null });
      },
      () => {
        if (asked !== generation.current) return;
        setState({ kind: 'out', reason: 'The console could not reach the server. Reload to try again.' });
      },
    );
  }, []);

  const signedIn = state.kind === 'in';
  useEffect(() => {
    if (signedIn) startLive();
    else stopLive();
  }, [signedIn]);

  const signIn = useCallback(async (name: string, password: string) => {
    const me = await post<MeJson>('/api/auth/login', { name, password });
    generation.current++;
    setState({ kind: 'in', me });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await post('/api/auth/logout');
    } finally {
      generation.current++;
      setState({ kind: 'out', reason: null });
    }
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
