// Who is logged in, shared by every screen. The server is the authority: on start the app asks
// GET /auth/me; a 401 from any later call means the session ended and screens call expire().
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { User } from './api/client';

export interface SessionState {
  /** 'loading' until the first /auth/me answer. */
  status: 'loading' | 'ready';
  user: User | null;
}

export interface SessionApi extends SessionState {
  /** Records a successful log-in. */
  signedIn: (user: User) => void;
  /** Logs out on the server (best effort) and forgets the user. */
  signOut: () => Promise<void>;
  /** Forgets the user after the server answered 401 (session expired elsewhere). */
  expire: () => void;
}

export const SessionContext = createContext<SessionApi>({
  status: 'loading',
  user: null,
  signedIn: () => {},
  signOut: async () => {},
  expire: () => {},
});

export function useSession(): SessionApi {
  return useContext(SessionContext);
}
