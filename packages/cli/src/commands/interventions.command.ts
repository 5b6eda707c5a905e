import { interventionOverrideSchemaFor, type InterventionOverride, type RankedIntervention } from '@trailmap/core';
import { interventionsRequestSchema, runInterventions } from '@trailmap/warehouse';
import { listInterventionEstimates, mergeInterventionEstimate, removeInterventionEstimate } from '@trailmap/state';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError } from '../context.js';
import { intFlag, parseDefinition, rangeFlags, segmentFilter } from '../analysis-flags.js';
import { renderTable } from '../output/table.js';

const OPTIONS = {
  ...COMMON_OPTIONS,
  set: { type: 'string', multiple: true },
  reset: { type: 'string', multiple: true },
  top: { type: 'string' },
  conversion: { type: 'string', default: 'Order Completed' },
  journeys: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  segment: { type: 'string', multiple: true },
} as const;

const SET_KEYS = ['feasibility', 'cost', 'share', 'reach', 'lift'] as const;

/**
 * `ID:feasibility=0.5,cost=2000,share=0.3` → [id, override] (the id may itself contain colons).
 * `share` applies to fix_drop_off, remove_friction and personalise; `reach` and `lift` to
 * add_reminder and add_channel (the kind is the id's prefix).
 */
export function parseSet(spec: string): [string, InterventionOverride] {
  const i = spec.lastIndexOf(':');
  if (i <= 0) throw new UsageError(`--set: expected ID:feasibility=F,cost=C (and share=S, or reach=R,lift=L), got ${JSON.stringify(spec)}`);
  const out: Record<string, number> = {};
  for (const kv of spec.slice(i + 1).split(',')) {
    const [k, v] = kv.split('=');
    if (!(SET_KEYS as readonly string[]).includes(k ?? '') || v === undefined || v.trim() === '' || !Number.isFinite(Number(v)))
      throw new UsageError(`--set: expected ${SET_KEYS.map((x) => `${x}=NUMBER`).join(', ')} after the id, got ${JSON.stringify(kv)}`);
    out[k!] = Number(v);
  }
  const id = spec.slice(0, i);
  const parsed = interventionOverrideSchemaFor(id).safeParse(out);
  if (!parsed.success) throw new UsageError(`--set ${id}: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
  return [id, parsed.data];
}

const money = (x: number) => Math.round(x).toLocaleString('en-US');

export function renderInterventions(rows: readonly RankedIntervention[]): string {
  if (rows.length === 0) return 'No candidate interventions: no key touchpoint met a rule (see docs/interventions.md).';
  return [
    renderTable(
      rows.map((r) => ({
        rank: r.rank,
        id: r.id,
        uplift: `${money(r.uplift.revenue.estimate)} [${money(r.uplift.revenue.low)}, ${money(r.uplift.revenue.high)}]`,
        conv: `${r.uplift.conversions.estimate.toFixed(0)}`,
        feasibility: `${r.feasibility}${r.source.feasibility === 'user' ? '*' : ''}`,
        cost: `${money(r.cost)}${r.source.cost === 'user' ? '*' : ''}`,
        effect: `${Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(',')}${r.source.effect === 'user' ? '*' : ''}`,
        roi: r.roi.toFixed(2),
      })),
      [
        ['rank', '#'],
        ['id', 'INTERVENTION'],
        ['uplift', 'REVENUE UPLIFT [95% CI]'],
        ['conv', '+ORDERS'],
        ['feasibility', 'FEASIBILITY'],
        ['cost', 'COST'],
        ['effect', 'EFFECT'],
        ['roi', 'ROI'],
      ],
    ),
    '',
    '* your own estimate (trailmap interventions --set ID:feasibility=F,cost=C,share=S or ID:reach=R,lift=L; --reset ID)',
    '',
    ...rows.map((r) => `${r.rank}. ${r.id}: ${r.reason}; simulated: ${r.effect}`),
  ].join('\n');
}

export const interventionsCommand: Command = {
  name: 'interventions',
  summary: 'candidate fixes at the key touchpoints, ranked by ROI from the digital twin',
  help: `Usage: trailmap interventions [--set ID:feasibility=F,cost=C,share=S|reach=R,lift=L]... [--reset ID]...
         [--top N] [--conversion EVENT] [--journeys N] [--from ISO] [--to ISO]
         [--segment trait:NAME=VALUE]... [--data DIR] [--json]

Scores the touchpoints (reach, frequency, Markov removal effect, drop-off after them,
experience), proposes actions at the top ones (fix drop-off, remove friction, add a
reminder, personalise, add a channel), simulates each in the journey twin for the
expected revenue uplift with its 95% interval, and ranks them by
ROI = uplift × feasibility ÷ cost. --set stores your own estimates for an
intervention id (kind:touchpoint; kept in the state store), any of:
  feasibility=F  0..1, the chance the action ships and works as assumed
  cost=C         above 0, in the currency of the conversion values
  share=S        0..1, fix_drop_off / remove_friction / personalise: the share of the
                 people who drop after the touchpoint that go on instead
                 (defaults 0.2 / 0.1 / 0.05)
  reach=R        0..1 (above 0), add_reminder / add_channel: the share of the people
                 at the touchpoint who get the new touchpoint (defaults 0.5 / 0.2)
  lift=L         0..1, add_reminder / add_channel: how much more often the new
                 touchpoint converts, in probability (0.1 = 10 points; defaults 0.1 / 0.05)
The twin simulates the effect parameters and the ranking uses all of them from then
on; a parameter of another kind is refused. --reset removes them all.
Example: --set "fix_drop_off:Cart Viewed:share=0.3"
See docs/interventions.md.`,
  async run(argv, io) {
    const { values } = parseFlags(argv, OPTIONS);
    const sets = (values.set ?? []).map(parseSet);
    const req = parseDefinition(
      interventionsRequestSchema,
      {
        conversion: { event: values.conversion.split(',').map((s) => s.trim()) },
        ...(values.top !== undefined ? { top: intFlag('top', values.top) } : {}),
        ...(values.journeys !== undefined ? { journeys: intFlag('journeys', values.journeys) } : {}),
        ...rangeFlags(values.from, values.to),
        ...(values.segment?.length ? { segment: values.segment.map(segmentFilter) } : {}),
      },
      { top: '--top', journeys: '--journeys', conversion: '--conversion', range: '--from/--to', from: '--from', to: '--to', segment: '--segment' },
    );
    const { store, state } = await openStore(io, values);
    try {
      // Each id's estimates are a row of the state store, merged in one statement (a server sharing it keeps its own edits).
      for (const [id, o] of sets) await mergeInterventionEstimate(state, id, o);
      for (const id of values.reset ?? []) await removeInterventionEstimate(state, id);
      const r = await runInterventions(await store.readSession(), req, await listInterventionEstimates(state));
      io.out(values.json ? JSON.stringify(r, null, 2) : renderInterventions(r.interventions));
    } finally {
      await store.close();
    }
    return 0;
  },
};
