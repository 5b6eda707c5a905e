import { churnDefinitionSchema, type ChurnResult } from '@trailmap/core';
import { runChurn } from '@trailmap/warehouse';
import { intFlag, parseDefinition, pct } from '../analysis-flags.js';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError } from '../context.js';
import { renderTable } from '../output/table.js';

const FLAG_OF: Record<string, string> = { windowDays: '--window', activeEvent: '--active-event', purchase: '--purchase', value: '--value', asOf: '--as-of', top: '--top', c: '--c' };

/** --window as whole days: "30d" or "30". */
function windowDays(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)d?$/.exec(v.trim());
  if (!m) throw new UsageError(`--window: expected whole days such as 30d, got ${JSON.stringify(v)}`);
  return Number(m[1]);
}

const num = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

function render(r: ChurnResult): string {
  const v = r.validation;
  const lines = [
    `Churn: no ${r.activeEvent === null ? 'event' : JSON.stringify(r.activeEvent)} in the ${r.windowDays} days after a day.`,
    `Trained on ${r.trainCutoff} (${v.trainPeople.toLocaleString('en-US')} people, ${pct(v.trainChurnRate)} churned), tested on ${r.testCutoff} (${v.testPeople.toLocaleString('en-US')} people, ${pct(v.testChurnRate)} churned).`,
    `Model AUC ${num(v.auc)} vs recency-only baseline AUC ${num(v.baselineAuc)}; Brier ${num(v.brier)} (base rate ${num(v.baseRateBrier)}).`,
    '',
    'What moves the risk (model refitted on the test day):',
    ...r.model.coefficients.map((c) => `  ${c.feature.padEnd(13)} ${c.coefficient >= 0 ? '+' : ''}${c.coefficient.toFixed(3)}  ${c.meaning}`),
    '',
    `Most at risk as of ${r.asOf} (${r.scored.toLocaleString('en-US')} people scored, mean risk ${pct(r.meanProbability)}):`,
    renderTable(
      r.people.map((p) => ({ person: p.personId, risk: pct(p.probability), days: p.recencyDays, why: p.reasons.map((x) => `${x.feature} ${x.value.toLocaleString('en-US')} (${x.contribution >= 0 ? '+' : ''}${x.contribution.toFixed(2)})`).join(', ') })),
      [
        ['person', 'PERSON'],
        ['risk', 'RISK'],
        ['days', 'DAYS SINCE ACTIVE'],
        ['why', 'TOP REASONS (feature value, push on log-odds)'],
      ],
    ),
  ];
  return lines.join('\n');
}

export const churnCommand: Command = {
  name: 'churn',
  summary: 'churn model: AUC against a recency-only baseline, and the people most at risk',
  help: `Usage: trailmap churn [--window 30d] [--as-of YYYY-MM-DD] [--active-event EVENT]
                     [--purchase "Order Completed"] [--value revenue] [--top 20] [--c 1]
                     [--data DIR] [--json]

A person active on or before a day churns when they have no active event (any
event, or --active-event) in the --window days after it (default 30). Features
as of a day (events up to and including it): days since the last active event,
events in the last 7/30/90 days, days since the first event, distinct active
days, purchases and their --value sum, and journey stages reached; each as
log(1 + x), standardised. An L2 logistic regression (scikit-learn's
LogisticRegression(C=--c) objective) is trained on the day 2 windows before
--as-of (default: the latest event's day) and tested on the day 1 window before
it, where labels are complete; it prints the test AUC next to the AUC of
recency alone, the Brier score next to always predicting the training churn
rate, and the coefficients in words. The model is then refitted on the test day
and every person active by --as-of is scored; the --top most at risk are listed
with the three features that push their risk most. --json prints all of it,
with the calibration bins.`,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      ...COMMON_OPTIONS,
      window: { type: 'string' },
      'as-of': { type: 'string' },
      'active-event': { type: 'string' },
      purchase: { type: 'string' },
      value: { type: 'string' },
      top: { type: 'string' },
      c: { type: 'string' },
    });
    const c = values.c === undefined ? undefined : Number(values.c);
    if (c !== undefined && !Number.isFinite(c)) throw new UsageError(`--c: expected a number, got ${JSON.stringify(values.c)}`);
    const def = parseDefinition(
      churnDefinitionSchema,
      {
        windowDays: windowDays(values.window),
        asOf: values['as-of'],
        activeEvent: values['active-event'],
        purchase: values.purchase,
        value: values.value,
        top: intFlag('top', values.top),
        c,
      },
      FLAG_OF,
    );
    const { store } = await openStore(io, values);
    try {
      const result = await runChurn(await store.readSession(), def);
      io.out(values.json ? JSON.stringify(result, null, 2) : render(result));
    } finally {
      await store.close();
    }
    return 0;
  },
};
