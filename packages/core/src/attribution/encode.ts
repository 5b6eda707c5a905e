import type { Journey } from './journey.js';

/**
 * Journeys in columnar, integer-encoded form: what every model runs on. Labels become ids
 * (`labels[id]`), the touches of journey j are `touches[offsets[j] .. offsets[j + 1])`.
 * Encoding once and sharing it (see `compareModels`) avoids re-hashing label strings per model.
 *
 * Journeys without touches cannot credit any label: they are left out and counted in
 * `unattributed` (a converted one's conversion and value are reported, not attributed).
 */
export interface EncodedJourneys {
  /** Label of each id, ids in order of first appearance. */
  labels: string[];
  /** Journeys kept (at least one touch). */
  count: number;
  offsets: Uint32Array;
  touches: Uint32Array;
  /** Epoch ms per touch. */
  times: Float64Array;
  converted: Uint8Array;
  value: Float64Array;
  /** Epoch ms of the conversion, NaN for a null journey. */
  conversionAt: Float64Array;
  /** Consecutive repeats were collapsed while encoding. */
  collapsedRepeats: boolean;
  /** Converted journeys kept, and their value: what the models distribute. */
  conversions: number;
  totalValue: number;
  /** Journeys without touches, and the conversions and value among them. */
  unattributed: { journeys: number; conversions: number; value: number };
}

/** Encode journeys (see `EncodedJourneys`); with `collapseRepeats`, a run of one label keeps its last touch. */
export function encodeJourneys(journeys: readonly Journey[], collapseRepeats = false): EncodedJourneys {
  let total = 0;
  for (const j of journeys) total += j.touches.length;
  const ids = new Map<string, number>();
  const labels: string[] = [];
  const offsets = new Uint32Array(journeys.length + 1);
  const touches = new Uint32Array(total);
  const times = new Float64Array(total);
  const converted = new Uint8Array(journeys.length);
  const value = new Float64Array(journeys.length);
  const conversionAt = new Float64Array(journeys.length);
  const unattributed = { journeys: 0, conversions: 0, value: 0 };
  let conversions = 0;
  let totalValue = 0;
  let n = 0;
  let t = 0;
  for (const j of journeys) {
    if (j.touches.length === 0) {
      unattributed.journeys++;
      if (j.converted) {
        unattributed.conversions++;
        unattributed.value += j.value;
      }
      continue;
    }
    for (const touch of j.touches) {
      let id = ids.get(touch.label);
      if (id === undefined) {
        id = labels.length;
        ids.set(touch.label, id);
        labels.push(touch.label);
      }
      if (collapseRepeats && t > offsets[n]! && touches[t - 1] === id) {
        times[t - 1] = touch.timestamp;
        continue;
      }
      touches[t] = id;
      times[t] = touch.timestamp;
      t++;
    }
    converted[n] = j.converted ? 1 : 0;
    value[n] = j.converted ? j.value : 0;
    conversionAt[n] = j.conversionAt ?? Number.NaN;
    if (j.converted) {
      conversions++;
      totalValue += j.value;
    }
    offsets[++n] = t;
  }
  return {
    labels,
    count: n,
    offsets: offsets.subarray(0, n + 1),
    touches: touches.subarray(0, t),
    times: times.subarray(0, t),
    converted: converted.subarray(0, n),
    value: value.subarray(0, n),
    conversionAt: conversionAt.subarray(0, n),
    collapsedRepeats: collapseRepeats,
    conversions,
    totalValue,
    unattributed,
  };
}

/** What the models accept: journeys, or journeys encoded once by `encodeJourneys`. */
export type JourneyInput = readonly Journey[] | EncodedJourneys;

/** Encoded form of the input, collapsing repeats when asked (an encoded input must have been encoded the same way). */
export function asEncoded(input: JourneyInput, collapseRepeats: boolean): EncodedJourneys {
  if (!isEncoded(input)) return encodeJourneys(input, collapseRepeats);
  if (input.collapsedRepeats !== collapseRepeats) {
    throw new Error(`the journeys were encoded with collapseRepeats ${input.collapsedRepeats}, the model asks for ${collapseRepeats}`);
  }
  return input;
}

function isEncoded(input: JourneyInput): input is EncodedJourneys {
  return !Array.isArray(input);
}
