import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  attributionComputeOptions,
  attributionRequestSchema,
  EventStore,
  fetchAttributionData,
  fetchInterventionsData,
  fetchTwinSimulationData,
  interventionsComputeOptions,
  interventionsRequestSchema,
  loadDemo,
  runAttribution,
  runInterventions,
  runTwinSimulation,
  twinSimulateRequestSchema,
} from '@trailmap/warehouse';
import { buildApp } from '../src/app.js';
import { ComputePool } from '../src/compute/compute-pool.js';
import { runComputeJob } from '../src/compute/compute-jobs.js';
import { KEYS, post } from './support/test-server.js';
import { openTestStore } from '@trailmap/warehouse/testing';

const read = `Bearer ${KEYS.readKey}`;

/** A real server over a demo store, with its own compute pool. */
/** A server whose computations all reach `compute`: no result cache (it would answer a repeated request itself). */
async function serverWith(store: EventStore, compute: ComputePool) {
  const app = buildApp({ store, keys: KEYS, logLevel: 'silent', compute, results: null });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: async () => { await app.close(); await compute.close(); } };
}

describe('compute limits, budget and queue', () => {
  let dir: string;
  let store: EventStore;
  let pool: ComputePool;
  let srv: Awaited<ReturnType<typeof serverWith>>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trailmap-compute-'));
    store = await openTestStore(dir);
    await loadDemo(store, { events: 5_000, seed: 42 });
    pool = new ComputePool({ size: 1 });
    srv = await serverWith(store, pool);
  });
  after(async () => {
    await srv.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an input past a limit is a 400 naming the field and the limit', async () => {
    const cases: Array<[string, unknown, string, string]> = [
      ['/v1/interventions', { draws: 1001 }, 'draws', '1000'],
      ['/v1/interventions', { top: 21 }, 'top', '20'],
      ['/v1/interventions', { journeys: 1e13 }, 'journeys', '1000000000000'],
      ['/v1/interventions', { lookback: '3651d' }, 'lookback', '3650d'],
      ['/v1/twin/simulate', { interventions: [{ kind: 'shift_segment_mix', segment: null, share: 0.5 }], options: { draws: 5001 } }, 'options.draws', '5000'],
      ['/v1/twin/simulate', { interventions: Array.from({ length: 51 }, () => ({ kind: 'shift_segment_mix', segment: null, share: 0.5 })) }, 'interventions', '50'],
      ['/v1/attribution', { model: 'shapley', shapleyMethod: 'monte-carlo', samples: 100_001 }, 'samples', '100000'],
      ['/v1/attribution', { model: 'markov', order: 5 }, 'order', '4'],
      ['/v1/attribution', { model: 'time-decay', halfLife: '999999999w' }, 'halfLife', '9007199254740991 ms'],
      ['/v1/analytics/funnel', { steps: [{ event: 'Product Viewed' }, { event: 'Order Completed' }], window: '999999999w' }, 'window', '3650d'],
      ['/v1/analytics/funnel', { steps: [{ event: 'Product Viewed' }, { event: 'Order Completed' }], window: 315_360_000_001 }, 'window', '3650d'],
    ];
    for (const [path, body, field, limit] of cases) {
      const r = await post(srv.url, path, body, read);
      assert.equal(r.status, 400, `${path} ${JSON.stringify(body).slice(0, 80)}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, 'invalid_definition', JSON.stringify(r.body));
      assert.equal(r.body.error.field, field, JSON.stringify(r.body));
      assert.ok(r.body.error.message.includes(limit), `${field}: the message names the limit ${limit}: ${r.body.error.message}`);
    }
    const ok = await post(srv.url, '/v1/analytics/funnel', { steps: [{ event: 'Product Viewed' }, { event: 'Order Completed' }], window: '3650d' }, read);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  test('exact Shapley over more than 20 labels is a 400 naming shapleyMethod (it was a 500)', async () => {
    const r = await post(srv.url, '/v1/attribution', { by: 'event', model: 'shapley', shapleyMethod: 'exact' }, read);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.field, 'shapleyMethod');
    assert.match(r.body.error.message, /monte-carlo/);
  });

  test('a twin over journeys that do not exist is a 400 no_journeys (it was a 500)', async () => {
    const r = await post(srv.url, '/v1/twin/simulate', { range: { from: '2001-01-01', to: '2001-01-02' }, interventions: [{ kind: 'shift_segment_mix', segment: null, share: 0.5 }] }, read);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.code, 'no_journeys');
  });

  test('the worker answers what the in-process computation answers (same seed)', async () => {
    const db = await store.readSession();
    const attrReq = attributionRequestSchema.parse({ by: 'touchpoint', model: 'all', samples: 500, seed: 7 });
    const { journeys } = await fetchAttributionData(db, attrReq);
    const attrInput = { journeys, options: attributionComputeOptions(attrReq) };
    assert.deepEqual(await pool.run('attribution', attrInput), runComputeJob('attribution', attrInput));

    const twinReq = twinSimulateRequestSchema.parse({ interventions: [{ kind: 'scale_transition', from: 'Product Viewed', to: '(conversion)', factor: 1.2 }], options: { draws: 300, seed: 3 } });
    const twinInput = { journeys: (await fetchTwinSimulationData(db, twinReq)).journeys, fit: twinReq.fit, interventions: twinReq.interventions, options: twinReq.options };
    const twinOff = await pool.run('twinSimulation', twinInput);
    assert.ok(twinOff.ok, JSON.stringify(twinOff));
    assert.deepEqual(twinOff, runComputeJob('twinSimulation', twinInput));

    const ivReq = interventionsRequestSchema.parse({ draws: 100, seed: 5 });
    const ivInput = { data: await fetchInterventionsData(db, ivReq), options: interventionsComputeOptions(ivReq) };
    const ivOff = await pool.run('interventions', ivInput);
    assert.ok(ivOff.ok && ivOff.value.interventions.length > 0, JSON.stringify(ivOff).slice(0, 300));
    assert.deepEqual(ivOff, runComputeJob('interventions', ivInput));

    // And the HTTP answers (worker) equal the CLI's in-process runners (the HTTP answer also says its range: all time).
    const noRange = (b: Record<string, unknown>) => {
      assert.deepEqual(b.range, { from: null, to: null, timeZone: 'UTC', spec: null, complete: false });
      const { range: _range, ...rest } = b;
      return rest;
    };
    const http = await post(srv.url, '/v1/attribution', { by: 'touchpoint', model: 'all', samples: 500, seed: 7 }, read);
    assert.deepEqual(noRange(http.body), JSON.parse(JSON.stringify(await runAttribution(db, attrReq))));
    const twinHttp = await post(srv.url, '/v1/twin/simulate', { interventions: twinReq.interventions, options: { draws: 300, seed: 3 } }, read);
    assert.deepEqual(noRange(twinHttp.body), JSON.parse(JSON.stringify(await runTwinSimulation(db, twinReq))));
    const ivHttp = await post(srv.url, '/v1/interventions', { draws: 100, seed: 5 }, read);
    assert.deepEqual(noRange(ivHttp.body), JSON.parse(JSON.stringify(await runInterventions(db, ivReq))));
  });

  test('a computation past the budget is stopped: 503 compute_budget_exceeded naming the budget; the pool goes on', async () => {
    const tiny = new ComputePool({ size: 1, budgetMs: 40 });
    const s = await serverWith(store, tiny);
    try {
      for (let i = 0; i < 2; i++) {
        const r = await post(s.url, '/v1/interventions', { draws: 1000, top: 20 }, read);
        assert.equal(r.status, 503, JSON.stringify(r.body).slice(0, 300));
        assert.equal(r.body.error.code, 'compute_budget_exceeded');
        assert.match(r.body.error.message, /40 ms compute budget/);
        // Stopped, not run to the end: the answer came while nothing runs on the pool any more (no wall-clock bound: the data fetch before it takes what the machine's load makes it).
        assert.equal(tiny.stats().running, 0, 'stopped, not run to the end');
      }
      // The stopped worker was replaced: the next job starts a fresh one and the pool has one slot at most.
      assert.ok(tiny.stats().workers <= 1);
    } finally {
      await s.close();
    }
  });

  test('past the queue bound a computation is refused: 503 compute_busy with Retry-After', async () => {
    const busy = new ComputePool({ size: 1, maxQueue: 0, budgetMs: 20_000 });
    const s = await serverWith(store, busy);
    try {
      const send = () =>
        fetch(s.url + '/v1/twin/simulate', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: read },
          body: JSON.stringify({ interventions: [{ kind: 'scale_transition', from: 'Product Viewed', to: '(conversion)', factor: 1.2 }], options: { draws: 5000 } }),
        });
      const first = send();
      // Let the first reach the pool before the second asks.
      while (busy.stats().running + busy.stats().queued === 0) await new Promise((r) => setTimeout(r, 5));
      const second = await send();
      assert.equal(second.status, 503);
      const body = (await second.json()) as { error: { code: string } };
      assert.equal(body.error.code, 'compute_busy');
      assert.equal(second.headers.get('retry-after'), '20');
      assert.equal((await first).status, 200);
    } finally {
      await s.close();
    }
  });
});

describe('the error handler', () => {
  test('a ZodError from any handler is a 400 invalid_definition naming the field, never a 500', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailmap-zod-'));
    const store = await openTestStore(dir);
    const compute = new ComputePool({ size: 1 });
    const app = buildApp({ store, keys: KEYS, logLevel: 'silent', compute });
    const { z } = await import('zod');
    app.post('/test/late-parse', async (req) => z.object({ depth: z.number().max(3) }).parse(req.body));
    try {
      const r = await app.inject({ method: 'POST', url: '/test/late-parse', payload: { depth: 9 } });
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().error.code, 'invalid_definition');
      assert.equal(r.json().error.field, 'depth');
    } finally {
      await app.close();
      await compute.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
