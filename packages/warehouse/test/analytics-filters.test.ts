import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { matchesEvent, personMatcher, SESSION_GAP_MS, sessionIds, type EventMatcher, type PersonFilter } from '@trailmap/core';
import { eventMatchSql, Params, personFilterSql, sessionizedSql } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents } from './support/random-events.js';

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const events = randomEvents({ seed: 7, people: 80 });

const MATCHERS: EventMatcher[] = [
  {},
  { event: 'Product Viewed' },
  { event: ['Cart Added', 'Home'] },
  { event: 'Order Completed', where: [{ property: 'revenue', op: 'gt', value: 100 }] },
  { where: [{ property: 'plan', op: 'eq', value: "o'hara; --" }] },
  { where: [{ property: 'plan', op: 'in', value: ['会员', 'gold'] }] },
  { where: [{ property: 'plan', op: 'not_in', value: ['gold'] }] },
  { where: [{ property: 'odd "key"', op: 'is_set' }] },
  { where: [{ property: 'revenue', op: 'is_not_set' }] },
  { where: [{ property: 'flag', op: 'eq', value: true }] },
  { where: [{ property: 'plan', op: 'contains', value: 'ol' }] },
  { where: [{ property: 'revenue', op: 'lte', value: '20' }, { property: 'plan', op: 'neq', value: 'free' }] },
  { channel: 'email', stage: ['purchase', 'retention'] },
  { touchpoint: 'web_cart' },
];

describe('event matchers and person filters: TS reference = DuckDB = ClickHouse', () => {
  test('event matchers select the same events', async () => {
    await engines.load(events);
    for (const m of MATCHERS) {
      const expected = events.filter((e) => matchesEvent(e, m)).map((e) => e.messageId).sort();
      for (const [name, wh] of engines.all) {
        const p = new Params(wh.dialect);
        const sql = `SELECT message_id FROM events WHERE ${eventMatchSql(m, p)} ORDER BY message_id`;
        const got = (await wh.query<{ message_id: string }>(sql, p.values)).map((r) => r.message_id).sort();
        assert.deepEqual(got, expected, `${name}: ${JSON.stringify(m)}`);
      }
    }
  });

  test('person filters on latest traits select the same people', async () => {
    await engines.load(events);
    const filters: PersonFilter[] = [
      [{ property: 'plan', op: 'eq', value: 'gold' }],
      [{ property: 'plan', op: 'is_not_set' }],
      [{ property: 'age', op: 'gte', value: 40 }, { property: 'plan', op: 'neq', value: 'free' }],
    ];
    const people = [...new Set(events.map((e) => e.personId))];
    for (const f of filters) {
      const match = personMatcher(events, f);
      const expected = people.filter(match).sort();
      assert.ok(expected.length > 0 && expected.length < people.length, `filter ${JSON.stringify(f)} should split the people`);
      for (const [name, wh] of engines.all) {
        const p = new Params(wh.dialect);
        const sql = personFilterSql(f, p)!;
        const got = (await wh.query<{ person_id: string }>(`SELECT person_id FROM ${sql} AS f ORDER BY person_id`, p.values)).map((r) => r.person_id).sort();
        assert.deepEqual(got, expected, `${name}: ${JSON.stringify(f)}`);
      }
    }
  });
});

describe('sessions: TS reference = DuckDB = ClickHouse', () => {
  test('a gap over 30 minutes starts a new session; ties stay together', async () => {
    const evs = randomEvents({ seed: 11, people: 40, tieRate: 0.1 });
    await engines.load(evs);
    const expected = sessionIds(evs);
    for (const [name, wh] of engines.all) {
      const rows = await wh.query<{ message_id: string; session_id: string }>(`SELECT message_id, session_id FROM (${sessionizedSql(wh.dialect, 'events', SESSION_GAP_MS)}) AS s`);
      assert.equal(rows.length, evs.length);
      for (const r of rows) assert.equal(r.session_id, expected.get(r.message_id), `${name}: ${r.message_id}`);
    }
  });
});

describe('result values', () => {
  test('times come back as ISO text from both engines; text that looks like a time stays as it is', async () => {
    await engines.load(randomEvents({ seed: 3, people: 2 }));
    for (const [name, wh] of engines.all) {
      const rows = await wh.query<{ label: string; ts: string; n: number }>(
        `SELECT '2024-01-01 00:00:00' AS label, min(timestamp) AS ts, count(*) AS n FROM events`,
      );
      assert.equal(rows[0]!.label, '2024-01-01 00:00:00', name);
      assert.match(rows[0]!.ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, name);
      assert.equal(typeof rows[0]!.n, 'number', name);
    }
  });
});
