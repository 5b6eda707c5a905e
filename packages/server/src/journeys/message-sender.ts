import { createHmac } from 'node:crypto';
import { decideDelivery, localDay, mayUse, retryDelayMs, type DeliveryConfig, type MessageTemplate, type PersonConsent, type PersonContext } from '@trailmap/core';
import { addressSuppressed, countMarketingSent, finishJourneyMessage, leaseJourneyMessages, lockPersonForCaps, queueOutboundEvents, reserveCapSlot, suppressAddress, type MessageOutcome, type StateStore, type StoredJourneyMessage } from '@trailmap/state';
import type { ChannelAdapter, OutboundMessage, SendResult } from '../channels/channel.js';
import { formatOfChannel, renderTemplate, type TemplateVars } from '../channels/templates.js';
import { createUnsubscribeToken, unsubscribeUrl } from '../channels/unsubscribe-token.js';
import { messageStatusEvent } from './outbound-events.js';
import type { PersonContextSource } from './person-context-source.js';
import { repeatEvery } from './periodic.js';

type Channel = OutboundMessage['channel'];
export const SENDER_CHANNELS: readonly Channel[] = ['email', 'sms', 'push', 'inapp', 'webhook'];

export interface MessageSenderOptions {
  state: StateStore;
  adapters: ReadonlyMap<Channel, ChannelAdapter>;
  /** Channels with no adapter, and what would configure them (their messages fail with that reason). */
  missing?: ReadonlyArray<{ channel: Channel; reason: string }>;
  context: PersonContextSource;
  rules: DeliveryConfig;
  /** The project's consent purposes (a `marketing_<channel>` purpose, when there is one, is needed too). */
  purposes: readonly string[];
  /** Where unsubscribe links point (TRAILMAP_PUBLIC_URL or the server's own URL). */
  publicUrl: string;
  unsubscribeSecret: () => Promise<Buffer>;
  /** Keys address hashes for the suppression lists (the project salt). */
  addressKey: () => Promise<Buffer>;
  /** Recommendations for templates (`recommendations`); absent: an empty list. */
  recommend?: (personId: string) => Promise<TemplateVars['recommendations']>;
  now?: () => number;
  /** A channel that takes longer than this is aborted; the attempt counts as a retryable failure. */
  timeoutMs?: number;
  /** Messages leased per round per channel, and sent at once. */
  batch?: number;
}

const NO_NEEDS = { eventCounts: [], computedTraits: [] };

/** The address a channel reaches a person at: traits `email`, `phone`, `push_token` (or `device_token`); in-app, the person. */
export function addressFor(channel: Channel, p: PersonContext): string | null {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  switch (channel) {
    case 'email':
      return text(p.traits.email);
    case 'sms':
      return text(p.traits.phone);
    case 'push':
      return text(p.traits.push_token) ?? text(p.traits.device_token);
    case 'inapp':
      return p.personId;
    default:
      return null;
  }
}

/**
 * The sender: for each channel on its own loop (a slow channel never holds up another), leases
 * due messages, applies the delivery rules just before sending (consent, suppression, quiet hours,
 * caps), renders the template for the person, sends through the channel's adapter with the
 * message's idempotency key, and records the outcome and its status event in one transaction.
 * 5xx and timeouts are retried with backoff up to `maxAttempts`; 4xx are not. A sender that dies
 * between sending and recording leaves the lease to expire; the message is then sent again with
 * the same Message-ID / Idempotency-Key, which the receiver uses to drop the copy.
 */
export class MessageSender {
  private readonly now: () => number;
  private loops: Array<{ stop(): Promise<void> }> = [];
  private stopping = false;

  constructor(private readonly o: MessageSenderOptions) {
    this.now = o.now ?? Date.now;
  }

  /** One round for one channel: lease due messages and handle them all; returns how many. */
  async tick(channel: Channel): Promise<number> {
    const timeout = this.o.timeoutMs ?? 15_000;
    // The lease outlasts a send cut off by the timeout, with room for recording it.
    const batch = await leaseJourneyMessages(this.o.state, channel, this.now(), timeout * 2 + 1000, this.o.batch ?? 20);
    await Promise.all(batch.map((m) => this.handle(m).catch(() => undefined)));
    return batch.length;
  }

  /** Rounds on every channel until none has a message due (tests and the test clock). */
  async drain(maxRounds = 1000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxRounds; i++) {
      const n = (await Promise.all(SENDER_CHANNELS.map((c) => this.tick(c)))).reduce((a, b) => a + b, 0);
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  /** One loop per channel, so a slow channel never holds up another. */
  start(everyMs: number, onError: (e: unknown) => void): void {
    this.loops = SENDER_CHANNELS.map((channel) =>
      repeatEvery(async () => {
        while (!this.stopping && (await this.tick(channel)) > 0);
      }, everyMs, onError),
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.loops.map((l) => l.stop()));
  }

  private async handle(m: StoredJourneyMessage): Promise<void> {
    const now = this.now();
    const channel = m.channel as Channel;
    const person = await this.o.context.context(m.personId, NO_NEEDS, now);
    const adapter = this.o.adapters.get(channel);
    if (!adapter) {
      const why = this.o.missing?.find((x) => x.channel === channel)?.reason ?? 'no adapter';
      return this.finish(m, person, { status: 'failed', reason: 'error', error: `the ${channel} channel is not configured: ${why}` }, now);
    }
    const payload = m.payload as { template?: MessageTemplate; journeyCap?: number | null; journeyName?: string; url?: string; body?: Record<string, unknown> | null };
    const vars: TemplateVars = { person: { id: person.personId, traits: person.traits, computed: person.computed }, journey: { id: m.journeyId, name: payload.journeyName ?? m.journeyId }, recommendations: [], unsubscribe_url: null };

    if (channel === 'webhook') {
      const body = JSON.stringify(await this.webhookBody(m, payload.body ?? null, vars));
      return this.deliver(adapter, m, person, { to: payload.url!, subject: null, body, unsubscribeUrl: null }, now);
    }

    const address = addressFor(channel, person);
    const consent = await this.o.context.consent(m.personId);
    const [from, to] = localDay(now, person.timeZone);
    const addressKey = address === null ? null : await this.addressHash(channel, address);
    const suppressed = addressKey !== null && (await addressSuppressed(this.o.state, channel, addressKey));
    // The caps are counted and a slot taken under a lock on the person, so two messages sent at once cannot both take the last slot.
    const decision = await this.o.state.transaction(async (tx) => {
      if (!m.transactional) await lockPersonForCaps(tx, m.personId);
      const count = (journeyId?: string) => (m.transactional ? 0 : countMarketingSent(tx, m.personId, from, to, { exceptId: m.id, ...(journeyId ? { journeyId } : {}) }));
      const d = decideDelivery(
        {
          transactional: m.transactional,
          address,
          suppressed,
          consented: this.consented(consent, channel),
          sentToday: await count(),
          sentTodayInJourney: await count(m.journeyId),
          journeyCap: payload.journeyCap ?? null,
          timeZone: person.timeZone,
        },
        this.o.rules,
        now,
      );
      if (d.action === 'send' && !m.transactional) await reserveCapSlot(tx, m.id, m.leaseUntil!, now);
      return d;
    });
    if (decision.action === 'hold') return this.finish(m, person, { status: 'held', reason: decision.reason, nextAttemptAt: decision.until, refundAttempt: true }, now);
    if (decision.action === 'skip') return this.finish(m, person, { status: 'skipped', reason: decision.reason }, now);

    const unsubscribe = m.transactional ? null : unsubscribeUrl(this.o.publicUrl, createUnsubscribeToken(await this.o.unsubscribeSecret(), { personId: m.personId, channel, messageId: m.id }));
    vars.unsubscribe_url = unsubscribe;
    vars.recommendations = (await this.o.recommend?.(m.personId).catch(() => [])) ?? [];
    let rendered;
    try {
      rendered = await renderTemplate(payload.template!, vars, person.locale, formatOfChannel(channel));
    } catch (e) {
      return this.finish(m, person, { status: 'failed', reason: 'error', error: `the template did not render: ${(e as Error).message}` }, now);
    }
    return this.deliver(adapter, m, person, { to: address!, subject: rendered.subject, body: rendered.body, unsubscribeUrl: unsubscribe }, now, addressKey);
  }

  private consented(consent: PersonConsent | null, channel: Channel): boolean {
    if (!consent) return false;
    const purpose = this.o.rules.marketingPurpose;
    const perChannel = `${purpose}_${channel}`;
    return mayUse(consent, purpose) && (!this.o.purposes.includes(perChannel) || mayUse(consent, perChannel));
  }

  private async deliver(adapter: ChannelAdapter, m: StoredJourneyMessage, person: PersonContext, content: Pick<OutboundMessage, 'to' | 'subject' | 'body' | 'unsubscribeUrl'>, now: number, addressKey: string | null = null): Promise<void> {
    const message: OutboundMessage = { id: m.id, personId: m.personId, channel: m.channel as Channel, transactional: m.transactional, journeyId: m.journeyId, stepId: m.stepId, runId: m.runId, ...content };
    const signal = AbortSignal.timeout(this.o.timeoutMs ?? 15_000);
    let r: SendResult;
    try {
      r = await adapter.send(message, signal);
    } catch (e) {
      r = { ok: false, retryable: true, error: (e as Error).message };
    }
    const after = this.now();
    if (r.ok) return this.finish(m, person, { status: 'sent', providerId: r.providerId }, after);
    if (r.retryable && m.attempts < this.o.rules.maxAttempts) {
      return this.finish(m, person, { status: 'queued', reason: 'error', error: r.error, nextAttemptAt: after + retryDelayMs(m.attempts, this.o.rules) }, after);
    }
    if (r.bounced && addressKey !== null) await suppressAddress(this.o.state, m.channel, addressKey, 'bounced');
    return this.finish(m, person, { status: r.bounced ? 'bounced' : 'failed', reason: 'error', error: r.error }, after);
  }

  /** The outcome and its status event (not for holds and retries: the message is not done) in one transaction, under the lease. */
  private async finish(m: StoredJourneyMessage, person: PersonContext, o: MessageOutcome, now: number): Promise<void> {
    await this.o.state.transaction(async (tx) => {
      if (!(await finishJourneyMessage(tx, m.id, m.leaseUntil!, o, now))) return;
      if (o.status === 'queued' || o.status === 'held') return;
      const e = messageStatusEvent(person, m, o.status, now, o.status === 'skipped' ? (o.reason ?? null) : null);
      if (e) await queueOutboundEvents(tx, [e], now);
    });
  }

  private async addressHash(channel: string, address: string): Promise<string> {
    return createHmac('sha256', await this.o.addressKey()).update(`${channel}\u0000${address.toLowerCase()}`).digest('hex');
  }

  /** A webhook's body: its own (Liquid in its strings), or by default the person, the journey and the step. */
  private async webhookBody(m: StoredJourneyMessage, body: Record<string, unknown> | null, vars: TemplateVars): Promise<unknown> {
    const base = { messageId: m.id, journeyId: m.journeyId, version: m.version, stepId: m.stepId, runId: m.runId, person: vars.person };
    if (body === null) return base;
    const render = async (v: unknown): Promise<unknown> => {
      if (typeof v === 'string') return (await renderTemplate({ body: { en: v } }, vars, 'en', 'text')).body;
      if (Array.isArray(v)) return Promise.all(v.map(render));
      if (v !== null && typeof v === 'object') return Object.fromEntries(await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await render(x)])));
      return v;
    };
    return render(body);
  }
}
