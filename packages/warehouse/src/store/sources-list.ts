import type { SqlSession } from '../warehouse.js';

export type SourceKind = 'http' | 'file' | 'demo' | 'other';

export interface SourceSummary {
  /** The `events.source` / `quarantine.source` value: `http`, `demo` or `file:<name>`. */
  source: string;
  kind: SourceKind;
  /** The file's name for `file:…`, else the source itself. */
  name: string;
  /** Stored events (after deduplication by messageId). */
  events: number;
  /** Distinct people among those events. */
  people: number;
  /** Earliest and latest `received_at` over the source's stored events and quarantined records. */
  firstReceivedAt: string;
  lastReceivedAt: string;
  /** Latest event `timestamp`; null when nothing of the source was stored. */
  lastEventAt: string | null;
  /** Quarantine rows with this source (HTTP: `http`; a file import: `file:<name>`). */
  quarantined: number;
}

export interface SourcesAnswer {
  sources: SourceSummary[];
  /** `people` counts distinct people over all sources (one person may come from several). */
  totals: { sources: number; events: number; people: number; quarantined: number };
}

const FILE_PREFIX = 'file:';

function kindOf(source: string): { kind: SourceKind; name: string } {
  if (source === 'http') return { kind: 'http', name: source };
  if (source === 'demo') return { kind: 'demo', name: source };
  if (source.startsWith(FILE_PREFIX)) return { kind: 'file', name: source.slice(FILE_PREFIX.length) };
  return { kind: 'other', name: source };
}

const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);
const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/**
 * Which sources have sent data: one row per source value of the events and the quarantine (a
 * source whose every record was quarantined is listed with 0 events), most recently received first.
 * Both tables carry the same source value: `http` for the HTTP API (quarantine `file` is null) and
 * `file:<name>` for an import (quarantine `file` is `<name>`), so they are matched on `source`.
 */
export async function listSources(db: SqlSession): Promise<SourcesAnswer> {
  const ev = await db.query<{ source: string; events: number; people: number; first_received: string; last_received: string; last_event: string }>(
    `SELECT source, count(*) AS events, count(DISTINCT person_id) AS people,
            min(received_at) AS first_received, max(received_at) AS last_received, max(timestamp) AS last_event
       FROM events GROUP BY source`,
  );
  const q = await db.query<{ source: string; n: number; first_received: string; last_received: string }>(
    `SELECT source, count(*) AS n, min(received_at) AS first_received, max(received_at) AS last_received FROM quarantine GROUP BY source`,
  );
  const [all] = await db.query<{ people: number }>(`SELECT count(DISTINCT person_id) AS people FROM events`);
  const bySource = new Map<string, SourceSummary>();
  const row = (source: string): SourceSummary => {
    let r = bySource.get(source);
    if (!r) {
      r = { source, ...kindOf(source), events: 0, people: 0, firstReceivedAt: '', lastReceivedAt: '', lastEventAt: null, quarantined: 0 };
      bySource.set(source, r);
    }
    return r;
  };
  for (const e of ev) {
    const r = row(e.source);
    r.events = Number(e.events);
    r.people = Number(e.people);
    r.firstReceivedAt = e.first_received;
    r.lastReceivedAt = e.last_received;
    r.lastEventAt = e.last_event;
  }
  for (const x of q) {
    const r = row(x.source);
    r.quarantined = Number(x.n);
    r.firstReceivedAt = earlier(r.firstReceivedAt || null, x.first_received) ?? '';
    r.lastReceivedAt = later(r.lastReceivedAt || null, x.last_received) ?? '';
  }
  const sources = [...bySource.values()].sort((a, b) => (a.lastReceivedAt === b.lastReceivedAt ? (a.source < b.source ? -1 : 1) : a.lastReceivedAt > b.lastReceivedAt ? -1 : 1));
  return {
    sources,
    totals: {
      sources: sources.length,
      events: sources.reduce((s, r) => s + r.events, 0),
      people: Number(all?.people ?? 0),
      quarantined: sources.reduce((s, r) => s + r.quarantined, 0),
    },
  };
}
