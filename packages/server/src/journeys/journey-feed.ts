import type { JourneyEvent } from '@trailmap/core';
import { enqueueJourneyInputs, type NewJourneyInput, type StateStore } from '@trailmap/state';
import type { JourneyFeedListener } from '@trailmap/warehouse';
import type { JourneyCatalogue } from './journey-catalogue.js';

/**
 * Hands events to the journey workers: the event store calls it with each committed collection-log
 * segment's events of the names journeys listen for; they are stored as inputs (once per
 * messageId), and their people marked due. Segment membership changes arrive the same way.
 */
export class JourneyFeed implements JourneyFeedListener {
  constructor(
    private readonly state: StateStore,
    private readonly catalogue: JourneyCatalogue,
    private readonly now: () => number = Date.now,
  ) {}

  async watched(): Promise<readonly string[]> {
    return (await this.catalogue.current()).watched;
  }

  async loaded(events: JourneyEvent[]): Promise<void> {
    const inputs: NewJourneyInput[] = events.map((e) => ({ dedupeKey: `ev:${e.messageId}`, personId: e.personId, kind: 'event', payload: e }));
    for (let i = 0; i < inputs.length; i += 1000) await enqueueJourneyInputs(this.state, inputs.slice(i, i + 1000), this.now());
  }

  /** People who entered or left a saved segment (the segment refresher's changes). */
  async segmentChanged(segmentKey: string, change: { entered: readonly string[]; exited: readonly string[] }, at: number): Promise<void> {
    const snap = await this.catalogue.current();
    if (snap.versions.size === 0) return;
    const inputs: NewJourneyInput[] = [
      ...change.entered.map((personId) => ({ dedupeKey: `seg:${segmentKey}:in:${at}:${personId}`, personId, kind: 'segments' as const, payload: { segment: segmentKey, member: true } })),
      ...change.exited.map((personId) => ({ dedupeKey: `seg:${segmentKey}:out:${at}:${personId}`, personId, kind: 'segments' as const, payload: { segment: segmentKey, member: false } })),
    ];
    for (let i = 0; i < inputs.length; i += 1000) await enqueueJourneyInputs(this.state, inputs.slice(i, i + 1000), this.now());
  }
}
