import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

interface Session {
  /** True once an API call answered 401: the page has no session cookie (or it expired). */
  signedOut: boolean;
  unauthorized(): void;
  signedIn(): void;
}

const SessionContext = createContext<Session | null>(null);

/** Tracks whether the browser's session cookie works; the cookie itself is HttpOnly and never read here. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [signedOut, setSignedOut] = useState(false);
  const value = useMemo<Session>(() => ({ signedOut, unauthorized: () => setSignedOut(true), signedIn: () => setSignedOut(false) }), [signedOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
