import { placementRulesSchema, type PersonalizeAnswer, type RecommenderEvaluation } from '@trailmap/core';
import { personalize, placementOf, UnknownPlacementError } from '@trailmap/server';
import { evaluateOnWarehouse } from '@trailmap/warehouse';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError } from '../context.js';
import { intFlag } from '../analysis-flags.js';
import { renderTable } from '../output/table.js';

const f4 = (x: number) => x.toFixed(4);

/** The evaluation as a small table: ours against popularity, then what was evaluated and how. */
export function renderEvaluation(e: RecommenderEvaluation): string {
  const rows = [
    { model: 'recommender (CF + popularity fill)', p: f4(e.recommender.precision), r: f4(e.recommender.recall), h: f4(e.recommender.hitRate) },
    { model: 'popularity baseline', p: f4(e.popularity.precision), r: f4(e.popularity.recall), h: f4(e.popularity.hitRate) },
  ];
  const table = renderTable(rows, [['model', 'MODEL'], ['p', `PRECISION@${e.k}`], ['r', `RECALL@${e.k}`], ['h', `HIT RATE@${e.k}`]]);
  const s = e.settings;
  return `${table}

People evaluated: ${e.peopleEvaluated.toLocaleString('en-US')} (held-out order lines: ${e.heldOutItems.toLocaleString('en-US')}; left out for refused personalisation consent: ${e.skippedNoConsent.toLocaleString('en-US')})
Settings: gap ${e.gapDays} d before the held-out order, half-life ${s.halfLifeDays} d (popularity ${s.popularityHalfLifeDays} d), view weight ${s.viewWeight}, purchase weight ${s.purchaseWeight}, exclude purchased ${s.rules.excludePurchased ? 'yes' : 'no'}
Protocol: ${e.protocol}`;
}

/** One person's list: rank, item, score and reason. */
export function renderRecommendations(a: PersonalizeAnswer): string {
  const head = `${a.personId} · placement ${a.placement} (${a.kind}) · strategy ${a.strategy} · personalisation consent ${a.consent.granted ? 'granted' : 'refused'} (${a.consent.basis})`;
  if (a.items.length === 0) return `${head}\nNothing to recommend (no purchases in the data yet, or every item is ruled out).`;
  const rows = a.items.map((x, i) => ({ rank: String(i + 1), id: x.id, name: x.name, score: x.score.toFixed(4), reason: x.reason }));
  return `${head}\n${renderTable(rows, [['rank', '#'], ['id', 'ID'], ['name', 'NAME'], ['score', 'SCORE'], ['reason', 'REASON']])}`;
}

export const recommendCommand: Command = {
  name: 'recommend',
  summary: 'recommendations for a person, or --evaluate: precision@10 / recall@10 vs popularity',
  help: `Usage: trailmap recommend PERSON_ID [--placement P] [--limit N] [--data DIR] [--json]
       trailmap recommend --evaluate [--k N] [--gap-days D] [--placement P] [--data DIR] [--json]

PERSON_ID (a userId, an anonymousId or the person id): the ranked items, offers
or content of a placement (default home; trailmap.config.json personalize) with
the reason for each, as GET /v1/personalize/PERSON_ID answers. Without
personalisation consent: popularity only, never the person's own history.

--evaluate: offline evaluation. For every person with personalisation consent
and at least 2 orders, the last order (all its products) and everything after
it are held out; the recommender (recency-weighted item-based collaborative
filtering filled with popularity) and the popularity baseline are fitted on the
rest and each ranks k items (default 10) at the held-out order's time, with the
placement's rules (default: already-purchased items excluded). Prints
precision@k, recall@k and hit rate@k of both and the people evaluated.
--gap-days D also holds out the person's interactions in the D days before the
held-out order (e.g. 1: the shopping session that led to it is not known).
Example: trailmap demo && trailmap recommend --evaluate
See docs/personalize.md.`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { ...COMMON_OPTIONS, evaluate: { type: 'boolean', default: false }, placement: { type: 'string' }, limit: { type: 'string' }, k: { type: 'string' }, 'gap-days': { type: 'string' } }, true);
    if (values.evaluate ? positionals.length !== 0 : positionals.length !== 1) throw new UsageError(values.evaluate ? '--evaluate takes no PERSON_ID' : 'expected one PERSON_ID, or --evaluate');
    const k = intFlag('k', values.k) ?? 10;
    if (k < 1 || k > 100) throw new UsageError('--k: expected 1 to 100');
    const gapDays = values['gap-days'] === undefined ? 0 : Number(values['gap-days']);
    if (!(Number.isFinite(gapDays) && gapDays >= 0 && gapDays <= 3650)) throw new UsageError(`--gap-days: expected a number of days from 0 to 3650, got ${JSON.stringify(values['gap-days'])}`);
    const limit = intFlag('limit', values.limit);
    if (limit !== undefined && (limit < 1 || limit > 100)) throw new UsageError('--limit: expected 1 to 100');
    const { store, state, project } = await openStore(io, values);
    try {
      const config = project.personalize;
      let placement;
      try {
        placement = placementOf(config, values.placement);
      } catch (e) {
        if (e instanceof UnknownPlacementError) throw new UsageError(`--placement: ${e.message}`);
        throw e;
      }
      if (values.evaluate) {
        const rules = placement.placement.kind === 'items' ? placement.placement.rules : placementRulesSchema.parse({});
        const e = await evaluateOnWarehouse(await store.readSession(), config, store.consent.config, { k, rules, gapDays });
        io.out(values.json ? JSON.stringify(e, null, 2) : renderEvaluation(e));
        return 0;
      }
      const answer = await personalize(store, positionals[0]!, placement.id, { config, state, ...(limit !== undefined ? { limit } : {}) });
      if (answer === null) {
        io.err(`trailmap recommend: no person has the id ${JSON.stringify(positionals[0])}`);
        return 1;
      }
      io.out(values.json ? JSON.stringify(answer, null, 2) : renderRecommendations(answer));
      return 0;
    } finally {
      await store.close();
    }
  },
};
