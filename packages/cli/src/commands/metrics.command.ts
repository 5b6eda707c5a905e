import { answerRanged, metricsChange, RANGED_ANALYSES, type MetricsAnswer, type MetricsResult, type MetricsRow } from '@trailmap/core';
import { runMetrics } from '@trailmap/warehouse';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore } from '../context.js';
import { renderTable } from '../output/table.js';
import { COMPARE_OPTION, describeRange, formatChange, parseRanged, pct, projectClock, RANGE_OPTIONS, rangeHelp, segmentFilter, writtenRange } from '../analysis-flags.js';
import { incompleteFootnote } from '../output/incomplete.js';

const FLAG_OF = { by: '--by', interval: '--interval', conversion: '--conversion', range: '--from/--to/--last/--during', segment: '--segment', sessionGap: '--session-gap' };
const fixed = (x: number | null, d = 2) => (x === null ? '' : x.toFixed(d));

/** One table row: rates as percentages, the session length in seconds, one CTR column per pair. */
function flat(r: MetricsRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    period: r.period?.slice(0, 10) ?? '',
    group: r.group,
    people: r.activePeople,
    conversion: pct(r.conversionRate),
    sessions: r.sessions,
    bounce: pct(r.bounceRate),
    duration: r.avgSessionDurationMs === null ? '' : `${Math.round(r.avgSessionDurationMs / 1000)}s`,
    csat: r.csat.responses ? `${pct(r.csat.score, 0)} (${r.csat.responses})` : '',
    nps: r.nps.responses ? `${fixed(r.nps.score, 0)} (${r.nps.responses})` : '',
    ces: r.ces.responses ? `${fixed(r.ces.mean)} (${r.ces.responses})` : '',
  };
  for (const c of r.clickThrough) out[`ctr_${c.name}`] = c.impressions ? pct(c.rate) : '';
  return out;
}

export function renderMetrics(m: MetricsResult, series: boolean): string {
  const ctr = (m.rows[0]?.clickThrough ?? []).map((c): [string, string] => [`ctr_${c.name}`, `CTR ${c.name.toUpperCase()}`]);
  const cols: Array<[string, string]> = [
    ['group', (m.by ?? 'all').toUpperCase()], ['people', 'PEOPLE'], ['conversion', 'CONV'], ['sessions', 'SESSIONS'], ['bounce', 'BOUNCE'], ['duration', 'AVG SESSION'],
    ...ctr, ['csat', 'CSAT 4-5 (n)'], ['nps', 'NPS (n)'], ['ces', 'CES (n)'],
  ];
  const out = [renderTable(m.rows.map(flat), cols)];
  if (series)
    out.push(
      '',
      `Per ${m.interval}:`,
      renderTable(m.series.map((s) => ({ ...flat(s), period: `${s.period.slice(0, 10)}${s.complete ? '' : '*'}` })), [['period', 'PERIOD'], ...cols]) +
        incompleteFootnote(m.series.filter((s) => !s.complete).length, m.observedUntil),
    );
  return out.join('\n');
}

/** The range line, the tables, and with --compare each group's change from the previous period. */
export function renderMetricsAnswer(a: MetricsAnswer, series: boolean): string {
  const out = [describeRange(a.range), renderMetrics(a, series)];
  if (a.previous && a.change) {
    out.push(
      `\nChange from the previous period\n${describeRange(a.previous.range)}`,
      renderTable(
        a.change.rows.map((c) => ({
          group: c.group,
          people: formatChange(c.activePeople),
          conversion: formatChange(c.conversionRate, true),
          sessions: formatChange(c.sessions),
          bounce: formatChange(c.bounceRate, true),
          nps: formatChange(c.npsScore),
        })),
        [['group', (a.by ?? 'all').toUpperCase()], ['people', 'PEOPLE'], ['conversion', 'CONV'], ['sessions', 'SESSIONS'], ['bounce', 'BOUNCE'], ['nps', 'NPS']],
      ),
    );
  }
  return out.join('\n');
}

export const metricsCommand: Command = {
  name: 'metrics',
  summary: 'conversion, bounce, session length, click-through, CSAT, NPS, CES by channel/touchpoint/stage',
  help: `Usage: trailmap metrics [--by channel|touchpoint|stage] [--interval day|week|month] [--series]
         [--conversion EVENT]... [--session-gap 30m]
         [--from DATE] [--to DATE] [--last 30d] [--during PERIOD] [--compare]
         [--segment trait:NAME=VALUE]... [--data DIR] [--json]

Journey metrics over the events in [from, to), overall or per group:
conversion rate (people in the group who did a --conversion event, default
"Order Completed", in the same period / people active in the group), bounce
rate and average length of sessions (grouped by their first event),
click-through (Email Sent → Email Link Clicked, Ad Impression → Ad Clicked,
SMS Sent → SMS Clicked), CSAT (share of 4–5 answers), NPS and CES from
"Survey Responded" events. By touchpoint, a survey counts for the touchpoint it
rates (properties.touchpoint). --series adds the table per --interval
(default week); --json prints rows and series. See docs/analytics/metrics.md.

${rangeHelp(true)}`,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      ...COMMON_OPTIONS,
      by: { type: 'string' },
      interval: { type: 'string' },
      series: { type: 'boolean', default: false },
      conversion: { type: 'string', multiple: true },
      'session-gap': { type: 'string' },
      ...RANGE_OPTIONS,
      ...COMPARE_OPTION,
      segment: { type: 'string', multiple: true },
    });
    const ranged = parseRanged(
      RANGED_ANALYSES.metrics,
      {
        ...(values.by ? { by: values.by } : {}),
        ...(values.interval ? { interval: values.interval } : {}),
        ...(values.conversion ? { conversion: { event: values.conversion } } : {}),
        ...(values['session-gap'] ? { sessionGap: values['session-gap'] } : {}),
        ...writtenRange(values),
        ...(values.segment ? { segment: values.segment.map(segmentFilter) } : {}),
      },
      FLAG_OF,
      await projectClock(io, values),
    );
    const { store } = await openStore(io, values);
    try {
      const db = await store.readSession();
      const m = await answerRanged(ranged, (d) => runMetrics(db, d), metricsChange);
      io.out(values.json ? JSON.stringify(m, null, 2) : renderMetricsAnswer(m, values.series));
    } finally {
      await store.close();
    }
    return 0;
  },
};
