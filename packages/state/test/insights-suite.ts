import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dashboardInputSchema, insightInputSchema, insightPatchSchema, type Insight } from '@trailmap/core';
import type { StateStore } from '../src/state-store.js';
import { createInsight, deleteInsight, getInsight, listInsights, updateInsight } from '../src/repos/insights.repo.js';
import { createDashboard, deleteDashboard, getDashboard, isMissingInsight, listDashboards, updateDashboard } from '../src/repos/dashboards.repo.js';
import { storeTest } from './support/store-test.js';

const funnel = (name: string, steps = ['Product', 'Cart']) =>
  insightInputSchema.parse({ kind: 'funnel', name, definition: { steps: steps.map((touchpoint) => ({ touchpoint })), window: '7d' }, view: `?${steps.map((s) => `step=${encodeURIComponent(s)}`).join('&')}` });

/** Saved insights and dashboards on one adapter (`open` gives a new, empty, migrated store). */
export function insightsSuite(name: string, open: () => Promise<StateStore>): void {
  const withStore = storeTest(name, open);

  withStore('insights: create, get, list (latest changed first, by kind), patch only the named fields, delete', async (s) => {
    const a = await createInsight(s, funnel('Checkout funnel'));
    const b = await createInsight(s, insightInputSchema.parse({ kind: 'paths', name: '路径 “结账”', description: "it's; DROP TABLE insights; --", definition: { from: { touchpoint: 'Checkout' }, depth: 4 } }));
    assert.deepEqual([a.kind, a.chart, a.description, a.view], ['funnel', 'funnel', '', '?step=Product&step=Cart']);
    assert.deepEqual(b.chart, 'sankey');
    assert.deepEqual(a.definition, { steps: [{ touchpoint: 'Product' }, { touchpoint: 'Cart' }], window: '7d' });
    assert.match(a.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(await getInsight(s, a.id), a);
    assert.equal(await getInsight(s, 'nope'), null);
    assert.deepEqual((await listInsights(s)).map((i) => i.id), [b.id, a.id]);
    assert.deepEqual((await listInsights(s, { kind: 'paths' })).map((i) => i.name), ['路径 “结账”']);
    assert.equal((await listInsights(s, { kind: 'paths' }))[0]!.description, "it's; DROP TABLE insights; --");

    const renamed = await updateInsight(s, a.id, { name: 'Renamed', chart: 'table' });
    assert.deepEqual([renamed!.name, renamed!.chart, renamed!.view, renamed!.kind], ['Renamed', 'table', a.view, 'funnel']);
    assert.deepEqual(renamed!.definition, a.definition);
    assert.ok(renamed!.updatedAt >= a.updatedAt);
    assert.deepEqual((await listInsights(s)).map((i) => i.id), [a.id, b.id], 'the changed one comes first');
    // A new definition without a view clears the view; with one, keeps it.
    const redefined = await updateInsight(s, a.id, { definition: { steps: [{ touchpoint: 'X' }, { touchpoint: 'Y' }] } });
    assert.equal(redefined!.view, null);
    const both = await updateInsight(s, a.id, { definition: { steps: [{ touchpoint: 'X' }, { touchpoint: 'Z' }] }, view: '?step=X&step=Z' });
    assert.equal(both!.view, '?step=X&step=Z');
    assert.equal(await updateInsight(s, 'nope', { name: 'x' }), null);

    assert.deepEqual(await deleteInsight(s, b.id), { dashboards: [] });
    assert.equal(await deleteInsight(s, b.id), null);
    assert.deepEqual((await listInsights(s)).map((i) => i.id), [a.id]);
  });

  withStore('insights: any sequence of patches gives what applying them to a plain object gives (fast-check)', async (s) => {
    const text = fc.string({ minLength: 1, maxLength: 20 }).filter((t) => t.trim() === t && t.length > 0);
    const patch = fc.record(
      { name: text, description: fc.constant('d'), chart: fc.constantFrom('funnel', 'trend', 'table'), definition: fc.dictionary(text, fc.integer()), view: fc.option(fc.constantFrom('?a=1', '?b=2'), { nil: null }) },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(patch, { maxLength: 6 }), async (patches) => {
        let model: Insight = await createInsight(s, funnel('seed'));
        for (const raw of patches) {
          const p = insightPatchSchema.parse(raw);
          const got = await updateInsight(s, model.id, p);
          model = { ...model, ...p, ...(p.definition !== undefined && p.view === undefined ? { view: null } : {}), updatedAt: got!.updatedAt };
          assert.deepEqual(got, model);
        }
        assert.deepEqual(await getInsight(s, model.id), model);
        await deleteInsight(s, model.id);
      }),
      { numRuns: 20 },
    );
  });

  withStore('dashboards: tiles in order with their insights; unknown insight named by index; patch replaces the grid; delete', async (s) => {
    const a = await createInsight(s, funnel('A'));
    const b = await createInsight(s, funnel('B', ['Home', 'Product']));
    const missing = await createDashboard(s, dashboardInputSchema.parse({ name: 'Weekly', tiles: [{ insightId: a.id }, { insightId: 'gone' }] }));
    assert.deepEqual(missing, { missing: { index: 1, insightId: 'gone' } });
    assert.deepEqual(await listDashboards(s), [], 'nothing was stored');

    const d = await createDashboard(s, dashboardInputSchema.parse({ name: 'Weekly', description: '每周', tiles: [{ insightId: b.id, width: 2 }, { insightId: a.id }, { insightId: b.id }] }));
    assert.ok(!isMissingInsight(d));
    assert.deepEqual(d.tiles.map((t) => [t.insight.name, t.width]), [['B', 2], ['A', 1], ['B', 1]]);
    assert.deepEqual(d.tiles[1]!.insight, a);
    assert.deepEqual(await getDashboard(s, d.id), d);
    assert.deepEqual((await listDashboards(s)).map((x) => [x.name, x.description, x.tiles]), [['Weekly', '每周', 3]]);

    const grid = await updateDashboard(s, d.id, { tiles: [{ insightId: a.id, width: 3 }] });
    assert.ok(grid && !isMissingInsight(grid));
    assert.deepEqual(grid.tiles.map((t) => [t.insightId, t.width]), [[a.id, 3]]);
    assert.equal(grid.name, 'Weekly');
    const bad = await updateDashboard(s, d.id, { name: 'not kept', tiles: [{ insightId: 'x', width: 1 }] });
    assert.deepEqual(bad, { missing: { index: 0, insightId: 'x' } });
    assert.equal((await getDashboard(s, d.id))!.name, 'Weekly', 'a refused patch changes nothing');
    const renamed = await updateDashboard(s, d.id, { name: 'Monthly' });
    assert.ok(renamed && !isMissingInsight(renamed));
    assert.deepEqual([renamed.name, renamed.tiles.length], ['Monthly', 1]);
    assert.equal(await updateDashboard(s, 'nope', { name: 'x' }), null);

    // Deleting an insight removes its tiles and names the dashboards it was on.
    assert.deepEqual(await deleteInsight(s, a.id), { dashboards: [d.id] });
    assert.deepEqual((await getDashboard(s, d.id))!.tiles, []);
    assert.equal(await deleteDashboard(s, d.id), true);
    assert.equal(await deleteDashboard(s, d.id), false);
    assert.equal(await getDashboard(s, d.id), null);
    assert.deepEqual((await listInsights(s)).map((i) => i.name), ['B'], 'deleting a dashboard keeps its insights');
  });
}
