import { isSkipped, scoreRunOptionsSchema, type PersonScores, type ScoreRunSummary } from '@trailmap/core';
import { SegmentRefresher } from '@trailmap/server';
import { latestScoreRun, personScores, resolvePersonId, runPersonScores, savePersonaSegments } from '@trailmap/warehouse';
import { intFlag, parseDefinition, pct } from '../analysis-flags.js';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError } from '../context.js';
import { horizonInUnit } from './clv.command.js';

const SUBS = ['run', 'show', 'person'] as const;
const FLAG_OF: Record<string, string> = { purchase: '--purchase', value: '--value', horizon: '--horizon', unit: '--unit', discount: '--discount', windowDays: '--window', k: '--k' };
const RUN_FLAGS = ['purchase', 'value', 'horizon', 'unit', 'discount', 'window', 'k'] as const;

const r2 = (x: number) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : '–');

/** A run's summary in words, one line per model. */
export function renderScoreRun(s: ScoreRunSummary): string {
  const lines = [`Scoring run of ${s.scoredAt} (completed ${s.completedAt}): ${s.people.toLocaleString('en-US')} people scored.`];
  lines.push(isSkipped(s.rfm) ? `  RFM: skipped (${s.rfm.skipped})` : `  RFM: ${s.rfm.people.toLocaleString('en-US')} customers as of ${s.rfm.asOf}`);
  if (isSkipped(s.personas)) lines.push(`  personas: skipped (${s.personas.skipped})`);
  else {
    lines.push(`  personas: k = ${s.personas.k} as of ${s.personas.asOf}`);
    for (const c of s.personas.clusters) lines.push(`    ${c.key}  ${c.name.en} / ${c.name.zh}  (${c.size.toLocaleString('en-US')} people)`);
  }
  lines.push(isSkipped(s.clv) ? `  CLV: skipped (${s.clv.skipped})` : `  CLV: ${s.clv.customers.toLocaleString('en-US')} customers (${s.clv.repeaters.toLocaleString('en-US')} repeaters), horizon ${r2(s.clv.horizon)} ${s.clv.unit}s, as of ${s.clv.asOf}`);
  lines.push(isSkipped(s.churn) ? `  churn: skipped (${s.churn.skipped})` : `  churn: ${s.churn.scored.toLocaleString('en-US')} people scored as of ${s.churn.asOf}; AUC ${r2(s.churn.auc)} (recency alone ${r2(s.churn.baselineAuc)})`);
  const ps = s.personaSegments;
  if (ps) {
    lines.push(`  persona segments saved: ${ps.saved.join(', ') || 'none'}${ps.deleted.length ? `; deleted: ${ps.deleted.join(', ')}` : ''}`);
    for (const k of ps.kept) lines.push(`  kept ${k.key} (its cluster is gone, but ${k.referredBy.join(', ')} refer(s) to it)`);
    if (ps.taken.length) lines.push(`  not saved: ${ps.taken.join(', ')} (a segment with another rule has that key)`);
  }
  return lines.join('\n');
}

/** One person's scores in words. */
export function renderPersonScores(id: string, p: PersonScores): string {
  return [
    `Scores of ${id} (scoring run of ${p.scoredAt}):`,
    `  RFM: ${p.rfm ? `${p.rfm.group} (R ${p.rfm.r}, F ${p.rfm.f}, M ${p.rfm.m})` : '–'}`,
    `  persona: ${p.persona ? `${p.persona.key} ${p.persona.name.en} / ${p.persona.name.zh}` : '–'}`,
    `  CLV: ${p.clv ? `${r2(p.clv.clv)} over ${r2(p.clv.horizon)} ${p.clv.unit}s, P(alive) ${pct(p.clv.pAlive)}, expected purchases ${r2(p.clv.expectedPurchases)}` : '–'}`,
    `  churn risk: ${p.churn ? `${pct(p.churn.risk)} (${p.churn.reasons.map((r) => r.feature).join(', ')})` : '–'}`,
  ].join('\n');
}

export const scoresCommand: Command = {
  name: 'scores',
  summary: 'the scoring run: every person scored by RFM, personas, CLV and churn, stored for profiles and segments',
  help: `Usage: trailmap scores run [--purchase "Order Completed"] [--value revenue] [--horizon 90d]
                          [--unit day|week] [--discount 0] [--window 30] [--k N] [--json]
       trailmap scores show [--json]
       trailmap scores person ID [--json]

run scores every person now, on the store directly (stop the server first when its
store is embedded; the server runs this itself every TRAILMAP_SCORES_EVERY):
RFM (group and R/F/M), personas (persona-N), CLV (discounted CLV, P(alive),
expected purchases over the horizon) and churn (risk of no event in the next
--window days). The scores are written under one instant (scoredAt); readers see
a run only once all of it is written, and the previous run is then deleted. A
model the data cannot fit is skipped and says why. One saved segment per persona
(key persona-N, rule {"score": "persona", "op": "eq", "value": "persona-N"}) and
its en/zh display name are saved in the state store; persona segments of clusters
that are gone are deleted unless another segment refers to them; then every
saved segment is recomputed.
show prints the latest complete run's summary; person prints one person's stored
scores (ID: a userId, an anonymousId or the person id).

Options:
  --purchase EVENT   the purchase event (RFM, CLV, personas' value, churn)
  --value PROP       the property holding the purchase's value
  --horizon H        CLV horizon: N in the unit, or Nd / Nw (default 90d)
  --unit U           CLV unit: day or week (default day)
  --discount R       CLV discount rate per 30 days (default 0)
  --window N         churn window in days (default 30)
  --k N              personas: exactly N clusters (default: 2-8 by silhouette)
  --data DIR         data directory (default ./data or TRAILMAP_DATA_DIR)
  --json             the answer as JSON`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      { ...COMMON_OPTIONS, purchase: { type: 'string' }, value: { type: 'string' }, horizon: { type: 'string' }, unit: { type: 'string' }, discount: { type: 'string' }, window: { type: 'string' }, k: { type: 'string' } },
      true,
    );
    const [sub, ...args] = positionals;
    if (sub === undefined || !(SUBS as readonly string[]).includes(sub)) throw new UsageError(`expected one of ${SUBS.join(', ')}`);
    if (sub !== 'run' && RUN_FLAGS.some((f) => values[f] !== undefined)) throw new UsageError(`--${RUN_FLAGS.join(', --')} go with run`);
    if (sub === 'person' ? args.length !== 1 : args.length !== 0) throw new UsageError(sub === 'person' ? 'person needs one ID' : `${sub} takes no argument`);
    let options;
    if (sub === 'run') {
      const unit = values.unit ?? 'day';
      if (unit !== 'day' && unit !== 'week') throw new UsageError('--unit must be day or week');
      const discount = values.discount === undefined ? undefined : Number(values.discount);
      if (discount !== undefined && !Number.isFinite(discount)) throw new UsageError(`--discount: expected a number, got ${JSON.stringify(values.discount)}`);
      options = parseDefinition(
        scoreRunOptionsSchema,
        { purchase: values.purchase, value: values.value, unit, horizon: values.horizon === undefined ? undefined : horizonInUnit(values.horizon, unit), discount, windowDays: intFlag('window', values.window), k: intFlag('k', values.k) },
        FLAG_OF,
      );
    }
    const { store, state } = await openStore(io, values);
    try {
      const db = await store.readSession();
      if (sub === 'run') {
        const summary = await runPersonScores(await store.analysisDb(), options!, Date.now(), { personaSegments: (p) => savePersonaSegments(state, p) });
        await new SegmentRefresher(store, state).refresh();
        io.out(values.json ? JSON.stringify(summary, null, 2) : renderScoreRun(summary));
        return 0;
      }
      if (sub === 'show') {
        const run = await latestScoreRun(db);
        io.out(values.json ? JSON.stringify({ run }, null, 2) : run ? renderScoreRun(run) : 'No scoring run yet: trailmap scores run computes one.');
        return 0;
      }
      const personId = await resolvePersonId(db, args[0]!);
      if (personId === null) {
        io.err(`trailmap: no person has the id ${JSON.stringify(args[0])}`);
        return 1;
      }
      const scores = await personScores(db, personId);
      io.out(values.json ? JSON.stringify({ personId, scores }, null, 2) : scores ? renderPersonScores(personId, scores) : `No stored scores for ${personId} (no scoring run yet, or the latest did not score this person).`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
