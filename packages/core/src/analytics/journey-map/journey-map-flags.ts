import { median } from './journey-counts.js';
import type { FlagThresholds } from './journey-map.schema.js';
import type { JourneyCell } from './journey-map.types.js';

/** One flagged cell: the rule, the number that tripped it, the baseline and threshold it was compared with. */
export interface JourneyFlag {
  kind: 'drop_off' | 'long_dwell' | 'negative_sentiment' | 'low_csat' | 'high_effort' | 'high_conversion' | 'positive_low_reach';
  stage: string;
  channel: string;
  touchpoint: string;
  people: number;
  metric: string;
  value: number;
  /** The stage's median of the metric over comparable cells (null for absolute rules). */
  baseline: number | null;
  threshold: number;
  rule: string;
  evidence: Record<string, number | null>;
}

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Pain points and opportunities. Relative rules compare a cell with the other cells of its
 * stage that reach at least `minPeople` people (the stage's median); experience rules are
 * absolute and need `minResponses` answers.
 */
export function flagCells(cells: readonly JourneyCell[], t: FlagThresholds): { painPoints: JourneyFlag[]; opportunities: JourneyFlag[] } {
  const pains: JourneyFlag[] = [];
  const opps: JourneyFlag[] = [];
  const byStage = new Map<string, JourneyCell[]>();
  for (const c of cells) if (c.people >= t.minPeople) (byStage.get(c.stage) ?? byStage.set(c.stage, []).get(c.stage)!).push(c);
  const base = (c: JourneyCell) => ({ stage: c.stage, channel: c.channel, touchpoint: c.touchpoint, people: c.people });
  for (const [, group] of byStage) {
    const conv = median(group.map((c) => c.conversion).filter((x): x is number => x !== null));
    const dwell = median(group.map((c) => c.dwellMedianMs).filter((x): x is number => x !== null));
    const reach = median(group.map((c) => c.people));
    for (const c of group) {
      const ev = { people: c.people, converted: c.converted, sessions: c.sessions, events: c.events };
      if (conv !== null && c.conversion !== null && conv - c.conversion >= t.dropOffMargin)
        pains.push({ kind: 'drop_off', ...base(c), metric: 'conversion', value: c.conversion, baseline: r4(conv), threshold: t.dropOffMargin, rule: 'conversion ≤ stage median − dropOffMargin', evidence: { ...ev, dropOff: r4(1 - c.conversion) } });
      if (conv !== null && c.conversion !== null && c.conversion - conv >= t.conversionMargin)
        opps.push({ kind: 'high_conversion', ...base(c), metric: 'conversion', value: c.conversion, baseline: r4(conv), threshold: t.conversionMargin, rule: 'conversion ≥ stage median + conversionMargin', evidence: ev });
      if (dwell !== null && dwell > 0 && c.dwellMedianMs !== null && c.dwellMedianMs >= t.dwellFactor * dwell)
        pains.push({ kind: 'long_dwell', ...base(c), metric: 'dwellMedianMs', value: c.dwellMedianMs, baseline: dwell, threshold: t.dwellFactor, rule: 'median dwell ≥ dwellFactor × stage median', evidence: { sessions: c.sessions, bounceRate: c.bounceRate } });
      const s = c.experience.sentiment;
      if (reach !== null && s.mean !== null && s.n >= t.minResponses && s.mean >= t.positiveSentiment && c.people < reach)
        opps.push({ kind: 'positive_low_reach', ...base(c), metric: 'sentiment', value: s.mean, baseline: reach, threshold: t.positiveSentiment, rule: 'sentiment ≥ positiveSentiment and people < stage median people', evidence: { feedback: s.n, people: c.people } });
    }
  }
  for (const c of cells) {
    const x = c.experience;
    if (x.sentiment.mean !== null && x.sentiment.n >= t.minResponses && x.sentiment.mean <= t.sentimentMax)
      pains.push({ kind: 'negative_sentiment', ...base(c), metric: 'sentiment', value: x.sentiment.mean, baseline: null, threshold: t.sentimentMax, rule: 'mean sentiment ≤ sentimentMax', evidence: { feedback: x.sentiment.n, negativeShare: x.sentiment.negativeShare, conversion: c.conversion } });
    if (x.csat.satisfiedShare !== null && x.csat.n >= t.minResponses && x.csat.satisfiedShare < t.csatMin)
      pains.push({ kind: 'low_csat', ...base(c), metric: 'csatSatisfiedShare', value: x.csat.satisfiedShare, baseline: null, threshold: t.csatMin, rule: 'CSAT share of 4–5 < csatMin', evidence: { answers: x.csat.n, csatMean: x.csat.mean } });
    if (x.ces.mean !== null && x.ces.n >= t.minResponses && x.ces.mean < t.cesMin)
      pains.push({ kind: 'high_effort', ...base(c), metric: 'cesMean', value: x.ces.mean, baseline: null, threshold: t.cesMin, rule: 'mean CES < cesMin', evidence: { answers: x.ces.n } });
  }
  const order = (a: JourneyFlag, b: JourneyFlag) => b.people - a.people || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.channel + a.touchpoint < b.channel + b.touchpoint ? -1 : 1);
  return { painPoints: pains.sort(order), opportunities: opps.sort(order) };
}
