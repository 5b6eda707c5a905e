import { answerRanged, defaultSentimentScorer, journeyMapChange, RANGED_ANALYSES, type JourneyFlag, type JourneyMapAnswer, type JourneyMapResult } from '@trailmap/core';
import { runJourneyMap } from '@trailmap/warehouse';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError } from '../context.js';
import { COMPARE_OPTION, describeRange, formatChange, parseRanged, projectClock, RANGE_OPTIONS, rangeHelp, segmentFilter, writtenRange } from '../analysis-flags.js';
import { renderTable } from '../output/table.js';

const pct = (x: number | null) => (x === null ? '' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null) => (x === null ? '' : x.toFixed(2));
const secs = (ms: number | null) => (ms === null ? '' : `${Math.round(ms / 1000)}s`);

const flagLine = (f: JourneyFlag) =>
  `  ${f.kind.padEnd(18)} ${f.stage} / ${f.channel} / ${f.touchpoint} (${f.people} people): ${f.metric} ${f.value}` +
  `${f.baseline === null ? '' : ` vs stage median ${f.baseline}`} [${f.rule}, threshold ${f.threshold}] ${JSON.stringify(f.evidence)}`;

/** Readable form: stages, the busiest touchpoints of each stage, then the flags. */
export function renderJourneyMap(m: JourneyMapResult, top: number): string {
  const stages = renderTable(
    m.stages.map((s) => ({ stage: s.stage, people: s.people, events: s.events, conversion: pct(s.conversion), responses: s.experience.responses, emotion: num(s.emotion.emotion) })),
    [['stage', 'STAGE'], ['people', 'PEOPLE'], ['events', 'EVENTS'], ['conversion', 'TO LATER STAGE'], ['responses', 'RESPONSES'], ['emotion', 'EMOTION']],
  );
  const cells = m.stages.flatMap((s) => m.cells.filter((c) => c.stage === s.stage).slice(0, top));
  const cellTable = renderTable(
    cells.map((c) => ({
      stage: c.stage, channel: c.channel, touchpoint: c.touchpoint, people: c.people, conversion: pct(c.conversion), dwell: secs(c.dwellMedianMs), bounce: pct(c.bounceRate),
      sentiment: num(c.experience.sentiment.mean), csat: pct(c.experience.csat.satisfiedShare),
    })),
    [['stage', 'STAGE'], ['channel', 'CHANNEL'], ['touchpoint', 'TOUCHPOINT'], ['people', 'PEOPLE'], ['conversion', 'CONV'], ['dwell', 'DWELL'], ['bounce', 'BOUNCE'], ['sentiment', 'SENTIMENT'], ['csat', 'CSAT 4-5']],
  );
  const flags = (title: string, xs: JourneyFlag[]) => `${title} (${xs.length}):\n${xs.length ? xs.map(flagLine).join('\n') : '  none'}`;
  return [stages, '', `Top ${top} touchpoints per stage:`, cellTable, '', flags('Pain points', m.painPoints), '', flags('Opportunities', m.opportunities)].join('\n');
}

/** The range line, the map, and with --compare each stage's change from the previous period. */
export function renderJourneyMapAnswer(a: JourneyMapAnswer, top: number): string {
  const out = [describeRange(a.range), renderJourneyMap(a, top)];
  if (a.previous && a.change) {
    out.push(
      `\nChange from the previous period\n${describeRange(a.previous.range)}`,
      renderTable(
        a.change.stages.map((c) => ({ stage: c.stage, people: c.people.current ?? 0, before: c.people.previous ?? 0, change: formatChange(c.people), conversion: formatChange(c.conversion, true) })),
        [['stage', 'STAGE'], ['people', 'PEOPLE'], ['before', 'BEFORE'], ['change', 'CHANGE'], ['conversion', 'CONVERSION']],
      ),
      `Events: ${formatChange(a.change.events)}`,
    );
  }
  return out.join('\n');
}

export const journeyMapCommand: Command = {
  name: 'journey-map',
  summary: 'stages × touchpoints with conversion, dwell, bounce, experience, pain points',
  help: `Usage: trailmap journey-map [--segment trait:NAME=VALUE]... [--from DATE] [--to DATE] [--last 30d]
         [--during PERIOD] [--compare] [--top N] [--data DIR] [--json]

The journey map of a segment (people whose latest trait matches; repeat --segment
to AND conditions) over a period [from, to): per stage and per touchpoint cell,
people, conversion to a later stage, median dwell, bounce, survey scores and
feedback sentiment; the emotion curve; flagged pain points and opportunities with
their evidence. --top N shows the N busiest touchpoints of each stage (default 5;
--json prints every cell). See docs/analytics/journey-map.md.

${rangeHelp(true)}`,
  async run(argv, io) {
    const { values } = parseFlags(argv, { ...COMMON_OPTIONS, segment: { type: 'string', multiple: true }, ...RANGE_OPTIONS, ...COMPARE_OPTION, top: { type: 'string' } });
    const top = values.top === undefined ? 5 : Number(values.top);
    if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top: expected a positive whole number, got ${JSON.stringify(values.top)}`);
    const ranged = parseRanged(
      RANGED_ANALYSES.journeyMap,
      { ...(values.segment ? { segment: values.segment.map(segmentFilter) } : {}), ...writtenRange(values, 'period') },
      { segment: '--segment' },
      await projectClock(io, values),
    );
    const { store } = await openStore(io, values);
    try {
      const db = await store.readSession();
      const map = await answerRanged(ranged, (d) => runJourneyMap(db, d, defaultSentimentScorer), journeyMapChange);
      io.out(values.json ? JSON.stringify(map, null, 2) : renderJourneyMapAnswer(map, top));
    } finally {
      await store.close();
    }
    return 0;
  },
};
