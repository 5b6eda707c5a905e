import { ApiFailure } from '../api/client.js';

/**
 * `PUT` and `DELETE /v1/interventions/:id` (the shared client only sends GET, POST and DELETE
 * without a body): the same same-origin session cookie, the same error shape as `api/client.ts`.
 */
async function send<T>(method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (e) {
    throw new ApiFailure(0, 'network', (e as Error).message);
  }
  const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) throw new ApiFailure(res.status, json?.error?.code ?? 'http_' + res.status, json?.error?.message ?? res.statusText);
  return json as T;
}

/** The id is `kind:touchpoint`; it is URL-encoded as one path segment. */
const interventionPath = (id: string) => `/v1/interventions/${encodeURIComponent(id)}`;

export const saveEstimate = (id: string, estimate: { feasibility: number; cost: number }) => send<unknown>('PUT', interventionPath(id), estimate);
export const resetEstimate = (id: string) => send<unknown>('DELETE', interventionPath(id));
