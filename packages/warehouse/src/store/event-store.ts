import type { NormalizedEvent, ProjectConfig } from '@trailmap/core';
import { DuckDbWarehouse } from '../duckdb/duckdb-warehouse.js';
import { commitStaged, type CommitResult, type IngestSettings } from '../ingest/commit-staged.js';
import { GroupCommitter } from '../ingest/group-commit.js';
import { appendQuarantine, type QuarantineRow } from '../ingest/quarantine.js';
import { resetStaging, stageEvents } from '../ingest/staging.js';
import { migrate } from '../schema/migrations.js';
import type { SqlSession, Warehouse } from '../warehouse.js';
import { loadProfile, type Profile } from './profile.js';
import { reclassifyEvents } from './reclassify.js';
import { rulesFor, rulesHash } from './rules-for.js';
import { listTouchpoints, type TouchpointRow } from './touchpoints.js';

export interface BatchCounts {
  accepted: number;
  duplicates: number;
  quarantined: number;
}

interface BatchItem {
  events: readonly NormalizedEvent[];
  quarantine: readonly QuarantineRow[];
}

/** The event store: durable ingestion (group commit), identity, touchpoints, profiles. */
export class EventStore {
  private readonly committer: GroupCommitter<BatchItem, BatchCounts>;
  readonly settings: IngestSettings;

  private constructor(
    readonly db: Warehouse,
    project: ProjectConfig,
  ) {
    this.settings = { rules: rulesFor(project), identity: project.identity };
    this.committer = new GroupCommitter((items) => this.commitGroup(items));
  }

  /** Open (creating if needed) the DuckDB file, apply migrations, re-classify if the rules changed. */
  static async open(opts: { path: string; project: ProjectConfig; settings?: Record<string, string> }): Promise<EventStore> {
    const db = await DuckDbWarehouse.open({ path: opts.path, settings: opts.settings });
    try {
      await migrate(db);
      const store = new EventStore(db, opts.project);
      await store.syncRules();
      return store;
    } catch (e) {
      await db.close().catch(() => undefined);
      throw e;
    }
  }

  private async syncRules(): Promise<void> {
    const hash = rulesHash(this.settings.rules);
    await this.db.exec(`CREATE TABLE IF NOT EXISTS settings (key VARCHAR NOT NULL, value VARCHAR NOT NULL)`);
    const [row] = await this.db.query<{ value: string }>(`SELECT value FROM settings WHERE key = 'touchpoint_rules'`);
    if (row?.value === hash) return;
    await this.db.transaction(async (tx) => {
      if (row) await reclassifyEvents(tx, this.settings.rules);
      await tx.exec(`DELETE FROM settings WHERE key = 'touchpoint_rules'`);
      await tx.exec(`INSERT INTO settings VALUES ('touchpoint_rules', $1)`, [hash]);
    });
  }

  /** Store validated events and quarantined records durably; resolves once committed. */
  ingestBatch(events: readonly NormalizedEvent[], quarantine: readonly QuarantineRow[] = []): Promise<BatchCounts> {
    return this.committer.submit({ events, quarantine });
  }

  private async commitGroup(items: BatchItem[]): Promise<BatchCounts[]> {
    return this.db.transaction(async (tx) => {
      await resetStaging(tx);
      const starts: number[] = [];
      let seq = 0;
      const all: NormalizedEvent[] = [];
      for (const it of items) {
        starts.push(seq);
        all.push(...it.events);
        seq += it.events.length;
      }
      if (all.length) await stageEvents(tx, all);
      const q = items.flatMap((it) => it.quarantine);
      await appendQuarantine(tx, q);
      const result = all.length ? await commitStaged(tx, this.settings) : null;
      const counts = items.map((it) => ({ accepted: 0, duplicates: it.events.length, quarantined: it.quarantine.length }));
      if (result && result.accepted > 0) {
        if (items.length === 1) {
          counts[0]!.accepted = result.accepted;
          counts[0]!.duplicates = result.duplicates;
        } else {
          const fresh = await tx.query<{ seq: number }>(
            `SELECT s.seq FROM _staging s WHERE s.message_id IN (SELECT message_id FROM _fresh) AND s.seq IN (SELECT min(seq) FROM _staging GROUP BY message_id)`,
          );
          for (const { seq: s } of fresh) {
            let i = starts.length - 1;
            while (starts[i]! > s) i--;
            counts[i]!.accepted++;
            counts[i]!.duplicates--;
          }
        }
      }
      return counts;
    });
  }

  /** Run a bulk load: `fill` puts rows into the staging table (and quarantine) inside one transaction. */
  bulkLoad<T>(fill: (tx: SqlSession) => Promise<T>): Promise<{ fill: T; commit: CommitResult }> {
    return this.db.transaction(async (tx) => {
      await resetStaging(tx);
      const out = await fill(tx);
      const commit = await commitStaged(tx, this.settings);
      return { fill: out, commit };
    });
  }

  profile(id: string): Promise<Profile | null> {
    return loadProfile(this.db, id);
  }

  touchpoints(): Promise<TouchpointRow[]> {
    return listTouchpoints(this.db);
  }

  async eventCount(): Promise<number> {
    const [r] = await this.db.query<{ n: number }>('SELECT count(*) AS n FROM events');
    return r?.n ?? 0;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
