import { auditQuerySchema, retentionCutoff, type RetentionAnswer, type RetentionConfig, type RetentionRunResult } from '@trailmap/core';
import { listAudit, pruneAudit, recordAudit, type StateStore } from '@trailmap/state';
import { applyRetention, compactWarehouse, type EventStore } from '@trailmap/warehouse';
import type { ResultCache } from '../http/result-cache.js';

/**
 * The retention rules at work: on demand and every `everyHours` inside the server. A run
 * deletes each rule's old events and old quarantine rows on the warehouse (then compacts, so the
 * bytes go), prunes the audit log, and appends `retention.run` with its counts — the audit line
 * is also where the last run is read from. Runs never overlap: one asked for while another runs
 * waits for it.
 */
export class RetentionRunner {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly store: EventStore,
    private readonly state: StateStore,
    readonly config: RetentionConfig,
    private readonly now: () => number = Date.now,
    private readonly cache?: ResultCache,
  ) {}

  run(actor: string, origin: string | null = null): Promise<RetentionRunResult> {
    const next = this.chain.then(() => this.runOnce(actor, origin));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async runOnce(actor: string, origin: string | null): Promise<RetentionRunResult> {
    const at = this.now();
    const cfg = this.config;
    const wh = cfg.events.length || cfg.quarantineDays !== undefined ? await this.store.exclusive((db) => applyRetention(db, cfg, at)) : { events: [], quarantine: null };
    const deleted = wh.events.reduce((n, r) => n + r.deleted, 0) + (wh.quarantine?.deleted ?? 0);
    const compaction = deleted > 0 ? await this.store.exclusive((db) => compactWarehouse(db)) : [];
    if (deleted > 0) this.cache?.clear();
    let audit: RetentionRunResult['audit'] = null;
    if (cfg.auditDays !== undefined) {
      const before = retentionCutoff({ days: cfg.auditDays }, at);
      audit = { before: before.toISOString(), deleted: await pruneAudit(this.state, before, actor) };
    }
    const result: RetentionRunResult = { ranAt: new Date(at).toISOString(), events: wh.events, quarantine: wh.quarantine, audit, compaction };
    await recordAudit(this.state, { actor, origin, action: 'retention.run', detail: { ...result } });
    return result;
  }

  /** The rules and the last run, from the audit log. */
  async describe(): Promise<RetentionAnswer> {
    const [last] = (await listAudit(this.state, auditQuerySchema.parse({ action: 'retention.run', limit: 1 }))).entries;
    return { config: this.config, lastRun: last ? (last.detail as unknown as RetentionRunResult) : null };
  }

  /** Run every `everyHours` (the first one an interval after start); errors go to onError. 0: never. */
  start(onError: (e: unknown) => void): void {
    if (this.config.everyHours <= 0 || this.timer) return;
    const ms = Math.min(this.config.everyHours * 3_600_000, 2 ** 31 - 1);
    this.timer = setInterval(() => {
      if (!this.closed) this.run('server').catch(onError);
    }, ms);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.chain;
  }
}
