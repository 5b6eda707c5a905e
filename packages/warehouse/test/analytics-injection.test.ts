import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  defaultSentimentScorer,
  funnelSchema,
  journeyMapDefinitionSchema,
  metricsSchema,
  pathsSchema,
  retentionSchema,
  type AnalyticsEvent,
} from '@trailmap/core';
import { runFunnel, runJourneyMap, runMetrics, runPaths, runRetention } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';

/** Names and keys that would break or rewrite SQL if they were ever concatenated into it. */
const EVIL = [`x'); DROP TABLE events; --`, `"; DELETE FROM events WHERE 1=1; --`, `订单'完成`, `back\\slash\` tick`, `{p0:String}`, `$1`];
const EVIL_KEY = `it's "the" key; --`;

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

function events(): AnalyticsEvent[] {
  const out: AnalyticsEvent[] = [];
  let n = 0;
  for (let p = 0; p < 12; p++) {
    EVIL.forEach((name, i) => {
      if (p % (i + 2) === 0 && i > 0) return; // fewer people reach later steps
      out.push({
        messageId: `m${++n}`,
        personId: `person ${p}'`,
        timestamp: Date.UTC(2025, 0, 6 + (p % 3) * 7) + i * 60_000,
        type: 'track',
        event: name,
        name: null,
        touchpoint: name,
        channel: 'web',
        touchpointType: 'digital',
        stage: ['awareness', 'interest', 'consideration', 'conversion', 'loyalty'][i % 5]!,
        properties: { [EVIL_KEY]: EVIL[p % EVIL.length], revenue: p },
        traits: {},
        context: {},
      });
    });
  }
  return out;
}

test('event names, property keys and values with quotes, semicolons, placeholders and unicode are data on both engines', async () => {
  const evs = events();
  await engines.load(evs);
  const results: Record<string, unknown[]> = { funnel: [], paths: [], retention: [], metrics: [], map: [] };
  for (const [name, wh] of engines.all) {
    const funnel = await runFunnel(
      wh,
      funnelSchema.parse({
        steps: EVIL.slice(0, 4).map((e) => ({ event: e })),
        window: '1d',
        breakdown: { property: EVIL_KEY },
      }),
    );
    const expectedFirst = new Set(evs.filter((e) => e.event === EVIL[0]).map((e) => e.personId)).size;
    assert.equal(funnel.steps[0]!.count, expectedFirst, `${name}: funnel step 1`);
    assert.ok(funnel.steps[3]!.count > 0, `${name}: someone completes the funnel of odd names`);
    assert.ok((funnel.breakdown ?? []).some((b) => b.value !== null && EVIL.includes(b.value)), `${name}: breakdown values are the odd texts`);
    const filtered = await runFunnel(wh, funnelSchema.parse({ steps: [{ event: EVIL[0], where: [{ property: EVIL_KEY, op: 'eq', value: EVIL[1] }] }, { event: EVIL[1] }] }));
    assert.equal(filtered.steps[0]!.count, evs.filter((e) => e.event === EVIL[0] && e.properties[EVIL_KEY] === EVIL[1]).length, `${name}: property filter`);
    results.funnel!.push(funnel.steps.map((s) => s.count));

    const paths = await runPaths(wh, pathsSchema.parse({ start: { event: EVIL[0] }, by: 'event', depth: 3, cleaning: [{ regex: `^.*DROP TABLE.*$`, label: `x'); --` }] }));
    assert.ok(paths.nodes.some((n) => n.label === `x'); --`), `${name}: cleaning label is data`);
    results.paths!.push(paths.edges);

    const retention = await runRetention(wh, retentionSchema.parse({ start: { event: EVIL[2] }, return: { event: EVIL[3] }, period: 'week', periods: 3 }));
    results.retention!.push(retention.cohorts);
    const metrics = await runMetrics(wh, metricsSchema.parse({ by: 'touchpoint', conversion: { event: EVIL[3] } }));
    assert.ok(metrics.rows.some((r) => r.group === EVIL[0]), `${name}: metrics group by odd touchpoint`);
    results.metrics!.push(metrics.rows.map((r) => [r.group, r.activePeople, r.converters]));
    const map = await runJourneyMap(wh, journeyMapDefinitionSchema.parse({}), defaultSentimentScorer);
    assert.ok(map.cells.some((c) => c.touchpoint === EVIL[0]));
    results.map!.push(map.cells.map((c) => [c.touchpoint, c.people]));

    const [count] = await wh.query<{ n: number }>('SELECT count(*) AS n FROM events');
    assert.equal(Number(count?.n), evs.length, `${name}: the events table is intact`);
  }
  for (const [k, v] of Object.entries(results)) assert.deepEqual(v[0], v[1], `${k}: DuckDB and ClickHouse agree`);
});
