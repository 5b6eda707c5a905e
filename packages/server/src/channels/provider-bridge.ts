import type { ChannelAdapter, OutboundMessage, SendResult } from './channel.js';
import { postSigned } from './signed-post.js';

/**
 * What an SMS or push provider bridge receives (docs/channels.md#provider-bridges): one message
 * per POST, signed as webhooks are; `id` is the idempotency key (also the `Idempotency-Key`
 * header), the same on every retry, so a bridge that saw it already answers 2xx and sends nothing.
 */
export interface ProviderBridgeRequest {
  version: 1;
  id: string;
  channel: 'sms' | 'push';
  /** An E.164 phone number (sms) or a device token (push). */
  to: string;
  /** The push title (null for SMS). */
  subject: string | null;
  body: string;
  personId: string;
  journeyId: string;
  stepId: string;
  transactional: boolean;
  unsubscribeUrl: string | null;
  /** When this attempt was made, ISO-8601 UTC. */
  sentAt: string;
}

export interface ProviderBridgeOptions {
  channel: 'sms' | 'push';
  /** The bridge's URL (TRAILMAP_SMS_URL / TRAILMAP_PUSH_URL). */
  url: string;
  /** The signing secret (TRAILMAP_WEBHOOK_SECRET). */
  secret: string | Buffer;
  /** The clock (ms); default Date.now. */
  now?: () => number;
}

export function providerBridgeRequest(message: OutboundMessage, channel: 'sms' | 'push', nowMs: number): ProviderBridgeRequest {
  return {
    version: 1,
    id: message.id,
    channel,
    to: message.to,
    subject: message.subject,
    body: message.body,
    personId: message.personId,
    journeyId: message.journeyId,
    stepId: message.stepId,
    transactional: message.transactional,
    unsubscribeUrl: message.unsubscribeUrl,
    sentAt: new Date(nowMs).toISOString(),
  };
}

/** SMS or push through a provider bridge: the request above POSTed, signed, to the bridge's URL. */
export function providerBridgeAdapter(opts: ProviderBridgeOptions): ChannelAdapter {
  const now = opts.now ?? Date.now;
  return {
    channel: opts.channel,
    async send(message: OutboundMessage, signal: AbortSignal): Promise<SendResult> {
      const t = now();
      const body = JSON.stringify(providerBridgeRequest(message, opts.channel, t));
      return postSigned({ url: opts.url, body, id: message.id, secret: opts.secret, signal, nowSeconds: t / 1000 });
    },
  };
}
