import { clvDefinitionSchema, clvSegmentSummary, segmentKeySchema, type ClvResult, type ClvSegmentSummary } from '@trailmap/core';
import { computedTraitDefinitions, segmentRules } from '@trailmap/state';
import { runClv, segmentMembers } from '@trailmap/warehouse';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError } from '../context.js';
import { renderTable } from '../output/table.js';

const OPTIONS = {
  ...COMMON_OPTIONS,
  purchase: { type: 'string', default: 'Order Completed' },
  value: { type: 'string', default: 'revenue' },
  'as-of': { type: 'string' },
  unit: { type: 'string', default: 'day' },
  horizon: { type: 'string', default: '90d' },
  discount: { type: 'string', default: '0' },
  people: { type: 'string', default: '10' },
  'holdout-days': { type: 'string' },
  segment: { type: 'string' },
} as const;

/** `--horizon`: N in the chosen unit, or Nd (days) / Nw (weeks) converted to it. */
export function horizonInUnit(text: string, unit: 'day' | 'week'): number {
  const m = /^(\d+(?:\.\d+)?)([dw]?)$/.exec(text.trim());
  if (!m) throw new UsageError(`--horizon must be N, Nd or Nw (got "${text}")`);
  const n = Number(m[1]);
  const days = m[2] === 'd' ? n : m[2] === 'w' ? n * 7 : unit === 'week' ? n * 7 : n;
  return unit === 'week' ? days / 7 : days;
}

const FLAG_OF: Record<string, string> = { purchase: '--purchase', value: '--value', asOf: '--as-of', unit: '--unit', horizon: '--horizon', discount: '--discount', holdoutDays: '--holdout-days' };
const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
const se = (s: Record<string, number> | null, k: string) => (s && s[k] !== undefined ? `±${r4(s[k]!)}` : 'n/a');

/** The lines of a per-segment CLV summary (`--segment KEY`). */
export function renderClvSegment(s: ClvSegmentSummary): string {
  const pct = s.shareOfClv === null ? 'n/a' : `${r2(s.shareOfClv * 100)}%`;
  return [
    `Segment ${s.key}: ${s.members.toLocaleString('en-US')} members, ${s.customers.toLocaleString('en-US')} of them customers.`,
    `Expected purchases ${r2(s.expectedPurchases)}; CLV ${r2(s.clv)} (${pct} of every customer's); mean CLV ${s.meanClv === null ? 'n/a' : r2(s.meanClv)}, mean P(alive) ${s.meanPAlive === null ? 'n/a' : r4(s.meanPAlive)}.`,
  ].join('\n');
}

export function renderClv(r: ClvResult): string {
  if (!r.bgnbd) return `No "${r.purchase}" purchases up to ${r.asOf ?? 'the end of the data'}: nothing to fit.`;
  const b = r.bgnbd;
  const lines = [
    `CLV as of ${r.asOf} (purchases of "${r.purchase}" up to and including that day, value "${r.value}"), unit ${r.unit}, horizon ${r2(r.horizon)} ${r.unit}s, discount ${r.discount} per 30 days.`,
    `${r.customers.toLocaleString('en-US')} customers, ${r.repeaters.toLocaleString('en-US')} repeaters.`,
    `BG/NBD: r ${r4(b.r)} ${se(b.standardErrors, 'r')}, alpha ${r4(b.alpha)} ${se(b.standardErrors, 'alpha')}, a ${r4(b.a)} ${se(b.standardErrors, 'a')}, b ${r4(b.b)} ${se(b.standardErrors, 'b')}; log-likelihood ${r2(b.logLikelihood)}; ${b.converged ? 'converged' : 'NOT converged'} after ${b.iterations} iterations.`,
    r.gammaGamma
      ? `Gamma-Gamma (${r.gammaGamma.customers} repeaters with a positive mean repeat value): p ${r4(r.gammaGamma.p)} ${se(r.gammaGamma.standardErrors, 'p')}, q ${r4(r.gammaGamma.q)} ${se(r.gammaGamma.standardErrors, 'q')}, v ${r4(r.gammaGamma.v)} ${se(r.gammaGamma.standardErrors, 'v')}; ${r.gammaGamma.converged ? 'converged' : 'NOT converged'}.`
      : 'Gamma-Gamma: no repeater with a positive mean repeat value; CLV is 0.',
    `Expected purchases in the horizon: ${r2(r.totals.expectedPurchases)}; total CLV ${r2(r.totals.clv)}.`,
  ];
  if (r.holdout) {
    const h = r.holdout;
    lines.push('', `Calibration/holdout: BG/NBD fitted on purchases up to ${h.calibrationEnd} (${h.customers.toLocaleString('en-US')} customers${h.bgnbd ? `, r ${r4(h.bgnbd.r)}, alpha ${r4(h.bgnbd.alpha)}, a ${r4(h.bgnbd.a)}, b ${r4(h.bgnbd.b)}${h.bgnbd.converged ? '' : ', NOT converged'}` : ''}); repeat purchases in the ${h.holdoutDays} holdout days, mean per customer:`);
    lines.push(renderTable(h.bins.map((b) => ({ f: b.frequency, n: b.customers, p: r4(b.predicted), a: r4(b.actual) })), [['f', 'CALIBRATION FREQUENCY'], ['n', 'CUSTOMERS'], ['p', 'PREDICTED'], ['a', 'ACTUAL']]));
  }
  if (r.people?.length) {
    lines.push('', renderTable(r.people.map((p) => ({ id: p.personId, x: p.frequency, tx: p.recencyDays, T: p.tDays, m: r2(p.monetary), alive: r4(p.pAlive), e: r2(p.expectedPurchases), spend: r2(p.expectedSpend), clv: r2(p.clv) })), [
      ['id', 'PERSON'], ['x', 'FREQUENCY'], ['tx', 'RECENCY (DAYS)'], ['T', 'AGE (DAYS)'], ['m', 'MEAN REPEAT VALUE'], ['alive', 'P(ALIVE)'], ['e', 'EXPECTED PURCHASES'], ['spend', 'EXPECTED SPEND'], ['clv', 'CLV'],
    ]));
  }
  return lines.join('\n');
}

export const clvCommand: Command = {
  name: 'clv',
  summary: 'customer lifetime value: BG/NBD expected purchases and P(alive), Gamma-Gamma spend, discounted CLV',
  help: `Usage: trailmap clv [--purchase "Order Completed"] [--value revenue] [--as-of YYYY-MM-DD]
         [--unit day|week] [--horizon N|Nd|Nw] [--discount R] [--people N] [--holdout-days N]
         [--segment KEY] [--data DIR] [--json]

Summarises each person's purchases the way the \`lifetimes\` library does: purchases of the
--purchase event up to and including the --as-of day (UTC; default: the day of the latest
purchase) are grouped by UTC day, same-day purchases counting once with their --value summed
(a missing or non-numeric value counts 0). frequency = purchase days - 1, recency = days from
the first to the last purchase day, age T = days from the first purchase day to the as-of day
(both divided by 7 with --unit week), monetary = mean value of the repeat purchase days.
Then fits BG/NBD (Fader, Hardie & Lee 2005) on every customer and Gamma-Gamma (Fader & Hardie
2013) on the repeaters whose mean repeat value is positive, by maximum likelihood (Nelder-Mead
on the log-parameters; standard errors from the numerical Hessian), in the chosen unit.
Per person: P(alive), expected purchases in the --horizon (default 90d; a bare N is in the
unit), expected spend per purchase, and CLV = the horizon cut into 30-day periods, each
period's expected purchases times the expected spend divided by (1 + R)^i (--discount R per
30 days, default 0). Shows the --people N (default 10; 0 for none) customers of highest CLV.
--json prints {purchase, value, asOf, unit, horizon, discount, customers, repeaters,
bgnbd: {r, alpha, a, b, logLikelihood, converged, iterations, standardErrors},
gammaGamma: {p, q, v, logLikelihood, customers, converged, iterations, standardErrors},
totals: {expectedPurchases, clv}, people}.
--holdout-days N: the calibration/holdout diagnostic (as lifetimes'
plot_calibration_purchases_vs_holdout_purchases): BG/NBD also fitted on purchases up to
as-of minus N days; its expected repeat purchases in those N days against the actual ones,
mean per customer, binned by calibration frequency 0..5, 6+ (--json: holdout).
--segment KEY: CLV of a saved segment (see \`trailmap segments\`): the model is fitted on every
customer as above, then its members now (the segment's rule as of the current minute, as the
API counts it) are summed: members, member customers, expected purchases, CLV, its share of
every customer's CLV, mean CLV and P(alive) (--json: segment, as POST /v1/customers/clv with
segment: KEY answers; --people then lists the segment's members of highest CLV).
Example: trailmap clv --purchase "Order Completed" --value revenue --horizon 90d --json
See docs/customers.md.`,
  async run(argv, io) {
    const { values } = parseFlags(argv, OPTIONS);
    if (values.unit !== 'day' && values.unit !== 'week') throw new UsageError(`--unit must be day or week (got "${values.unit}")`);
    const unit = values.unit;
    const discount = Number(values.discount);
    const people = Number(values.people);
    if (!Number.isInteger(people) || people < 0) throw new UsageError(`--people must be a whole number >= 0 (got "${values.people}")`);
    const parsed = clvDefinitionSchema.safeParse({
      purchase: values.purchase,
      value: values.value,
      ...(values['as-of'] !== undefined ? { asOf: values['as-of'] } : {}),
      unit,
      horizon: horizonInUnit(values.horizon, unit),
      discount: values.discount.trim() === '' ? NaN : discount,
      ...(values['holdout-days'] !== undefined ? { holdoutDays: values['holdout-days'].trim() === '' ? NaN : Number(values['holdout-days']) } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`${FLAG_OF[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`);
    }
    const key = values.segment;
    if (key !== undefined && !segmentKeySchema.safeParse(key).success) throw new UsageError(`--segment: not a segment key: ${JSON.stringify(key)}`);
    const { store, state } = await openStore(io, values);
    try {
      const rules = await segmentRules(state);
      const rule = key === undefined ? undefined : rules.get(key);
      if (key !== undefined && !rule) {
        io.err(`trailmap: --segment: no saved segment has the key ${JSON.stringify(key)} (see trailmap segments list)`);
        return 1;
      }
      const db = await store.readSession();
      const r = await runClv(db, parsed.data, { people: true });
      let segment: ClvSegmentSummary | undefined;
      let members: Set<string> | undefined;
      if (key !== undefined && rule) {
        // As the API: the segment's members as of now, rounded up to the whole minute.
        const traits = await computedTraitDefinitions(state);
        const asOfMs = Math.ceil(Date.now() / 60_000) * 60_000;
        members = new Set(await segmentMembers(db, rule, asOfMs, (k) => rules.get(k), (k) => traits.get(k)));
        segment = clvSegmentSummary(key, r.people ?? [], members, r.totals.clv);
      }
      const listed = members ? (r.people ?? []).filter((p) => members.has(p.personId)) : (r.people ?? []);
      const top = [...listed].sort((a, b) => b.clv - a.clv || (a.personId < b.personId ? -1 : 1)).slice(0, people);
      const shown = { ...r, people: top, ...(segment ? { segment } : {}) };
      io.out(values.json ? JSON.stringify(shown, null, 2) : segment ? `${renderClv(shown)}\n\n${renderClvSegment(segment)}` : renderClv(shown));
    } finally {
      await store.close();
    }
    return 0;
  },
};
