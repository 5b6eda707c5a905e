import { z } from 'zod';
import { identityRulesSchema } from '../identity/identity-rules.js';
import { touchpointRuleSchema } from '../touchpoint/rules.js';

/** The `trailmap.config.json` (or `.js`/`.mjs`) a project may put beside its data. */
export const projectConfigSchema = z
  .object({
    touchpoints: z
      .object({
        /** Checked before the defaults; the first rule that sets an attribute wins. */
        rules: z.array(touchpointRuleSchema).default([]),
        /** Drop the built-in rules entirely. */
        replaceDefaults: z.boolean().default(false),
      })
      .strict()
      .default({ rules: [], replaceDefaults: false }),
    identity: identityRulesSchema.default(identityRulesSchema.parse({})),
  })
  .strict();

export type ProjectConfig = z.infer<typeof projectConfigSchema>;
export const DEFAULT_PROJECT_CONFIG: ProjectConfig = projectConfigSchema.parse({});
