import type { ConsentConfig } from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import type { SqlSession } from '../warehouse.js';
import { refusedPeopleSql } from './refused-people.sql.js';

export interface ConsentStepResult {
  /** Choices added to the consents history. */
  choices: number;
  /** Country changes added to identity_countries. */
  countries: number;
}

/** The identity an event belongs to (as the commit finds its person). */
const IDENTITY = `CASE WHEN user_id IS NOT NULL THEN 'user:' || user_id ELSE 'anon:' || anonymous_id END`;
/** A file import's records are `file:NAME`; their choices are recorded as source `import`. */
const IMPORTED = `source LIKE 'file:%'`;

/**
 * Record the consent choices and countries of `_fresh` (the batch's new events, inside the
 * commit): Segment's `context.consent.categoryPreferences` through the category map (source
 * event), identify `traits.consent.{purpose}` (source identify), both `import` when the record came
 * from a file. A choice is stored when it differs from the identity's previous one (in the batch
 * by time, else the latest stored); a re-run after a crash adds no message's choice twice.
 */
export async function consentStep(tx: SqlSession, config: ConsentConfig): Promise<ConsentStepResult> {
  const d = tx.dialect;
  const p = new Params(d);
  const cats = Object.entries(config.categoryMap);
  const catPaths = cats.map(([k]) => ['consent', 'categoryPreferences', k]);
  const traitPaths = config.purposes.map((purpose) => ['consent', purpose]);
  const hasCats = d.contains('context', p.add('categoryPreferences'));
  const hasTraits = d.contains('traits', p.add('"consent"'));
  await tx.steps.replaceTempAs(
    tx,
    '_consent_src',
    `SELECT ${IDENTITY} AS identity, ts, message_id, CASE WHEN ${IMPORTED} THEN 1 ELSE 0 END AS imported,
            ${d.jsonStringList('context', catPaths)} AS c, ${d.jsonStringList('traits', traitPaths)} AS t
       FROM _fresh WHERE ${hasCats} OR ${hasTraits}`,
    p.values,
  );
  const q = new Params(d);
  const branch = (list: string, i: number, purpose: string, source: string) => {
    const v = d.listElement(list, i);
    const text = (v: string) => `CAST(${q.add(v)} AS ${d.columnType('text')})`;
    return `SELECT identity, ${text(purpose)} AS purpose, CASE WHEN ${v} = 'true' THEN 1 ELSE 0 END AS g, ts AS chosen_at,
                   CASE WHEN imported = 1 THEN 'import' ELSE ${text(source)} END AS source, message_id
              FROM _consent_src WHERE ${v} IN ('true', 'false')`;
  };
  const branches = [
    ...cats.map(([, purpose], i) => branch('c', i + 1, purpose, 'event')),
    ...config.purposes.map((purpose, i) => branch('t', i + 1, purpose, 'identify')),
  ];
  await tx.steps.replaceTempAs(tx, '_consent_in', branches.join('\nUNION ALL\n'), q.values);
  const choices = await storeChanges(tx, {
    work: '_consent_in',
    table: 'consents',
    key: ['identity', 'purpose'],
    value: 'g',
    stored: `CASE WHEN granted THEN 1 ELSE 0 END`,
    time: 'chosen_at',
    insert: `identity, purpose, g = 1, chosen_at, source, message_id, ${d.now()}`,
  });

  // Countries: location, traits, the locale's region (core's countryOfEvent).
  const r = new Params(d);
  const hasCountry = `${d.contains('context', r.add('"country"'))} OR ${d.contains('context', r.add('"locale"'))} OR ${d.contains('traits', r.add('"country"'))}`;
  const [loc, locale] = [d.listElement('l', 1), d.listElement('l', 2)];
  const localeRegion = `CASE WHEN ${d.regexMatch(locale, r.add('^[a-z]{2}[-_][a-z]{2}([-_]|$)'))} THEN upper(substring(${locale}, 4, 2)) END`;
  await tx.steps.replaceTempAs(
    tx,
    '_country_in',
    `SELECT identity, country, ts AS seen_at, message_id FROM (
       SELECT identity, ts, message_id, coalesce(upper(${loc}), upper(tc), ${localeRegion}) AS country
         FROM (SELECT ${IDENTITY} AS identity, ts, message_id, ${d.jsonStringList('context', [['location', 'country'], ['locale']])} AS l,
                      ${d.jsonString('traits', ['country'])} AS tc
                 FROM _fresh WHERE ${hasCountry}) AS s) AS k
      WHERE country IS NOT NULL`,
    r.values,
  );
  const countries = await storeChanges(tx, {
    work: '_country_in',
    table: 'identity_countries',
    key: ['identity'],
    value: 'country',
    stored: 'country',
    time: 'seen_at',
    insert: 'identity, country, seen_at, message_id',
  });
  return { choices, countries };
}

/** Insert the rows of `work` that change their key's value: against the previous row by time, the first against the latest stored. */
async function storeChanges(
  tx: SqlSession,
  o: { work: string; table: string; key: readonly string[]; value: string; stored: string; time: string; insert: string },
): Promise<number> {
  const d = tx.dialect;
  const [n] = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${o.work}`);
  if (Number(n?.n ?? 0) === 0) return 0;
  const part = o.key.join(', ');
  const on = o.key.map((k) => `s.${k} = w.${k}`).join(' AND ');
  const msgKey = (a: string) => `concat_ws('\u001f', ${[...o.key, 'message_id'].map((c) => `${a}${c}`).join(', ')})`;
  await tx.steps.replaceTempAs(
    tx,
    `${o.work}_new`,
    `SELECT w.* FROM (
       SELECT x.*, ${d.lag(`x.${o.value}`, `PARTITION BY ${o.key.map((k) => `x.${k}`).join(', ')} ORDER BY x.${o.time}, x.message_id`)} AS prev FROM ${o.work} AS x) AS w
       LEFT JOIN (SELECT ${part}, ${d.argMax(o.stored, d.epochMs(o.time))} AS last FROM ${o.table}
                   WHERE identity IN (SELECT identity FROM ${o.work}) GROUP BY ${part}) AS s ON ${on}
      WHERE (CASE WHEN w.prev IS NULL THEN s.last IS NULL OR s.last <> w.${o.value} ELSE w.prev <> w.${o.value} END)
        AND ${msgKey('w.')} NOT IN (
              SELECT ${msgKey('')} FROM ${o.table} WHERE message_id IN (SELECT message_id FROM ${o.work}))`,
  );
  const [m] = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${o.work}_new`);
  const added = Number(m?.n ?? 0);
  if (added > 0) await tx.exec(`INSERT INTO ${o.table} SELECT ${o.insert} FROM ${o.work}_new`);
  return added;
}

/**
 * Mode `drop`: `_consent_drop` holds the batch's people whose analytics consent is refused now
 * (their choices in this batch are already recorded); the commit leaves their events out.
 */
export async function consentDropStep(tx: SqlSession, config: ConsentConfig): Promise<void> {
  const d = tx.dialect;
  if (config.analyticsRefused !== 'drop') {
    await tx.steps.replaceTemp(tx, '_consent_drop', [{ name: 'person_id', kind: 'text' }]);
    return;
  }
  await tx.steps.replaceTempAs(
    tx,
    '_consent_drop',
    `SELECT DISTINCT person_id FROM (${refusedPeopleSql(d, config, 'analytics')}) AS r WHERE person_id IN (SELECT person_id FROM _person_of)`,
  );
}
