import { ZodError, type z } from 'zod';
import { checkInsightDefinition, chartFitsKind, insightInputSchema, insightPatchSchema, INSIGHT_CHARTS, type InsightFields, type InsightKind, type InsightPatch } from '@trailmap/core';
import { attributionRequestSchema } from '@trailmap/warehouse';
import { ANALYSES } from '../analytics/analyses.js';

/** Each insight kind's definition schema: the one its endpoint parses the body with. */
export const INSIGHT_DEFINITIONS: Record<InsightKind, z.ZodType> = {
  funnel: ANALYSES.funnel!.schema,
  paths: ANALYSES.paths!.schema,
  retention: ANALYSES.retention!.schema,
  lifecycle: ANALYSES.lifecycle!.schema,
  metrics: ANALYSES.metrics!.schema,
  'journey-map': ANALYSES['journey-map']!.schema,
  attribution: attributionRequestSchema,
};

/** A failed check: the zod error, paths rooted in the request body (`definition.steps[0]`, `chart`). */
export type InsightCheck<T> = { ok: true; value: T } | { ok: false; error: z.ZodError };

/** A new insight: its fields, then the definition against its kind's schema. What is stored is the definition as sent. */
export function parseInsightInput(body: unknown): InsightCheck<InsightFields> {
  const parsed = insightInputSchema.safeParse(body);
  if (!parsed.success) return { ok: false, error: parsed.error };
  const def = checkInsightDefinition(INSIGHT_DEFINITIONS[parsed.data.kind], parsed.data.definition);
  return def.ok ? { ok: true, value: parsed.data } : def;
}

/** A patch of an insight of `kind`: the chart must suit the kind, a new definition its schema. */
export function parseInsightPatch(body: unknown, kind: InsightKind): InsightCheck<InsightPatch> {
  const parsed = insightPatchSchema.safeParse(body);
  if (!parsed.success) return { ok: false, error: parsed.error };
  const p = parsed.data;
  if (p.chart !== undefined && !chartFitsKind(kind, p.chart)) {
    const message = `a ${kind} insight is drawn as ${INSIGHT_CHARTS[kind].join(', ')}, not ${JSON.stringify(p.chart)}`;
    return { ok: false, error: new ZodError([{ code: 'custom', path: ['chart'], message, input: p.chart }]) };
  }
  if (p.definition !== undefined) {
    const def = checkInsightDefinition(INSIGHT_DEFINITIONS[kind], p.definition);
    if (!def.ok) return def;
  }
  return { ok: true, value: p };
}
