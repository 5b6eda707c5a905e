import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed deliveries (webhooks and provider bridges, docs/channels.md#webhook-signatures): the
 * signature is `v1=` and the hex HMAC-SHA256 of `<timestamp>.<raw body>` keyed by the signing
 * secret; the timestamp is unix seconds, so a receiver can refuse replays of an old request.
 */
export const SIGNATURE_HEADER = 'X-Trailmap-Signature';
export const TIMESTAMP_HEADER = 'X-Trailmap-Timestamp';
export const DEFAULT_TOLERANCE_SECONDS = 300;

const mac = (secret: string | Buffer, timestamp: string, rawBody: string | Buffer) =>
  createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(rawBody).digest();

/** The headers that sign `rawBody` at `nowSeconds`. */
export function signatureHeaders(secret: string | Buffer, rawBody: string | Buffer, nowSeconds: number): Record<string, string> {
  const timestamp = String(Math.floor(nowSeconds));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `v1=${mac(secret, timestamp, rawBody).toString('hex')}` };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch' };

/**
 * Check a signed request as a receiver does: the timestamp within `toleranceSeconds` of now
 * (either side; older is a replay), and one of the header's `v1=` signatures (comma-separated,
 * so a secret can be rotated) equal to ours, compared in constant time.
 */
export function verifyWebhookSignature(
  secret: string | Buffer,
  timestampHeader: string | null | undefined,
  signatureHeader: string | null | undefined,
  rawBody: string | Buffer,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!timestampHeader || !signatureHeader) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestampHeader)) return { ok: false, reason: 'malformed' };
  if (Math.abs(Math.floor(nowSeconds) - Number(timestampHeader)) > toleranceSeconds) return { ok: false, reason: 'expired' };
  const expected = mac(secret, timestampHeader, rawBody);
  const candidates = signatureHeader.split(',').map((s) => s.trim()).filter((s) => s.startsWith('v1='));
  if (candidates.length === 0) return { ok: false, reason: 'malformed' };
  for (const c of candidates) {
    const hex = c.slice(3);
    if (!/^[0-9a-f]{64}$/i.test(hex)) continue;
    if (timingSafeEqual(Buffer.from(hex, 'hex'), expected)) return { ok: true };
  }
  return { ok: false, reason: 'mismatch' };
}
