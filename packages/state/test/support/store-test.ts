import { test } from 'node:test';
import type { StateStore } from '../../src/state-store.js';

/**
 * A suite's test on a store of its own: `open` gives a new store (an adapter's), `fn` runs on it,
 * and the store is closed whatever happens. Named `<adapter>: <title>`.
 */
export function storeTest(name: string, open: () => Promise<StateStore>) {
  return (title: string, fn: (s: StateStore) => Promise<void>) =>
    test(`${name}: ${title}`, async () => {
      const s = await open();
      try {
        await fn(s);
      } finally {
        await s.close();
      }
    });
}
