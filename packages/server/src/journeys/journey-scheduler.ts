import { dateTraitOccurrence, scheduleOccurrences, validTimeZone } from '@trailmap/core';
import { currentMembers, enqueueJourneyInputs, getSegment, readStateSetting, writeStateSetting, type NewJourneyInput, type StateStore } from '@trailmap/state';
import { latestTraitWithTimeZone, type EventStore } from '@trailmap/warehouse';
import type { JourneyCatalogue } from './journey-catalogue.js';
import { repeatEvery } from './periodic.js';

/** Missed occurrences older than this are not made up for after a long stop. */
const MAX_CATCH_UP_MS = 24 * 3_600_000;

/**
 * Entries that come from the clock rather than an event: schedule triggers (the members of a
 * segment at a local time on given days) and date-trait triggers (a birthday, a renewal date,
 * moved by an offset). Runs in the server (it reads the warehouse); each occurrence becomes one
 * `enter` input per person, keyed by journey, occurrence and person, so a re-run adds nothing.
 * Each journey version keeps the instant it was last checked up to in the state store.
 */
export class JourneyScheduler {
  private loop: { stop(): Promise<void> } | null = null;

  constructor(
    private readonly state: StateStore,
    private readonly store: EventStore,
    private readonly catalogue: JourneyCatalogue,
    private readonly projectTimeZone: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Check every scheduled journey up to now; returns the entries handed to the workers. */
  async tick(): Promise<number> {
    const snap = await this.catalogue.current();
    const to = this.now();
    let added = 0;
    for (const j of snap.entering) {
      const t = j.def.trigger;
      if (t.type !== 'schedule' && t.type !== 'dateTrait') continue;
      const key = `journeys.scheduled.${j.id}.${j.version}`;
      const saved = await readStateSetting(this.state, key);
      const from = Math.max(saved === null ? to - 60_000 : Number(saved), to - MAX_CATCH_UP_MS);
      const inputs: NewJourneyInput[] = [];
      if (t.type === 'schedule') {
        const seg = await getSegment(this.state, t.segment);
        for (const at of scheduleOccurrences(t, from, to, this.projectTimeZone)) {
          for (const personId of seg ? await currentMembers(this.state, seg.id) : []) {
            inputs.push({ dedupeKey: `sched:${j.id}:${at}:${personId}`, personId, kind: 'enter', journeyId: j.id, payload: { journeyId: j.id, at } });
          }
        }
      } else {
        const db = await this.store.readSession();
        for (const p of await latestTraitWithTimeZone(db, t.trait)) {
          const tz = t.timeZone !== 'person' ? t.timeZone : p.timeZone && validTimeZone(p.timeZone) ? p.timeZone : this.projectTimeZone;
          const at = dateTraitOccurrence(t, p.value, tz, from, to);
          if (at !== null) inputs.push({ dedupeKey: `date:${j.id}:${at}:${p.personId}`, personId: p.personId, kind: 'enter', journeyId: j.id, payload: { journeyId: j.id, at } });
        }
      }
      for (let i = 0; i < inputs.length; i += 1000) added += await enqueueJourneyInputs(this.state, inputs.slice(i, i + 1000), to);
      await writeStateSetting(this.state, key, String(to));
    }
    return added;
  }

  start(everyMs: number, onError: (e: unknown) => void): void {
    this.loop = repeatEvery(() => this.tick(), everyMs, onError);
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }
}
