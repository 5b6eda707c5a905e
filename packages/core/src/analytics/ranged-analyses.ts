import { conversionPathsSchema } from './conversion-paths/conversion-paths.schema.js';
import { experienceDefinitionSchema } from './experience/experience.js';
import { funnelSchema } from './funnel/funnel.schema.js';
import { journeyMapDefinitionSchema } from './journey-map/journey-map.schema.js';
import { lifecycleSchema, stickinessSchema } from './lifecycle/lifecycle.schema.js';
import { metricsSchema } from './metrics/metrics.schema.js';
import { pathsSchema } from './paths/paths.schema.js';
import { retentionSchema } from './retention/retention.schema.js';
import { rangedAnalysis } from './shared/ranged-definition.js';

/**
 * Each analysis's definition as the API and CLI take it: a written range (relative or absolute,
 * resolved in the project time zone) and, for funnels, metrics and the journey map,
 * `compare: "previous_period"`. The engines take the plain schemas (absolute instants).
 */
export const RANGED_ANALYSES = {
  funnel: rangedAnalysis(funnelSchema, 'range', { compare: true }),
  metrics: rangedAnalysis(metricsSchema, 'range', { compare: true }),
  journeyMap: rangedAnalysis(journeyMapDefinitionSchema, 'period', { compare: true }),
  experience: rangedAnalysis(experienceDefinitionSchema, 'period', { compare: false }),
  paths: rangedAnalysis(pathsSchema, 'range', { compare: false }),
  retention: rangedAnalysis(retentionSchema, 'range', { compare: false }),
  lifecycle: rangedAnalysis(lifecycleSchema, 'range', { compare: false }),
  stickiness: rangedAnalysis(stickinessSchema, 'range', { compare: false }),
  conversionPaths: rangedAnalysis(conversionPathsSchema, 'range', { compare: false }),
};
