import { useCallback, useEffect, useState } from 'react';
import { ApiFailure } from './client.js';
import { useSession } from '../auth/session.js';

export type Loadable<T> = { status: 'loading' } | { status: 'error'; error: ApiFailure } | { status: 'ok'; data: T };

/**
 * Run an API call whenever `key` changes (a stable string of its inputs), with loading and error
 * states; a 401 sends the app to the sign-in form.
 */
export function useApi<T>(key: string | null, call: (signal: AbortSignal) => Promise<T>): Loadable<T> & { retry(): void } {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const { unauthorized } = useSession();
  useEffect(() => {
    if (key === null) return;
    const ctl = new AbortController();
    setState({ status: 'loading' });
    call(ctl.signal).then(
      (data) => !ctl.signal.aborted && setState({ status: 'ok', data }),
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        const error = e instanceof ApiFailure ? e : new ApiFailure(0, 'unexpected', String(e));
        if (error.status === 401) unauthorized();
        setState({ status: 'error', error });
      },
    );
    return () => ctl.abort();
    // `call` is rebuilt each render; `key` says when its inputs changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { ...state, retry };
}
