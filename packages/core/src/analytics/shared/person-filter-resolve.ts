import { inlineSegments } from '../../customers/segments/segment-inline.js';
import type { SegmentRule } from '../../customers/segments/segment-rule.js';
import { isRuleItem, isTraitItem, type PersonFilter } from './person-filter.js';

/**
 * A person filter with no saved-segment names left: `{ inSegment: k }` becomes
 * `{ rule: <k's rule, inlined>, asOf }`, `{ notInSegment: k }` becomes `{ rule: { not: … }, asOf }`,
 * and a rule item gets its saved segments inlined and `asOf` (default `asOfMs`, the request time).
 * Unknown keys and cycles throw `UnknownSegmentError` / `SegmentCycleError`.
 */
export function resolvePersonFilter(filter: PersonFilter, resolve: (key: string) => SegmentRule | undefined, asOfMs: number): PersonFilter {
  const now = new Date(asOfMs).toISOString();
  return filter.map((f) => {
    if (isTraitItem(f)) return f;
    if (isRuleItem(f)) return { rule: inlineSegments(f.rule, resolve), asOf: f.asOf ?? now };
    const rule: SegmentRule = 'inSegment' in f ? { inSegment: f.inSegment } : { notInSegment: f.notInSegment };
    return { rule: inlineSegments(rule, resolve), asOf: now };
  });
}

/**
 * An analysis definition with its `segment` filter resolved (see `resolvePersonFilter`); the same
 * object when it has none. The server runs, and caches on, the resolved definition.
 */
export function resolveDefinitionSegments<D>(definition: D, resolve: (key: string) => SegmentRule | undefined, asOfMs: number): D {
  const d = definition as Record<string, unknown>;
  if (!d || typeof d !== 'object' || !Array.isArray(d.segment)) return definition;
  return { ...d, segment: resolvePersonFilter(d.segment as PersonFilter, resolve, asOfMs) } as D;
}
