import { z } from 'zod';
import { asEncoded, type EncodedJourneys, type JourneyInput } from './encode.js';
import { SHAPLEY_EXACT_HARD_LIMIT as EXACT_HARD_LIMIT, SHAPLEY_EXACT_MAX_PLAYERS, shapleyAttributionOptionsSchema } from './options.js';
import { Rng } from '../demo/prng.js';
import { resultTotals, sortRows, type ShapleyResult, type ShapleyRow } from './result.js';


/**
 * The converted journeys grouped by their set of distinct labels ("coalition"): `members`
 * of set g are `members[starts[g] .. starts[g + 1])`, with `conversions[g]` journeys and
 * `value[g]` total value. Order and repeats within a journey do not matter to Shapley.
 */
interface LabelSets {
  starts: Uint32Array;
  members: Uint32Array;
  conversions: Float64Array;
  value: Float64Array;
}

function labelSets(enc: EncodedJourneys): LabelSets {
  const index = new Map<string, number>();
  const starts: number[] = [0];
  const members: number[] = [];
  const conversions: number[] = [];
  const value: number[] = [];
  const { offsets, touches, converted } = enc;
  for (let j = 0; j < enc.count; j++) {
    if (converted[j] === 0) continue;
    const set = [...new Set(touches.subarray(offsets[j]!, offsets[j + 1]!))].sort((a, b) => a - b);
    const key = set.join(',');
    let g = index.get(key);
    if (g === undefined) {
      g = conversions.length;
      index.set(key, g);
      members.push(...set);
      starts.push(members.length);
      conversions.push(0);
      value.push(0);
    }
    conversions[g]!++;
    value[g]! += enc.value[j]!;
  }
  return { starts: Uint32Array.from(starts), members: Uint32Array.from(members), conversions: Float64Array.from(conversions), value: Float64Array.from(value) };
}

/**
 * Shapley value attribution, the "simplified Shapley" of Zhao et al. (2018): the players are
 * the distinct labels, and a coalition S is worth the conversions (or the value) of the
 * converted journeys whose labels all lie in S. φ_i = Σ_{S ∌ i} |S|! (n−|S|−1)! / n! ·
 * (v(S ∪ {i}) − v(S)). Labels seen only in null journeys are players worth 0.
 *
 * Exact (every coalition, by subset-sum over bitmasks) up to 15 players with `method: 'auto'`;
 * beyond, Monte Carlo: `samples` random player orders, each player credited with its marginal
 * contribution in each order, averaged; `conversionsError` / `valueError` are the standard
 * errors of those means (sample standard deviation / √samples). Every sampled order hands out
 * exactly v(all players), so the estimates always add up to the total conversions.
 *
 * For this coalition value the Shapley value has a closed form (each journey's conversion
 * split equally over its distinct labels, because v is a sum of unanimity games); the tests
 * use it as an independent check. The coalition computation is kept as the definition.
 */
export function shapleyAttribution(journeys: JourneyInput, options: z.input<typeof shapleyAttributionOptionsSchema> = {}): ShapleyResult {
  const o = shapleyAttributionOptionsSchema.parse(options);
  const enc = asEncoded(journeys, o.collapseRepeats);
  const n = enc.labels.length;
  const exact = o.method === 'exact' || (o.method === 'auto' && n <= SHAPLEY_EXACT_MAX_PLAYERS);
  if (exact && n > EXACT_HARD_LIMIT) throw new Error(`exact Shapley values need 2^${n} coalitions; use method 'monte-carlo' beyond ${EXACT_HARD_LIMIT} labels`);
  const est = exact ? exactShapley(enc) : monteCarloShapley(enc, o.samples, o.seed);
  const rows: ShapleyRow[] = enc.labels.map((name, i) => ({
    name,
    conversions: est.conversions[i]!,
    value: est.value[i]!,
    share: enc.conversions > 0 ? est.conversions[i]! / enc.conversions : 0,
    conversionsError: est.conversionsError[i]!,
    valueError: est.valueError[i]!,
  }));
  return { model: 'shapley', rows: sortRows(rows), ...resultTotals(enc), method: exact ? 'exact' : 'monte-carlo', players: n, samples: exact ? null : o.samples };
}

interface Estimate {
  conversions: Float64Array;
  value: Float64Array;
  conversionsError: Float64Array;
  valueError: Float64Array;
}

/** Every coalition as a bitmask: v(S) = Σ_{T ⊆ S} (conversions of label set T), by subset-sum over the bits. */
function exactShapley(enc: EncodedJourneys): Estimate {
  const n = enc.labels.length;
  const size = 2 ** n;
  const vc = new Float64Array(size);
  const vv = new Float64Array(size);
  const { offsets, touches, converted } = enc;
  for (let j = 0; j < enc.count; j++) {
    if (converted[j] === 0) continue;
    let mask = 0;
    for (let t = offsets[j]!, end = offsets[j + 1]!; t < end; t++) mask |= 1 << touches[t]!;
    vc[mask]!++;
    vv[mask]! += enc.value[j]!;
  }
  for (let i = 0; i < n; i++) {
    const bit = 1 << i;
    for (let s = 0; s < size; s++) {
      if (s & bit) {
        vc[s]! += vc[s ^ bit]!;
        vv[s]! += vv[s ^ bit]!;
      }
    }
  }
  // weight[k] = k! (n−k−1)! / n!, the chance that exactly a given k-coalition precedes i.
  const weight = new Float64Array(Math.max(n, 1));
  for (let k = 0; k < n; k++) weight[k] = 1 / (n * binomial(n - 1, k));
  const popcount = new Uint8Array(size);
  for (let s = 1; s < size; s++) popcount[s] = popcount[s >> 1]! + (s & 1);
  const conversions = new Float64Array(n);
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const bit = 1 << i;
    let c = 0;
    let v = 0;
    for (let s = 0; s < size; s++) {
      if (s & bit) continue;
      const w = weight[popcount[s]!]!;
      c += w * (vc[s | bit]! - vc[s]!);
      v += w * (vv[s | bit]! - vv[s]!);
    }
    conversions[i] = c;
    value[i] = v;
  }
  return { conversions, value, conversionsError: new Float64Array(n), valueError: new Float64Array(n) };
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/**
 * Permutation sampling: in a random order of the players, label set T becomes worth its
 * conversions when its last member (in that order) joins, so that member's marginal
 * contribution includes T. Per order that is O(players + Σ|T|).
 */
function monteCarloShapley(enc: EncodedJourneys, samples: number, seed: number): Estimate {
  const n = enc.labels.length;
  const sets = labelSets(enc);
  const groups = sets.conversions.length;
  const rng = new Rng(seed);
  const random = () => rng.next();
  const order = new Uint32Array(n).map((_, i) => i);
  const position = new Uint32Array(n);
  const mc = new Float64Array(n);
  const mv = new Float64Array(n);
  const sumC = new Float64Array(n);
  const sumV = new Float64Array(n);
  const sqC = new Float64Array(n);
  const sqV = new Float64Array(n);
  for (let r = 0; r < samples; r++) {
    for (let i = n - 1; i > 0; i--) {
      const k = Math.floor(random() * (i + 1));
      const tmp = order[i]!;
      order[i] = order[k]!;
      order[k] = tmp;
    }
    for (let i = 0; i < n; i++) position[order[i]!] = i;
    mc.fill(0);
    mv.fill(0);
    for (let g = 0; g < groups; g++) {
      let last = sets.members[sets.starts[g]!]!;
      for (let m = sets.starts[g]! + 1, end = sets.starts[g + 1]!; m < end; m++) {
        const p = sets.members[m]!;
        if (position[p]! > position[last]!) last = p;
      }
      mc[last]! += sets.conversions[g]!;
      mv[last]! += sets.value[g]!;
    }
    for (let i = 0; i < n; i++) {
      sumC[i]! += mc[i]!;
      sumV[i]! += mv[i]!;
      sqC[i]! += mc[i]! * mc[i]!;
      sqV[i]! += mv[i]! * mv[i]!;
    }
  }
  const mean = (sum: Float64Array) => sum.map((x) => x / samples);
  const stderr = (sum: Float64Array, sq: Float64Array) =>
    sum.map((x, i) => Math.sqrt(Math.max(0, (sq[i]! - (x * x) / samples) / (samples - 1)) / samples));
  return { conversions: mean(sumC), value: mean(sumV), conversionsError: stderr(sumC, sqC), valueError: stderr(sumV, sqV) };
}
