import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basic, KEYS, post, startTestServer } from './support/test-server.js';

const read = `Bearer ${KEYS.readKey}`;

describe('analytics API', () => {
  let srv: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => {
    srv = await startTestServer();
    const batch = [];
    const t0 = Date.UTC(2026, 0, 5);
    for (let p = 0; p < 10; p++) {
      const steps = ['Product Viewed', 'Cart Added', 'Order Completed'].slice(0, 1 + (p % 3));
      steps.forEach((event, i) =>
        batch.push({ type: 'track', event, userId: `u${p}`, messageId: `a-${p}-${i}`, timestamp: new Date(t0 + p * 3_600_000 + i * 60_000).toISOString(), properties: { plan: p % 2 ? 'gold' : 'free', ...(event === 'Order Completed' ? { revenue: 50 + p } : {}) } }),
      );
      batch.push({ type: 'identify', userId: `u${p}`, messageId: `id-${p}`, timestamp: new Date(t0 + p * 3_600_000).toISOString(), traits: { persona: p < 5 ? 'a' : 'b' } });
    }
    const r = await post(srv.url, '/v1/batch', { batch }, basic(KEYS.writeKey));
    assert.equal(r.status, 200);
  });
  after(async () => srv.close());

  test('POST /v1/analytics/funnel returns step counts; the definition is validated', async () => {
    const r = await post(srv.url, '/v1/analytics/funnel', { steps: [{ event: 'Product Viewed' }, { event: 'Cart Added' }, { event: 'Order Completed' }], window: '7d' }, read);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(
      r.body.steps.map((s: { name: string; count: number }) => [s.name, s.count]),
      [
        ['Product Viewed', 10],
        ['Cart Added', 6],
        ['Order Completed', 3],
      ],
    );
    const bad = await post(srv.url, '/v1/analytics/funnel', { steps: [{ event: 'A' }, { evnt: 'B' }] }, read);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'invalid_definition');
    assert.equal(bad.body.error.field, 'steps[1]');
    const window = await post(srv.url, '/v1/analytics/funnel', { steps: [{ event: 'A' }, { event: 'B' }], window: 'a week' }, read);
    assert.equal(window.status, 400);
    assert.equal(window.body.error.field, 'window');
  });

  test('every analysis answers on the same data', async () => {
    const defs: Record<string, unknown> = {
      paths: { start: { event: 'Product Viewed' }, by: 'event', depth: 3 },
      retention: { start: { event: 'Product Viewed' }, return: { event: 'Order Completed' }, period: 'day', periods: 3 },
      lifecycle: { period: 'day' },
      stickiness: {},
      metrics: { by: 'channel' },
      'journey-map': { segment: [{ property: 'persona', op: 'eq', value: 'a' }] },
      experience: {},
    };
    for (const [name, def] of Object.entries(defs)) {
      const r = await post(srv.url, `/v1/analytics/${name}`, def, read);
      assert.equal(r.status, 200, `${name}: ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    const paths = await post(srv.url, '/v1/analytics/paths', defs.paths, read);
    assert.equal(paths.body.nodes.find((n: { id: string }) => n.id === '0:Product Viewed').count, 10);
    const map = await post(srv.url, '/v1/analytics/journey-map', defs['journey-map'], read);
    assert.equal(Math.max(...map.body.stages.map((s: { people: number }) => s.people)), 5, 'the segment keeps persona a only');
  });

  test('POST /v1/attribution: one model or all side by side; key touchpoint scores with components', async () => {
    const m = await post(srv.url, '/v1/attribution', { model: 'markov', by: 'event', conversion: { event: 'Order Completed' } }, read);
    assert.equal(m.status, 200, JSON.stringify(m.body).slice(0, 300));
    assert.equal(m.body.model, 'markov');
    // 3 people convert after Product Viewed → Cart Added; 7 journeys end without converting.
    assert.equal(m.body.conversions, 3);
    const names = m.body.rows.map((r: { name: string }) => r.name).sort();
    assert.deepEqual(names, ['Cart Added', 'Product Viewed']);
    for (const r of m.body.rows) assert.equal(r.removalEffect, 1, 'each is on every converting path');
    const all = await post(srv.url, '/v1/attribution', { by: 'event' }, read);
    assert.equal(all.status, 200);
    assert.equal(all.body.model, 'all');
    assert.ok(all.body.models.shapley.rows.length > 0);
    const bad = await post(srv.url, '/v1/attribution', { model: 'magic' }, read);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'model');
    const score = await post(srv.url, '/v1/touchpoints/score', { minReach: 1 }, read);
    assert.equal(score.status, 200, JSON.stringify(score.body).slice(0, 300));
    assert.ok(score.body.touchpoints.length > 0);
    assert.deepEqual(Object.keys(score.body.touchpoints[0].components).sort(), ['attribution', 'dropOff', 'experience', 'frequency', 'reach']);
  });

  test('interventions rank by ROI and follow the team\'s feasibility and cost; the twin simulates', async () => {
    const sim = await post(srv.url, '/v1/twin/simulate', { fit: { minCount: 1 }, interventions: [{ kind: 'scale_transition', from: 'Cart Added', to: '(conversion)', factor: 1.5 }] }, read);
    assert.equal(sim.status, 200, JSON.stringify(sim.body).slice(0, 300));
    // Fitted on the 10 journeys: 3 of 10 convert; Cart Added → conversion is 3/6, ×1.5 → 4.5/6.
    assert.ok(Math.abs(sim.body.baseline.conversionRate.estimate - 0.3) < 1e-9);
    assert.ok(Math.abs(sim.body.change.conversionRate.estimate - 0.15) < 1e-9);
    assert.ok(sim.body.change.conversionRate.low <= 0.15 && sim.body.change.conversionRate.high >= 0.15);
    const unknown = await post(srv.url, '/v1/twin/simulate', { interventions: [{ kind: 'scale_transition', from: 'Nowhere', to: '(conversion)', factor: 2 }] }, read);
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.field, 'interventions[0].from');

    const first = await post(srv.url, '/v1/interventions', { minReach: 1, twinMinCount: 1 }, read);
    assert.equal(first.status, 200, JSON.stringify(first.body).slice(0, 300));
    const list = first.body.interventions as Array<{ id: string; rank: number; roi: number; feasibility: number; cost: number }>;
    assert.ok(list.length >= 2, 'candidates exist on this data');
    for (let i = 1; i < list.length; i++) assert.ok(list[i - 1]!.roi >= list[i]!.roi, 'ranked by ROI');
    const top = list[0]!;
    const put = await post(srv.url, `/v1/interventions/${encodeURIComponent(top.id)}`, { feasibility: 0.01, cost: 1e9 }, read, 'PUT');
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const again = (await post(srv.url, '/v1/interventions', { minReach: 1, twinMinCount: 1 }, read)).body.interventions as typeof list;
    const moved = again.find((x) => x.id === top.id)!;
    assert.equal(moved.feasibility, 0.01);
    assert.equal(moved.cost, 1e9);
    assert.equal(moved.rank, again.length, 'the edited intervention falls to the bottom');
    const badPut = await post(srv.url, `/v1/interventions/${encodeURIComponent(top.id)}`, { feasibility: 2 }, read, 'PUT');
    assert.equal(badPut.status, 400);
    assert.equal(badPut.body.error.field, 'feasibility');
    const del = await post(srv.url, `/v1/interventions/${encodeURIComponent(top.id)}`, undefined, read, 'DELETE');
    assert.equal(del.body.reset, true);
  });

  test('interventions: an edited effect share is simulated by the twin and re-ranks; a parameter of another kind is a 400 naming it', async () => {
    type Row = { id: string; kind: string; rank: number; roi: number; params: Record<string, number>; source: { effect: string }; effect: string; uplift: { revenue: { estimate: number }; conversions: { estimate: number } } };
    const body = { minReach: 1, twinMinCount: 1 };
    const list = (await post(srv.url, '/v1/interventions', body, read)).body.interventions as Row[];
    const id = 'personalise:Cart Added';
    const before = list.find((r) => r.id === id)!;
    // The 10 journeys: 6 reach Cart Added, 3 of them convert (3/6 overall, → drop 3/6); a conversion is worth 55 on average.
    // personalise moves `share` of P(drop) to conversion: factor 1 + share × 0.5 / 0.5 on Cart Added → conversion.
    // The twin applies it to each persona's chain: a (3 at Cart Added, 1 converts: 1/3) and b (3, 2 convert: 2/3).
    // Default share 0.05, ×1.05: a +1/60 × 3 = 0.05, b +1/30 × 3 = 0.1, so +0.15 conversions, 8.25 in revenue,
    // ROI 8.25 × 0.5 ÷ 15,000 = 0.000275: last of the four.
    assert.deepEqual(before.params, { share: 0.05 });
    assert.equal(before.source.effect, 'default');
    assert.ok(Math.abs(before.uplift.conversions.estimate - 0.15) < 1e-6, String(before.uplift.conversions.estimate));
    assert.ok(Math.abs(before.uplift.revenue.estimate - 8.25) < 1e-6, String(before.uplift.revenue.estimate));
    assert.equal(before.rank, list.length);
    assert.equal(list[0]!.id, 'add_reminder:Cart Added');
    try {
      const put = await post(srv.url, `/v1/interventions/${encodeURIComponent(id)}`, { share: 0.5 }, read, 'PUT');
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.deepEqual(put.body, { id, share: 0.5 });
      // share 0.5, ×1.5: a 1/3 → 1/2 (+1/6 × 3 = 0.5), b 2/3 → 1 (+1/3 × 3 = 1): ten times the share, ten times the uplift,
      // +1.5 conversions, 82.5 in revenue, ROI 82.5 × 0.5 ÷ 15,000 = 0.00275, above add_reminder's 0.0026 (the top by default).
      const again = (await post(srv.url, '/v1/interventions', body, read)).body.interventions as Row[];
      const edited = again.find((r) => r.id === id)!;
      assert.deepEqual(edited.params, { share: 0.5 });
      assert.equal(edited.source.effect, 'user');
      assert.match(edited.effect, /^50% of the people who drop/);
      assert.ok(Math.abs(edited.uplift.conversions.estimate - 1.5) < 1e-6, String(edited.uplift.conversions.estimate));
      assert.ok(Math.abs(edited.uplift.revenue.estimate - 82.5) < 1e-6, String(edited.uplift.revenue.estimate));
      assert.ok(Math.abs(edited.roi - 0.00275) < 1e-9, String(edited.roi));
      assert.equal(edited.rank, 1, 'the edited intervention moves to the top');
      for (const r of again.filter((x) => x.id !== id)) assert.equal(r.source.effect, 'default');

      // A parameter of another kind: 400 naming it, and nothing is stored.
      const wrong = await post(srv.url, `/v1/interventions/${encodeURIComponent('add_reminder:Cart Added')}`, { share: 0.3 }, read, 'PUT');
      assert.equal(wrong.status, 400, JSON.stringify(wrong.body));
      assert.equal(wrong.body.error.field, 'share');
      assert.match(wrong.body.error.message, /does not apply to add_reminder/);
      const lift = await post(srv.url, `/v1/interventions/${encodeURIComponent(id)}`, { lift: 0.2 }, read, 'PUT');
      assert.equal(lift.status, 400);
      assert.equal(lift.body.error.field, 'lift');
      const range = await post(srv.url, `/v1/interventions/${encodeURIComponent(id)}`, { share: 1.5 }, read, 'PUT');
      assert.equal(range.status, 400);
      assert.equal(range.body.error.field, 'share');
      const reminder = (await post(srv.url, '/v1/interventions', body, read)).body.interventions as Row[];
      assert.equal(reminder.find((r) => r.id === 'add_reminder:Cart Added')!.source.effect, 'default');
      assert.deepEqual(reminder.find((r) => r.id === id)!.params, { share: 0.5 }, 'the refused PUT left the stored share alone');
    } finally {
      await post(srv.url, `/v1/interventions/${encodeURIComponent(id)}`, undefined, read, 'DELETE');
    }
    const reset = (await post(srv.url, '/v1/interventions', body, read)).body.interventions as Row[];
    assert.deepEqual(reset.find((r) => r.id === id)!.params, { share: 0.05 });
  });

  test('keys and unknown analyses', async () => {
    const w = await post(srv.url, '/v1/analytics/funnel', { steps: [{ event: 'A' }, { event: 'B' }] }, `Bearer ${KEYS.writeKey}`);
    assert.equal(w.status, 403);
    const none = await post(srv.url, '/v1/analytics/funnel', { steps: [{ event: 'A' }, { event: 'B' }] }, null);
    assert.equal(none.status, 401);
    const u = await post(srv.url, '/v1/analytics/astrology', {}, read);
    assert.equal(u.status, 404);
    assert.equal(u.body.error.code, 'unknown_analysis');
    assert.match(u.body.error.message, /funnel/);
  });
});
