import { OTHER_REGION, type ConsentConfig } from '@trailmap/core';
import type { Dialect } from '../dialect/dialect.js';

/**
 * Purpose names and country codes are validated by the config schema (lowercase identifiers,
 * two capitals), so they are written as literals: the relation built here is embedded in other
 * queries' text whatever their parameter numbering (the same reason identifiers are inlined).
 */
const literal = (v: string, shape: RegExp): string => {
  if (!shape.test(v)) throw new Error(`not a validated consent setting: ${JSON.stringify(v)}`);
  return `'${v}'`;
};
const purposeLit = (p: string) => literal(p, /^[a-z][a-z0-9_]{0,39}$/);
const countryList = (cs: readonly string[]) => (cs.length ? cs.map((c) => literal(c, /^[A-Z]{2}$/)).join(', ') : `''`);

/** Each person's latest explicit choice for a purpose (1 granted, 0 refused; at one time a refusal wins), through the identities table. */
export function explicitChoiceSql(d: Dialect, purpose: string): string {
  return `SELECT i.person_id AS person_id, ${d.argMax('c.g', 'c.ord')} AS g
    FROM (SELECT identity, CASE WHEN granted THEN 1 ELSE 0 END AS g, ${d.epochMs('chosen_at')} * 2 + CASE WHEN granted THEN 0 ELSE 1 END AS ord
            FROM consents WHERE purpose = ${purposeLit(purpose)}) AS c
    JOIN identities AS i ON i.identity = c.identity
   GROUP BY i.person_id`;
}

/** Each person's latest known country (identity_countries through the identities table). */
export function personCountrySql(d: Dialect): string {
  return `SELECT i.person_id AS person_id, ${d.argMax('r.country', d.epochMs('r.seen_at'))} AS country
    FROM identity_countries AS r JOIN identities AS i ON i.identity = r.identity
   GROUP BY i.person_id`;
}

/**
 * The people whose effective consent to `purpose` is refused: a latest explicit refusal, or no
 * explicit choice and a refusing default in their region (core's resolveConsent, in SQL).
 */
export function refusedPeopleSql(d: Dialect, config: ConsentConfig, purpose: string): string {
  const defaults = config.defaults[purpose];
  if (!defaults) throw new Error(`"${purpose}" is not one of the purposes (${config.purposes.join(', ')})`);
  const explicit = `(${explicitChoiceSql(d, purpose)})`;
  const refusedExplicitly = `SELECT person_id FROM ${explicit} AS e WHERE e.g = 0`;
  const regions = Object.entries(config.regions);
  const countriesOf = (decision: 'granted' | 'refused') => regions.filter(([r]) => defaults[r] === decision).flatMap(([, cs]) => cs);
  const noChoice = `person_id NOT IN (SELECT person_id FROM ${explicit} AS x)`;
  if (defaults[OTHER_REGION] === 'granted') {
    const refusing = countriesOf('refused');
    if (refusing.length === 0) return refusedExplicitly;
    return `${refusedExplicitly}
      UNION ALL SELECT person_id FROM (${personCountrySql(d)}) AS pc WHERE pc.country IN (${countryList(refusing)}) AND ${noChoice}`;
  }
  // Refused unless chosen everywhere but the granting regions: every person without a choice outside them.
  return `${refusedExplicitly}
    UNION ALL SELECT person_id FROM (SELECT DISTINCT person_id FROM identities) AS ap
     WHERE ${noChoice}
       AND person_id NOT IN (SELECT person_id FROM (${personCountrySql(d)}) AS pc WHERE pc.country IN (${countryList(countriesOf('granted'))}))`;
}

/**
 * The events analyses read: every event, or (when someone's analytics consent is refused) the
 * events of everyone else. `anyRefused` false skips the anti-join altogether.
 */
export function analysisEventsSql(d: Dialect, config: ConsentConfig, anyRefused: boolean): string {
  if (!anyRefused) return 'events';
  return `(SELECT ${d.eventColumns} FROM events WHERE person_id NOT IN (${refusedPeopleSql(d, config, 'analytics')}))`;
}
