import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TwinInterval, TwinInterventionInput } from '@trailmap/core';
import { twinNoteText } from '@trailmap/core';
import { runTwinSimulation, TwinRequestError, twinSimulateRequestSchema } from '@trailmap/warehouse';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError } from '../context.js';
import { intFlag, parseDefinition, pct, rangeFlags } from '../analysis-flags.js';
import { renderTable } from '../output/table.js';

const OPTIONS = {
  ...COMMON_OPTIONS,
  scale: { type: 'string', multiple: true },
  'set-probability': { type: 'string', multiple: true },
  remove: { type: 'string', multiple: true },
  'remove-to-drop': { type: 'string', multiple: true },
  add: { type: 'string', multiple: true },
  mix: { type: 'string', multiple: true },
  interventions: { type: 'string' },
  by: { type: 'string', default: 'event' },
  conversion: { type: 'string', default: 'Order Completed' },
  'segment-trait': { type: 'string', default: 'persona' },
  'segment-score': { type: 'string' },
  journeys: { type: 'string' },
  draws: { type: 'string' },
  seed: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

/** `FROM->TO=NUMBER` (TO may be "(conversion)" or "(null)"). */
function transition(flag: string, spec: string): { from: string; to: string; x: number } {
  const m = /^(.+?)->(.+)=([^=]+)$/.exec(spec);
  if (!m || !Number.isFinite(Number(m[3]))) throw new UsageError(`--${flag}: expected FROM->TO=NUMBER, got ${JSON.stringify(spec)}`);
  return { from: m[1]!.trim(), to: m[2]!.trim(), x: Number(m[3]) };
}

/** Build the intervention list from the flags, in the order: file, scale, set, remove, add, mix. */
export function interventionsFromFlags(values: ReturnType<typeof parseFlags<typeof OPTIONS>>['values'], cwd: string): TwinInterventionInput[] {
  const out: TwinInterventionInput[] = [];
  if (values.interventions) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(resolve(cwd, values.interventions), 'utf8'));
    } catch (e) {
      throw new UsageError(`--interventions: ${(e as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new UsageError('--interventions: the file must hold a JSON array of interventions');
    out.push(...(parsed as TwinInterventionInput[]));
  }
  for (const s of values.scale ?? []) {
    const t = transition('scale', s);
    out.push({ kind: 'scale_transition', from: t.from, to: t.to, factor: t.x });
  }
  for (const s of values['set-probability'] ?? []) {
    const t = transition('set-probability', s);
    out.push({ kind: 'set_transition', from: t.from, to: t.to, probability: t.x });
  }
  for (const label of values.remove ?? []) out.push({ kind: 'remove_touchpoint', label, redirect: 'successors' });
  for (const label of values['remove-to-drop'] ?? []) out.push({ kind: 'remove_touchpoint', label, redirect: 'drop' });
  for (const s of values.add ?? []) {
    const m = /^(.+?)\s+after\s+(.+?):([\d.]+)(?::([\d.]+))?$/.exec(s);
    if (!m) throw new UsageError(`--add: expected "LABEL after STATE:PROBABILITY[:LIFT]", got ${JSON.stringify(s)}`);
    out.push({ kind: 'add_touchpoint', label: m[1]!, after: m[2]!, probability: Number(m[3]), conversionLift: m[4] === undefined ? 0 : Number(m[4]) });
  }
  for (const s of values.mix ?? []) {
    const m = /^(.+)=([\d.]+)$/.exec(s);
    if (!m) throw new UsageError(`--mix: expected SEGMENT=SHARE, got ${JSON.stringify(s)}`);
    out.push({ kind: 'shift_segment_mix', segment: m[1]!, share: Number(m[2]) });
  }
  if (out.length === 0) throw new UsageError('give at least one intervention (--scale, --set-probability, --remove, --add, --mix or --interventions FILE)');
  return out;
}

const iv = (x: TwinInterval, f: (v: number) => string) => `${f(x.estimate)} [${f(x.low)}, ${f(x.high)}]`;
const money = (v: number) => Math.round(v).toLocaleString('en-US');
const count = (v: number) => Math.round(v).toLocaleString('en-US');
const signed = (f: (v: number) => string) => (v: number) => `${v >= 0 ? '+' : ''}${f(v)}`;

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'simulate interventions in the journey digital twin (conversion, revenue, CLV with intervals)',
  help: `Usage: trailmap simulate [--scale "FROM->TO=FACTOR"]... [--set-probability "FROM->TO=P"]...
         [--remove LABEL]... [--remove-to-drop LABEL]... [--add "LABEL after STATE:P[:LIFT]"]...
         [--mix SEGMENT=SHARE]... [--interventions FILE.json]
         [--by event|touchpoint|channel] [--conversion EVENT] [--segment-trait persona]
         [--segment-score persona|rfmGroup] [--journeys N] [--draws N] [--seed N] [--from ISO] [--to ISO] [--data DIR] [--json]

Fits an absorbing Markov chain on the journeys (per segment of --segment-trait, or with
--segment-score per stored score of the latest scoring run: persona-N or the RFM group,
see \`trailmap scores run\`) and
projects conversion rate, conversions, revenue and CLV for the baseline and for the
scenario with the interventions applied in order, with 95% intervals from posterior
draws. TO may be a state, "(conversion)" or "(null)"; the conversion event (--conversion,
default "Order Completed") as TO means "(conversion)". Each transition change is printed
with its probability now and in the scenario, and a note says why a scenario cannot
change the outcome (a transition never reached, a probability already 0 or 1, ...).
Example: trailmap simulate --scale "Payment Info Entered->(conversion)=1.2"
See docs/twin.md.`,
  async run(argv, io) {
    const { values } = parseFlags(argv, OPTIONS);
    const interventions = interventionsFromFlags(values, io.cwd);
    const req = parseDefinition(
      twinSimulateRequestSchema,
      {
        interventions,
        by: values.by,
        conversion: { event: values.conversion.split(',').map((s) => s.trim()) },
        segmentTrait: values['segment-trait'],
        ...(values['segment-score'] !== undefined ? { segmentScore: values['segment-score'] } : {}),
        options: {
          ...(values.journeys !== undefined ? { journeys: intFlag('journeys', values.journeys) } : {}),
          ...(values.draws !== undefined ? { draws: intFlag('draws', values.draws) } : {}),
          ...(values.seed !== undefined ? { seed: intFlag('seed', values.seed) } : {}),
        },
        ...rangeFlags(values.from, values.to),
      },
      { interventions: '--scale/--set-probability/--remove/--add/--mix', by: '--by', conversion: '--conversion', journeys: '--journeys', draws: '--draws', seed: '--seed', range: '--from/--to', from: '--from', to: '--to' },
    );
    const { store } = await openStore(io, values);
    try {
      let r;
      try {
        r = await runTwinSimulation(await store.readSession(), req);
      } catch (e) {
        if (e instanceof TwinRequestError) throw new UsageError(`${e.field ?? 'interventions'}: ${e.message}`);
        throw e;
      }
      if (values.json) {
        io.out(JSON.stringify(r, null, 2));
        return 0;
      }
      const rows = [
        { what: 'conversion rate', baseline: iv(r.baseline.conversionRate, (v) => pct(v)), scenario: iv(r.scenario.conversionRate, (v) => pct(v)), change: iv(r.change.conversionRate, signed((v) => pct(v, 2))) },
        { what: 'conversions', baseline: iv(r.baseline.conversions, count), scenario: iv(r.scenario.conversions, count), change: iv(r.change.conversions, signed(count)) },
        { what: 'revenue', baseline: iv(r.baseline.revenue, money), scenario: iv(r.scenario.revenue, money), change: iv(r.change.revenue, signed(money)) },
        { what: 'CLV per person', baseline: iv(r.baseline.clv, (v) => v.toFixed(2)), scenario: iv(r.scenario.clv, (v) => v.toFixed(2)), change: iv(r.change.clv, signed((v) => v.toFixed(2))) },
      ];
      io.out(
        `Twin fitted on ${r.model.journeys.toLocaleString('en-US')} journeys (${r.model.conversions.toLocaleString('en-US')} conversions, ${r.model.states} states); projected for ${r.journeys.toLocaleString('en-US')} journeys, ${Math.round(r.level * 100)}% intervals from ${r.draws} draws.\n\n` +
          renderTable(rows, [
            ['what', ''],
            ['baseline', 'BASELINE'],
            ['scenario', 'SCENARIO'],
            ['change', 'CHANGE'],
          ]) +
          `\n\nRelative change in conversion: ${iv(r.change.relativeConversion, signed((v) => pct(v, 2)))}; probability the scenario converts more: ${pct(r.probabilityOfIncrease)}.` +
          // The transitions being changed, now and in the scenario, and why a scenario may change nothing.
          r.transitions.map((t) => `\nP(${t.from} → ${t.to}): now ${t.current === null ? 'not reached' : pct(t.current)}, in the scenario ${t.scenario === null ? 'not reached' : pct(t.scenario)}.`).join('') +
          r.notes.map((n) => `\nNote: ${twinNoteText(n)}`).join(''),
      );
    } finally {
      await store.close();
    }
    return 0;
  },
};
