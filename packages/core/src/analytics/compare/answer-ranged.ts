import type { RangedDefinitions } from '../shared/ranged-definition.js';
import type { MaybeComparedAnswer } from './period-change.js';

/**
 * Run a resolved definition and say which range it used; when the previous period was asked
 * for, run the same definition on it too and add both results' change (`compare` computes it).
 */
export async function answerRanged<D, R extends object, C>(
  ranged: RangedDefinitions<D>,
  run: (definition: D) => Promise<R>,
  compare?: (current: R, previous: R) => C,
): Promise<MaybeComparedAnswer<R, C>> {
  const current = await run(ranged.definition);
  if (!ranged.previous || !compare) return { ...current, range: ranged.range };
  const previous = await run(ranged.previous.definition);
  return { ...current, range: ranged.range, previous: { range: ranged.previous.range, result: previous }, change: compare(current, previous) };
}
