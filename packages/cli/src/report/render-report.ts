import { STAGES, type JourneyCell, type JourneyFlag } from '@trailmap/core';
import { barChart, flowChart, lineChart, scoreColor } from './charts.js';
import type { ReportData } from './collect-report.js';
import { duration, esc, moneyFormat, num, page, pct, section, table } from './html.js';
import { answerQuestions } from './questions.js';
import { customersSection } from './customers-section.js';

/** An NPS as the whole number on −100…100 it is reported as. */
const nps = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(Math.round(v) || 0));
/** The observation end as the report shows it (UTC, to the minute). */
const until = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');
/** The legend under a chart or table with incomplete periods (nothing when there are none). */
const incompleteNote = (count: number, text: string) =>
  count > 0 ? `<p class="incomplete-note"><span class="swatch ${text.startsWith('Hatched') ? 'hatched' : 'dashed'}" aria-hidden="true"></span>${esc(text)}</p>` : '';

const flagRow = (f: JourneyFlag) =>
  `<li><b>${esc(f.kind.replace(/_/g, ' '))}</b> at ${esc(f.stage)} / ${esc(f.channel)} / <b>${esc(f.touchpoint)}</b> (${num(f.people)} people): ${esc(f.metric)} ${esc(
    Number.isInteger(f.value) ? f.value : f.value.toFixed(3),
  )}${f.baseline === null ? '' : ` vs stage median ${esc(f.baseline.toFixed(3))}`}<div class="evidence">${esc(f.rule)} (threshold ${esc(f.threshold)}); ${esc(
    Object.entries(f.evidence)
      .map(([k, v]) => `${k} ${v === null ? '—' : Number.isInteger(v) ? v : v.toFixed(3)}`)
      .join(', '),
  )}</div></li>`;

function cellHtml(c: JourneyCell): string {
  const score = c.experience.sentiment.mean ?? (c.experience.csat.mean === null ? null : (c.experience.csat.mean - 3) / 2);
  return `<div class="cell" style="background:${scoreColor(score)}"><b>${esc(c.touchpoint)}</b><br>${num(c.people)} people · ${pct(c.conversion)} onward<br>dwell ${duration(c.dwellMedianMs)} · bounce ${pct(c.bounceRate)}${
    c.experience.responses ? `<br>${c.experience.sentiment.n ? `sentiment ${c.experience.sentiment.mean!.toFixed(2)} ` : ''}${c.experience.csat.n ? `CSAT ${pct(c.experience.csat.satisfiedShare, 0)}` : ''}` : ''
  }</div>`;
}

/** Stages as columns, channel lanes as rows, the busiest touchpoints in each cell. */
function journeyGrid(d: ReportData): string {
  const m = d.journeyMap;
  const stages = STAGES.filter((s) => m.stages.some((x) => x.stage === s));
  const head = `<tr><th>channel</th>${stages
    .map((s) => {
      const st = m.stages.find((x) => x.stage === s)!;
      return `<th>${esc(s)}<br><span class="muted">${num(st.people)} people · ${pct(st.conversion)} onward</span></th>`;
    })
    .join('')}</tr>`;
  const rows = m.channels
    .map(
      (ch) =>
        `<tr><th>${esc(ch)}</th>${stages
          .map((s) => `<td>${m.cells.filter((c) => c.channel === ch && c.stage === s).slice(0, 3).map(cellHtml).join('')}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  return `<table class="grid">${head}${rows}</table>`;
}

export function renderReport(d: ReportData): string {
  const m = d.journeyMap;
  const answers = answerQuestions(d);
  const emotion = lineChart(
    m.emotionCurve.map((e) => e.stage),
    [{ name: 'emotion', values: m.emotionCurve.map((e) => e.emotion) }],
    { min: -1, max: 1 },
  );
  const purchase = d.purchase;
  const funnelBars = barChart(
    purchase.steps.map((s) => ({ label: s.name, value: s.count, note: s.conversionFromPrevious === null ? 'entered' : `${pct(s.conversionFromPrevious)} of previous` })),
  );
  const personaTable = table(purchase.breakdown ?? [], [
    ['persona', (b) => esc(b.value ?? '(not set)')],
    ...purchase.steps.map((s, i) => [s.name, (b: NonNullable<typeof purchase.breakdown>[number]) => `${num(b.steps[i]?.count)}${i ? ` <span class="muted">${pct(b.steps[i]?.conversionFromPrevious)}</span>` : ''}`] as const),
  ]);
  const overTime =
    lineChart(
      purchase.overTime.map((p) => p.period.slice(0, 10)),
      [{ name: 'conversion', values: purchase.overTime.map((p) => p.rate) }],
      { format: (v) => pct(v), complete: purchase.overTime.map((p) => p.complete) },
    ) +
    incompleteNote(
      purchase.overTime.filter((p) => !p.complete).length,
      `Dashed: weeks whose entrants have not all had the conversion window yet (the data runs until ${until(purchase.observedUntil)}); their rate can still rise.`,
    );
  const ttc = purchase.timeToConvert;
  const comparisons = table(d.comparisons, [
    ['comparison', (c) => esc(c.title)],
    [
      'A',
      (c) => `${esc(c.a.label)}: <b>${pct(c.a.result.steps.at(-1)?.conversionFromFirst)}</b> <span class="muted">n=${num(c.a.result.steps[0]?.count)}</span>`,
    ],
    [
      'B',
      (c) => `${esc(c.b.label)}: <b>${pct(c.b.result.steps.at(-1)?.conversionFromFirst)}</b> <span class="muted">n=${num(c.b.result.steps[0]?.count)}</span>`,
    ],
    [
      'A ÷ B',
      (c) => {
        const a = c.a.result.steps.at(-1)?.conversionFromFirst;
        const b = c.b.result.steps.at(-1)?.conversionFromFirst;
        return a !== null && a !== undefined && b ? `${(a / b).toFixed(2)}×` : '—';
      },
    ],
  ]);
  const retention = table(d.retention.cohorts, [
    ['cohort', (c) => `${esc(c.cohort.slice(0, 10))}${c.incomplete ? ' <span class="muted">(incomplete)</span>' : ''}`],
    ['size', (c) => num(c.size)],
    ...Array.from({ length: d.retention.periods }, (_, k) => [`+${k + 1}`, (c: (typeof d.retention.cohorts)[number]) => {
      const v = c.values[k + 1];
      return v && v.count !== null && !v.complete ? `<span class="incomplete" title="incomplete period: still filling up">${pct(v.rate, 0)}</span>` : pct(v?.rate, 0);
    }] as const),
  ]) + incompleteNote(
    d.retention.cohorts.reduce((s, c) => s + c.values.filter((v) => v.count !== null && !v.complete).length, 0),
    `Hatched: a period still running (the data runs until ${until(d.retention.observedUntil)}); its share can still grow.`,
  );
  const lifecycleNote = incompleteNote(
    d.lifecycle.rows.filter((r) => !r.complete).length,
    `Hatched: a month still running (the data runs until ${until(d.lifecycle.observedUntil)}); its dormant count is too high and the others too low until it ends.`,
  );
  const lifecycle = table(d.lifecycle.rows, [
    ['period', (r) => (r.complete ? esc(r.period.slice(0, 10)) : `<span class="incomplete" title="incomplete period: still filling up">${esc(r.period.slice(0, 10))}</span>`)],
    ['active', (r) => num(r.active)],
    ['new', (r) => num(r.new)],
    ['returning', (r) => num(r.returning)],
    ['resurrecting', (r) => num(r.resurrecting)],
    ['dormant', (r) => num(r.dormant)],
    ['churn', (r) => pct(r.churnRate)],
  ]);
  const channels = table([...d.channels.rows].sort((a, b) => b.activePeople - a.activePeople), [
    ['channel', (r) => esc(r.group)],
    ['people', (r) => num(r.activePeople)],
    ['conversion', (r) => pct(r.conversionRate)],
    ['sessions', (r) => num(r.sessions)],
    ['bounce', (r) => pct(r.bounceRate)],
    ['avg session', (r) => duration(r.avgSessionDurationMs)],
    ['click-through', (r) => r.clickThrough.filter((c) => c.impressions > 0).map((c) => `${esc(c.name)} ${pct(c.rate)}`).join('<br>') || '—'],
    ['CSAT', (r) => (r.csat.responses ? `${pct(r.csat.score)} <span class="muted">n=${num(r.csat.responses)}</span>` : '—')],
    ['NPS', (r) => (r.nps.responses ? `${nps(r.nps.score)} <span class="muted">n=${num(r.nps.responses)}</span>` : '—')],
    ['CES', (r) => (r.ces.responses ? `${num(r.ces.mean, 2)} <span class="muted">n=${num(r.ces.responses)}</span>` : '—')],
  ]);
  const surveyed = d.touchpoints.rows.filter((r) => r.csat.responses + r.nps.responses + r.ces.responses > 0);
  const experience = table(surveyed, [
    ['touchpoint rated', (r) => esc(r.group)],
    ['CSAT (4–5)', (r) => (r.csat.responses ? `${pct(r.csat.score)} <span class="muted">n=${num(r.csat.responses)}</span>` : '—')],
    ['NPS', (r) => (r.nps.responses ? `${nps(r.nps.score)} <span class="muted">n=${num(r.nps.responses)}</span>` : '—')],
    ['CES (1–7)', (r) => (r.ces.responses ? `${num(r.ces.mean, 2)} <span class="muted">n=${num(r.ces.responses)}</span>` : '—')],
  ]);
  const a = d.attribution;
  const attributionTable =
    a.model === 'all'
      ? table(a.rows, [
          ['channel', (r) => esc(r.name)],
          ...(['first', 'last', 'linear', 'timeDecay', 'position', 'markov', 'shapley'] as const).map((m) => [m === 'timeDecay' ? 'time decay' : m, (r: (typeof a.rows)[number]) => num(r.conversions[m], 1)] as const),
          ['removal effect', (r) => pct(r.removalEffect)],
        ])
      : '';
  const keyTable = table(d.keyTouchpoints.touchpoints.slice(0, 12), [
    ['#', (t) => String(t.rank)],
    ['touchpoint', (t) => `${esc(t.touchpoint)} <span class="muted">${esc(t.channel ?? '')} · ${esc(t.stage ?? '')}</span>`],
    ['score', (t) => `<b>${t.score.toFixed(3)}</b>`],
    ...(['reach', 'frequency', 'attribution', 'dropOff', 'experience'] as const).map(
      (k) =>
        [
          k === 'dropOff' ? 'drop-off' : k,
          (t: (typeof d.keyTouchpoints.touchpoints)[number]) => {
            const c = t.components[k];
            const v = c.value === null ? '—' : k === 'reach' ? num(c.value) : k === 'frequency' ? num(c.value, 1) : pct(c.value);
            return `${v} <span class="muted">+${c.contribution.toFixed(3)}</span>`;
          },
        ] as const,
    ),
  ]);
  const money = moneyFormat(d.currency, 0);
  const interventionTable = table(d.interventions.interventions, [
    ['#', (i) => String(i.rank)],
    ['action', (i) => `<b>${esc(i.kind.replace(/_/g, ' '))}</b> at ${esc(i.touchpoint)}<div class="evidence">${esc(i.reason)}; simulated: ${esc(i.effect)}</div>`],
    ['revenue uplift [95% CI]', (i) => `${money(i.uplift.revenue.estimate)} <span class="muted">[${money(i.uplift.revenue.low)}, ${money(i.uplift.revenue.high)}]</span>`],
    ['+orders', (i) => num(i.uplift.conversions.estimate, 0)],
    ['feasibility', (i) => `${i.feasibility}${i.source.feasibility === 'user' ? '*' : ''}`],
    ['cost', (i) => `${money(i.cost)}${i.source.cost === 'user' ? '*' : ''}`],
    ['ROI', (i) => i.roi.toFixed(2)],
  ]);
  const sc = d.checkoutScenario;
  const scenario = sc
    ? `<p>${esc(sc.description)}. Twin fitted on ${num(sc.simulation.journeys)} journeys; ${Math.round(sc.simulation.level * 100)}% intervals from ${sc.simulation.draws} posterior draws.</p>${table(
        [
          ['conversion rate', sc.simulation.baseline.conversionRate, sc.simulation.scenario.conversionRate, sc.simulation.change.conversionRate, (v: number) => pct(v, 2)],
          ['conversions', sc.simulation.baseline.conversions, sc.simulation.scenario.conversions, sc.simulation.change.conversions, (v: number) => num(v)],
          ['revenue', sc.simulation.baseline.revenue, sc.simulation.scenario.revenue, sc.simulation.change.revenue, money],
          ['CLV per person', sc.simulation.baseline.clv, sc.simulation.scenario.clv, sc.simulation.change.clv, moneyFormat(d.currency, 2)],
        ] as const,
        [
          ['', (r) => esc(r[0])],
          ['baseline', (r) => `${r[4](r[1].estimate)} <span class="muted">[${r[4](r[1].low)}, ${r[4](r[1].high)}]</span>`],
          ['scenario', (r) => `${r[4](r[2].estimate)} <span class="muted">[${r[4](r[2].low)}, ${r[4](r[2].high)}]</span>`],
          ['change', (r) => `<b>${r[4](r[3].estimate)}</b> <span class="muted">[${r[4](r[3].low)}, ${r[4](r[3].high)}]</span>`],
        ],
      )}`
    : '<p class="empty">The data has no "Payment Info Entered" step, so this scenario does not apply.</p>';
  const nav = [
    ['questions', 'Six questions'],
    ['journey', 'Journey map'],
    ['funnel', 'Funnel'],
    ['effects', 'Effects'],
    ['paths', 'Paths'],
    ['retention', 'Retention'],
    ['channels', 'Channels'],
    ['customers', 'Customers'],
    ['decide', 'What to fix'],
  ] as const;
  const body = [
    section(
      'questions',
      'The six questions of the journey map',
      answers
        .map((a, i) => `<h3>${i + 1}. ${esc(a.question)}</h3><div class="answer">${esc(a.answer)}</div><ul class="evidence">${a.evidence.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>`)
        .join(''),
    ),
    section(
      'journey',
      'Journey map (current state, everyone)',
      `${journeyGrid(d)}<p class="muted">Cells: people, share going on to a later stage, median dwell, bounce, and experience (green positive, red negative sentiment or CSAT). Up to three busiest touchpoints per lane and stage.</p>
       <h3>Emotion curve</h3>${emotion}
       <h3>Pain points (${m.painPoints.length})</h3><ul>${m.painPoints.slice(0, 15).map(flagRow).join('')}</ul>
       <h3>Opportunities (${m.opportunities.length})</h3><ul>${m.opportunities.slice(0, 10).map(flagRow).join('')}</ul>`,
    ),
    section(
      'funnel',
      'Purchase funnel (14-day window, by person)',
      `${funnelBars}<p>Time to convert (step 1 → last): average ${duration(ttc.avgMs)}, median ${duration(ttc.medianMs)}, p90 ${duration(ttc.p90Ms)}.</p>
       <h3>By persona</h3>${personaTable}<h3>Conversion over time (by week of entry)</h3>${overTime}`,
    ),
    section(
      'effects',
      'Effects in the data',
      `<h3>After payment, by channel</h3>${table(d.checkoutByChannel, [
        ['channel', (c) => esc(c.channel)],
        ['entered payment', (c) => num(c.result.steps[0]?.count)],
        ['ordered within a day', (c) => pct(c.result.steps[1]?.conversionFromFirst)],
      ])}<h3>Comparisons</h3>${comparisons}<p class="muted">Funnel comparisons show association, not a controlled experiment: the people in A and B differ in more than the touchpoint.</p>`,
    ),
    section(
      'paths',
      'Paths after “Checkout Started” (by event, 4 steps, sessions)',
      `${flowChart(d.paths.nodes, d.paths.edges)}<p class="muted">${num(d.paths.totalPaths)} sessions; ${d.paths.edges.length} edges drawn (per step the largest carrying ${pct(d.paths.coverage, 0)} of its moves, at most 30); ${num(d.paths.otherEdges)} smaller edges carrying ${num(d.paths.otherCount)} of ${num(d.paths.flow)} moves (${pct(d.paths.flow ? d.paths.otherCount / d.paths.flow : 0)}) left out.</p>
       <h3>Most common complete paths</h3>${table(d.paths.topPaths ?? [], [
         ['path', (t) => t.steps.map(esc).join(' → ')],
         ['sessions', (t) => num(t.count)],
         ['share', (t) => pct(t.share)],
       ])}`,
    ),
    section('retention', 'Repeat purchase retention (monthly cohorts of first order)', `${retention}<h3>Lifecycle (monthly)</h3>${lifecycle}${lifecycleNote}`),
    section('channels', 'Channels and experience', `${channels}<h3>Survey scores by the touchpoint they rate</h3>${experience}`),
    section('customers', 'Customers: recency, frequency and value (RFM)', customersSection(d.rfm, money)),
    section(
      'decide',
      'What to fix',
      `<h3>Attribution by channel, every model (conversions credited)</h3>${attributionTable}
       <p class="muted">Last touch gives nothing to channels that start journeys; the Markov removal effect is the share of conversions lost if the channel were removed; Shapley splits each conversion over the channels in its journey.</p>
       <h3>Key touchpoints</h3>${keyTable}<p class="muted">Score = Σ weight × component normalised by the largest; the small numbers are each component's contribution.</p>
       <h3>Intervention points, ranked by ROI = uplift × feasibility ÷ cost</h3>${interventionTable}<p class="muted">* a team's own estimate (<code>trailmap interventions --set ID:feasibility=F,cost=C</code>).</p>
       <h3>Digital twin: a scenario</h3>${scenario}`,
    ),
  ].join('\n');
  return page(
    'Trailmap journey report',
    `${num(d.events)} events · ${num(d.people)} people · ${d.range.from?.slice(0, 10) ?? '—'} to ${d.range.to?.slice(0, 10) ?? '—'} · generated ${d.generatedAt.slice(0, 16).replace('T', ' ')} UTC`,
    nav,
    body,
  );
}
