// The in-process models of bench/customers, in their own process: k-means (k-means++, seeded) on
// `points` × 10 standardised features, and the BG/NBD fit on `customers` simulated customers.
// Baseline for each: one plain pass over the same data (the sum of every value; for BG/NBD the
// log-likelihood at the true parameters, the work of one likelihood evaluation). Prints one JSON line.
import { kmeans, fitBgNbd, bgnbdLogLikelihood } from '@trailmap/core';
import { timed } from '../shared/timed.mjs';

const [pointsText, customersText, repeatText] = process.argv.slice(2);
const points = Number(pointsText);
const customers = Number(customersText);
const repeat = Number(repeatText);
// mulberry32: a small seeded generator, so every run measures the same data.
let seed = 7;
const rng = { next: () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; } };
const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());

// Five well-separated groups in 10 dimensions, as standardised behavioural features look.
const centres = Array.from({ length: 5 }, () => Array.from({ length: 10 }, () => 3 * normal()));
const x = Array.from({ length: points }, (_, i) => centres[i % 5].map((c) => c + normal()));

// BG/NBD customers simulated from the model (Fader, Hardie & Lee 2005): λ ~ Gamma(r, α), p ~ Beta(a, b);
// purchases a Poisson process of rate λ, after each the customer drops out with probability p; T days observed.
const truth = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
function gamma(shape) {
  if (shape < 1) return gamma(shape + 1) * Math.pow(rng.next(), 1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normal(), v = Math.pow(1 + c * z, 3);
    if (v > 0 && Math.log(rng.next()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}
const beta = (a, b) => { const g = gamma(a); return g / (g + gamma(b)); };
const rft = Array.from({ length: customers }, () => {
  const lambda = gamma(truth.r) / truth.alpha, p = beta(truth.a, truth.b), T = 30 + Math.floor(rng.next() * 335);
  let t = 0, x = 0, tx = 0;
  for (;;) {
    t += -Math.log(1 - rng.next()) / lambda;
    if (t > T) break;
    x += 1; tx = t;
    if (rng.next() < p) break;
  }
  return { frequency: x, recency: Math.floor(tx), T };
});

const out = { points, dims: 10, customers, truth, timings: {} };
out.timings.kmeansPass = await timed(repeat, () => { let s = 0; for (const row of x) for (const v of row) s += v; return s; });
out.timings.kmeans = await timed(repeat, () => { out.kmeans = { inertia: kmeans(x, 5, { seed: 1, restarts: 1 }).inertia }; });
out.timings.bgnbdPass = await timed(repeat, () => bgnbdLogLikelihood(truth, rft));
out.timings.bgnbd = await timed(repeat, () => {
  const f = fitBgNbd(rft);
  out.bgnbd = { r: f.r, alpha: f.alpha, a: f.a, b: f.b, converged: f.converged, standardErrors: f.standardErrors };
});
process.stdout.write(JSON.stringify(out) + '\n');
