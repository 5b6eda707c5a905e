import { z } from 'zod';
import { asEncoded, type JourneyInput } from './encode.js';
import { timeDecayAttributionOptionsSchema } from './options.js';
import { creditRows, resultTotals, type AttributionResult } from './result.js';

/**
 * Time decay: a touch Δt = conversionAt − touch time before the conversion weighs
 * 2^(−Δt / halfLife); the weights of a journey are normalised to add up to one conversion.
 *
 * After normalisation the reference time cancels out (every weight carries the same factor
 * 2^(−conversionAt / halfLife)), so Δt is measured from the journey's latest touch instead:
 * the result is the same, and the largest weight is 1, so touches months before a conversion
 * with a short half-life cannot underflow every weight to 0.
 */
export function timeDecayAttribution(journeys: JourneyInput, options: z.input<typeof timeDecayAttributionOptionsSchema> = {}): AttributionResult {
  const o = timeDecayAttributionOptionsSchema.parse(options);
  const enc = asEncoded(journeys, o.collapseRepeats);
  const conv = new Float64Array(enc.labels.length);
  const val = new Float64Array(enc.labels.length);
  const { offsets, touches, times, converted, value } = enc;
  let w = new Float64Array(64);
  for (let j = 0; j < enc.count; j++) {
    if (converted[j] === 0) continue;
    const start = offsets[j]!;
    const end = offsets[j + 1]!;
    if (end - start > w.length) w = new Float64Array(end - start);
    let latest = -Infinity;
    for (let t = start; t < end; t++) if (times[t]! > latest) latest = times[t]!;
    let sum = 0;
    for (let t = start; t < end; t++) sum += w[t - start] = 2 ** (-(latest - times[t]!) / o.halfLife);
    const v = value[j]!;
    for (let t = start; t < end; t++) {
      const share = w[t - start]! / sum;
      conv[touches[t]!]! += share;
      val[touches[t]!]! += share * v;
    }
  }
  return { model: 'time-decay', rows: creditRows(enc, conv, val), ...resultTotals(enc) };
}
