import { assertUnreachable } from '../result.js';
import type { JourneyInput } from './encode.js';
import { markovAttribution } from './markov.js';
import { attributionSpecSchema, type AttributionSpecInput } from './options.js';
import type { AttributionResult, MarkovResult, ShapleyResult } from './result.js';
import { firstTouchAttribution, lastTouchAttribution, linearAttribution, positionAttribution } from './rule-based.js';
import { shapleyAttribution } from './shapley.js';
import { timeDecayAttribution } from './time-decay.js';

/** Run one model named in a spec (`{ model: 'markov', order: 2 }`), as the CLI and HTTP API will. */
export function attribute(journeys: JourneyInput, spec: AttributionSpecInput): AttributionResult | MarkovResult | ShapleyResult {
  const s = attributionSpecSchema.parse(spec);
  switch (s.model) {
    case 'first':
      return firstTouchAttribution(journeys, { collapseRepeats: s.collapseRepeats });
    case 'last':
      return lastTouchAttribution(journeys, { collapseRepeats: s.collapseRepeats });
    case 'linear':
      return linearAttribution(journeys, { collapseRepeats: s.collapseRepeats });
    case 'time-decay':
      return timeDecayAttribution(journeys, { collapseRepeats: s.collapseRepeats, halfLife: s.halfLife });
    case 'position':
      return positionAttribution(journeys, { collapseRepeats: s.collapseRepeats, first: s.first, last: s.last });
    case 'markov':
      return markovAttribution(journeys, { collapseRepeats: s.collapseRepeats, order: s.order });
    case 'shapley':
      return shapleyAttribution(journeys, { collapseRepeats: s.collapseRepeats, method: s.method, samples: s.samples, seed: s.seed });
    default:
      return assertUnreachable(s);
  }
}
