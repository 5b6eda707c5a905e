// The analyses bench/analytics times, with the definitions named in the issue: a 4-step funnel,
// depth-5 paths, 12-week retention and the journey map.
import * as wh from '@trailmap/warehouse';

const need = (name) => {
  if (typeof wh[name] !== 'function') throw new Error(`${name} is not exported by @trailmap/warehouse`);
  return wh[name];
};

export const ANALYSES_UNDER_TEST = {
  funnel: (db) =>
    need('runFunnel')(db, {
      steps: [{ event: 'Product Viewed' }, { event: 'Cart Added' }, { event: 'Checkout Started' }, { event: 'Order Completed' }],
      window: 7 * 86_400_000,
    }),
  paths: (db) => need('runPaths')(db, { from: { event: 'Product Viewed' }, depth: 5 }),
  retention: (db) => need('runRetention')(db, { start: { event: 'Product Viewed' }, return: { event: 'Order Completed' }, period: 'week', periods: 12 }),
  journeyMap: (db) => need('runJourneyMap')(db, {}),
};
