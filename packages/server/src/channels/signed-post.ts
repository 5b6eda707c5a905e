import type { SendResult } from './channel.js';
import { signatureHeaders } from './webhook-signature.js';

export interface SignedPost {
  url: string;
  /** The JSON body, exactly as signed and sent. */
  body: string;
  /** The message id: the `Idempotency-Key` header, the same on every retry. */
  id: string;
  secret: string | Buffer;
  signal: AbortSignal;
  /** Unix seconds for the timestamp (default: now). */
  nowSeconds?: number;
}

const MAX_ANSWER_CHARS = 4096;

/**
 * POST a signed JSON body (webhooks, SMS and push provider bridges) and classify the answer:
 * 2xx sent; 408, 429 and 5xx, a timeout or a network error worth retrying; any other 4xx (and a
 * redirect, which a signed POST does not follow) refused for good. Never throws.
 */
export async function postSigned(p: SignedPost): Promise<SendResult> {
  let url: URL;
  try {
    url = new URL(p.url);
  } catch {
    return { ok: false, retryable: false, error: 'the address is not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, retryable: false, error: `the address is not http(s) (${url.protocol})` };
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Trailmap-Webhook/1',
    'idempotency-key': p.id,
    ...signatureHeaders(p.secret, p.body, p.nowSeconds ?? Date.now() / 1000),
  };
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body: p.body, signal: p.signal, redirect: 'manual' });
  } catch (e) {
    if (p.signal.aborted) return { ok: false, retryable: true, error: `timed out (${reasonOf(p.signal)})` };
    return { ok: false, retryable: true, error: `network error: ${causeOf(e)}` };
  }
  let text = '';
  try {
    text = (await res.text()).slice(0, MAX_ANSWER_CHARS);
  } catch {
    // The status line arrived; a body cut short does not change what it said.
  }
  if (res.status >= 200 && res.status < 300) return { ok: true, providerId: providerIdOf(text) };
  const error = `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  if (res.status >= 300 && res.status < 400) return { ok: false, retryable: false, error: `${error} (redirects are not followed)` };
  const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
  return { ok: false, retryable, error };
}

/** A receiver may answer `{"providerId": "…"}` (or `{"id": "…"}`): the provider's own message id. */
function providerIdOf(text: string): string | null {
  try {
    const v = JSON.parse(text) as { providerId?: unknown; id?: unknown };
    const id = typeof v?.providerId === 'string' ? v.providerId : typeof v?.id === 'string' ? v.id : null;
    return id === null ? null : id.slice(0, 200);
  } catch {
    return null;
  }
}

const reasonOf = (s: AbortSignal) => (s.reason instanceof Error ? s.reason.message : String(s.reason ?? 'aborted'));
const causeOf = (e: unknown) => {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  return err.cause?.code ?? err.cause?.message ?? err.message;
};
