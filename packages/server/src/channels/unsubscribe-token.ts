import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { OutboundMessage } from './channel.js';

/**
 * Unsubscribe links (docs/channels.md#unsubscribe): `<payload>.<signature>`, both base64url; the
 * payload is the person, the channel and the message (one per line); the signature the first 16
 * bytes of an HMAC-SHA256 keyed by a secret derived from the project salt (128 bits: a link
 * cannot be forged or edited to another person), short enough for an SMS.
 */
export interface UnsubscribeClaims {
  personId: string;
  channel: OutboundMessage['channel'];
  messageId: string;
}

const CHANNELS = ['email', 'sms', 'push', 'inapp', 'webhook'] as const satisfies ReadonlyArray<OutboundMessage['channel']>;
const claimsSchema = z.tuple([z.string().min(1).max(500), z.enum(CHANNELS), z.string().min(1).max(500)]);
const SIGNATURE_BYTES = 16;
const CONTEXT = 'trailmap.unsubscribe.v1';
const B64URL = /^[A-Za-z0-9_-]+$/;

const sign = (secret: string | Buffer, payload: string) => createHmac('sha256', secret).update(`${CONTEXT}.${payload}`, 'utf8').digest().subarray(0, SIGNATURE_BYTES);

/** The secret for unsubscribe tokens, from the project salt (every process on one state store derives the same). */
export function unsubscribeSecretFromSalt(salt: Buffer): Buffer {
  return createHmac('sha256', salt).update(CONTEXT, 'utf8').digest();
}

/** A token for these claims (ids hold no line break: they are the payload's separator). */
export function createUnsubscribeToken(secret: string | Buffer, claims: UnsubscribeClaims): string {
  if (/\n/.test(claims.personId) || /\n/.test(claims.messageId)) throw new Error('an unsubscribe token\'s ids cannot hold a line break');
  const payload = Buffer.from([claims.personId, claims.channel, claims.messageId].join('\n'), 'utf8').toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

/** The claims of a token this secret signed; null for anything else (malformed, tampered, another secret). */
export function verifyUnsubscribeToken(secret: string | Buffer, token: string): UnsubscribeClaims | null {
  if (token.length > 4000) return null;
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return null;
  const payload = token.slice(0, dot);
  const signature = token.slice(dot + 1);
  if (!B64URL.test(payload) || !B64URL.test(signature)) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = sign(secret, payload);
  // Re-encoding must give the same text: base64url has several spellings of one byte string.
  if (given.length !== expected.length || given.toString('base64url') !== signature || !timingSafeEqual(given, expected)) return null;
  const parsed = claimsSchema.safeParse(Buffer.from(payload, 'base64url').toString('utf8').split('\n'));
  return parsed.success ? { personId: parsed.data[0], channel: parsed.data[1], messageId: parsed.data[2] } : null;
}

/** The one-click unsubscribe URL on this server (TRAILMAP_PUBLIC_URL): `GET` shows the page, `POST` unsubscribes. */
export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/v1/unsubscribe/${encodeURIComponent(token)}`;
}
