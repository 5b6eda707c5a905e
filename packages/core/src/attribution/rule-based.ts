import { asEncoded, type EncodedJourneys, type JourneyInput } from './encode.js';
import { positionAttributionOptionsSchema, ruleAttributionOptionsSchema, type PositionAttributionOptions } from './options.js';
import { creditRows, resultTotals, type AttributionResult } from './result.js';
import { z } from 'zod';

/**
 * Rule-based models: each converted journey hands out one conversion (and its value) over its
 * touches by fixed weights that depend only on the positions. A label touched twice gets the
 * weights of both touches. Null journeys get nothing.
 */
type Weigh = (enc: EncodedJourneys, start: number, end: number, credit: (touchIndex: number, weight: number) => void) => void;

function ruleModel(model: AttributionResult['model'], enc: EncodedJourneys, weigh: Weigh): AttributionResult {
  const conv = new Float64Array(enc.labels.length);
  const val = new Float64Array(enc.labels.length);
  const { offsets, touches, converted, value } = enc;
  for (let j = 0; j < enc.count; j++) {
    if (converted[j] === 0) continue;
    const v = value[j]!;
    weigh(enc, offsets[j]!, offsets[j + 1]!, (t, w) => {
      const id = touches[t]!;
      conv[id]! += w;
      val[id]! += w * v;
    });
  }
  return { model, rows: creditRows(enc, conv, val), ...resultTotals(enc) };
}

type RuleOptionsInput = z.input<typeof ruleAttributionOptionsSchema>;

/** First touch: all credit to the first touch of each converted journey. */
export function firstTouchAttribution(journeys: JourneyInput, options: RuleOptionsInput = {}): AttributionResult {
  const o = ruleAttributionOptionsSchema.parse(options);
  return ruleModel('first', asEncoded(journeys, o.collapseRepeats), (_e, start, _end, credit) => credit(start, 1));
}

/** Last touch: all credit to the last touch before the conversion. */
export function lastTouchAttribution(journeys: JourneyInput, options: RuleOptionsInput = {}): AttributionResult {
  const o = ruleAttributionOptionsSchema.parse(options);
  return ruleModel('last', asEncoded(journeys, o.collapseRepeats), (_e, _start, end, credit) => credit(end - 1, 1));
}

/** Linear: each of the n touches gets 1/n. */
export function linearAttribution(journeys: JourneyInput, options: RuleOptionsInput = {}): AttributionResult {
  const o = ruleAttributionOptionsSchema.parse(options);
  return ruleModel('linear', asEncoded(journeys, o.collapseRepeats), (_e, start, end, credit) => {
    const w = 1 / (end - start);
    for (let t = start; t < end; t++) credit(t, w);
  });
}

/**
 * Position based (U-shaped), default 40/20/40: the first touch gets `first`, the last `last`,
 * the middle touches share the rest equally. One touch gets everything; two touches split the
 * conversion first : last in proportion (50/50 with the default 40/40), since there is no
 * middle to give the rest to.
 */
export function positionAttribution(journeys: JourneyInput, options: z.input<typeof positionAttributionOptionsSchema> = {}): AttributionResult {
  const o: PositionAttributionOptions = positionAttributionOptionsSchema.parse(options);
  const middle = 1 - o.first - o.last;
  const firstOfTwo = o.first / (o.first + o.last);
  return ruleModel('position', asEncoded(journeys, o.collapseRepeats), (_e, start, end, credit) => {
    const n = end - start;
    if (n === 1) credit(start, 1);
    else if (n === 2) {
      credit(start, firstOfTwo);
      credit(start + 1, 1 - firstOfTwo);
    } else {
      credit(start, o.first);
      credit(end - 1, o.last);
      const w = middle / (n - 2);
      for (let t = start + 1; t < end - 1; t++) credit(t, w);
    }
  });
}
