import type { AnalyticsEvent } from '@trailmap/core';
import { ChdbWarehouse, DuckDbWarehouse, EVENT_COLUMNS, migrate, type AppendColumn, type Warehouse } from '../../src/index.js';

/** Both engines with the same schema and the same events: every analytics test runs on each. */
export interface Engines {
  duckdb: Warehouse;
  clickhouse: Warehouse;
  all: ReadonlyArray<readonly [name: 'duckdb' | 'clickhouse', wh: Warehouse]>;
  /** Replace the events of both engines with these. */
  load(events: readonly AnalyticsEvent[]): Promise<void>;
  close(): Promise<void>;
}

const COLUMNS: AppendColumn[] = EVENT_COLUMNS.map(([name]) => ({ name, kind: 'text' }));

export function eventRow(e: AnalyticsEvent, i: number): unknown[] {
  const ts = new Date(e.timestamp).toISOString();
  const byName: Record<string, unknown> = {
    message_key: String(i + 1),
    message_id: e.messageId,
    type: e.type,
    event: e.event,
    name: e.name,
    person_id: e.personId,
    user_id: null,
    anonymous_id: e.personId,
    group_id: null,
    previous_id: null,
    timestamp: ts,
    original_timestamp: null,
    sent_at: null,
    received_at: ts,
    properties: JSON.stringify(e.properties),
    traits: JSON.stringify(e.traits),
    context: JSON.stringify(e.context),
    touchpoint: e.touchpoint,
    channel: e.channel,
    touchpoint_type: e.touchpointType,
    stage: e.stage,
    source: 'test',
  };
  return EVENT_COLUMNS.map(([name]) => byName[name]);
}

/** Open an in-memory DuckDB and an embedded ClickHouse (chdb, one per test process). */
export async function openEngines(): Promise<Engines> {
  const duckdb = await DuckDbWarehouse.open({ path: ':memory:' });
  const clickhouse = await ChdbWarehouse.open();
  for (const wh of [duckdb, clickhouse]) {
    await wh.exec('DROP TABLE IF EXISTS events');
    await wh.exec('DROP TABLE IF EXISTS schema_migrations');
    await migrate(wh);
  }
  const all = [
    ['duckdb', duckdb],
    ['clickhouse', clickhouse],
  ] as const;
  return {
    duckdb,
    clickhouse,
    all,
    async load(events) {
      const rows = events.map(eventRow);
      for (const [, wh] of all) {
        await wh.exec('TRUNCATE TABLE events');
        for (let i = 0; i < rows.length; i += 5000) await wh.append('events', COLUMNS, rows.slice(i, i + 5000));
      }
    },
    async close() {
      await duckdb.close();
      await clickhouse.close();
    },
  };
}
