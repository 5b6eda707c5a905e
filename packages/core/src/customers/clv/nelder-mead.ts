/** Result of a Nelder-Mead minimisation. */
export interface MinimizeResult {
  x: number[];
  fx: number;
  iterations: number;
  converged: boolean;
}

/**
 * Nelder-Mead simplex minimisation (standard coefficients 1, 2, 0.5, 0.5), started from a simplex
 * of `x0` and x0 + step·e_i. Stops when the simplex is within `xtol` and its values within `ftol`
 * (relative to |f| + tiny), or at `maxIter`. Non-finite values count as +Infinity.
 */
export function nelderMead(f: (x: number[]) => number, x0: readonly number[], opts: { step?: number; xtol?: number; ftol?: number; maxIter?: number } = {}): MinimizeResult {
  const n = x0.length;
  const step = opts.step ?? 0.5;
  const xtol = opts.xtol ?? 1e-10;
  const ftol = opts.ftol ?? 1e-14;
  const maxIter = opts.maxIter ?? 20_000;
  const fs = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const pts: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] = p[i]! + step;
    pts.push(p);
  }
  let vals = pts.map(fs);
  let it = 0;
  for (; it < maxIter; it++) {
    const order = vals.map((_, i) => i).sort((i, j) => vals[i]! - vals[j]!);
    const P = order.map((i) => pts[i]!);
    const V = order.map((i) => vals[i]!);
    pts.splice(0, pts.length, ...P);
    vals = V;
    const spread = Math.max(...pts.slice(1).map((p) => Math.max(...p.map((v, k) => Math.abs(v - pts[0]![k]!)))));
    if (spread <= xtol && Math.abs(vals[n]! - vals[0]!) <= ftol * (Math.abs(vals[0]!) + 1e-300)) return { x: pts[0]!, fx: vals[0]!, iterations: it, converged: true };
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) centroid[k] = centroid[k]! + pts[i]![k]! / n;
    const worst = pts[n]!;
    const along = (t: number) => centroid.map((c, k) => c + t * (worst[k]! - c));
    const xr = along(-1);
    const fr = fs(xr);
    if (fr < vals[0]!) {
      const xe = along(-2);
      const fe = fs(xe);
      if (fe < fr) [pts[n], vals[n]] = [xe, fe];
      else [pts[n], vals[n]] = [xr, fr];
    } else if (fr < vals[n - 1]!) {
      [pts[n], vals[n]] = [xr, fr];
    } else {
      const outside = fr < vals[n]!;
      const xc = along(outside ? -0.5 : 0.5);
      const fc = fs(xc);
      if (fc < (outside ? fr : vals[n]!)) [pts[n], vals[n]] = [xc, fc];
      else {
        for (let i = 1; i <= n; i++) {
          pts[i] = pts[i]!.map((v, k) => pts[0]![k]! + 0.5 * (v - pts[0]![k]!));
          vals[i] = fs(pts[i]!);
        }
      }
    }
  }
  const best = vals.indexOf(Math.min(...vals));
  return { x: pts[best]!, fx: vals[best]!, iterations: it, converged: false };
}

/** Nelder-Mead restarted from its own answer until the value stops improving (escapes a collapsed simplex). */
export function minimizeWithRestarts(f: (x: number[]) => number, x0: readonly number[], restarts = 6): MinimizeResult {
  let best = nelderMead(f, x0);
  let iterations = best.iterations;
  for (let i = 0; i < restarts; i++) {
    const next = nelderMead(f, best.x, { step: 0.1 });
    iterations += next.iterations;
    const improved = best.fx - next.fx > 1e-13 * Math.abs(best.fx);
    if (next.fx <= best.fx) best = { ...next, iterations };
    if (!improved) break;
  }
  return { ...best, iterations };
}

/** Inverse of a small symmetric positive-definite matrix by Gauss-Jordan elimination; null when singular. */
export function invert(m: readonly (readonly number[])[]): number[][] | null {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[piv]![c]!)) piv = r;
    if (Math.abs(a[piv]![c]!) < 1e-300) return null;
    [a[c], a[piv]] = [a[piv]!, a[c]!];
    const d = a[c]![c]!;
    a[c] = a[c]!.map((v) => v / d);
    for (let r = 0; r < n; r++) if (r !== c) {
      const k = a[r]![c]!;
      if (k !== 0) a[r] = a[r]!.map((v, j) => v - k * a[c]![j]!);
    }
  }
  return a.map((row) => row.slice(n));
}

/** Standard errors from the numerical Hessian (central differences, relative steps) of a negative log-likelihood at its minimum. */
export function standardErrors(nll: (x: number[]) => number, x: readonly number[], names: readonly string[]): Record<string, number> | null {
  const n = x.length;
  const h = x.map((v) => 1e-4 * Math.max(Math.abs(v), 1e-8));
  const at = (d: Record<number, number>) => nll(x.map((v, i) => v + (d[i] ?? 0)));
  const H: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const f0 = at({});
  for (let i = 0; i < n; i++) {
    H[i]![i] = (at({ [i]: h[i]! }) - 2 * f0 + at({ [i]: -h[i]! })) / (h[i]! * h[i]!);
    for (let j = i + 1; j < n; j++) {
      const v = (at({ [i]: h[i]!, [j]: h[j]! }) - at({ [i]: h[i]!, [j]: -h[j]! }) - at({ [i]: -h[i]!, [j]: h[j]! }) + at({ [i]: -h[i]!, [j]: -h[j]! })) / (4 * h[i]! * h[j]!);
      H[i]![j] = v;
      H[j]![i] = v;
    }
  }
  const inv = invert(H);
  if (!inv) return null;
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const v = inv[i]![i]!;
    if (!(v > 0) || !Number.isFinite(v)) return null;
    out[names[i]!] = Math.sqrt(v);
  }
  return out;
}
