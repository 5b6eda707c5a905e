export * from './conversion-paths.schema.js';
export { conversionValue } from './conversion-value.js';
export { journeyLabeler } from './journey-label.js';
export { conversionJourneys, conversionJourneysWithCut, cutTouches } from './conversion-journeys.js';
export * from './conversion-path-counts.js';
