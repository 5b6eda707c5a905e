import { z } from 'zod';
import { computedTraitDefinitionSchema, type ComputedTraitDefinition, type ComputedTraitValue } from './computed-trait.schema.js';

/** A saved computed trait as the API answers it (the definition holds key and name too). */
export interface SavedComputedTrait {
  id: string;
  key: string;
  name: string;
  definition: ComputedTraitDefinition;
  createdAt: string;
  updatedAt: string;
}

/** `POST /v1/computed-traits`: a definition. */
export const computedTraitCreateSchema = computedTraitDefinitionSchema;

/**
 * `PATCH /v1/computed-traits/:key`: any fields of the definition but the key; they replace the
 * saved ones and the result is checked as a whole definition. `null` removes an optional field.
 */
export const computedTraitPatchSchema = z
  .object({
    name: z.string().optional(),
    description: z.string().nullable().optional(),
    aggregate: z.string().optional(),
    event: z.unknown().optional(),
    touchpoint: z.unknown().optional(),
    where: z.unknown().optional(),
    property: z.unknown().optional(),
    window: z.unknown().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'give at least one field of the definition to change');

/** The saved definition with a patch applied (null deletes a field); parse the result with computedTraitDefinitionSchema. */
export function patchedComputedTrait(saved: ComputedTraitDefinition, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...saved };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (v !== undefined) out[k] = v;
  }
  return out;
}

/** `POST /v1/computed-traits/preview`: a definition's values before it is saved. */
export const computedTraitPreviewSchema = z
  .object({
    definition: z.unknown(),
    /** The instant to compute at (default: now). */
    asOf: z.string().refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO-8601 date-time').optional(),
    sample: z.number().int().min(0).max(100).default(10),
  })
  .strict();

/** How a trait's values are spread over the people who have one. */
export interface ComputedTraitDistribution {
  /** People with a value. */
  people: number;
  /** Numeric traits: min, max, mean, median (null for text traits or nobody). */
  numeric: { min: number; max: number; mean: number; median: number } | null;
  /** The most common values, most people first (ties by value), up to 10. */
  top: Array<{ value: ComputedTraitValue; people: number }>;
}

/** The freshness of values computed on read: the instant computed for, and the warehouse's last load of the collection log. */
export interface ComputedTraitFreshness {
  asOf: string;
  /** When the warehouse last loaded the collection log (null when it never did): values omit events collected after it. */
  lastLoadAt: string | null;
}

/** The profile's `computedTraits`: every saved computed trait's value for the person (null: none). */
export interface ProfileComputedTraits extends ComputedTraitFreshness {
  values: Array<{ key: string; name: string; value: ComputedTraitValue | null }>;
}

/** `POST /v1/computed-traits/preview`. */
export interface ComputedTraitPreview extends ComputedTraitFreshness {
  distribution: ComputedTraitDistribution;
  sample: Array<{ personId: string; value: ComputedTraitValue }>;
}

/** `GET /v1/computed-traits/:key/values`. */
export interface ComputedTraitValuesAnswer extends ComputedTraitFreshness {
  key: string;
  total: number;
  values: Array<{ personId: string; value: ComputedTraitValue }>;
}

/** The distribution summary of a trait's values (pure). */
export function computedTraitDistribution(values: readonly ComputedTraitValue[]): ComputedTraitDistribution {
  const nums = values.filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
  const numeric =
    nums.length === 0 || nums.length !== values.length
      ? null
      : {
          min: nums[0]!,
          max: nums[nums.length - 1]!,
          mean: nums.reduce((s, x) => s + x, 0) / nums.length,
          median: nums.length % 2 ? nums[(nums.length - 1) / 2]! : (nums[nums.length / 2 - 1]! + nums[nums.length / 2]!) / 2,
        };
  const counts = new Map<ComputedTraitValue, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const cmp = (a: ComputedTraitValue, b: ComputedTraitValue) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  const top = [...counts].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0])).slice(0, 10).map(([value, people]) => ({ value, people }));
  return { people: values.length, numeric, top };
}
