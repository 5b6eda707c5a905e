import {
  ComputedTraitBreakdownError,
  ComputedTraitComparisonError,
  isTraitItem,
  resolveDefinitionSegments,
  SegmentCycleError,
  UnknownComputedTraitError,
  UnknownSegmentError,
  type PersonFilter,
  type RangedDefinitions,
} from '@trailmap/core';
import { computedTraitDefinitions, segmentRules, type StateStore } from '@trailmap/state';
import { ApiError } from '../http/api-error.js';

const needsSegments = (d: unknown): boolean => {
  const seg = (d as { segment?: PersonFilter } | null)?.segment;
  const b = (d as { breakdown?: { segment?: unknown } } | null)?.breakdown;
  return (Array.isArray(seg) && seg.some((f) => !isTraitItem(f))) || (typeof b === 'object' && b !== null && 'segment' in b);
};

/**
 * The parsed definitions with their `segment` filters resolved against the saved segments (see
 * `resolvePersonFilter`): saved segments (and rules without `asOf`) count as of the request time,
 * rounded up to the whole minute so that repeated requests share a cached answer (and no event
 * already received is left out). What the analysis runs and the result cache keys on. An unknown segment or computed trait, a cycle or an impossible comparison is a 400 naming `segment`.
 */
export async function resolveRangedSegments<D>(r: RangedDefinitions<D>, state: StateStore, nowMs: number): Promise<RangedDefinitions<D>> {
  if (!needsSegments(r.definition) && !needsSegments(r.previous?.definition)) return r;
  const rules = await segmentRules(state);
  const traits = await computedTraitDefinitions(state);
  const asOf = Math.ceil(nowMs / 60_000) * 60_000;
  try {
    const resolve = (d: D) => resolveDefinitionSegments(d, (k) => rules.get(k), asOf, (k) => traits.get(k));
    return { ...r, definition: resolve(r.definition), previous: r.previous && { ...r.previous, definition: resolve(r.previous.definition) } };
  } catch (e) {
    if (e instanceof UnknownSegmentError || e instanceof SegmentCycleError || e instanceof UnknownComputedTraitError || e instanceof ComputedTraitComparisonError || e instanceof ComputedTraitBreakdownError) throw new ApiError(400, 'invalid_definition', `invalid definition: segment: ${e.message}`, 'segment');
    throw e;
  }
}
