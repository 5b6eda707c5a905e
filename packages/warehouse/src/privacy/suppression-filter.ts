import { anonKey, userKey } from '@trailmap/core';
import { countSuppressedDrops, identityHash, suppressedDropsTotal, suppressedHashes, type StateStore } from '@trailmap/state';

/**
 * Collection's check against the suppression list: the keyed hashes of suppressed identities, held
 * in memory (the list stores no id), so a check costs one HMAC per id and nothing at all while the
 * list is empty. Dropped events are counted (in memory since the start, and in the state store).
 */
export class SuppressionFilter {
  private hashes = new Set<string>();
  droppedSinceStart = 0;

  private constructor(
    private readonly state: StateStore,
    private readonly salt: Buffer,
  ) {}

  static async open(state: StateStore, salt: Buffer): Promise<SuppressionFilter> {
    const f = new SuppressionFilter(state, salt);
    await f.refresh();
    return f;
  }

  /** Read the list again (after a suppress or unsuppress request). */
  async refresh(): Promise<void> {
    this.hashes = new Set(await suppressedHashes(this.state));
  }

  get size(): number {
    return this.hashes.size;
  }

  /** Whether an event with these ids is to be dropped. */
  suppressed(userId: string | null, anonymousId: string | null): boolean {
    if (this.hashes.size === 0) return false;
    return (userId !== null && this.hashes.has(identityHash(this.salt, userKey(userId)))) || (anonymousId !== null && this.hashes.has(identityHash(this.salt, anonKey(anonymousId))));
  }

  /** Count events dropped (added to the stored total too). */
  async dropped(n: number): Promise<void> {
    if (n <= 0) return;
    this.droppedSinceStart += n;
    await countSuppressedDrops(this.state, n);
  }

  async counts(): Promise<{ suppressedIds: number; droppedSinceStart: number; droppedTotal: number }> {
    return { suppressedIds: this.hashes.size, droppedSinceStart: this.droppedSinceStart, droppedTotal: await suppressedDropsTotal(this.state) };
  }
}
