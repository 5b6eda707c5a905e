// Public API of attribution. Helpers shared between the model files stay internal.
export type { Touch, Journey } from './journey.js';
export { touchSchema, journeySchema } from './journey.js';
export * from './options.js';
export { encodeJourneys, type EncodedJourneys, type JourneyInput } from './encode.js';
export type { AttributionRow, MarkovRow, ShapleyRow, AttributionResult, MarkovResult, ShapleyResult } from './result.js';
export { firstTouchAttribution, lastTouchAttribution, linearAttribution, positionAttribution } from './rule-based.js';
export { timeDecayAttribution } from './time-decay.js';
export { buildAttributionChain, type AttributionChain } from './markov-chain.js';
export { chainConversionProbabilities, ABSORPTION_TOLERANCE } from './absorbing.js';
export { markovAttribution } from './markov.js';
export { shapleyAttribution } from './shapley.js';
export { attribute } from './attribute.js';
export { compareModels, type ComparisonRow, type ComparedModel, type ModelComparison } from './compare.js';
