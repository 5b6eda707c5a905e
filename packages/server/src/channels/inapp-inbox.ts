import { addInboxMessage, type StateStore } from '@trailmap/state';
import type { ChannelAdapter, OutboundMessage, SendResult } from './channel.js';

/**
 * In-app messages: written into the person's inbox in the state store (GET /v1/inbox/:personId
 * reads it). The message id is the row's key, so a retry after a crash never adds a second copy.
 * `to` is the person id the inbox is kept under.
 */
export function inappInboxAdapter(state: StateStore, now: () => number = Date.now): ChannelAdapter {
  return {
    channel: 'inapp',
    async send(message: OutboundMessage, signal: AbortSignal): Promise<SendResult> {
      if (signal.aborted) return { ok: false, retryable: true, error: 'timed out before writing to the inbox' };
      try {
        await addInboxMessage(state, {
          id: message.id,
          personId: message.to || message.personId,
          journeyId: message.journeyId,
          title: message.subject,
          body: message.body,
          createdAt: new Date(now()).toISOString(),
        });
        return { ok: true, providerId: message.id };
      } catch (e) {
        return { ok: false, retryable: true, error: `the inbox write failed: ${(e as Error).message}` };
      }
    },
  };
}
