import { z } from 'zod';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** The longest duration a definition may give (a window, lookback, half-life or session gap): 3650 days. */
export const MAX_DURATION_DAYS = 3650;
export const MAX_DURATION_MS = MAX_DURATION_DAYS * UNIT_MS.d;

/** "30m", "7d", "2w", "90s", "1h" → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a duration: use a number and a unit s, m, h, d or w (e.g. 30m, 7d)`);
  return Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
}

/**
 * A duration given as text ("7d") or as milliseconds, at most `maxMs` (`limit` says it in the
 * issue); always milliseconds after parsing. A longer one is an issue at the field, not an
 * overflow later in a query.
 */
export function durationUpTo(maxMs: number, limit: string) {
  const tooLong = `must be at most ${limit}`;
  return z.union(
    [
      z.number().int().positive().max(maxMs, tooLong),
      z.string().transform((s, ctx) => {
        try {
          const ms = parseDuration(s);
          if (ms > maxMs) {
            ctx.addIssue({ code: 'custom', message: `"${s}" ${tooLong}` });
            return z.NEVER;
          }
          if (ms <= 0) {
            ctx.addIssue({ code: 'custom', message: `"${s}" must be longer than 0` });
            return z.NEVER;
          }
          return ms;
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message });
          return z.NEVER;
        }
      }),
    ],
    {
      // The union's issue says what the branch that fits the input's type found ("7 days" is no duration, "9999w" too long).
      error: (iss) => (iss.code === 'invalid_union' ? (iss.errors.flat().find((i) => i.code !== 'invalid_type')?.message ?? 'must be a duration: milliseconds, or text such as 30m or 7d') : undefined),
    },
  );
}

/** A window, lookback or session gap: at most MAX_DURATION_DAYS. */
export const durationSchema = durationUpTo(MAX_DURATION_MS, `${MAX_DURATION_DAYS}d (${MAX_DURATION_MS} ms)`);
