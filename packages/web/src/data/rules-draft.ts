import type { TouchpointRule } from '@trailmap/core';

/** The regex conditions a rule may have (`match.type`, a list of message types, is kept as is). */
export const CONDITIONS = ['event', 'path', 'utmMedium', 'utmSource', 'contextChannel'] as const;
export type Condition = (typeof CONDITIONS)[number];
/** The vocabulary of packages/core/src/touchpoint/vocabulary.ts (the server refuses anything else). */
export const CHANNELS = ['web', 'app', 'store', 'email', 'sms', 'push', 'social', 'ads', 'support', 'partner', 'other'] as const;
export const TOUCHPOINT_TYPES = ['digital', 'physical', 'social', 'human'] as const;
export const STAGES = ['awareness', 'interest', 'consideration', 'conversion', 'loyalty'] as const;
export const SETS = ['touchpoint', 'channel', 'type', 'stage'] as const;
export type SetField = (typeof SETS)[number];

/** One editable rule: every field a string ('' = not set); `key` keeps React rows stable when reordered. */
export interface DraftRule {
  key: number;
  match: Record<Condition, string>;
  /** Message types the rule is limited to (not editable here, kept on save). */
  types: string[];
  set: Record<SetField, string>;
}

let nextKey = 1;

export function emptyDraft(): DraftRule {
  return { key: nextKey++, match: { event: '', path: '', utmMedium: '', utmSource: '', contextChannel: '' }, types: [], set: { touchpoint: '', channel: '', type: '', stage: '' } };
}

export function toDraft(rule: TouchpointRule): DraftRule {
  const d = emptyDraft();
  for (const c of CONDITIONS) d.match[c] = rule.match[c] ?? '';
  d.types = [...(rule.match.type ?? [])];
  for (const s of SETS) d.set[s] = rule.set[s] ?? '';
  return d;
}

/** The rule as the API takes it: empty fields left out. */
export function toRule(d: DraftRule): TouchpointRule {
  const match: Record<string, unknown> = {};
  if (d.types.length) match.type = d.types;
  for (const c of CONDITIONS) if (d.match[c] !== '') match[c] = d.match[c];
  const set: Record<string, string> = {};
  for (const s of SETS) if (d.set[s] !== '') set[s] = d.set[s];
  return { match, set } as TouchpointRule;
}

export type DraftProblem = { field: string; kind: 'regex' | 're2' | 'noCondition'; detail: string };

/** JavaScript-only regex features RE2 (and so the SQL engine) does not have: lookaround, backreferences. */
const NOT_RE2 = /\(\?<?[=!]|\\[1-9]|\\k</;

/**
 * What the form refuses before saving: a pattern that does not compile (or uses lookaround or
 * backreferences, which the engine's RE2 lacks), and a rule without any condition (it would
 * match every event). Values outside the vocabulary are left to the server, which names the field.
 */
export function checkDraft(rules: readonly DraftRule[]): DraftProblem | null {
  for (const [i, d] of rules.entries()) {
    for (const c of CONDITIONS) {
      const v = d.match[c];
      if (v === '') continue;
      try {
        new RegExp(v, 'i');
      } catch (e) {
        return { field: `rules[${i}].match.${c}`, kind: 'regex', detail: (e as Error).message };
      }
      if (NOT_RE2.test(v)) return { field: `rules[${i}].match.${c}`, kind: 're2', detail: v };
    }
    if (d.types.length === 0 && CONDITIONS.every((c) => d.match[c] === '')) return { field: `rules[${i}].match.event`, kind: 'noCondition', detail: '' };
  }
  return null;
}
