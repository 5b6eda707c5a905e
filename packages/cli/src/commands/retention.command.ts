import { answerRanged, RANGED_ANALYSES, type LifecycleResult, type RetentionResult, type StickinessResult } from '@trailmap/core';
import { runLifecycle, runRetention, runStickiness } from '@trailmap/warehouse';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError } from '../context.js';
import { describeRange, intFlag, parseRanged, pct, projectClock, RANGE_OPTIONS, rangeHelp, segmentFilter, writtenRange } from '../analysis-flags.js';
import { renderTable } from '../output/table.js';
import { incompleteFootnote } from '../output/incomplete.js';

const FLAG_OF = { start: '--start', startMode: '--start-mode', return: '--return', period: '--period', periods: '--periods', mode: '--mode', segment: '--segment', event: '--return' };

/** Right-aligned text grid (cohort tables read best with aligned percentages). */
function grid(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The cohort grid: one row per cohort (blank cells = not observed yet), then the weighted average and churn. */
export function renderRetention(r: RetentionResult): string {
  const label = r.period === 'day' ? 'D' : r.period === 'week' ? 'W' : 'M';
  const header = ['COHORT', 'SIZE', ...r.average.map((a) => `${label}${a.period}`)];
  const star = (complete: boolean, text: string) => (complete || text === '' ? text : `${text}*`);
  const rows = r.cohorts.map((c) => [c.cohort.slice(0, 10), c.size.toLocaleString('en-US'), ...c.values.map((v) => star(v.complete || v.count === null, pct(v.rate)))]);
  rows.push(['average', r.average[0]!.size.toLocaleString('en-US'), ...r.average.map((a) => star(a.complete || a.rate === null, pct(a.rate)))]);
  const open = r.cohorts.reduce((s, c) => s + c.values.filter((v) => v.count !== null && !v.complete).length, 0);
  rows.push(['churn', '', ...r.average.map((a) => pct(a.churn))]);
  return `${r.startMode === 'first_time' ? 'First-time' : 'Recurring'} cohorts by ${r.period}, retained ${r.mode === 'on' ? 'in' : 'in or after'} period k; data ends in the ${r.period} of ${r.lastPeriod?.slice(0, 10) ?? '-'}\n${grid(header, rows)}${incompleteFootnote(open, r.observedUntil)}`;
}

export function renderLifecycle(r: LifecycleResult): string {
  return renderTable(
    r.rows.map((x) => ({ ...x, period: `${x.period.slice(0, 10)}${x.complete ? '' : '*'}`, churnRate: pct(x.churnRate), quickRatio: x.quickRatio === null ? '' : x.quickRatio.toFixed(2) })),
    [['period', 'PERIOD'], ['active', 'ACTIVE'], ['new', 'NEW'], ['returning', 'RETURNING'], ['resurrecting', 'RESURRECTING'], ['dormant', 'DORMANT'], ['churnRate', 'CHURN'], ['quickRatio', 'QUICK RATIO']],
  ) + incompleteFootnote(r.rows.filter((x) => !x.complete).length, r.observedUntil);
}

export function renderStickiness(r: StickinessResult): string {
  const dist = renderTable(r.distribution.map((d) => ({ ...d, share: pct(d.share) })), [['days', `ACTIVE DAYS / ${r.period.toUpperCase()}`], ['people', 'PERSON-PERIODS'], ['share', 'SHARE']]);
  const series = renderTable(r.series.map((s) => ({ period: s.period.slice(0, 10) + (s.complete ? '' : ' *'), active: s.active, days: s.days, avgDau: s.avgDau.toFixed(1), ratio: pct(s.ratio) })), [['period', 'PERIOD'], ['active', 'ACTIVE'], ['days', 'DAYS'], ['avgDau', 'AVG DAU'], ['ratio', r.period === 'week' ? 'DAU/WAU' : 'DAU/MAU']]);
  const note = r.series.some((s) => !s.complete) ? `\n* incomplete ${r.period}: the data covers only DAYS of its days; its actives can still grow` : '';
  return `${dist}\n\n${series}${note}\n\nOverall ${r.period === 'week' ? 'DAU/WAU' : 'DAU/MAU'}: ${pct(r.ratio)}`;
}

export const retentionCommand: Command = {
  name: 'retention',
  summary: 'cohort retention grid (or --view lifecycle | stickiness)',
  help: `Usage: trailmap retention [--start EVENT]... [--return EVENT]... [--period day|week|month]
         [--periods N] [--mode on|on_or_after] [--start-mode first_time|any]
         [--view cohorts|lifecycle|stickiness]
         [--from DATE] [--to DATE] [--last 30d] [--during PERIOD]
         [--segment trait:NAME=VALUE]... [--data DIR] [--json]

Cohorts by the period of the start event (first_time: a person's first-ever
--start event; any: every period with one), and the share that did a --return
event k periods later (on: in exactly period k; on_or_after: in k or later).
Without --start/--return any event counts. Periods after the end of the data
are blank, not 0%. The last rows are the size-weighted average and churn
(1 − average). --view lifecycle splits the people active (doing a --return
event) per period into new / returning / resurrecting / dormant; --view
stickiness shows active days per week or month and DAU/WAU (DAU/MAU).
Example: trailmap retention --start "Signed Up" --return "Order Completed" --period week --periods 12
See docs/analytics/retention.md.

${rangeHelp(false)}`,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      ...COMMON_OPTIONS,
      start: { type: 'string', multiple: true },
      return: { type: 'string', multiple: true },
      period: { type: 'string' },
      periods: { type: 'string' },
      mode: { type: 'string' },
      'start-mode': { type: 'string' },
      view: { type: 'string', default: 'cohorts' },
      ...RANGE_OPTIONS,
      segment: { type: 'string', multiple: true },
    });
    const view = values.view;
    if (view !== 'cohorts' && view !== 'lifecycle' && view !== 'stickiness') throw new UsageError(`--view: expected cohorts, lifecycle or stickiness, got ${JSON.stringify(view)}`);
    const common = {
      ...(values.period ? { period: values.period } : {}),
      ...writtenRange(values),
      ...(values.segment ? { segment: values.segment.map(segmentFilter) } : {}),
    };
    const clock = await projectClock(io, values);
    const returnMatcher = values.return ? { event: values.return } : {};
    const run =
      view === 'cohorts'
        ? (() => {
            const ranged = parseRanged(RANGED_ANALYSES.retention, {
              ...common,
              start: values.start ? { event: values.start } : {},
              return: returnMatcher,
              ...(values.periods !== undefined ? { periods: intFlag('periods', values.periods) } : {}),
              ...(values.mode ? { mode: values.mode } : {}),
              ...(values['start-mode'] ? { startMode: values['start-mode'] } : {}),
            }, FLAG_OF, clock);
            return async (db: Parameters<typeof runRetention>[0]) => {
              const r = await answerRanged(ranged, (d) => runRetention(db, d));
              return values.json ? JSON.stringify(r, null, 2) : `${describeRange(r.range)}\n${renderRetention(r)}`;
            };
          })()
        : view === 'lifecycle'
          ? (() => {
              const ranged = parseRanged(RANGED_ANALYSES.lifecycle, { ...common, event: returnMatcher }, FLAG_OF, clock);
              return async (db: Parameters<typeof runLifecycle>[0]) => {
                const r = await answerRanged(ranged, (d) => runLifecycle(db, d));
                return values.json ? JSON.stringify(r, null, 2) : `${describeRange(r.range)}\n${renderLifecycle(r)}`;
              };
            })()
          : (() => {
              const ranged = parseRanged(RANGED_ANALYSES.stickiness, { ...common, event: returnMatcher }, FLAG_OF, clock);
              return async (db: Parameters<typeof runStickiness>[0]) => {
                const r = await answerRanged(ranged, (d) => runStickiness(db, d));
                return values.json ? JSON.stringify(r, null, 2) : `${describeRange(r.range)}\n${renderStickiness(r)}`;
              };
            })();
    const { store } = await openStore(io, values);
    try {
      io.out(await run(await store.readSession()));
    } finally {
      await store.close();
    }
    return 0;
  },
};
