import type { StateStore } from '@trailmap/state';
import { z } from 'zod';
import type { ChannelAdapter, OutboundMessage } from './channel.js';
import { inappInboxAdapter } from './inapp-inbox.js';
import { providerBridgeAdapter } from './provider-bridge.js';
import { DEFAULT_EMAIL_FROM, smtpEmailAdapter, type SmtpEmailOptions } from './smtp-email.js';
import { webhookAdapter } from './webhook.js';

export type { ChannelAdapter, OutboundMessage, SendResult } from './channel.js';
export { renderTemplate, validateTemplate, pickLocale, formatOfChannel, type TemplateVars, type TemplateFormat, type RenderedMessage, type TemplateIssue } from './templates.js';
export { createUnsubscribeToken, verifyUnsubscribeToken, unsubscribeUrl, unsubscribeSecretFromSalt, type UnsubscribeClaims } from './unsubscribe-token.js';
export { projectUnsubscribeSecret } from './unsubscribe-secret.js';
export { verifyWebhookSignature, signatureHeaders } from './webhook-signature.js';
export { providerBridgeRequest, type ProviderBridgeRequest } from './provider-bridge.js';
export { messageIdFor } from './smtp-email.js';

type Channel = OutboundMessage['channel'];

const httpUrl = (name: string) =>
  z.url({ protocol: /^https?$/, error: `${name}: an http(s) URL, such as https://sms-bridge.example/send` }).optional();

/** The channel settings of the environment (docs/channels.md#configuration), parsed once. */
export const channelEnvSchema = z.object({
  TRAILMAP_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'TRAILMAP_SMTP_URL: an smtp:// or smtps:// URL, such as smtp://user:pass@mail.example:587' }).optional(),
  TRAILMAP_EMAIL_FROM: z.string().min(3).max(300).default(DEFAULT_EMAIL_FROM),
  TRAILMAP_WEBHOOK_SECRET: z.string().min(16, 'TRAILMAP_WEBHOOK_SECRET: at least 16 characters').max(500).optional(),
  TRAILMAP_SMS_URL: httpUrl('TRAILMAP_SMS_URL'),
  TRAILMAP_PUSH_URL: httpUrl('TRAILMAP_PUSH_URL'),
});
export type ChannelEnv = z.output<typeof channelEnvSchema>;

export interface ChannelAdapterOptions {
  /** The signing secret when TRAILMAP_WEBHOOK_SECRET is not set (e.g. one derived from the project salt). */
  webhookSecret?: string | Buffer;
  /** The clock (ms) for timestamps and inbox times; default Date.now. */
  now?: () => number;
  /** Extra SMTP settings (timeouts; tests: TLS options). */
  smtp?: Partial<Omit<SmtpEmailOptions, 'url' | 'from'>>;
}

export interface ChannelAdapters {
  /** The configured channels. */
  adapters: Map<Channel, ChannelAdapter>;
  /** Each channel left out, with what would configure it. */
  missing: Array<{ channel: Channel; reason: string }>;
  /** Close every adapter (the SMTP pool). */
  close(): Promise<void>;
}

/**
 * The channel adapters the environment configures (unset empty strings count as unset): email
 * with TRAILMAP_SMTP_URL; webhook with a signing secret; SMS and push with their bridge URL and
 * the secret; in-app always (the state store). Throws a ZodError naming the variable for a
 * malformed value: a setting that is wrong should stop the start, not silently drop a channel.
 */
export function createChannelAdapters(env: Record<string, string | undefined>, state: StateStore, opts: ChannelAdapterOptions = {}): ChannelAdapters {
  const given = Object.fromEntries(Object.keys(channelEnvSchema.shape).map((k) => [k, env[k]?.trim() ? env[k]!.trim() : undefined]));
  const cfg = channelEnvSchema.parse(given);
  const secret = cfg.TRAILMAP_WEBHOOK_SECRET ?? opts.webhookSecret;
  const now = opts.now ?? Date.now;
  const adapters = new Map<Channel, ChannelAdapter>();
  const missing: ChannelAdapters['missing'] = [];
  const noSecret = 'TRAILMAP_WEBHOOK_SECRET is not set (requests are signed with it)';

  if (cfg.TRAILMAP_SMTP_URL) adapters.set('email', smtpEmailAdapter({ ...opts.smtp, url: cfg.TRAILMAP_SMTP_URL, from: cfg.TRAILMAP_EMAIL_FROM }));
  else missing.push({ channel: 'email', reason: 'TRAILMAP_SMTP_URL is not set (smtp://user:pass@host:port or smtps://…)' });

  if (secret) adapters.set('webhook', webhookAdapter({ secret, nowSeconds: () => now() / 1000 }));
  else missing.push({ channel: 'webhook', reason: noSecret });

  for (const [channel, url, name] of [['sms', cfg.TRAILMAP_SMS_URL, 'TRAILMAP_SMS_URL'], ['push', cfg.TRAILMAP_PUSH_URL, 'TRAILMAP_PUSH_URL']] as const) {
    if (url && secret) adapters.set(channel, providerBridgeAdapter({ channel, url, secret, now }));
    else missing.push({ channel, reason: url ? noSecret : `${name} is not set (the provider bridge's URL, docs/channels.md#provider-bridges)` });
  }

  adapters.set('inapp', inappInboxAdapter(state, now));
  return {
    adapters,
    missing,
    async close() {
      await Promise.all([...adapters.values()].map((a) => a.close?.()));
    },
  };
}
