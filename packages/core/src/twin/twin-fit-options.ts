import { z } from 'zod';

/**
 * How journeys become a chain.
 * - `stateKey`: a state is the touchpoint label, or `label@stage`.
 * - `minCount`: states visited fewer times (over all journeys) are pooled into `(other)`, which
 *   keeps the chain small (the analytic solves are O(n³)) and rare rows from being noise.
 * - `prior`: Dirichlet pseudo-count added, in the posterior draws only, to every observed
 *   transition of a row. The default 0 draws rows from Dirichlet(counts), which is centred on the
 *   observed rates; a positive prior pulls sparse rows towards uniform over their observed
 *   transitions, which (over long journeys with loops) biases P(conversion) down. The point estimate stays
 *   the maximum-likelihood one, which reproduces the observed conversion rate exactly.
 * - `collapseRepeats`: consecutive repeats of a state count once (off: every touch counts).
 */
export const twinFitOptionsSchema = z
  .object({
    stateKey: z.enum(['label', 'label@stage']).default('label'),
    minCount: z.number().int().min(1).default(10),
    prior: z.number().min(0).max(100).default(0),
    collapseRepeats: z.boolean().default(false),
  })
  .strict();
export type TwinFitOptions = z.infer<typeof twinFitOptionsSchema>;
export type TwinFitInput = z.input<typeof twinFitOptionsSchema>;
