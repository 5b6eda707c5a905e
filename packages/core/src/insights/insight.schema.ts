import { z } from 'zod';

/**
 * A saved insight: one analysis (its kind and the definition that kind's schema accepts), how it
 * is drawn, a name and a description. Kept in the state store; served at `/v1/insights`.
 */
export const INSIGHT_KINDS = ['funnel', 'paths', 'retention', 'lifecycle', 'metrics', 'journey-map', 'attribution'] as const;
export type InsightKind = (typeof INSIGHT_KINDS)[number];

/** The charts each kind can be drawn as; the first is the default. `table` is the numbers behind it. */
export const INSIGHT_CHARTS = {
  funnel: ['funnel', 'trend', 'table'],
  paths: ['sankey', 'table'],
  retention: ['grid', 'table'],
  lifecycle: ['bar', 'table'],
  metrics: ['line', 'table'],
  'journey-map': ['map', 'table'],
  attribution: ['bar', 'table'],
} as const satisfies Record<InsightKind, readonly string[]>;
export type InsightChart = (typeof INSIGHT_CHARTS)[InsightKind][number];
export const ALL_INSIGHT_CHARTS = [...new Set(Object.values(INSIGHT_CHARTS).flat())] as InsightChart[];

/** Where each kind runs: `POST <path>` with the definition as the body. */
export const INSIGHT_ENDPOINTS: Record<InsightKind, string> = {
  funnel: '/v1/analytics/funnel',
  paths: '/v1/analytics/paths',
  retention: '/v1/analytics/retention',
  lifecycle: '/v1/analytics/lifecycle',
  metrics: '/v1/analytics/metrics',
  'journey-map': '/v1/analytics/journey-map',
  attribution: '/v1/attribution',
};

const name = z.string().trim().min(1).max(200);
const description = z.string().trim().max(2000);
/** The analysis definition as sent to the kind's endpoint (checked against that kind's schema by the server). */
const definition = z.record(z.string(), z.unknown()).meta({ description: "the analysis definition, as POSTed to the kind's endpoint (docs/analytics/)" });
/**
 * The web page's URL query the insight was saved from (`?step=A&step=B&window=7d`), so opening it
 * shows the page as it was; null for insights made elsewhere (API, CLI), which open rendered from
 * the definition.
 */
const view = z.string().max(8000).regex(/^(\?.*)?$/, 'a URL query starting with ?, or empty').nullable();

const chartFits = (v: { kind?: InsightKind | undefined; chart?: string | undefined }, ctx: z.RefinementCtx) => {
  if (v.kind === undefined || v.chart === undefined) return;
  const allowed: readonly string[] = INSIGHT_CHARTS[v.kind];
  if (!allowed.includes(v.chart)) ctx.addIssue({ code: 'custom', path: ['chart'], message: `a ${v.kind} insight is drawn as ${allowed.join(', ')}, not ${JSON.stringify(v.chart)}` });
};

export const insightInputSchema = z
  .object({
    kind: z.enum(INSIGHT_KINDS),
    name,
    description: description.default(''),
    chart: z.enum(ALL_INSIGHT_CHARTS as [InsightChart, ...InsightChart[]]).optional().meta({ description: "how it is drawn (INSIGHT_CHARTS per kind); the kind's first chart when absent" }),
    definition,
    view: view.default(null),
  })
  .strict()
  .superRefine(chartFits)
  .transform((v) => ({ ...v, chart: v.chart ?? (INSIGHT_CHARTS[v.kind][0] as InsightChart) }));
export type InsightInput = z.input<typeof insightInputSchema>;
export type InsightFields = z.output<typeof insightInputSchema>;

/**
 * A partial update. The kind never changes (save a new insight instead). A new definition without
 * a new view clears the view: the page query would no longer describe it.
 */
export const insightPatchSchema = z
  .object({
    name,
    description,
    chart: z.enum(ALL_INSIGHT_CHARTS as [InsightChart, ...InsightChart[]]),
    definition,
    view,
  })
  .partial()
  .strict();
export type InsightPatch = z.output<typeof insightPatchSchema>;

export const insightSchema = z.object({
  id: z.string(),
  kind: z.enum(INSIGHT_KINDS),
  name: z.string(),
  description: z.string(),
  chart: z.enum(ALL_INSIGHT_CHARTS as [InsightChart, ...InsightChart[]]),
  definition: z.record(z.string(), z.unknown()),
  view: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Insight = z.output<typeof insightSchema>;
export const insightListSchema = z.object({ insights: z.array(insightSchema) });
export type InsightList = z.output<typeof insightListSchema>;
export const insightDeletedSchema = z.object({
  id: z.string(),
  deleted: z.literal(true),
  dashboards: z.array(z.string()).meta({ description: 'the dashboards it was a tile of (the tile is removed from each)' }),
});

/** Whether a chart suits a kind (for a patch, checked against the stored insight's kind). */
export const chartFitsKind = (kind: InsightKind, chart: string): boolean => (INSIGHT_CHARTS[kind] as readonly string[]).includes(chart);

/** A definition checked against its kind's schema: the issues are re-rooted at `definition`. */
export function checkInsightDefinition(schema: z.ZodType, definition: unknown): { ok: true } | { ok: false; error: z.ZodError } {
  const r = schema.safeParse(definition);
  if (r.success) return { ok: true };
  return { ok: false, error: new z.ZodError(r.error.issues.map((i) => ({ ...i, path: ['definition', ...i.path] }))) };
}
