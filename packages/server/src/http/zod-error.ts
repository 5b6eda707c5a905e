import type { z } from 'zod';
import { ApiError } from './api-error.js';

type Issue = z.core.$ZodIssue;

/**
 * A union's failure as the issues of the variant the input most nearly is: the variant whose
 * shape it matches (fewest issues about the object itself — wrong type, unknown keys), then the
 * one with the fewest issues, then the deepest. "Invalid input" alone names nothing; this names
 * `all[1].atLeast` when a rule's second condition has a bad count.
 */
export function nearestIssues(issues: readonly Issue[], base: readonly PropertyKey[] = []): Issue[] {
  return issues.flatMap((i): Issue[] => {
    const path = [...base, ...i.path];
    if (i.code !== 'invalid_union' || !('errors' in i) || !Array.isArray(i.errors) || i.errors.length === 0) return [{ ...i, path }];
    const branches = (i.errors as Issue[][]).map((b) => nearestIssues(b, path));
    const atRoot = (b: Issue[]) => b.filter((x) => x.path.length <= path.length + (x.code === 'invalid_type' && x.path.length === path.length + 1 ? 1 : 0) && (x.code === 'unrecognized_keys' || x.code === 'invalid_type')).length;
    const depth = (b: Issue[]) => Math.max(0, ...b.map((x) => x.path.length));
    const score = (b: Issue[]) => [atRoot(b), b.length, -depth(b)] as const;
    let best = branches[0]!;
    for (const b of branches.slice(1)) {
      const [s, t] = [score(b), score(best)];
      if (s[0] < t[0] || (s[0] === t[0] && (s[1] < t[1] || (s[1] === t[1] && s[2] < t[2])))) best = b;
    }
    return best;
  });
}

/** The first zod issue as a 400 naming the field (`steps[1].event`), the rest in the message. */
export function invalidDefinition(error: z.ZodError, what: string): ApiError {
  const path = (p: readonly PropertyKey[]) => p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
  const issues = nearestIssues(error.issues);
  const first = issues[0];
  const all = issues.slice(0, 5).map((i) => `${path(i.path) || what}: ${i.message}`);
  return new ApiError(400, 'invalid_definition', `invalid ${what}: ${all.join('; ')}`, first ? path(first.path) || undefined : undefined);
}
