import { answerRanged, RANGED_ANALYSES, type EventMatcher, type PathsDefinition, type PathsResult, type RangeClock, type RangedDefinitions } from '@trailmap/core';
import { runPaths } from '@trailmap/warehouse';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError } from '../context.js';
import { describeRange, intFlag, parseRanged, projectClock, RANGE_OPTIONS, rangeHelp, segmentFilter, writtenRange } from '../analysis-flags.js';
import { renderTable } from '../output/table.js';

const OPTIONS = {
  ...COMMON_OPTIONS,
  'from-touchpoint': { type: 'string', multiple: true },
  'from-event': { type: 'string', multiple: true },
  'to-touchpoint': { type: 'string', multiple: true },
  'to-event': { type: 'string', multiple: true },
  depth: { type: 'string' },
  by: { type: 'string' },
  top: { type: 'string' },
  coverage: { type: 'string' },
  'top-paths': { type: 'string' },
  count: { type: 'string' },
  clean: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  ...RANGE_OPTIONS,
  segment: { type: 'string', multiple: true },
} as const;

/** Schema path element → the flag a validation error names. */
const FLAG_OF: Record<string, string> = {
  start: '--from-touchpoint/--from-event',
  end: '--to-touchpoint/--to-event',
  depth: '--depth',
  by: '--by',
  top: '--top',
  coverage: '--coverage',
  topPaths: '--top-paths',
  countBy: '--count',
  cleaning: '--clean',
  exclude: '--exclude',
  segment: '--segment',
};

function anchor(touchpoints: string[] | undefined, events: string[] | undefined): EventMatcher | undefined {
  if (!touchpoints?.length && !events?.length) return undefined;
  return { ...(touchpoints?.length ? { touchpoint: touchpoints } : {}), ...(events?.length ? { event: events } : {}) };
}

/** `regex=>label` (split at the last `=>`, so the pattern may contain one). */
function cleaningRule(spec: string): { regex: string; label: string } {
  const i = spec.lastIndexOf('=>');
  if (i <= 0) throw new UsageError(`--clean: expected REGEX=>LABEL, got ${JSON.stringify(spec)}`);
  return { regex: spec.slice(0, i), label: spec.slice(i + 2) };
}

/** Build and validate the definition and resolve its range; a failure names the flag. */
export function pathsDefinitionFromFlags(values: ReturnType<typeof parseFlags<typeof OPTIONS>>['values'], clock: RangeClock): RangedDefinitions<PathsDefinition> {
  const start = anchor(values['from-touchpoint'], values['from-event']);
  const end = anchor(values['to-touchpoint'], values['to-event']);
  const input = {
    ...(start ? { start } : {}),
    ...(end ? { end } : {}),
    ...(values.depth !== undefined ? { depth: intFlag('depth', values.depth) } : {}),
    ...(values.by !== undefined ? { by: values.by } : {}),
    ...(values.top !== undefined ? { top: intFlag('top', values.top) } : {}),
    ...(values.coverage !== undefined ? { coverage: Number(values.coverage) / 100 } : {}),
    topPaths: intFlag('top-paths', values['top-paths']) ?? 10,
    ...(values.count !== undefined ? { countBy: values.count } : {}),
    cleaning: (values.clean ?? []).map(cleaningRule),
    exclude: values.exclude ?? [],
    ...writtenRange(values),
    ...(values.segment?.length ? { segment: values.segment.map(segmentFilter) } : {}),
  };
  return parseRanged(RANGED_ANALYSES.paths, input, FLAG_OF, clock);
}

const describeAnchor = (m: EventMatcher | undefined) => [m?.touchpoint, m?.event].flat().filter(Boolean).join(' or ');

/** Readable form: a title, the top edges with their share of all paths, then "other" and the biggest drop-offs. */
export function renderPaths(def: PathsDefinition, r: PathsResult): string {
  const title =
    r.mode === 'after'
      ? `Paths after ${def.start ? describeAnchor(def.start) : 'the start of each session'}`
      : r.mode === 'before'
        ? `Paths before ${describeAnchor(def.end)}`
        : `Paths from ${describeAnchor(def.start)} to ${describeAnchor(def.end)}`;
  const share = (n: number) => (r.totalPaths ? `${((n / r.totalPaths) * 100).toFixed(1)}%` : '');
  const unit = def.countBy === 'person' ? 'people' : 'paths';
  const nodes = new Map(r.nodes.map((n) => [n.id, n]));
  const edges = r.edges.map((e) => {
    const s = nodes.get(e.source)!;
    const t = nodes.get(e.target)!;
    return { step: `${s.depth} → ${t.depth}`, from: s.label, to: t.label, paths: e.count, share: `${(e.share * 100).toFixed(1)}%` };
  });
  const drops = [...r.nodes].filter((n) => n.dropOff > 0).sort((a, b) => b.dropOff - a.dropOff).slice(0, 10);
  const lines = [
    `${title} (by ${r.by}, up to ${r.depth} steps, sessions of 30 min): ${r.totalPaths.toLocaleString('en-US')} ${unit}`,
    '',
    renderTable(edges, [
      ['step', 'STEP'],
      ['from', 'FROM'],
      ['to', 'TO'],
      ['paths', unit.toUpperCase()],
      ['share', 'SHARE'],
    ]),
  ];
  if (r.otherEdges > 0)
    lines.push(
      `… and ${r.otherEdges.toLocaleString('en-US')} smaller edges carrying ${r.otherCount.toLocaleString('en-US')} of ${r.flow.toLocaleString('en-US')} step transitions (${((r.otherCount / r.flow) * 100).toFixed(1)}%) not shown (--coverage 100 shows every edge)`,
    );
  lines.push('SHARE is of the moves out of FROM: a step\'s edges and its drop-off add up to 100%.');
  if (r.topPaths?.length) {
    lines.push('', 'Most common complete paths:');
    lines.push(renderTable(r.topPaths.map((t) => ({ path: t.steps.join(' → '), paths: t.count, share: share(t.count) })), [
      ['path', 'PATH'],
      ['paths', unit.toUpperCase()],
      ['share', 'SHARE'],
    ]));
  }
  if (drops.length > 0) {
    lines.push('', 'Where paths end (among the nodes shown):');
    lines.push(renderTable(drops.map((n) => ({ depth: n.depth, label: n.label, count: n.count, dropOff: n.dropOff, rate: `${((n.dropOff / n.count) * 100).toFixed(1)}%` })), [
      ['depth', 'DEPTH'],
      ['label', 'NODE'],
      ['count', unit.toUpperCase()],
      ['dropOff', 'ENDED'],
      ['rate', 'RATE'],
    ]));
  }
  return lines.join('\n');
}

export const pathsCommand: Command = {
  name: 'paths',
  summary: 'flows before, after or between touchpoints or events (Sankey data)',
  help: `Usage: trailmap paths [--from-touchpoint TP | --from-event NAME] [--to-touchpoint TP | --to-event NAME]
                      [--depth 5] [--by touchpoint|event] [--coverage 80] [--top K] [--top-paths 10]
                      [--count session|person] [--clean 'REGEX=>LABEL']...
                      [--exclude LABEL]... [--from DATE] [--to DATE] [--last 30d] [--during PERIOD]
                      [--segment trait:NAME=VALUE]
                      [--data DIR] [--json]

Steps people take within a session (30 minutes of inactivity ends one). Each step is
a touchpoint (default) or an event label; consecutive repeats collapse (A A B → A B).
  --from-*        steps after the first matching event of each session (depth 0 = it)
  --to-*          steps before the first matching event of each session (depths -N..0)
  both            from the first start to the first end after it, when at most --depth
                  steps apart; neither: steps from the start of each session
  --depth N       steps after/before the anchor, 1..10 (default 5)
  --clean R=>L    replace every match of the RE2 regex R in a label by L (in order)
  --exclude L     drop events with this (cleaned) label before collapsing
  --coverage P    per step, the largest edges carrying at least P% of its moves are
                  shown (default 80; 100 shows all), plus the largest edge out of every
                  node shown; the rest are counted as "other"
  --top K         at most K edges shown (largest first; default: no limit)
  --top-paths N   the N most common complete paths, 0..100 (default 10; 0 skips them)
  --count C       what counts are: session (paths, the default) or person (distinct people)
Repeat --from-event/--to-event/--*-touchpoint to accept any of several.
--json prints { nodes, edges, totalPaths, topPaths, ... } for a Sankey chart (docs/analytics/paths.md).

${rangeHelp(false)}`,
  async run(argv, io) {
    const { values } = parseFlags(argv, OPTIONS);
    const ranged = pathsDefinitionFromFlags(values, await projectClock(io, values));
    const { store } = await openStore(io, values);
    try {
      const db = await store.readSession();
      const result = await answerRanged(ranged, (d) => runPaths(db, d));
      io.out(values.json ? JSON.stringify(result, null, 2) : `${describeRange(result.range)}\n${renderPaths(ranged.definition, result)}`);
    } finally {
      await store.close();
    }
    return 0;
  },
};
