import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computedTraitDefinitionSchema } from '@trailmap/core';
import type { StateStore } from '../src/state-store.js';
import { computedTraitDefinitions, createComputedTrait, deleteComputedTrait, getComputedTrait, listComputedTraits, updateComputedTrait } from '../src/repos/computed-traits.repo.js';

/** Saved computed-trait definitions on one adapter (`open` gives a new, empty, migrated store). */
export function computedTraitsSuite(name: string, open: () => Promise<StateStore>): void {
  test(`${name}: computed traits: create (key unique), list, get, replace, delete; the definition comes back parsed`, async () => {
    const s = await open();
    try {
      const orders = computedTraitDefinitionSchema.parse({ key: 'orders-90d', name: 'Orders, 90 days', aggregate: 'count', event: 'Order Completed', window: '90d' });
      const saved = await createComputedTrait(s, orders);
      assert.deepEqual(saved?.definition, { ...orders, window: 90 * 86_400_000 });
      assert.equal(saved?.name, 'Orders, 90 days');
      assert.equal(await createComputedTrait(s, { ...orders, name: 'Again' }), null, 'a taken key');
      const spend = computedTraitDefinitionSchema.parse({ key: 'spend', name: "总消费 'x'; --", aggregate: 'sum', event: 'Order Completed', property: 'revenue', where: [{ property: 'currency', op: 'eq', value: 'EUR' }] });
      await createComputedTrait(s, spend);
      assert.deepEqual((await listComputedTraits(s)).map((t) => t.key), ['orders-90d', 'spend']);
      assert.deepEqual((await computedTraitDefinitions(s)).get('spend'), spend);
      assert.equal((await getComputedTrait(s, 'spend'))?.name, "总消费 'x'; --");
      assert.equal(await getComputedTrait(s, 'nope'), null);
      const before = (await getComputedTrait(s, 'orders-90d'))!;
      const changed = await updateComputedTrait(s, { ...orders, name: 'Orders ever', window: undefined });
      assert.equal(changed?.name, 'Orders ever');
      assert.equal(changed?.definition.window, undefined);
      assert.equal(changed?.createdAt, before.createdAt);
      assert.equal(await updateComputedTrait(s, { ...orders, key: 'nope' }), null);
      assert.equal(await deleteComputedTrait(s, 'spend'), true);
      assert.equal(await deleteComputedTrait(s, 'spend'), false);
      assert.deepEqual((await listComputedTraits(s)).map((t) => t.key), ['orders-90d']);
    } finally {
      await s.close();
    }
  });
}
