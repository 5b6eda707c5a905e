import { answerRanged, funnelChange, parseDuration, RANGED_ANALYSES, type EventMatcher, type FunnelAnswer, type FunnelResult, type FunnelStepResult } from '@trailmap/core';
import { runFunnel } from '@trailmap/warehouse';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError } from '../context.js';
import { renderTable } from '../output/table.js';
import { COMPARE_OPTION, describeRange, formatChange, intFlag, parseRanged, pct, projectClock, RANGE_OPTIONS, rangeHelp, segmentFilter, writtenRange } from '../analysis-flags.js';
import { incompleteFootnote } from '../output/incomplete.js';

const FLAG_OF = {
  steps: '--steps',
  stepNames: '--steps',
  window: '--window',
  order: '--order',
  exclusions: '--exclude',
  breakdown: '--breakdown',
  countBy: '--by',
  interval: '--interval',
  range: '--from/--to/--last/--during',
  segment: '--segment',
  dropOffStep: '--dropped-at',
  dropOffLimit: '--limit',
};

/** "Product Viewed,Cart Added|Cart Viewed,Order Completed" → one matcher per step; "|" is OR. */
export function parseSteps(text: string): EventMatcher[] {
  const steps = text.split(',').map((s) => s.split('|').map((e) => e.trim()).filter(Boolean));
  if (steps.some((s) => s.length === 0)) throw new UsageError(`--steps: empty step in ${JSON.stringify(text)}`);
  return steps.map((s) => ({ event: s.length === 1 ? s[0]! : s }));
}

/** "property:plan" or "trait:persona". */
function parseBreakdown(text: string): { property: string } | { trait: string } {
  const m = /^(property|trait):(.+)$/.exec(text);
  if (!m) throw new UsageError(`--breakdown: expected property:NAME or trait:NAME, got ${JSON.stringify(text)}`);
  return m[1] === 'property' ? { property: m[2]! } : { trait: m[2]! };
}

/** "Support Ticket Opened:1:3" (event or A|B, then from-step and to-step). */
function parseExclusion(text: string) {
  const m = /^(.+):(\d+):(\d+)$/.exec(text);
  if (!m) throw new UsageError(`--exclude: expected EVENT:FROM:TO (e.g. "Support Ticket Opened:1:3"), got ${JSON.stringify(text)}`);
  const events = m[1]!.split('|').map((e) => e.trim()).filter(Boolean);
  return { step: { event: events.length === 1 ? events[0]! : events }, from: Number(m[2]), to: Number(m[3]) };
}

/** --window as milliseconds: a duration ("7d", "12h") or a whole number of ms. */
function parseWindow(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  try {
    return parseDuration(text);
  } catch (e) {
    throw new UsageError(`--window: ${(e as Error).message}`);
  }
}

/** 90061000 → "1d 1h", 125000 → "2m 5s", 0 → "0s": the two largest non-zero units. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '';
  const units: Array<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
  let rest = Math.round(ms);
  if (rest < 1000) return `${rest === 0 ? '0s' : `${rest}ms`}`;
  const parts: string[] = [];
  for (const [u, size] of units) {
    const k = Math.floor(rest / size);
    rest -= k * size;
    if (k > 0) parts.push(`${k}${u}`);
  }
  return parts.slice(0, 2).join(' ');
}

const stepTable = (steps: FunnelStepResult[]) =>
  renderTable(
    steps.map((s) => ({ ...s, fromPrevious: pct(s.conversionFromPrevious), fromFirst: pct(s.conversionFromFirst), median: formatDuration(s.medianTimeFromPreviousMs), p90: formatDuration(s.p90TimeFromPreviousMs) })),
    [['index', 'STEP'], ['name', 'NAME'], ['count', 'COUNT'], ['fromPrevious', 'FROM PREV'], ['fromFirst', 'FROM FIRST'], ['dropOff', 'DROPPED'], ['median', 'MEDIAN TIME'], ['p90', 'P90 TIME']],
  );

/** The readable report: steps, time to convert, breakdown, conversion over time, drop-off list. */
export function renderFunnel(r: FunnelResult): string {
  const unit = r.countBy === 'session' ? 'sessions' : 'people';
  const out = [`Funnel (${r.order} order, ${formatDuration(r.windowMs)} window, counting ${unit})`, stepTable(r.steps)];
  const t = r.timeToConvert;
  if (t.medianMs !== null) {
    out.push(`\nTime to convert: median ${formatDuration(t.medianMs)}, average ${formatDuration(t.avgMs)}, p90 ${formatDuration(t.p90Ms)}`);
    out.push(renderTable(t.histogram.filter((b) => b.count > 0).map((b) => ({ bin: `${formatDuration(b.fromMs)} – ${b.toMs === null ? '' : formatDuration(b.toMs)}`, count: b.count })), [['bin', 'TIME'], ['count', unit.toUpperCase()]]));
  }
  if (r.breakdown) {
    const last = r.steps.length - 1;
    out.push(
      '\nBreakdown',
      renderTable(
        r.breakdown.map((b) => ({
          value: b.value ?? '(not set)',
          entered: b.steps[0]!.count,
          converted: b.steps[last]!.count,
          rate: pct(b.steps[last]!.conversionFromFirst),
          median: b.timeToConvert.medianMs === null ? '' : formatDuration(b.timeToConvert.medianMs),
        })),
        [['value', 'VALUE'], ['entered', 'ENTERED'], ['converted', 'CONVERTED'], ['rate', 'RATE'], ['median', 'MEDIAN TIME']],
      ),
    );
  }
  if (r.overTime.length > 0)
    out.push(
      '\nOver time (by step-1 time)',
      renderTable(r.overTime.map((p) => ({ ...p, period: `${p.period.slice(0, 10)}${p.complete ? '' : '*'}`, rate: pct(p.rate) })), [['period', 'PERIOD'], ['entered', 'ENTERED'], ['converted', 'CONVERTED'], ['rate', 'RATE']]) +
        incompleteFootnote(r.overTime.filter((p) => !p.complete).length, r.observedUntil, 'its entrants have not all had the conversion window yet'),
    );
  if (r.dropOff) {
    const more = r.dropOff.count > r.dropOff.people.length ? ` (first ${r.dropOff.people.length})` : '';
    out.push(`\n${r.dropOff.count.toLocaleString('en-US')} people reached step ${r.dropOff.step - 1} but not step ${r.dropOff.step}${more}:`, r.dropOff.people.join('\n'));
  }
  return out.join('\n');
}

/** The range line, the report, and with --compare the previous period's numbers and each step's change. */
export function renderFunnelAnswer(a: FunnelAnswer): string {
  const out = [describeRange(a.range), renderFunnel(a)];
  if (a.previous && a.change) {
    const before = a.previous.result.steps;
    out.push(
      `\nCompared with the previous period\n${describeRange(a.previous.range)}`,
      renderTable(
        a.change.steps.map((c, i) => ({
          index: c.index,
          name: a.steps[i]!.name,
          count: a.steps[i]!.count,
          before: before[i]?.count ?? 0,
          countChange: formatChange(c.count),
          rate: pct(a.steps[i]!.conversionFromFirst),
          rateBefore: pct(before[i]?.conversionFromFirst),
          rateChange: formatChange(c.conversionFromFirst, true),
        })),
        [['index', 'STEP'], ['name', 'NAME'], ['count', 'COUNT'], ['before', 'BEFORE'], ['countChange', 'CHANGE'], ['rate', 'FROM FIRST'], ['rateBefore', 'BEFORE'], ['rateChange', 'CHANGE']],
      ),
    );
  }
  return out.join('\n');
}

export const funnelCommand: Command = {
  name: 'funnel',
  summary: 'conversion funnel: step counts, drop-off, time to convert, breakdown',
  help: `Usage: trailmap funnel --steps "A,B|C,D" [--window 14d] [--order sequential|strict|any]
         [--breakdown property:NAME | trait:NAME] [--by person|session]
         [--exclude "EVENT:FROM:TO"]... [--interval day|week|month]
         [--from DATE] [--to DATE] [--last 30d] [--during PERIOD] [--compare]
         [--segment trait:NAME=VALUE]... [--dropped-at N] [--limit N] [--data DIR] [--json]

Counts the people (or sessions, --by session) reaching each step within the
conversion window from step 1. Steps are comma-separated event names; "A|B"
means either event. Orders: sequential (default; equals ClickHouse's
windowFunnel), strict (the steps as consecutive events, nothing in between),
any (steps in any order within the window). --exclude drops people who did
EVENT between steps FROM and TO. --breakdown splits by the step-1 event's
property or the person's latest trait. --dropped-at N lists the people who
reached step N-1 but not step N (up to --limit, default 100).

${rangeHelp(true)}

Example: trailmap funnel --steps "Product Viewed,Product Added,Order Completed" --window 7d
See docs/analytics/funnels.md.`,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      ...COMMON_OPTIONS,
      steps: { type: 'string' },
      window: { type: 'string' },
      order: { type: 'string' },
      breakdown: { type: 'string' },
      by: { type: 'string' },
      exclude: { type: 'string', multiple: true },
      interval: { type: 'string' },
      ...RANGE_OPTIONS,
      ...COMPARE_OPTION,
      segment: { type: 'string', multiple: true },
      'dropped-at': { type: 'string' },
      limit: { type: 'string' },
    });
    if (!values.steps) throw new UsageError('--steps: required, e.g. --steps "Product Viewed,Order Completed"');
    const ranged = parseRanged(
      RANGED_ANALYSES.funnel,
      {
        steps: parseSteps(values.steps),
        ...(values.window ? { window: parseWindow(values.window) } : {}),
        ...(values.order ? { order: values.order } : {}),
        ...(values.breakdown ? { breakdown: parseBreakdown(values.breakdown) } : {}),
        ...(values.by ? { countBy: values.by } : {}),
        ...(values.exclude ? { exclusions: values.exclude.map(parseExclusion) } : {}),
        ...(values.interval ? { interval: values.interval } : {}),
        ...writtenRange(values),
        ...(values.segment ? { segment: values.segment.map(segmentFilter) } : {}),
        ...(values['dropped-at'] !== undefined ? { dropOffStep: intFlag('dropped-at', values['dropped-at']) } : {}),
        ...(values.limit !== undefined ? { dropOffLimit: intFlag('limit', values.limit) } : {}),
      },
      FLAG_OF,
      await projectClock(io, values),
    );
    const { store } = await openStore(io, values);
    try {
      const db = await store.readSession();
      const r = await answerRanged(ranged, (d) => runFunnel(db, d), funnelChange);
      io.out(values.json ? JSON.stringify(r, null, 2) : renderFunnelAnswer(r));
    } finally {
      await store.close();
    }
    return 0;
  },
};
