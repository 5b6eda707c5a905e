import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { INSIGHT_CHARTS, INSIGHT_ENDPOINTS, INSIGHT_KINDS } from '@trailmap/core';
import { get, KEYS, post, startTestServer } from './support/test-server.js';

const read = `Bearer ${KEYS.readKey}`;
let srv: Awaited<ReturnType<typeof startTestServer>>;
before(async () => (srv = await startTestServer()));
after(async () => srv.close());

const funnel = { steps: [{ touchpoint: 'Product' }, { touchpoint: 'Checkout' }], window: '7d' };
/** A valid definition of each kind (what its page would POST). */
const DEFINITIONS: Record<(typeof INSIGHT_KINDS)[number], Record<string, unknown>> = {
  funnel,
  paths: { start: { event: 'Product Viewed' }, depth: 3 },
  retention: { start: {}, return: {}, period: 'week', periods: 4 },
  lifecycle: { event: {}, period: 'week' },
  metrics: { interval: 'week' },
  'journey-map': {},
  attribution: { model: 'all', by: 'channel', lookback: '30d' },
};

test('insights: create, list, get, patch, delete; each stored definition runs at its endpoint', async () => {
  const made: Array<{ id: string; kind: string; chart: string }> = [];
  for (const kind of INSIGHT_KINDS) {
    const r = await post(srv.url, '/v1/insights', { kind, name: `My ${kind}`, definition: DEFINITIONS[kind] }, read);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.chart, INSIGHT_CHARTS[kind][0], 'the kind\'s first chart by default');
    assert.deepEqual(r.body.definition, DEFINITIONS[kind], 'stored as sent');
    made.push(r.body);
    const run = await post(srv.url, INSIGHT_ENDPOINTS[kind], r.body.definition, read);
    assert.equal(run.status, 200, `${kind}: ${JSON.stringify(run.body)}`);
  }
  const list = await get(srv.url, '/v1/insights');
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.insights.map((i: { id: string }) => i.id).sort(), made.map((m) => m.id).sort());
  assert.deepEqual((await get(srv.url, '/v1/insights?kind=paths')).body.insights.map((i: { kind: string }) => i.kind), ['paths']);

  const f = made[0]!;
  const one = await get(srv.url, `/v1/insights/${f.id}`);
  assert.deepEqual([one.status, one.body.name, one.body.view], [200, 'My funnel', null]);
  const upd = await post(srv.url, `/v1/insights/${f.id}`, { name: '结账漏斗', chart: 'trend', view: '?step=Product&step=Checkout' }, read, 'PATCH');
  assert.equal(upd.status, 200, JSON.stringify(upd.body));
  assert.deepEqual([upd.body.name, upd.body.chart, upd.body.view, upd.body.kind], ['结账漏斗', 'trend', '?step=Product&step=Checkout', 'funnel']);
  assert.deepEqual(upd.body.definition, funnel, 'untouched fields stay');
  const redefined = await post(srv.url, `/v1/insights/${f.id}`, { definition: { steps: [{ touchpoint: 'Cart' }, { touchpoint: 'Checkout' }] } }, read, 'PATCH');
  assert.deepEqual([redefined.body.view, redefined.body.definition.steps[0].touchpoint], [null, 'Cart'], 'a new definition without a view clears the view');

  const del = await post(srv.url, `/v1/insights/${f.id}`, undefined, read, 'DELETE');
  assert.deepEqual(del.body, { id: f.id, deleted: true, dashboards: [] });
  assert.equal((await get(srv.url, `/v1/insights/${f.id}`)).status, 404);
});

test('insights: bad input is 400 naming the field; unknown ids 404; the write key cannot read or write them', async () => {
  const bad = async (body: unknown, field: string | undefined, method: 'POST' | 'PATCH' = 'POST', path = '/v1/insights') => {
    const r = await post(srv.url, path, body, read, method);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.code, 'invalid_definition');
    assert.equal(r.body.error.field, field, JSON.stringify(r.body));
  };
  await bad({ kind: 'funnel', name: 'x', definition: { steps: [{ touchpoint: 'A' }] } }, 'definition.steps');
  await bad({ kind: 'funnel', name: 'x', definition: { ...funnel, window: 'forever' } }, 'definition.window');
  await bad({ kind: 'funnel', name: 'x', definition: { ...funnel, colour: 'red' } }, 'definition');
  await bad({ kind: 'funnel', name: 'x', chart: 'sankey', definition: funnel }, 'chart');
  await bad({ kind: 'pie', name: 'x', definition: {} }, 'kind');
  await bad({ kind: 'funnel', name: '  ', definition: funnel }, 'name');
  await bad({ kind: 'funnel', name: 'x', definition: funnel, view: 'step=A' }, 'view');
  await bad({ kind: 'funnel', name: 'x', definition: [] }, 'definition');
  await bad({ kind: 'funnel', name: 'x', definition: funnel, owner: 'me' }, undefined);
  const ok = await post(srv.url, '/v1/insights', { kind: 'funnel', name: 'kept', definition: funnel }, read);
  await bad({ chart: 'grid' }, 'chart', 'PATCH', `/v1/insights/${ok.body.id}`);
  await bad({ definition: { steps: [] } }, 'definition.steps', 'PATCH', `/v1/insights/${ok.body.id}`);
  await bad({ kind: 'paths' }, undefined, 'PATCH', `/v1/insights/${ok.body.id}`);
  assert.equal((await get(srv.url, `/v1/insights/${ok.body.id}`)).body.chart, 'funnel', 'refused patches change nothing');
  for (const [method, path] of [['GET', '/v1/insights/nope'], ['PATCH', '/v1/insights/nope'], ['DELETE', '/v1/insights/nope']] as const) {
    const r = method === 'GET' ? await get(srv.url, path) : await post(srv.url, path, method === 'PATCH' ? { name: 'x' } : undefined, read, method);
    assert.equal(r.status, 404, `${method} ${path}`);
    assert.match(r.body.error.message, /no insight has the id "nope"/);
  }
  assert.equal((await get(srv.url, '/v1/insights', `Bearer ${KEYS.writeKey}`)).status, 403);
  assert.equal((await post(srv.url, '/v1/insights', { kind: 'funnel', name: 'x', definition: funnel }, `Bearer ${KEYS.writeKey}`)).status, 403);
  assert.equal((await get(srv.url, '/v1/insights', null)).status, 401);
  assert.equal((await get(srv.url, '/v1/insights?kind=pie')).body.error.field, 'kind');
});

test('dashboards: a grid of saved insights; unknown insight named by tile; patch, delete; deleting an insight empties its tiles', async () => {
  const a = (await post(srv.url, '/v1/insights', { kind: 'funnel', name: 'A', definition: funnel }, read)).body;
  const b = (await post(srv.url, '/v1/insights', { kind: 'metrics', name: 'B', chart: 'table', definition: { interval: 'month' } }, read)).body;
  const unknown = await post(srv.url, '/v1/dashboards', { name: 'Weekly', tiles: [{ insightId: a.id }, { insightId: 'gone' }] }, read);
  assert.equal(unknown.status, 400);
  assert.deepEqual([unknown.body.error.code, unknown.body.error.field], ['unknown_insight', 'tiles[1].insightId']);
  assert.equal((await post(srv.url, '/v1/dashboards', { name: 'x', tiles: [{ insightId: a.id, width: 4 }] }, read)).body.error.field, 'tiles[0].width');
  assert.equal((await post(srv.url, '/v1/dashboards', { tiles: [] }, read)).body.error.field, 'name');

  const d = await post(srv.url, '/v1/dashboards', { name: 'Weekly', description: '每周', tiles: [{ insightId: b.id, width: 2 }, { insightId: a.id }] }, read);
  assert.equal(d.status, 201, JSON.stringify(d.body));
  assert.deepEqual(d.body.tiles.map((t: { insight: { name: string }; width: number }) => [t.insight.name, t.width]), [['B', 2], ['A', 1]]);
  assert.deepEqual((await get(srv.url, `/v1/dashboards/${d.body.id}`)).body, d.body);
  const list = await get(srv.url, '/v1/dashboards');
  assert.deepEqual(list.body.dashboards.map((x: { name: string; tiles: number }) => [x.name, x.tiles]), [['Weekly', 2]]);

  const moved = await post(srv.url, `/v1/dashboards/${d.body.id}`, { name: 'Monthly', tiles: [{ insightId: a.id, width: 3 }, { insightId: b.id }] }, read, 'PATCH');
  assert.equal(moved.status, 200);
  assert.deepEqual([moved.body.name, moved.body.tiles.map((t: { insightId: string }) => t.insightId)], ['Monthly', [a.id, b.id]]);
  assert.equal((await post(srv.url, `/v1/dashboards/${d.body.id}`, { tiles: [{ insightId: 'x' }] }, read, 'PATCH')).body.error.field, 'tiles[0].insightId');
  assert.equal((await post(srv.url, '/v1/dashboards/nope', { name: 'x' }, read, 'PATCH')).status, 404);
  assert.equal((await get(srv.url, '/v1/dashboards/nope')).status, 404);

  assert.deepEqual((await post(srv.url, `/v1/insights/${a.id}`, undefined, read, 'DELETE')).body.dashboards, [d.body.id]);
  assert.deepEqual((await get(srv.url, `/v1/dashboards/${d.body.id}`)).body.tiles.map((t: { insightId: string }) => t.insightId), [b.id]);
  assert.deepEqual((await post(srv.url, `/v1/dashboards/${d.body.id}`, undefined, read, 'DELETE')).body, { id: d.body.id, deleted: true });
  assert.equal((await post(srv.url, `/v1/dashboards/${d.body.id}`, undefined, read, 'DELETE')).status, 404);
  assert.equal((await get(srv.url, `/v1/insights/${b.id}`)).status, 200, 'its insights stay saved');
});
