import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { kmeans, silhouetteScore } from '../src/index.js';

/** Written by fixtures/personas_fixture.py with Debian's scikit-learn (make_blobs, silhouette_score, KMeans n_init=10, k-means++, random_state=0). */
const fx = JSON.parse(readFileSync(new URL('../../test/fixtures/personas-sklearn.json', import.meta.url), 'utf8')) as {
  X: number[][];
  labelings: Record<string, number[]>;
  silhouette: Record<string, number>;
  byK: Array<{ k: number; inertia: number; silhouette: number }>;
  bestK: number;
};

describe('personas: k-means and silhouette equal scikit-learn on a fixed data set', () => {
  test('silhouette equals silhouette_score for the same labels (within 1e-9), singleton included', () => {
    assert.equal(Object.keys(fx.labelings).length, 4);
    for (const [name, labels] of Object.entries(fx.labelings)) {
      const s = silhouetteScore(fx.X, labels);
      assert.ok(Math.abs(s - fx.silhouette[name]!) < 1e-9, `${name}: ${s} vs sklearn ${fx.silhouette[name]}`);
      const onTheFly = silhouetteScore(fx.X, labels, null); // the path used above PRECOMPUTE_MAX points
      assert.ok(Math.abs(onTheFly - fx.silhouette[name]!) < 1e-9, `${name} on the fly: ${onTheFly}`);
    }
  });

  test('k-means++ with 10 restarts reaches sklearn inertia within 1% for k = 2..8, and the best silhouette picks the same k', () => {
    let best = { k: 0, s: -Infinity };
    for (const row of fx.byK) {
      const run = kmeans(fx.X, row.k, { seed: 0, restarts: 10 });
      assert.ok(run.inertia <= row.inertia * 1.01, `k=${row.k}: inertia ${run.inertia} vs sklearn ${row.inertia}`);
      assert.ok(run.inertia >= row.inertia * 0.9, `k=${row.k}: inertia ${run.inertia} suspiciously below sklearn ${row.inertia}`);
      const s = silhouetteScore(fx.X, run.labels);
      if (s > best.s) best = { k: row.k, s };
    }
    assert.equal(best.k, fx.bestK);
  });
});
