import type { ApiScope } from '@trailmap/core';
import { recordAudit, touchApiKeys, type StateStore } from '@trailmap/state';

/** How often key use is written: `last_used_at` on each key, and one audit line per key and scope used in the window. */
export const KEY_USE_FLUSH_MS = 60_000;

/**
 * Key use, aggregated in memory: collection runs at thousands of requests a second, so no request
 * writes a row. Every minute (and at close) each key used gets its `last_used_at`, and each key and
 * scope used gets one `key.use` audit line with the number of requests and the first and last use.
 */
export class KeyUsage {
  private pending = new Map<string, { keyId: string; scope: ApiScope; requests: number; first: number; last: number }>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: StateStore,
    private readonly now: () => number,
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), KEY_USE_FLUSH_MS);
    this.timer.unref();
  }

  note(keyId: string, scope: ApiScope): void {
    const at = this.now();
    const k = `${keyId}\n${scope}`;
    const e = this.pending.get(k);
    if (e) {
      e.requests++;
      e.last = at;
    } else this.pending.set(k, { keyId, scope, requests: 1, first: at, last: at });
  }

  /** Write what was noted since the last flush (one transaction). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = [...this.pending.values()];
      this.pending = new Map();
      const last = new Map<string, number>();
      for (const e of batch) last.set(e.keyId, Math.max(last.get(e.keyId) ?? 0, e.last));
      await this.state.transaction(async (tx) => {
        await touchApiKeys(tx, [...last].map(([id, at]) => ({ id, at: new Date(at) })));
        for (const e of batch) {
          await recordAudit(tx, {
            actor: `key:${e.keyId}`,
            action: 'key.use',
            target: `key:${e.keyId}`,
            detail: { scope: e.scope, requests: e.requests, firstAt: new Date(e.first).toISOString(), lastAt: new Date(e.last).toISOString() },
          });
        }
      });
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch(() => undefined);
  }
}
