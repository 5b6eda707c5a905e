import { attributionRequestSchema, runAttribution, type AttributionResponse } from '@trailmap/warehouse';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore } from '../context.js';
import { rangedAnalysis } from '@trailmap/core';
import { describeRange, intFlag, parseRanged, pct, projectClock, RANGE_OPTIONS, rangeHelp, segmentFilter, writtenRange } from '../analysis-flags.js';
import { renderTable } from '../output/table.js';

const OPTIONS = {
  ...COMMON_OPTIONS,
  model: { type: 'string', default: 'all' },
  order: { type: 'string' },
  by: { type: 'string', default: 'touchpoint' },
  conversion: { type: 'string', default: 'Order Completed' },
  lookback: { type: 'string' },
  'half-life': { type: 'string' },
  position: { type: 'string' },
  'collapse-repeats': { type: 'boolean', default: false },
  'max-touches': { type: 'string' },
  samples: { type: 'string' },
  seed: { type: 'string' },
  ...RANGE_OPTIONS,
  segment: { type: 'string', multiple: true },
} as const;

/** The request with a written range (relative or absolute, in the project time zone). */
const RANGED_ATTRIBUTION = rangedAnalysis(attributionRequestSchema, 'range', { compare: false });

const FLAG_OF: Record<string, string> = {
  model: '--model',
  order: '--order',
  by: '--by',
  conversion: '--conversion',
  lookback: '--lookback',
  halfLife: '--half-life',
  first: '--position',
  last: '--position',
  samples: '--samples',
  maxTouches: '--max-touches',
  seed: '--seed',
  segment: '--segment',
};

const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

/** The line every answer ends its header with: what the optional --max-touches cap cut. */
export function cutLine(cut: AttributionResponse['cut']): string {
  if (cut.maxTouches === null) return 'Every touch within the lookback counts (no --max-touches cap).';
  const n = cut.journeys.toLocaleString('en-US');
  return `--max-touches ${cut.maxTouches}: ${n} ${cut.journeys === 1 ? 'journey was' : 'journeys were'} cut to their last ${cut.maxTouches} touches (${cut.touches.toLocaleString('en-US')} earlier touches left out).`;
}

export function renderAttribution(r: AttributionResponse): string {
  if (r.model === 'all') {
    const models = ['first', 'last', 'linear', 'timeDecay', 'position', 'markov', 'shapley'] as const;
    return (
      `Attributed conversions by ${r.by}, every model (removal effect from the Markov chain).\n${cutLine(r.cut)}\n\n` +
      renderTable(
        r.rows.map((row) => ({ name: row.name, ...Object.fromEntries(models.map((m) => [m, r1(row.conversions[m] ?? 0)])), removal: pct(row.removalEffect) })),
        [['name', r.by.toUpperCase()], ...models.map((m) => [m, m.toUpperCase()] as [string, string]), ['removal', 'REMOVAL EFFECT']],
      )
    );
  }
  const rows = r.rows.map((row) => ({
    name: row.name,
    conversions: r1(row.conversions),
    value: r2(row.value),
    share: pct(row.share),
    ...('removalEffect' in row ? { removal: pct(row.removalEffect as number) } : {}),
    ...('conversionsError' in row ? { error: `±${r2(row.conversionsError as number)}` } : {}),
  }));
  const cols: Array<[string, string]> = [
    ['name', r.by.toUpperCase()],
    ['conversions', 'CONVERSIONS'],
    ['value', 'VALUE'],
    ['share', 'SHARE'],
  ];
  if (r.model === 'markov') cols.push(['removal', 'REMOVAL EFFECT']);
  if (r.model === 'shapley') cols.push(['error', 'STD ERROR']);
  return `${r.model} attribution of ${r1(r.conversions)} conversions (value ${r2(r.value)}) over ${r.journeys.toLocaleString('en-US')} journeys with touches; ${r.unattributed.conversions.toLocaleString('en-US')} direct conversions unattributed\n${cutLine(r.cut)}\n\n${renderTable(rows, cols)}`;
}

export const attributionCommand: Command = {
  name: 'attribution',
  summary: 'multi-touch attribution: first, last, linear, time-decay, position, Markov, Shapley',
  help: `Usage: trailmap attribution [--model all|first|last|linear|time-decay|position|markov|shapley]
         [--by touchpoint|event|channel] [--conversion "Order Completed"] [--lookback 30d]
         [--order 1..4] [--half-life 7d] [--position 40/40] [--collapse-repeats]
         [--max-touches N] [--samples N] [--seed N] [--from DATE] [--to DATE] [--last 30d] [--during PERIOD]
         [--segment trait:NAME=VALUE]...
         [--data DIR] [--json]

Credits each conversion (and its value: the event's revenue, else value, else total)
to the touches before it within the lookback. Journeys that never convert count as
null journeys in the Markov chain. Every touch within the lookback counts, however
long the journey: nothing is cut unless you ask. --collapse-repeats merges runs of the
same label into one touch. --max-touches N (optional, no default) keeps only the last N
touches of each journey, so on a journey longer than N "first touch" credits its
(N-from-the-end)th touch; the answer then says how many journeys were cut and how many
touches were left out ("cut" in --json).
--model all (default) shows every model side by side. --position FIRST/LAST sets the
position-based shares in percent (40/40: the middle touches share the other 20).
Example: trailmap attribution --model markov --order 1 --by event --conversion "Order Completed" --json
See docs/attribution.md.

${rangeHelp(false)}`,
  async run(argv, io) {
    const { values } = parseFlags(argv, OPTIONS);
    const pos = values.position?.split('/').map(Number);
    const ranged = parseRanged(
      RANGED_ATTRIBUTION,
      {
        model: values.model,
        by: values.by,
        conversion: { event: values.conversion.split(',').map((s) => s.trim()) },
        collapseRepeats: values['collapse-repeats'],
        ...(values['max-touches'] !== undefined ? { maxTouches: intFlag('max-touches', values['max-touches']) } : {}),
        ...(values.order !== undefined ? { order: intFlag('order', values.order) } : {}),
        ...(values.lookback !== undefined ? { lookback: values.lookback } : {}),
        ...(values['half-life'] !== undefined ? { halfLife: values['half-life'] } : {}),
        ...(pos ? { first: (pos[0] ?? NaN) / 100, last: (pos[1] ?? NaN) / 100 } : {}),
        ...(values.samples !== undefined ? { samples: intFlag('samples', values.samples) } : {}),
        ...(values.seed !== undefined ? { seed: intFlag('seed', values.seed) } : {}),
        ...writtenRange(values),
        ...(values.segment?.length ? { segment: values.segment.map(segmentFilter) } : {}),
      },
      FLAG_OF,
      await projectClock(io, values),
    );
    const { store } = await openStore(io, values);
    try {
      const r = await runAttribution(await store.readSession(), ranged.definition);
      io.out(values.json ? JSON.stringify({ ...r, range: ranged.range }, null, 2) : `${describeRange(ranged.range)}\n${renderAttribution(r)}`);
    } finally {
      await store.close();
    }
    return 0;
  },
};
