/**
 * The contract between the journey sender (packages/server/src/journeys) and the channel
 * adapters (email over SMTP, webhook, SMS and push through provider bridges, the in-app inbox).
 * The sender has already applied the delivery rules and rendered the template; an adapter only
 * delivers, and says whether a failure is worth retrying.
 */
export interface OutboundMessage {
  /** The idempotency key (run, step, visit): the same on every retry; carried as Message-ID / Idempotency-Key. */
  id: string;
  personId: string;
  channel: 'email' | 'sms' | 'push' | 'inapp' | 'webhook';
  /** The address: an email, a phone number (E.164), a device token, or (inapp) the person id; for webhooks, the URL. */
  to: string;
  /** Email subject, push / in-app title. */
  subject: string | null;
  /** Email HTML, SMS / push / in-app text, or a webhook's JSON body as text. */
  body: string;
  transactional: boolean;
  /** The one-click unsubscribe URL (marketing messages), for the List-Unsubscribe header and the footer. */
  unsubscribeUrl: string | null;
  journeyId: string;
  stepId: string;
  runId: string;
}

export type SendResult =
  | { ok: true; providerId: string | null }
  /** retryable: a 5xx, a timeout or a network error; not: a 4xx or a permanent SMTP reply (5yz). bounced: the address itself was refused. */
  | { ok: false; retryable: boolean; error: string; bounced?: boolean };

export interface ChannelAdapter {
  readonly channel: OutboundMessage['channel'];
  /** Deliver one message; never throws (a failure is a SendResult). `signal` aborts at the sender's timeout. */
  send(message: OutboundMessage, signal: AbortSignal): Promise<SendResult>;
  close?(): Promise<void>;
}
