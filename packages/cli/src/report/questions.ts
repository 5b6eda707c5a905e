import type { FunnelResult, FunnelStepResult } from '@trailmap/core';
import type { ReportData } from './collect-report.js';

/** One of the six questions of a journey map, answered with its numbers (plain text; the renderer escapes it). */
export interface Answer {
  question: string;
  answer: string;
  evidence: string[];
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const stepLoss = (s: FunnelStepResult) => (s.conversionFromPrevious === null ? null : 1 - s.conversionFromPrevious);

/** The step (2..n) losing the largest share of those who reached the step before it. */
export function worstStep(steps: readonly FunnelStepResult[]): { from: string; to: string; loss: number; lost: number } | null {
  let best: { from: string; to: string; loss: number; lost: number } | null = null;
  for (let i = 1; i < steps.length; i++) {
    const loss = stepLoss(steps[i]!);
    if (loss !== null && (best === null || loss > best.loss)) best = { from: steps[i - 1]!.name, to: steps[i]!.name, loss, lost: steps[i]!.dropOff };
  }
  return best;
}

const lastRate = (r: FunnelResult) => r.steps[r.steps.length - 1]?.conversionFromFirst ?? null;

export function answerQuestions(d: ReportData): Answer[] {
  const out: Answer[] = [];

  // 1. Drop-off, and for which personas.
  const worst = worstStep(d.purchase.steps);
  const byPersona = (d.purchase.breakdown ?? [])
    .filter((b) => b.value !== null)
    .map((b) => ({ persona: b.value!, worst: worstStep(b.steps), entered: b.steps[0]?.count ?? 0, converted: b.steps[b.steps.length - 1]?.conversionFromFirst ?? null }))
    .filter((b) => b.worst !== null && b.entered >= 20)
    .sort((a, b) => b.worst!.loss - a.worst!.loss);
  const dropFlags = d.journeyMap.painPoints.filter((f) => f.kind === 'drop_off').slice(0, 3);
  out.push({
    question: 'Where in the funnel do customers drop off most, and for which personas?',
    answer: worst
      ? `Between "${worst.from}" and "${worst.to}": ${pct(worst.loss)} of those who reach "${worst.from}" do not go on (${worst.lost.toLocaleString('en')} people, ${d.purchase.windowMs / 86_400_000}-day window).` +
        (byPersona[0] ? ` Worst persona: ${byPersona[0].persona}, losing ${pct(byPersona[0].worst!.loss)} between "${byPersona[0].worst!.from}" and "${byPersona[0].worst!.to}".` : '')
      : 'Nobody entered the purchase funnel.',
    evidence: [
      ...byPersona.map((b) => `${b.persona}: worst step "${b.worst!.from}" → "${b.worst!.to}" loses ${pct(b.worst!.loss)}; ${pct(b.converted)} of ${b.entered.toLocaleString('en')} complete the funnel`),
      ...d.checkoutByChannel.map((c) => `after "Payment Info Entered" on ${c.channel}: ${pct(lastRate(c.result))} complete an order within a day (n=${(c.result.steps[0]?.count ?? 0).toLocaleString('en')})`),
      ...dropFlags.map((f) => `journey map pain point: ${f.stage} / ${f.channel} / ${f.touchpoint}: ${pct(f.value)} go on to a later stage vs the stage median ${pct(f.baseline)} (${f.people.toLocaleString('en')} people)`),
    ],
  });

  // 2. Touchpoints that matter most: people carried onward beyond the stage's own rate (reach × lift).
  // Attribution models (Markov removal effect, Shapley) rank contribution; this is the map's own view.
  const stageRate = new Map(d.journeyMap.stages.map((s) => [s.stage, s.conversion]));
  const cells = d.journeyMap.cells
    .filter((c) => c.conversion !== null && c.people >= 30 && stageRate.get(c.stage) !== null && stageRate.get(c.stage) !== undefined)
    .map((c) => ({ ...c, extra: c.converted - c.people * stageRate.get(c.stage)! }));
  const carried = [...cells].sort((a, b) => b.extra - a.extra).slice(0, 5);
  const lost = [...cells].sort((a, b) => a.extra - b.extra).slice(0, 3);
  const a = d.attribution;
  const byRemoval = a.model === 'all' ? [...a.rows].sort((x, y) => y.removalEffect - x.removalEffect) : [];
  const key = d.keyTouchpoints.touchpoints.slice(0, 3);
  out.push({
    question: 'Which touchpoints matter most?',
    answer:
      (key[0]
        ? `Key touchpoints (reach, frequency, Markov removal effect, drop-off and experience): ${key.map((k) => `"${k.touchpoint}" ${k.score.toFixed(2)}`).join(', ')}. `
        : '') +
      (byRemoval[0]
        ? `By channel, removing ${byRemoval[0].name} would lose ${pct(byRemoval[0].removalEffect)} of conversions (Markov); Shapley credits it with ${byRemoval[0].conversions.shapley.toFixed(0)} conversions against ${byRemoval[0].conversions.last.toFixed(0)} by last touch.`
        : '') || 'Not enough data.',
    evidence: [
      ...byRemoval.map((r) => `${r.name}: removal effect ${pct(r.removalEffect)}; conversions first ${r.conversions.first.toFixed(0)}, last ${r.conversions.last.toFixed(0)}, linear ${r.conversions.linear.toFixed(0)}, Markov ${r.conversions.markov.toFixed(0)}, Shapley ${r.conversions.shapley.toFixed(0)}`),
      ...carried.map((c) => `${c.touchpoint} (${c.channel}, ${c.stage}): ${c.people.toLocaleString('en')} people, ${pct(c.conversion)} onward vs stage ${pct(stageRate.get(c.stage))}, +${Math.round(c.extra).toLocaleString('en')}`),
      ...lost.map((c) => `${c.touchpoint} (${c.channel}, ${c.stage}): ${c.people.toLocaleString('en')} people, ${pct(c.conversion)} onward vs stage ${pct(stageRate.get(c.stage))}, ${Math.round(c.extra).toLocaleString('en')}`),
    ],
  });

  // 3. Channels customers prefer, per persona (where they buy).
  const buyChannels = d.personaMaps.map(({ persona, map }) => {
    const orders = map.cells.filter((c) => c.touchpoint === 'Order Completed' || c.touchpoint === 'Store Purchase');
    const byChannel = new Map<string, number>();
    for (const c of orders.filter((c) => c.touchpoint === 'Order Completed')) byChannel.set(c.channel, (byChannel.get(c.channel) ?? 0) + c.events);
    const total = [...byChannel.values()].reduce((a, b) => a + b, 0);
    const ranked = [...byChannel].sort((a, b) => b[1] - a[1]);
    return { persona, total, ranked };
  });
  const channelRows = [...d.channels.rows].sort((a, b) => b.activePeople - a.activePeople);
  out.push({
    question: 'Which channels do customers prefer?',
    answer:
      channelRows.length > 0
        ? `By reach: ${channelRows.slice(0, 3).map((r) => `${r.group} (${r.activePeople.toLocaleString('en')} people)`).join(', ')}. Where each persona orders: ${buyChannels
            .filter((b) => b.total > 0)
            .map((b) => `${b.persona} → ${b.ranked[0]![0]} ${pct(b.ranked[0]![1] / b.total)}`)
            .join('; ')}.`
        : 'No channel activity.',
    evidence: [
      ...channelRows.map((r) => `${r.group}: ${r.activePeople.toLocaleString('en')} people, ${r.sessions.toLocaleString('en')} sessions, conversion ${pct(r.conversionRate)}, bounce ${pct(r.bounceRate)}`),
      ...buyChannels.filter((b) => b.total > 0).map((b) => `${b.persona} orders: ${b.ranked.map(([c, n]) => `${c} ${pct(n / b.total)}`).join(', ')} (n=${b.total.toLocaleString('en')})`),
    ],
  });

  // 4. A clear path forward from every stage.
  const stages = d.journeyMap.stages.filter((s) => s.conversion !== null);
  const weakest = [...stages].sort((a, b) => a.conversion! - b.conversion!)[0];
  out.push({
    question: 'Does every stage have a clear path forward?',
    answer: weakest
      ? `The weakest stage is ${weakest.stage}: ${pct(weakest.conversion)} of its ${weakest.people.toLocaleString('en')} people reach a later stage. ` +
        stages.map((s) => `${s.stage} ${pct(s.conversion)}`).join(', ') + '.'
      : 'Not enough data.',
    evidence: d.stagePaths.map(({ stage, paths }) => {
      const roots = paths.nodes.filter((n) => n.depth === 0);
      const sessions = roots.reduce((a, n) => a + n.count, 0);
      const ended = roots.reduce((a, n) => a + n.dropOff, 0);
      const top = [...paths.edges].filter((e) => e.source.startsWith('0:')).sort((a, b) => b.count - a.count)[0];
      return `${stage}: ${sessions.toLocaleString('en')} sessions enter; ${pct(sessions ? ended / sessions : null)} end there; most common next step ${top ? `${top.source.slice(2)} → ${top.target.slice(2)} (${top.count.toLocaleString('en')})` : 'none'}`;
    }),
  });

  // 5. What each stage needs: what works and what fails there, with the customers' own words' sentiment.
  out.push({
    question: 'What content and information does each stage need?',
    answer:
      'Each stage below lists the touchpoint that moves people on best, the one that loses most, and how customers feel there. ' +
      'Stages with negative feedback or low CSAT need the information or fix the feedback names.',
    evidence: d.journeyMap.stages.map((s) => {
      const inStage = d.journeyMap.cells.filter((c) => c.stage === s.stage && c.people >= 30 && c.conversion !== null);
      const best = [...inStage].sort((a, b) => b.conversion! - a.conversion!)[0];
      const worstCell = [...inStage].sort((a, b) => a.conversion! - b.conversion!)[0];
      const flags = d.journeyMap.painPoints.filter((f) => f.stage === s.stage && (f.kind === 'negative_sentiment' || f.kind === 'low_csat' || f.kind === 'high_effort'));
      const sent = s.experience.sentiment.mean;
      return `${s.stage}: ${best ? `best "${best.touchpoint}" (${best.channel}) ${pct(best.conversion)} onward` : 'no comparable touchpoints'}${worstCell && worstCell !== best ? `; weakest "${worstCell.touchpoint}" (${worstCell.channel}) ${pct(worstCell.conversion)}` : ''}; sentiment ${sent === null ? 'n/a' : sent.toFixed(2)} over ${s.experience.sentiment.n} texts, CSAT ${pct(s.experience.csat.satisfiedShare)}${flags.length ? `; needs attention: ${flags.map((f) => `${f.touchpoint} (${f.kind.replace('_', ' ')})`).join(', ')}` : ''}`;
    }),
  });

  // 6. Cross-sell and upsell: which touchpoint after a first order is followed by another order.
  const repeat = d.afterFirstOrder
    .map(({ touchpoint, result }) => ({ touchpoint, reached: result.steps[1]?.count ?? 0, rate: result.steps[2]?.conversionFromPrevious ?? null }))
    .filter((r) => r.reached >= 20 && r.rate !== null)
    .sort((a, b) => b.rate! - a.rate!);
  out.push({
    question: 'Where do cross-sell and upsell work best?',
    answer: repeat[0]
      ? `After a first order, "${repeat[0].touchpoint}" is followed by another order most often: ${pct(repeat[0].rate)} of ${repeat[0].reached.toLocaleString('en')} people order again within 60 days` +
        (repeat.length > 1 ? `, against ${pct(repeat[repeat.length - 1]!.rate)} after "${repeat[repeat.length - 1]!.touchpoint}".` : '.')
      : 'Not enough repeat purchases to compare.',
    evidence: repeat.map((r) => `Order → ${r.touchpoint} → Order: ${pct(r.rate)} of ${r.reached.toLocaleString('en')}`),
  });
  return out;
}
