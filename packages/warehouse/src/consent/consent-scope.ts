import type { ConsentConfig, ConsentUpdate, PersonConsent } from '@trailmap/core';
import type { SqlSession } from '../warehouse.js';
import { analysisSession } from './analysis-session.js';
import { consentFor, recordConsent } from './person-consent.js';
import { analysisEventsSql, refusedPeopleSql } from './refused-people.sql.js';

/**
 * The store's consent enforcement: whether anyone's analytics consent is refused (asked again
 * only when the data version moved), and the sessions analyses run on (events minus those people).
 */
export class ConsentScope {
  private checkedAt = -1;
  private anyRefused = false;

  constructor(readonly config: ConsentConfig) {}

  /** `db` as analyses must read it at data version `version`: the anti-join only when someone is excluded. */
  async scoped<S extends SqlSession>(db: S, version: number): Promise<S> {
    if (version !== this.checkedAt) {
      const rows = await db.query(`SELECT 1 AS x FROM (${refusedPeopleSql(db.dialect, this.config, 'analytics')}) AS r LIMIT 1`);
      this.anyRefused = rows.length > 0;
      this.checkedAt = version;
    }
    return analysisSession(db, analysisEventsSql(db.dialect, this.config, this.anyRefused));
  }

  person(db: SqlSession, id: string): Promise<PersonConsent | null> {
    return consentFor(db, this.config, id);
  }

  /** Record choices through the API; the purposes must be the project's (checked by the caller, naming the field). */
  record(db: SqlSession, id: string, update: ConsentUpdate, at: Date) {
    return recordConsent(db, id, update, at);
  }

  /** Events not stored under mode `drop`, in all. */
  async droppedEvents(db: SqlSession): Promise<number> {
    const [r] = await db.query<{ n: unknown }>(`SELECT coalesce(sum(events), 0) AS n FROM consent_drops`);
    return Number(r?.n ?? 0);
  }
}
