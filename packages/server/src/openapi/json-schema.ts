import { z } from 'zod';

/** A JSON Schema (2020-12) object, as OpenAPI 3.1 embeds it. */
export type JsonSchema = { [key: string]: unknown };

/**
 * A zod schema as JSON Schema 2020-12: `input` for what a client sends (defaults make a field
 * optional, a transform shows what it accepts, e.g. "7d" for a duration), `output` for answers.
 * Refinements have no JSON Schema form and are left to the descriptions; a `z.custom` check is
 * probed, so core's JSON-object check shows as `type: object`.
 */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): { schema: JsonSchema; defs: Record<string, JsonSchema> } {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    override: (ctx) => {
      // zod writes the safe-integer range on every .int(); it says nothing a reader needs.
      if (ctx.jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete ctx.jsonSchema.minimum;
      if (ctx.jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete ctx.jsonSchema.maximum;
      if (ctx.zodSchema._zod.def.type !== 'custom') return;
      const s = ctx.zodSchema as unknown as z.ZodType;
      const accepts = (v: unknown) => s.safeParse(v).success;
      if (accepts({}) && !accepts([]) && !accepts('x') && !accepts(null)) ctx.jsonSchema.type = 'object';
    },
  }) as JsonSchema;
  delete json.$schema;
  const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
  delete json.$defs;
  return { schema: json, defs };
}

/** Rewrite `#/$defs/x` references to `#/components/schemas/<prefix>x` (OpenAPI resolves refs from the document root). */
export function rehomeRefs<T>(value: T, prefix: string): T {
  if (Array.isArray(value)) return value.map((v) => rehomeRefs(v, prefix)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? `#/components/schemas/${prefix}${v.slice(8)}` : rehomeRefs(v, prefix);
  }
  return out as T;
}
