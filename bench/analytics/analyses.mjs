// The analyses bench/analytics times, with the definitions named in the issue: a 4-step funnel
// (7-day window), depth-5 paths, 12-week retention and the journey map. Definitions go through
// the same zod schemas as the API.
import * as core from '@trailmap/core';
import * as wh from '@trailmap/warehouse';

const need = (mod, name) => {
  if (mod[name] === undefined) throw new Error(`${name} is not exported`);
  return mod[name];
};

export const ANALYSES_UNDER_TEST = {
  funnel: (db) =>
    need(wh, 'runFunnel')(
      db,
      need(core, 'funnelSchema').parse({
        steps: [{ event: 'Product Viewed' }, { event: 'Cart Added' }, { event: 'Checkout Started' }, { event: 'Order Completed' }],
        window: '7d',
      }),
    ),
  paths: (db) => need(wh, 'runPaths')(db, need(core, 'pathsSchema').parse({ start: { event: 'Product Viewed' }, depth: 5 })),
  retention: (db) =>
    need(wh, 'runRetention')(
      db,
      need(core, 'retentionSchema').parse({ start: { event: 'Product Viewed' }, return: { event: 'Order Completed' }, period: 'week', periods: 12 }),
    ),
  journeyMap: (db) => need(wh, 'runJourneyMap')(db, need(core, 'journeyMapDefinitionSchema').parse({}), need(core, 'defaultSentimentScorer')),
};
