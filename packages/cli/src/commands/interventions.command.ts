import { interventionOverrideSchema, type RankedIntervention } from '@trailmap/core';
import { INTERVENTION_OVERRIDES_SETTING, interventionsRequestSchema, parseOverrides, runInterventions } from '@trailmap/warehouse';
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

/** `ID:feasibility=0.5,cost=2000` → [id, {feasibility, cost}] (the id may itself contain colons). */
export function parseSet(spec: string): [string, { feasibility?: number; cost?: number }] {
  const i = spec.lastIndexOf(':');
  if (i <= 0) throw new UsageError(`--set: expected ID:feasibility=F,cost=C, got ${JSON.stringify(spec)}`);
  const out: Record<string, number> = {};
  for (const kv of spec.slice(i + 1).split(',')) {
    const [k, v] = kv.split('=');
    if ((k !== 'feasibility' && k !== 'cost') || v === undefined || v.trim() === '' || !Number.isFinite(Number(v)))
      throw new UsageError(`--set: expected feasibility=NUMBER and/or cost=NUMBER after the id, got ${JSON.stringify(kv)}`);
    out[k] = Number(v);
  }
  const parsed = interventionOverrideSchema.safeParse(out);
  if (!parsed.success) throw new UsageError(`--set ${spec.slice(0, i)}: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
  return [spec.slice(0, i), parsed.data];
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
        roi: r.roi.toFixed(2),
      })),
      [
        ['rank', '#'],
        ['id', 'INTERVENTION'],
        ['uplift', 'REVENUE UPLIFT [95% CI]'],
        ['conv', '+ORDERS'],
        ['feasibility', 'FEASIBILITY'],
        ['cost', 'COST'],
        ['roi', 'ROI'],
      ],
    ),
    '',
    '* your own estimate (trailmap interventions --set ID:feasibility=F,cost=C; --reset ID)',
    '',
    ...rows.map((r) => `${r.rank}. ${r.id}: ${r.reason}; simulated: ${r.effect}`),
  ].join('\n');
}

export const interventionsCommand: Command = {
  name: 'interventions',
  summary: 'candidate fixes at the key touchpoints, ranked by ROI from the digital twin',
  help: `Usage: trailmap interventions [--set ID:feasibility=F,cost=C]... [--reset ID]...
         [--top N] [--conversion EVENT] [--journeys N] [--from ISO] [--to ISO]
         [--segment trait:NAME=VALUE]... [--data DIR] [--json]

Scores the touchpoints (reach, frequency, Markov removal effect, drop-off after them,
experience), proposes actions at the top ones (fix drop-off, remove friction, add a
reminder, personalise, add a channel), simulates each in the journey twin for the
expected revenue uplift with its 95% interval, and ranks them by
ROI = uplift × feasibility ÷ cost. --set stores your own feasibility (0..1) and cost
for an intervention id (kept in the data directory); the ranking uses them from then
on. --reset removes them. See docs/interventions.md.`,
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
    const { store } = await openStore(io, values);
    try {
      const overrides = parseOverrides(await store.setting(INTERVENTION_OVERRIDES_SETTING));
      for (const [id, o] of sets) overrides[id] = { ...overrides[id], ...o };
      for (const id of values.reset ?? []) delete overrides[id];
      if (sets.length || values.reset?.length) await store.saveSetting(INTERVENTION_OVERRIDES_SETTING, JSON.stringify(overrides));
      const r = await runInterventions(await store.readSession(), req, overrides);
      io.out(values.json ? JSON.stringify(r, null, 2) : renderInterventions(r.interventions));
    } finally {
      await store.close();
    }
    return 0;
  },
};
