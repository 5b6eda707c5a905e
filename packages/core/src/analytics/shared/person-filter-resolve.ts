import { inlineSegments } from '../../customers/segments/segment-inline.js';
import { UnknownComputedTraitError, type SegmentRule } from '../../customers/segments/segment-rule.js';
import type { ComputedTraitDefinition } from '../../customers/computed-traits/computed-trait.schema.js';
import { checkComputedTraitComparison } from '../../customers/segments/computed-trait-condition.js';
import { isRuleItem, isTraitItem, type PersonFilter } from './person-filter.js';

/**
 * A person filter with no saved-segment names left: `{ inSegment: k }` becomes
 * `{ rule: <k's rule, inlined>, asOf }`, `{ notInSegment: k }` becomes `{ rule: { not: … }, asOf }`,
 * and a rule item gets its saved segments inlined and `asOf` (default `asOfMs`, the request time).
 * Unknown keys and cycles throw `UnknownSegmentError` / `SegmentCycleError`.
 */
export function resolvePersonFilter(
  filter: PersonFilter,
  resolve: (key: string) => SegmentRule | undefined,
  asOfMs: number,
  traits: (key: string) => ComputedTraitDefinition | undefined = () => undefined,
): PersonFilter {
  const now = new Date(asOfMs).toISOString();
  return filter.map((f) => {
    if (isTraitItem(f)) return f;
    if (isRuleItem(f)) return withTraits(inlineSegments(f.rule, resolve), f.asOf ?? now, (k) => (f.computedTraits && Object.hasOwn(f.computedTraits, k) ? f.computedTraits[k] : traits(k)));
    const rule: SegmentRule = 'inSegment' in f ? { inSegment: f.inSegment } : { notInSegment: f.notInSegment };
    return withTraits(inlineSegments(rule, resolve), now, traits);
  });
}

/** The computed-trait comparisons of a rule (inlined), in order. */
function traitConditions(rule: SegmentRule): Extract<SegmentRule, { computedTrait: string }>[] {
  if ('all' in rule) return rule.all.flatMap(traitConditions);
  if ('any' in rule) return rule.any.flatMap(traitConditions);
  if ('not' in rule) return traitConditions(rule.not);
  return 'computedTrait' in rule ? [rule] : [];
}

/** A resolved rule item carrying the definitions of the computed traits it compares (unknown: UnknownComputedTraitError). */
function withTraits(rule: SegmentRule, asOf: string, traits: (key: string) => ComputedTraitDefinition | undefined): PersonFilter[number] {
  const conditions = traitConditions(rule);
  if (conditions.length === 0) return { rule, asOf };
  const computedTraits: Record<string, ComputedTraitDefinition> = {};
  for (const c of conditions) {
    const def = traits(c.computedTrait);
    if (!def) throw new UnknownComputedTraitError(c.computedTrait);
    checkComputedTraitComparison(def, c);
    computedTraits[c.computedTrait] = def;
  }
  return { rule, asOf, computedTraits };
}

/**
 * An analysis definition with its `segment` filter resolved (see `resolvePersonFilter`), and a
 * segment breakdown `{ segment: key }` given the key's rule (inlined) and `asOf` (default `asOfMs`). The server runs, and caches on, the resolved definition.
 */
export function resolveDefinitionSegments<D>(
  definition: D,
  resolve: (key: string) => SegmentRule | undefined,
  asOfMs: number,
  traits: (key: string) => ComputedTraitDefinition | undefined = () => undefined,
): D {
  const d = definition as Record<string, unknown>;
  if (!d || typeof d !== 'object') return definition;
  const out: Record<string, unknown> = { ...d };
  if (Array.isArray(d.segment)) out.segment = resolvePersonFilter(d.segment as PersonFilter, resolve, asOfMs, traits);
  const b = d.breakdown as { segment?: string; rule?: SegmentRule; asOf?: string } | undefined;
  if (b && typeof b === 'object' && typeof b.segment === 'string') {
    const rule = inlineSegments(b.rule ?? { inSegment: b.segment }, resolve);
    const used = traitConditions(rule);
    if (used.length > 0) throw new ComputedTraitBreakdownError(used[0]!.computedTrait);
    out.breakdown = { segment: b.segment, rule, asOf: b.asOf ?? new Date(asOfMs).toISOString() };
  }
  return out as D;
}

/** A segment breakdown whose rule compares a computed trait: not supported yet (filters are). */
export class ComputedTraitBreakdownError extends Error {
  constructor(readonly key: string) {
    super(`a segment breakdown cannot compare computed traits yet (the rule compares ${JSON.stringify(key)}); filter by the segment instead`);
  }
}
