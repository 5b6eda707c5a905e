import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { brierScore, fitLogistic, predictLogistic, rocAuc, standardiser } from '../src/index.js';

/** Written by fixtures/churn_fixture.py with Debian's scikit-learn (LogisticRegression, lbfgs, tol 1e-12). */
const fx = JSON.parse(readFileSync(new URL('../../test/fixtures/churn_fixture.json', import.meta.url), 'utf8')) as {
  X: number[][];
  y: number[];
  fits: Array<{ C: number; coef: number[]; intercept: number; auc: number; brier: number }>;
  aucFirstColumn: number;
  scalerMean: number[];
  scalerScale: number[];
};

describe('churn model = scikit-learn on a seeded data set', () => {
  for (const f of fx.fits) {
    test(`LogisticRegression(C=${f.C}): coefficients, intercept, AUC and Brier`, () => {
      const m = fitLogistic(fx.X, fx.y, { c: f.C, maxIter: 200, tol: 1e-12 });
      assert.ok(m.converged, 'Newton converges');
      m.weights.forEach((w, j) => assert.ok(Math.abs(w - f.coef[j]!) < 1e-5, `coef ${j}: ${w} vs ${f.coef[j]}`));
      assert.ok(Math.abs(m.intercept - f.intercept) < 1e-5, `intercept ${m.intercept} vs ${f.intercept}`);
      const p = fx.X.map((r) => predictLogistic(m, r));
      const labels = fx.y.map((v) => v === 1);
      assert.ok(Math.abs(rocAuc(p, labels) - f.auc) < 1e-12, `auc ${rocAuc(p, labels)} vs ${f.auc}`);
      assert.ok(Math.abs(brierScore(p, labels) - f.brier) < 1e-7, `brier ${brierScore(p, labels)} vs ${f.brier}`);
    });
  }

  test('AUC of a raw column with ties = roc_auc_score', () => {
    const auc = rocAuc(fx.X.map((r) => r[0]!), fx.y.map((v) => v === 1));
    assert.ok(Math.abs(auc - fx.aucFirstColumn) < 1e-12, `${auc} vs ${fx.aucFirstColumn}`);
  });

  test('standardiser = StandardScaler (population standard deviation)', () => {
    const s = standardiser(fx.X);
    s.mean.forEach((v, j) => assert.ok(Math.abs(v - fx.scalerMean[j]!) < 1e-12));
    s.scale.forEach((v, j) => assert.ok(Math.abs(v - fx.scalerScale[j]!) < 1e-12));
  });
});
