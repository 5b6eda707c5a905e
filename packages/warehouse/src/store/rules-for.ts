import { createHash } from 'node:crypto';
import { DEFAULT_RULES, type ProjectConfig, type TouchpointRule } from '@trailmap/core';

/** The effective rule list: project rules first, then the defaults unless replaced. */
export function rulesFor(project: ProjectConfig): TouchpointRule[] {
  return project.touchpoints.replaceDefaults ? [...project.touchpoints.rules] : [...project.touchpoints.rules, ...DEFAULT_RULES];
}

export const rulesHash = (rules: readonly TouchpointRule[]) =>
  createHash('sha256').update(JSON.stringify(rules)).digest('hex').slice(0, 16);
