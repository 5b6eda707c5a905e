import { evaluateRecommender, fitPersonalizeModel, type ConsentConfig, type PersonalizeConfig, type PersonalizeModel, type EvaluationOptions, type RecommenderEvaluation } from '@trailmap/core';
import type { SqlSession } from '../warehouse.js';
import { readInteractions } from './interactions.sql.js';

/** The personalisation model over the warehouse's interactions (one read, then core's fit; popularity weighed at `now`, default the latest interaction). */
export async function fitModelFromWarehouse(db: SqlSession, config: Pick<PersonalizeConfig, 'model' | 'catalogue'>, consent: ConsentConfig, now?: number): Promise<PersonalizeModel> {
  return fitPersonalizeModel(await readInteractions(db, config.model, consent), config, now);
}

/** `trailmap recommend --evaluate`: leave-last-order-out precision@k / recall@k, recommender vs popularity. */
export async function evaluateOnWarehouse(db: SqlSession, config: Pick<PersonalizeConfig, 'model' | 'catalogue'>, consent: ConsentConfig, opts: EvaluationOptions = {}): Promise<RecommenderEvaluation> {
  return evaluateRecommender(await readInteractions(db, config.model, consent), config, opts);
}
