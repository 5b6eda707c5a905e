import { z } from 'zod';
import { DEFAULT_DEADLINES, type DeadlineRule } from './privacy-deadline.js';
import { PRIVACY_REGIMES, type PrivacyRegime } from './privacy-request.js';

const deadlineRuleSchema = z.object({ days: z.number().int().min(1).max(365), kind: z.enum(['calendar', 'working']) }).strict();

/**
 * `privacy` in trailmap.config.json (docs/privacy.md#data-subject-requests): the deadline per
 * regime, replacing the default for the regimes named (GDPR 30 calendar days, CCPA 45, PIPL 15
 * working days), e.g. `{"privacy": {"deadlines": {"pipl": {"days": 10, "kind": "working"}}}}`.
 */
export const privacyConfigSchema = z
  .object({
    deadlines: z.partialRecord(z.enum(PRIVACY_REGIMES), deadlineRuleSchema).default({}),
  })
  .strict();
export type PrivacyConfig = z.output<typeof privacyConfigSchema>;

/** Every regime's deadline rule: the project's where it names one, else the default. */
export function privacyDeadlines(cfg: PrivacyConfig): Record<PrivacyRegime, DeadlineRule> {
  return Object.fromEntries(PRIVACY_REGIMES.map((r) => [r, cfg.deadlines[r] ?? DEFAULT_DEADLINES[r]])) as Record<PrivacyRegime, DeadlineRule>;
}
