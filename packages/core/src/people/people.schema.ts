import { z } from 'zod';

/** How many people one page of `GET /v1/people` lists at most, and a CSV export. */
export const PEOPLE_PAGE_MAX = 200;
export const PEOPLE_CSV_MAX = 100_000;
export const PEOPLE_MAX_FILTERS = 10;
export const PEOPLE_MAX_COLUMNS = 10;

const traitName = z.string().trim().min(1, 'a trait name').max(100);

/**
 * The people list's query: text search, filters on latest traits (`trait.plan=pro`; a persona is
 * the `persona` trait, `persona=x` is `trait.persona=x`), extra trait columns, a page, CSV.
 * Query-string values arrive as text; `trait.NAME` keys are gathered into `traits`.
 */
export const peopleQueryObject = z
  .object({
    q: z.string().max(200).optional(),
    persona: z.string().trim().min(1).max(200).optional(),
    traits: z.array(z.object({ name: traitName, value: z.string().max(200) })).max(PEOPLE_MAX_FILTERS).default([]),
    columns: z
      .string()
      .max(2000)
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === '') return [];
        const names = v.split(',').map((s) => s.trim());
        if (names.some((n) => n === '' || n.length > 100)) ctx.addIssue({ code: 'custom', message: 'a comma-separated list of trait names (1 to 100 characters each)' });
        else if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', message: 'a trait is named twice' });
        else if (names.length > PEOPLE_MAX_COLUMNS) ctx.addIssue({ code: 'custom', message: `at most ${PEOPLE_MAX_COLUMNS} trait columns` });
        return names;
      })
      .meta({ description: 'trait columns to add, comma-separated (`plan,city`)' }),
    limit: z.coerce.number().int().min(1).max(PEOPLE_CSV_MAX).optional().meta({ description: `people per page, 1 to ${PEOPLE_PAGE_MAX} (25); with format=csv up to ${PEOPLE_CSV_MAX} (all of them, the default)` }),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

export const peopleQuerySchema = peopleQueryObject
  .superRefine((v, ctx) => {
    if (v.format === 'json' && v.limit !== undefined && v.limit > PEOPLE_PAGE_MAX) ctx.addIssue({ code: 'custom', path: ['limit'], message: `at most ${PEOPLE_PAGE_MAX} people per page (format=csv exports up to ${PEOPLE_CSV_MAX})` });
  })
  .transform((v) => ({ ...v, limit: v.limit ?? (v.format === 'csv' ? PEOPLE_CSV_MAX : 25) }));
export type PeopleQuery = z.output<typeof peopleQuerySchema>;

/** A query string's pairs as the schema takes them: repeated `trait.NAME` keys become `traits`; other keys stay (the schema refuses unknown ones). */
export function peopleQueryInput(query: Record<string, string | string[] | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const traits: Array<{ name: string; value: string }> = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    if (k.startsWith('trait.')) for (const value of Array.isArray(v) ? v : [v]) traits.push({ name: k.slice(6), value });
    else out[k] = Array.isArray(v) ? v.at(-1) : v;
  }
  if (traits.length) out.traits = traits;
  return out;
}

export const personSummarySchema = z.object({
  personId: z.string(),
  identities: z.array(z.string()).meta({ description: '`user:…` and `anon:…` identities, userIds first' }),
  email: z.string().nullable(),
  name: z.string().nullable(),
  events: z.number().int(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  traits: z.record(z.string(), z.string().nullable()).meta({ description: "the chosen trait columns' latest values (text), null where the person has none" }),
});
export type PersonSummary = z.output<typeof personSummarySchema>;

export const peopleAnswerSchema = z.object({
  total: z.number().int().meta({ description: 'people matching the search and filters (all pages)' }),
  offset: z.number().int(),
  columns: z.array(z.string()),
  people: z.array(personSummarySchema),
});
export type PeopleAnswer = z.output<typeof peopleAnswerSchema>;

export const peopleTraitsSchema = z.object({ traits: z.array(z.string()).meta({ description: 'trait names seen in the latest identify calls, sorted' }) });
