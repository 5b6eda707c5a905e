import { membershipDiff, type SavedSegment } from '@trailmap/core';
import { computedTraitDefinitions, currentMembers, listSegments, recordMembershipChange, segmentRules, type StateStore } from '@trailmap/state';
import { segmentMembers, type EventStore } from '@trailmap/warehouse';

export interface SegmentRefresh {
  key: string;
  size: number;
  entered: number;
  exited: number;
}

/** How often the refresher looks for new data (ms), and how often batch segments are recomputed regardless. */
export const SEGMENT_CHECK_EVERY_MS = 5_000;
export const BATCH_SEGMENTS_EVERY_MS = 15 * 60_000;

/**
 * Keeps segment membership current: after new data is loaded every segment is recomputed
 * (realtime rules change only then); batch rules (relative to now) are recomputed on a timer as
 * well. Each recompute stores who entered and who left (the membership history). One refresh
 * runs at a time.
 */
export class SegmentRefresher {
  private running: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private seenVersion = -1;
  private lastBatch = 0;

  constructor(
    private readonly store: EventStore,
    private readonly state: StateStore,
    private readonly now: () => number = Date.now,
    /** Told who entered and who left each segment at each recompute (the journey feed: segment triggers and exits). */
    private readonly onChange?: (segmentKey: string, change: { entered: readonly string[]; exited: readonly string[] }, at: number) => Promise<void>,
  ) {}

  /** Recompute the named segments (all when none are named) as of now. */
  refresh(keys?: readonly string[]): Promise<SegmentRefresh[]> {
    const run = this.running.then(() => this.run(keys));
    this.running = run.catch(() => undefined);
    return run;
  }

  start(everyMs = SEGMENT_CHECK_EVERY_MS): void {
    this.timer = setInterval(() => void this.tick().catch(() => undefined), everyMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    const version = this.store.dataVersion;
    if (version !== this.seenVersion) {
      this.seenVersion = version;
      await this.refresh();
      return;
    }
    if (this.now() - this.lastBatch >= BATCH_SEGMENTS_EVERY_MS) {
      const batch = (await listSegments(this.state)).filter((s) => s.timing === 'batch').map((s) => s.key);
      this.lastBatch = this.now();
      if (batch.length) await this.refresh(batch);
    }
  }

  private async run(keys?: readonly string[]): Promise<SegmentRefresh[]> {
    const all = await listSegments(this.state);
    const rules = await segmentRules(this.state);
    const traits = await computedTraitDefinitions(this.state);
    const chosen: SavedSegment[] = keys ? all.filter((s) => keys.includes(s.key)) : all;
    if (chosen.length === 0) return []; // nothing to compute: do not make the store load pending data early
    const db = await this.store.readSession();
    const at = this.now();
    const out: SegmentRefresh[] = [];
    for (const seg of chosen) {
      const members = new Set(await segmentMembers(db, seg.rule, at, (k) => rules.get(k), (k) => traits.get(k)));
      const change = membershipDiff(await currentMembers(this.state, seg.id), members);
      await recordMembershipChange(this.state, seg.id, change, members.size, new Date(at));
      if (this.onChange && (change.entered.length > 0 || change.exited.length > 0)) await this.onChange(seg.key, change, at);
      out.push({ key: seg.key, size: members.size, entered: change.entered.length, exited: change.exited.length });
    }
    if (!keys) this.lastBatch = at;
    return out;
  }
}
