import { proposeServiceTasks, type ServiceConfig, type ServiceScanResult, type ServiceTask, type ServiceTaskSource } from '@trailmap/core';
import { createServiceTask, getServiceTask, readStateSetting, recordAudit, writeStateSetting, type StateStore } from '@trailmap/state';
import { serviceSignals, type EventStore } from '@trailmap/warehouse';
import { ServiceTaskEvents } from './service-task-events.js';

const DAY_MS = 86_400_000;
/** Where the scan cursor (ms, the previous scan's now) is kept in the state store. */
export const SERVICE_CURSOR_KEY = 'service.scan_cursor';
/** Each scan re-reads this much before its cursor: an event acknowledged while the previous scan ran is not missed (dedupe keys make the re-read harmless). */
export const SCAN_OVERLAP_MS = 5 * 60_000;

/**
 * The proactive-service triggers at work: each scan reads the signals since its cursor from the
 * consent-scoped warehouse (feedback, failed payments, support contacts, the latest churn
 * scores, purchase histories), turns them into proposals (core's pure triggers), creates the
 * tasks whose dedupe key is new, records a "Service Task Created" event for each, audits the
 * scan, and moves the cursor. On demand and every `everyMinutes` inside the server; scans never overlap.
 */
export class ServiceTaskRunner {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private busy = false;
  readonly events: ServiceTaskEvents;

  constructor(
    private readonly store: EventStore,
    private readonly state: StateStore,
    readonly config: ServiceConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.events = new ServiceTaskEvents(store, now);
  }

  scan(actor: string, origin: string | null = null): Promise<ServiceScanResult> {
    const next = this.chain.then(async () => {
      this.busy = true;
      try {
        return await this.scanOnce(actor, origin);
      } finally {
        this.busy = false;
      }
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async scanOnce(actor: string, origin: string | null): Promise<ServiceScanResult> {
    const now = this.now();
    const cfg = this.config;
    const stored = await readStateSetting(this.state, SERVICE_CURSOR_KEY);
    const cursor = stored === null ? null : Number(stored);
    const lookback = now - cfg.lookbackDays * DAY_MS;
    const since = cursor === null ? null : cursor - SCAN_OVERLAP_MS;
    const from = since === null ? lookback : Math.min(lookback, since);
    const db = await this.store.readSession();
    const signals = await serviceSignals(db, cfg, { receivedSince: since ?? 0, from, now });
    const proposals = proposeServiceTasks(cfg, signals, { since: from, now });
    const bySource: Partial<Record<ServiceTaskSource, { proposed: number; created: number }>> = {};
    const made: ServiceTask[] = [];
    for (const p of proposals) {
      const r = await createServiceTask(this.state, { dedupeKey: p.dedupeKey, personId: p.personId, title: p.title, source: p.source, priority: p.priority, owner: p.owner, dueAt: p.dueAt, detail: p.detail, createdAt: new Date(now) });
      const s = (bySource[p.source] ??= { proposed: 0, created: 0 });
      s.proposed++;
      if (r.created) {
        s.created++;
        const task = await getServiceTask(this.state, r.id);
        if (task) made.push(task);
      }
    }
    await this.events.record(made.map((task) => ({ task, what: 'created' as const })));
    const result: ServiceScanResult = { ranAt: new Date(now).toISOString(), since: since === null ? null : new Date(since).toISOString(), proposed: proposals.length, created: made.length, bySource };
    await writeStateSetting(this.state, SERVICE_CURSOR_KEY, String(now));
    await recordAudit(this.state, { actor, origin, action: 'service.scan', detail: { ...result } });
    return result;
  }

  /** Scan every `everyMinutes` (the first an interval after start); errors go to onError. 0: never. */
  start(onError: (e: unknown) => void): void {
    if (this.config.everyMinutes <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (!this.closed && !this.busy) this.scan('server').catch(onError);
    }, Math.min(this.config.everyMinutes * 60_000, 2 ** 31 - 1));
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.chain;
  }
}
