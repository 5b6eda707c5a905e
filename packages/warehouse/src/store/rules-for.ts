import { createHash } from 'node:crypto';
import { DEFAULT_RULES, type ProjectConfig, type TouchpointRule } from '@trailmap/core';

/**
 * The effective rule list: rules edited in the app (stored with the data) first, then the
 * project config file's rules, then the defaults unless the config replaces them.
 */
export function rulesFor(project: ProjectConfig, edited: readonly TouchpointRule[] = []): TouchpointRule[] {
  const configured = [...edited, ...project.touchpoints.rules];
  return project.touchpoints.replaceDefaults ? configured : [...configured, ...DEFAULT_RULES];
}

/** The settings key of the rules edited in the app (a JSON array of rules). */
export const CATALOGUE_RULES_SETTING = 'catalogue_rules';

export const rulesHash = (rules: readonly TouchpointRule[]) =>
  createHash('sha256').update(JSON.stringify(rules)).digest('hex').slice(0, 16);
