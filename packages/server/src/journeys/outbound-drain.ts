import { normalizeMessage, type NormalizedEvent } from '@trailmap/core';
import { peekOutboundEvents, removeOutboundEvents, type StateStore } from '@trailmap/state';
import type { EventStore, QuarantineRow } from '@trailmap/warehouse';
import { repeatEvery } from './periodic.js';

/** The source name events from journeys carry (message statuses, experiment exposures, traits set). */
export const JOURNEYS_SOURCE = 'journeys';

/**
 * Moves the events the journey workers and senders wrote to the state store into the warehouse,
 * through the collection log (durable once ingestBatch returns), then removes them. A crash in
 * between ingests them again; their messageIds make the copies duplicates the warehouse drops.
 */
export class OutboundDrain {
  private loop: { stop(): Promise<void> } | null = null;

  constructor(
    private readonly state: StateStore,
    private readonly store: EventStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** One batch; returns how many events moved. */
  async tick(limit = 500): Promise<number> {
    const rows = await peekOutboundEvents(this.state, limit);
    if (rows.length === 0) return 0;
    const events: NormalizedEvent[] = [];
    const quarantine: QuarantineRow[] = [];
    for (const r of rows) {
      const raw = { ...(r.payload as object), messageId: r.messageId };
      const n = normalizeMessage(raw, { receivedAt: this.now(), source: JOURNEYS_SOURCE, label: r.messageId });
      // Trailmap builds these itself; one that does not validate (a trait value too large, say) is quarantined with its reason, not lost.
      if (n.ok) events.push(n.value);
      else quarantine.push({ source: JOURNEYS_SOURCE, record: r.messageId, messageId: r.messageId, code: n.error[0]!.code, field: n.error[0]!.field ?? null, reason: n.error.map((e) => e.message).join('; '), raw: JSON.stringify(raw) });
    }
    await this.store.ingestBatch(events, quarantine);
    await removeOutboundEvents(this.state, rows.map((r) => r.id));
    return rows.length;
  }

  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.tick(); n > 0; n = await this.tick()) total += n;
    return total;
  }

  start(everyMs: number, onError: (e: unknown) => void): void {
    this.loop = repeatEvery(() => this.drain(), everyMs, onError);
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }
}
