/**
 * The app's only way to the server: the public HTTP API (`/v1/...`). The browser holds no key:
 * the local session cookie (HttpOnly, set by the server) authenticates it, or a sign-in with a
 * read key turns into such a cookie (see packages/server/src/web).
 */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The request field the server named (`rules[0].set.stage`), when it named one. */
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The session's CSRF token: the server sets it in a cookie this page can read (other sites
 * cannot) and wants it echoed in `x-trailmap-csrf` on every request that is not a GET.
 */
export function csrfHeaders(): Record<string, string> {
  const m = /(?:^|;\s*)trailmap_csrf=([^;]+)/.exec(document.cookie);
  return m ? { 'x-trailmap-csrf': m[1]! } : {};
}

async function request<T>(method: ApiMethod, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { ...(method === 'GET' ? {} : csrfHeaders()), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiFailure(0, 'network', (e as Error).message);
  }
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; field?: string } } | null;
  if (!res.ok) throw new ApiFailure(res.status, json?.error?.code ?? 'http_' + res.status, json?.error?.message ?? res.statusText, json?.error?.field ?? null);
  return json as T;
}

export const apiGet = <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal);
export const apiPost = <T>(path: string, body: unknown, signal?: AbortSignal) => request<T>('POST', path, body, signal);
/** Writes other than POST (`PUT`, `PATCH`, `DELETE`): the same cookie and error shape. */
export const apiSend = <T>(method: ApiMethod, path: string, body?: unknown) => request<T>(method, path, body);

/** Exchange a read key for the session cookie; the key is not kept in the page. */
export const signIn = (readKey: string) => request<void>('POST', '/web/session', { readKey });
export const signOut = () => request<void>('DELETE', '/web/session');
