import type { ChurnReason, ChurnScore } from '../churn/churn.schema.js';
import type { ClvPerson } from '../clv/clv.schema.js';
import type { PersonaResult } from '../personas/persona.schema.js';
import type { RfmGroup, RfmPerson } from '../rfm/rfm.schema.js';
import { personaKey, type PersonScores, type ScoreName } from './person-scores.js';

/** One stored score of one person (a `person_scores` row without its run instant). */
export interface PersonScoreRow {
  personId: string;
  score: ScoreName;
  /** Numeric scores; null when the model gave no finite number. */
  num: number | null;
  /** rfmGroup and persona. */
  text: string | null;
  /** The churn reasons; the persona's cluster and en/zh name. */
  detail: unknown;
}

/** The models' per-person outputs a run stores; null for a model the run skipped. */
export interface ScoreModelOutputs {
  rfm: readonly RfmPerson[] | null;
  personas: Pick<PersonaResult, 'clusters' | 'assignments'> | null;
  clv: readonly ClvPerson[] | null;
  churn: readonly ChurnScore[] | null;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
const num = (personId: string, score: ScoreName, x: number): PersonScoreRow => ({ personId, score, num: finite(x), text: null, detail: null });

/**
 * Every score row of a run, model by model (a generator: a million people's rows are written in
 * chunks, never held at once). RFM: rfmGroup, rfmR, rfmF, rfmM per customer; personas: persona
 * (the key, with the cluster and its en/zh name as detail); CLV: clv, pAlive, expectedPurchases;
 * churn: churnRisk with its three reasons as detail.
 */
export function* personScoreRows(m: ScoreModelOutputs): Generator<PersonScoreRow> {
  for (const p of m.rfm ?? []) {
    yield { personId: p.personId, score: 'rfmGroup', num: null, text: p.group, detail: null };
    yield num(p.personId, 'rfmR', p.r);
    yield num(p.personId, 'rfmF', p.f);
    yield num(p.personId, 'rfmM', p.m);
  }
  if (m.personas) {
    const byCluster = new Map(m.personas.clusters.map((c) => [c.cluster, c]));
    for (const a of m.personas.assignments) {
      const c = byCluster.get(a.cluster);
      yield { personId: a.personId, score: 'persona', num: null, text: personaKey(a.cluster), detail: { cluster: a.cluster, name: c ? { en: c.name.en, zh: c.name.zh } : { en: personaKey(a.cluster), zh: personaKey(a.cluster) } } };
    }
  }
  for (const p of m.clv ?? []) {
    yield num(p.personId, 'clv', p.clv);
    yield num(p.personId, 'pAlive', p.pAlive);
    yield num(p.personId, 'expectedPurchases', p.expectedPurchases);
  }
  for (const s of m.churn ?? []) yield { personId: s.personId, score: 'churnRisk', num: finite(s.probability), text: null, detail: s.reasons };
}

/** The distinct people the models scored. */
export function scoredPeople(m: ScoreModelOutputs): number {
  const ids = new Set<string>();
  for (const p of m.rfm ?? []) ids.add(p.personId);
  for (const a of m.personas?.assignments ?? []) ids.add(a.personId);
  for (const p of m.clv ?? []) ids.add(p.personId);
  for (const s of m.churn ?? []) ids.add(s.personId);
  return ids.size;
}

/**
 * One person's scores from their stored rows (null when the run scored nothing of them). CLV's
 * horizon and unit are the run's. A stored number that was not finite reads as NaN.
 */
export function personScoresFromRows(scoredAt: string, rows: readonly Omit<PersonScoreRow, 'personId'>[], clvHorizon: { horizon: number; unit: 'day' | 'week' }): PersonScores | null {
  if (rows.length === 0) return null;
  const by = new Map(rows.map((r) => [r.score, r]));
  const n = (s: ScoreName) => by.get(s)?.num ?? Number.NaN;
  const group = by.get('rfmGroup');
  const persona = by.get('persona');
  const personaDetail = (persona?.detail ?? {}) as { cluster?: number; name?: { en: string; zh: string } };
  const clv = by.get('clv');
  const churn = by.get('churnRisk');
  return {
    scoredAt,
    rfm: group ? { r: n('rfmR'), f: n('rfmF'), m: n('rfmM'), group: group.text as RfmGroup } : null,
    persona: persona ? { key: persona.text ?? '', cluster: personaDetail.cluster ?? -1, name: personaDetail.name ?? { en: persona.text ?? '', zh: persona.text ?? '' } } : null,
    clv: clv ? { clv: n('clv'), pAlive: n('pAlive'), expectedPurchases: n('expectedPurchases'), horizon: clvHorizon.horizon, unit: clvHorizon.unit } : null,
    churn: churn ? { risk: churn.num ?? Number.NaN, reasons: (churn.detail ?? []) as ChurnReason[] } : null,
  };
}
