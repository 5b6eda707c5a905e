import { z } from 'zod';
import { insightSchema } from './insight.schema.js';

/** A dashboard: saved insights in a grid, in reading order; each tile spans 1 to 3 of the grid's 3 columns. */
export const DASHBOARD_COLUMNS = 3;
export const DASHBOARD_MAX_TILES = 50;

export const dashboardTileSchema = z
  .object({
    insightId: z.string().min(1).max(100),
    width: z.number().int().min(1).max(DASHBOARD_COLUMNS).default(1).meta({ description: 'columns the tile spans, 1 to 3' }),
  })
  .strict();

const name = z.string().trim().min(1).max(200);
const description = z.string().trim().max(2000);
const tiles = z.array(dashboardTileSchema).max(DASHBOARD_MAX_TILES);

export const dashboardInputSchema = z.object({ name, description: description.default(''), tiles: tiles.default([]) }).strict();
export type DashboardInput = z.input<typeof dashboardInputSchema>;
export type DashboardFields = z.output<typeof dashboardInputSchema>;

/** A partial update; `tiles` replaces the whole grid. */
export const dashboardPatchSchema = z.object({ name, description, tiles }).partial().strict();
export type DashboardPatch = z.output<typeof dashboardPatchSchema>;

export const dashboardSummarySchema = z.object({ id: z.string(), name: z.string(), description: z.string(), tiles: z.number().int(), createdAt: z.string(), updatedAt: z.string() });
export type DashboardSummary = z.output<typeof dashboardSummarySchema>;
export const dashboardListSchema = z.object({ dashboards: z.array(dashboardSummarySchema) });

/** A dashboard as served: every tile with its insight. */
export const dashboardSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  tiles: z.array(z.object({ insightId: z.string(), width: z.number().int(), insight: insightSchema })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Dashboard = z.output<typeof dashboardSchema>;
export const dashboardDeletedSchema = z.object({ id: z.string(), deleted: z.literal(true) });
