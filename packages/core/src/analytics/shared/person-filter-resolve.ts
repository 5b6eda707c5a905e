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
 * An analysis definition with its `segment` filter resolved (see `resolvePersonFilter`), and a
 * segment breakdown `{ segment: key }` given the key's rule (inlined) and `asOf` (default `asOfMs`). The server runs, and caches on, the resolved definition.
 */
export function resolveDefinitionSegments<D>(definition: D, resolve: (key: string) => SegmentRule | undefined, asOfMs: number): D {
  const d = definition as Record<string, unknown>;
  if (!d || typeof d !== 'object') return definition;
  const out: Record<string, unknown> = { ...d };
  if (Array.isArray(d.segment)) out.segment = resolvePersonFilter(d.segment as PersonFilter, resolve, asOfMs);
  const b = d.breakdown as { segment?: string; rule?: SegmentRule; asOf?: string } | undefined;
  if (b && typeof b === 'object' && typeof b.segment === 'string') {
    out.breakdown = { segment: b.segment, rule: inlineSegments(b.rule ?? { inSegment: b.segment }, resolve), asOf: b.asOf ?? new Date(asOfMs).toISOString() };
  }
  return out as D;
}
