/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS), minimising the objective of
 * scikit-learn's LogisticRegression(C): ½‖w‖² + C · Σ log-loss, the intercept not penalised.
 */
export interface LogisticModel {
  weights: number[];
  intercept: number;
  iterations: number;
  converged: boolean;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Solve A x = b for a symmetric positive definite A (Cholesky). */
function solveSpd(a: number[][], b: number[]): number[] {
  const n = b.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      if (i === j) l[i]![i] = Math.sqrt(Math.max(s, 1e-300));
      else l[i]![j] = s / l[j]![j]!;
    }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y[i] = s / l[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!;
    x[i] = s / l[i]![i]!;
  }
  return x;
}

/** The penalised objective ½‖w‖² + C Σ log-loss at (w, b). */
export function logisticObjective(x: readonly (readonly number[])[], y: readonly number[], w: readonly number[], b: number, c: number): number {
  let loss = 0;
  x.forEach((row, i) => {
    let z = b;
    row.forEach((v, j) => (z += v * w[j]!));
    // log(1 + e^z) − y z, computed stably
    loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i]! * z;
  });
  return 0.5 * w.reduce((s, v) => s + v * v, 0) + c * loss;
}

/** Fit on rows x (n × p) and labels y (0/1). Newton steps with step halving until the step is below tol. */
export function fitLogistic(x: readonly (readonly number[])[], y: readonly number[], opts: { c?: number; maxIter?: number; tol?: number } = {}): LogisticModel {
  const c = opts.c ?? 1;
  const maxIter = opts.maxIter ?? 100;
  const tol = opts.tol ?? 1e-10;
  const p = x[0]?.length ?? 0;
  const theta = new Array<number>(p + 1).fill(0); // weights then intercept
  let obj = logisticObjective(x, y, theta.slice(0, p), theta[p]!, c);
  for (let it = 1; it <= maxIter; it++) {
    const g = new Array<number>(p + 1).fill(0);
    const h = Array.from({ length: p + 1 }, () => new Array<number>(p + 1).fill(0));
    for (let i = 0; i < x.length; i++) {
      const row = x[i]!;
      let z = theta[p]!;
      for (let j = 0; j < p; j++) z += row[j]! * theta[j]!;
      const q = sigmoid(z);
      const r = c * (q - y[i]!);
      const s = c * q * (1 - q);
      for (let j = 0; j <= p; j++) {
        const xj = j === p ? 1 : row[j]!;
        g[j]! += r * xj;
        for (let k = 0; k <= j; k++) h[j]![k]! += s * xj * (k === p ? 1 : row[k]!);
      }
    }
    for (let j = 0; j < p; j++) {
      g[j]! += theta[j]!;
      h[j]![j]! += 1;
    }
    for (let j = 0; j <= p; j++) for (let k = j + 1; k <= p; k++) h[j]![k] = h[k]![j]!;
    if (c * x.length > 0) h[p]![p]! += 1e-12; // all-one labels: keep the intercept's row solvable
    const step = solveSpd(h, g);
    let t = 1;
    let next = theta.map((v, j) => v - step[j]!);
    let nextObj = logisticObjective(x, y, next.slice(0, p), next[p]!, c);
    while (nextObj > obj && t > 1e-10) {
      t /= 2;
      next = theta.map((v, j) => v - t * step[j]!);
      nextObj = logisticObjective(x, y, next.slice(0, p), next[p]!, c);
    }
    const size = Math.sqrt(step.reduce((s, v) => s + v * v, 0)) * t;
    theta.splice(0, p + 1, ...next);
    obj = nextObj;
    if (size < tol) return { weights: theta.slice(0, p), intercept: theta[p]!, iterations: it, converged: true };
  }
  return { weights: theta.slice(0, p), intercept: theta[p]!, iterations: maxIter, converged: false };
}

/** P(y = 1) for one row. */
export function predictLogistic(m: Pick<LogisticModel, 'weights' | 'intercept'>, row: readonly number[]): number {
  let z = m.intercept;
  row.forEach((v, j) => (z += v * m.weights[j]!));
  return sigmoid(z);
}
