import type { AnalyticsEvent } from '../../analytics/shared/analytics-event.js';
import { DAY_MS } from '../rfm/rfm-reference.js';
import { describeCluster } from './describe.js';
import { kmeans } from './kmeans.js';
import { personaMatrix, personaRaw, standardiseFeatures } from './persona-features.js';
import type { PersonaCluster, PersonaDefinition, PersonaRaw, PersonaResult } from './persona.schema.js';
import { pairwiseDistances, PRECOMPUTE_MAX, sampleIndices, silhouetteScore } from './silhouette.js';

const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * Personas from raw behaviour: the feature matrix, z-scores (constant features dropped), k-means
 * (k-means++, `restarts` runs, seeded) for each k in kMin..kMax (capped at people − 1), the
 * silhouette of each (exact up to `silhouetteSample` people, else on a seeded sample of that
 * many, the same sample for every k), the k with the best silhouette (the smaller k on a tie),
 * and each of its clusters described from its largest standardised centroid deviations.
 */
export function personasFromRaw(raw: readonly PersonaRaw[], def: PersonaDefinition): PersonaResult {
  const m = personaMatrix(raw, def);
  const n = m.rows.length;
  const st = standardiseFeatures(m.rows, m.features.map((f) => f.name));
  const features = st.kept.map((j) => m.features[j]!);
  const base = {
    asOf: m.asOfDay === null ? null : dayText(m.asOfDay),
    people: n,
    mix: def.mix,
    features,
    dropped: st.dropped,
    sentimentImputed: m.sentimentImputed,
  };
  const sampleIdx = sampleIndices(n, def.silhouetteSample, def.seed);
  const silhouette = { exact: sampleIdx.length === n, sampled: sampleIdx.length };
  const kMax = Math.min(def.kMax, n - 1);
  if (n < 3 || features.length === 0 || kMax < def.kMin) {
    const note = n < 3 ? 'fewer than 3 people' : features.length === 0 ? 'no feature varies between people' : `too few people for k ≥ ${def.kMin}`;
    return { ...base, byK: [], silhouette, k: null, clusters: [], assignments: [], note };
  }
  const byK: PersonaResult['byK'] = [];
  let best: { k: number; s: number; labels: number[] } | null = null;
  const xs = sampleIdx.map((i) => st.z[i]!);
  const dist = xs.length <= PRECOMPUTE_MAX ? pairwiseDistances(xs) : undefined;
  for (let k = def.kMin; k <= kMax; k++) {
    const run = kmeans(st.z, k, { seed: def.seed, restarts: def.restarts, maxIter: def.maxIterations });
    const ls = sampleIdx.map((i) => run.labels[i]!);
    const s = new Set(ls).size >= 2 && new Set(ls).size <= ls.length - 1 ? silhouetteScore(xs, ls, dist) : Number.NaN;
    byK.push({ k, silhouette: s, inertia: run.inertia, iterations: run.iterations });
    if (Number.isFinite(s) && (!best || s > best.s)) best = { k, s, labels: run.labels };
  }
  if (!best) return { ...base, byK, silhouette, k: null, clusters: [], assignments: [], note: 'no k gave two or more clusters' };
  // Order clusters by size (largest first, then by first member) so names are stable.
  const sizes = new Map<number, number>();
  best.labels.forEach((l) => sizes.set(l, (sizes.get(l) ?? 0) + 1));
  const firstAt = new Map<number, number>();
  best.labels.forEach((l, i) => firstAt.has(l) || firstAt.set(l, i));
  const order = [...sizes.keys()].sort((a, b) => sizes.get(b)! - sizes.get(a)! || firstAt.get(a)! - firstAt.get(b)!);
  const renum = new Map(order.map((l, i) => [l, i]));
  const labels = best.labels.map((l) => renum.get(l)!);
  const clusters: PersonaCluster[] = order.map((_, c) => {
    const members = labels.flatMap((l, i) => (l === c ? [i] : []));
    const centroid: Record<string, number> = {};
    const zCentroid: Record<string, number> = {};
    const zs = features.map((f, fi) => {
      const j = st.kept[fi]!;
      const mean = members.reduce((s, i) => s + m.rows[i]![j]!, 0) / members.length;
      centroid[f.name] = mean;
      const z = (mean - st.mean[j]!) / st.sd[j]!;
      zCentroid[f.name] = z;
      return z;
    });
    return { cluster: c, size: members.length, share: members.length / n, centroid, zCentroid, ...describeCluster(features, zs, features.map((f) => centroid[f.name]!)) };
  });
  return { ...base, byK, silhouette, k: best.k, clusters, assignments: m.personIds.map((personId, i) => ({ personId, cluster: labels[i]! })) };
}

/** Personas from events (the reference pipeline: `personaRaw` then `personasFromRaw`). */
export function personas(events: readonly AnalyticsEvent[], def: PersonaDefinition): PersonaResult {
  return personasFromRaw(personaRaw(events, def), def);
}

/**
 * Per-person persona assignments from a clustering answer, for storing as persona segments:
 * each person with the cluster index and its display name (en/zh).
 */
export function personaAssignments(result: PersonaResult): { personId: string; cluster: number; name: { en: string; zh: string } }[] {
  return result.assignments.map((a) => ({ ...a, name: result.clusters[a.cluster]!.name }));
}
