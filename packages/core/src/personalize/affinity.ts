/**
 * How much more (or less) than the average person someone is into a set of items: their share
 * of history weight on the set, smoothed toward the population's share p with a prior of
 * `prior` weight units, over p. lift = ((w_T + prior·p) / (w + prior)) / p; 1 with no history.
 */
export function affinityLift(weights: ReadonlyMap<string, number>, target: (item: string) => boolean, populationShare: number, prior = 5): number {
  if (!(populationShare > 0)) return 1;
  let total = 0;
  let onTarget = 0;
  for (const [item, w] of weights) {
    total += w;
    if (target(item)) onTarget += w;
  }
  return (onTarget + prior * populationShare) / (total + prior) / populationShare;
}
