import type { ChannelAdapter, OutboundMessage, SendResult } from './channel.js';
import { postSigned } from './signed-post.js';

export { verifyWebhookSignature, signatureHeaders, SIGNATURE_HEADER, TIMESTAMP_HEADER, DEFAULT_TOLERANCE_SECONDS, type SignatureCheck } from './webhook-signature.js';

export interface WebhookOptions {
  /** The signing secret (TRAILMAP_WEBHOOK_SECRET). */
  secret: string | Buffer;
  /** Unix seconds (tests pass a fixed clock); default now. */
  nowSeconds?: () => number;
}

/**
 * The webhook channel: the message body (JSON text) POSTed to `to` with `Idempotency-Key`,
 * `X-Trailmap-Timestamp` and `X-Trailmap-Signature` (docs/channels.md#webhooks).
 */
export function webhookAdapter(opts: WebhookOptions): ChannelAdapter {
  return {
    channel: 'webhook',
    async send(message: OutboundMessage, signal: AbortSignal): Promise<SendResult> {
      try {
        JSON.parse(message.body);
      } catch {
        return { ok: false, retryable: false, error: 'the webhook body is not JSON' };
      }
      return postSigned({ url: message.to, body: message.body, id: message.id, secret: opts.secret, signal, ...(opts.nowSeconds ? { nowSeconds: opts.nowSeconds() } : {}) });
    },
  };
}
