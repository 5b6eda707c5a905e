import type { TwinChain } from './twin-chain.js';
import { twinFitOptionsSchema, type TwinFitInput, type TwinFitOptions } from './twin-fit-options.js';
import type { TwinJourney } from './twin-journey.js';
import type { TwinModel, TwinSegmentFit } from './twin-model.js';
import { TWIN_CONVERSION, TWIN_DROP, TWIN_OTHER, TWIN_START, twinStateName } from './twin-states.js';
import { GrowF64, GrowI32 } from './growable.js';
import { twinValueStats } from './value-stats.js';

const RESERVED = new Set([TWIN_START, TWIN_CONVERSION, TWIN_DROP, TWIN_OTHER]);

/** Journeys as flat typed arrays: state ids and times, with per-journey offsets and outcomes. */
interface Encoded {
  names: string[];
  seq: GrowI32;
  ts: GrowF64;
  offsets: GrowI32;
  segment: GrowI32;
  converted: GrowI32;
  value: GrowF64;
  convertedAt: GrowF64;
  segments: (string | null)[];
}

function encode(journeys: Iterable<TwinJourney>, opts: TwinFitOptions): Encoded {
  const ids = new Map<string, number>();
  const names = [TWIN_START];
  const segIds = new Map<string | null, number>();
  const e: Encoded = { names, seq: new GrowI32(), ts: new GrowF64(), offsets: new GrowI32(), segment: new GrowI32(), converted: new GrowI32(), value: new GrowF64(), convertedAt: new GrowF64(), segments: [] };
  for (const j of journeys) {
    e.offsets.push(e.seq.length);
    let states = j.states;
    for (let k = 1; k < states.length; k++)
      if (states[k]!.timestamp < states[k - 1]!.timestamp) { states = [...states].sort((a, b) => a.timestamp - b.timestamp); break; }
    let prev = -1;
    for (const s of states) {
      const name = twinStateName(opts.stateKey, s.label, s.stage);
      let id = ids.get(name);
      if (id === undefined) {
        if (RESERVED.has(name)) throw new RangeError(`${name} is a reserved state name, not a touchpoint label`);
        id = names.length;
        ids.set(name, id);
        names.push(name);
      }
      if (opts.collapseRepeats && id === prev) continue;
      if (!Number.isFinite(s.timestamp)) throw new RangeError(`state ${name} has no finite timestamp`);
      e.seq.push(id);
      e.ts.push(s.timestamp);
      prev = id;
    }
    let sid = segIds.get(j.segment);
    if (sid === undefined) { sid = e.segments.length; segIds.set(j.segment, sid); e.segments.push(j.segment); }
    e.segment.push(sid);
    e.converted.push(j.converted ? 1 : 0);
    e.value.push(j.converted ? j.value : 0);
    e.convertedAt.push(j.converted && j.convertedAt != null ? j.convertedAt : Number.NaN);
  }
  e.offsets.push(e.seq.length);
  return e;
}

/** Visit counts, and the map from encoded ids to chain indexes (rare states pooled into `(other)`). */
function stateIndex(e: Encoded, minCount: number, journeys: number) {
  const raw = new Float64Array(e.names.length);
  raw[0] = journeys;
  for (let k = 0; k < e.seq.length; k++) raw[e.seq.data[k]!]!++;
  const kept: number[] = [], pooled: number[] = [];
  for (let id = 1; id < e.names.length; id++) (raw[id]! >= minCount ? kept : pooled).push(id);
  kept.sort((a, b) => raw[b]! - raw[a]! || (e.names[a]! < e.names[b]! ? -1 : 1));
  const states = [TWIN_START, ...kept.map((id) => e.names[id]!)];
  const map = new Int32Array(e.names.length);
  kept.forEach((id, i) => (map[id] = i + 1));
  if (pooled.length > 0) {
    states.push(TWIN_OTHER);
    for (const id of pooled) map[id] = states.length - 1;
  }
  const visits = new Float64Array(states.length);
  for (let id = 0; id < e.names.length; id++) visits[map[id]!]! += raw[id]!;
  return { states, map, visits, pooled: pooled.map((id) => e.names[id]!).sort() };
}

interface Tally { counts: Float64Array; timeSum: Float64Array; timed: Float64Array; values: GrowF64; journeys: number; conversions: number }

/**
 * Fit the twin: an absorbing Markov chain over touchpoint states, overall and per segment.
 *
 * Each journey contributes `(start) → s1 → … → sk → (conversion | null)`. Transition
 * probabilities are counts over row totals (maximum likelihood); transition times are the mean
 * gap between consecutive states (the last one before conversion is timed with `convertedAt`).
 * Journeys are integer-encoded into typed arrays once, then counted, so a million journeys fit in
 * seconds. Journeys are trusted input here; validate them at the boundary with `twinJourneySchema`.
 */
export function fitTwin(journeys: Iterable<TwinJourney>, options: TwinFitInput = {}): TwinModel {
  const opts = twinFitOptionsSchema.parse(options);
  const e = encode(journeys, opts);
  const J = e.offsets.length - 1;
  if (J === 0) throw new RangeError('no journeys to fit');
  const { states, map, visits, pooled } = stateIndex(e, opts.minCount, J);
  const n = states.length, w = n + 2;
  const tally = (): Tally => ({ counts: new Float64Array(n * w), timeSum: new Float64Array(n * w), timed: new Float64Array(n * w), values: new GrowF64(), journeys: 0, conversions: 0 });
  const perSeg = e.segments.map(tally);
  for (let j = 0; j < J; j++) {
    const t = perSeg[e.segment.data[j]!]!;
    const conv = e.converted.data[j] === 1;
    t.journeys++;
    let prev = 0, prevT = 0;
    for (let k = e.offsets.data[j]!; k < e.offsets.data[j + 1]!; k++) {
      const cur = map[e.seq.data[k]!]!, at = e.ts.data[k]!, c = prev * w + cur;
      t.counts[c]!++;
      if (prev !== 0) { t.timeSum[c]! += at - prevT; t.timed[c]!++; }
      prev = cur;
      prevT = at;
    }
    const c = prev * w + (conv ? n : n + 1);
    t.counts[c]!++;
    if (conv) {
      t.conversions++;
      t.values.push(e.value.data[j]!);
      const ca = e.convertedAt.data[j]!;
      if (prev !== 0 && Number.isFinite(ca)) { t.timeSum[c]! += ca - prevT; t.timed[c]!++; }
    }
  }
  const all = tally();
  for (const t of perSeg) {
    for (let k = 0; k < n * w; k++) { all.counts[k]! += t.counts[k]!; all.timeSum[k]! += t.timeSum[k]!; all.timed[k]! += t.timed[k]!; }
    for (let k = 0; k < t.values.length; k++) all.values.push(t.values.data[k]!);
    all.journeys += t.journeys;
    all.conversions += t.conversions;
  }
  const dwellMs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0, m = 0;
    for (let j = 0; j < w; j++) { s += all.timeSum[i * w + j]!; m += all.timed[i * w + j]!; }
    dwellMs[i] = i === 0 ? 0 : m > 0 ? s / m : Number.NaN;
  }
  const chainOf = (t: Tally): TwinChain => {
    const probs = new Float64Array(n * w), edgeMs = new Float64Array(n * w);
    for (let i = 0; i < n; i++) {
      let total = 0;
      for (let j = 0; j < w; j++) total += t.counts[i * w + j]!;
      const src = total > 0 ? t : all;
      if (total === 0) for (let j = 0; j < w; j++) total += all.counts[i * w + j]!;
      const fallback = Number.isNaN(dwellMs[i]!) ? 0 : dwellMs[i]!;
      for (let j = 0; j < w; j++) {
        const k = i * w + j;
        probs[k] = total > 0 ? src.counts[k]! / total : j === n + 1 ? 1 : 0;
        edgeMs[k] = j === n + 1 || i === 0 ? 0 : src.timed[k]! > 0 ? src.timeSum[k]! / src.timed[k]! : fallback;
      }
    }
    return { states, probs, edgeMs };
  };
  const fit = (t: Tally, segment: string | null): TwinSegmentFit => ({
    segment,
    journeys: t.journeys,
    conversions: t.conversions,
    share: t.journeys / J,
    counts: t.counts,
    chain: chainOf(t),
    value: twinValueStats(t.values.data.slice(0, t.values.length)),
  });
  const segments = perSeg.map((t, s) => fit(t, e.segments[s]!)).sort((a, b) => b.journeys - a.journeys || String(a.segment).localeCompare(String(b.segment)));
  return { options: opts, states, visits, dwellMs, journeys: J, conversions: all.conversions, overall: fit(all, null), segments, pooled };
}
