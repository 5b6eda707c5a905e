import { journeyDefinitionSchema, type JourneyDefinition, type JourneyValidation } from '@trailmap/core';

/** A validation issue at its JSON path, and where the builder shows it. */
export interface Issue {
  path: Array<string | number>;
  message: string;
  source: 'client' | 'server';
}

/** The server's path text (`steps.0.next`, `steps[0].next` or `/steps/0/next`) as a path. */
export function parsePath(text: string): Array<string | number> {
  return text
    .split(/[.[\]/]+/)
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export const pathText = (path: ReadonlyArray<string | number>) => path.map(String).join('.');

/** The domain schema run in the browser (the same zod schema the server uses). */
export function clientIssues(draft: unknown): Issue[] {
  const r = journeyDefinitionSchema.safeParse(draft);
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: i.path.filter((p): p is string | number => typeof p !== 'symbol'), message: i.message, source: 'client' as const }));
}

export function serverIssues(v: JourneyValidation): Issue[] {
  return v.issues.map((i) => ({ path: parsePath(i.path), message: i.message, source: 'server' as const }));
}

/** The step an issue is about (by the index in its path), or null for the journey itself (trigger, goal, …). */
export function issueStep(def: JourneyDefinition, issue: Issue): string | null {
  if (issue.path[0] !== 'steps' || typeof issue.path[1] !== 'number') return null;
  return def.steps[issue.path[1]]?.id ?? null;
}

/** The issues about one step, keyed by the field path below the step (`next`, `branches.0.next`; '' for the step as a whole). */
export function stepIssues(def: JourneyDefinition, issues: readonly Issue[], stepId: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of issues) {
    if (issueStep(def, i) !== stepId) continue;
    const key = pathText(i.path.slice(2));
    out.set(key, [...(out.get(key) ?? []), i.message]);
  }
  return out;
}

/** The same message at the same place from the client and the server is shown once. */
export function mergeIssues(client: readonly Issue[], server: readonly Issue[]): Issue[] {
  const seen = new Set(client.map((i) => `${pathText(i.path)}\u0000${i.message}`));
  return [...client, ...server.filter((i) => !seen.has(`${pathText(i.path)}\u0000${i.message}`))];
}
