import type { FastifyInstance } from 'fastify';
import { readStateSetting, writeStateSetting, type StateStore } from '@trailmap/state';
import { stableKey } from './result-cache.js';

/**
 * The analyses people asked for last, kept in the state store, so that a restarted server
 * computes them again before anyone opens the page (its answers then come from the result
 * cache): the web app's pages ask the same few definitions over and over. Only bodies that were
 * answered 200 are kept, at most `MAX_RECENT`, the most recent first; a body over 16 KB is not kept.
 */
export const RECENT_ANALYSES_SETTING = 'server.recent_analyses';
export const MAX_RECENT = 16;
const MAX_BODY_CHARS = 16_000;
/** Marks the warm-up's own requests (not recorded again, so the list keeps its order). */
const WARMUP_HEADER = 'x-trailmap-warmup';
const ANALYSIS_PATH = /^\/v1\/(analytics\/[a-z-]+|attribution|touchpoints\/score|interventions|twin\/(simulate|states))$/;

export interface RecentAnalysis {
  path: string;
  body: unknown;
}

/** Remember every analysis answered 200 (path and body), saved to the state store a moment later. */
export function recordRecentAnalyses(app: FastifyInstance, state: StateStore): void {
  let recent: RecentAnalysis[] | null = null;
  let saving: NodeJS.Timeout | null = null;
  let saved: Promise<void> = Promise.resolve();
  const save = () => {
    saving = null;
    const value = JSON.stringify(recent);
    saved = saved.then(() => writeStateSetting(state, RECENT_ANALYSES_SETTING, value)).catch((e) => app.log.warn({ err: e }, 'could not save the recent analyses'));
  };
  app.addHook('onResponse', async (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (req.method !== 'POST' || reply.statusCode !== 200 || !ANALYSIS_PATH.test(path) || req.headers[WARMUP_HEADER]) return;
    const body = req.body ?? {};
    const key = stableKey({ path, body });
    if (key.length > MAX_BODY_CHARS) return;
    recent ??= await readRecentAnalyses(state);
    recent = [{ path, body }, ...recent.filter((r) => stableKey(r) !== key)].slice(0, MAX_RECENT);
    saving ??= setTimeout(save, 500);
  });
  app.addHook('onClose', async () => {
    if (saving) {
      clearTimeout(saving);
      save();
    }
    await saved;
  });
}

export async function readRecentAnalyses(state: StateStore): Promise<RecentAnalysis[]> {
  const text = await readStateSetting(state, RECENT_ANALYSES_SETTING);
  if (!text) return [];
  try {
    const list = JSON.parse(text) as unknown;
    return Array.isArray(list) ? list.filter((r): r is RecentAnalysis => typeof r?.path === 'string' && ANALYSIS_PATH.test(r.path)).slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

/**
 * Ask the app for each recent analysis, one at a time, most recent first, as a read-key client
 * would (validation, the compute pool and the result cache as for any request). Stops when the
 * app closes; returns how many were answered 200. A request that is no longer valid (an event
 * renamed, a route's schema changed) simply answers 4xx and is skipped.
 */
export async function warmRecentAnalyses(app: FastifyInstance, state: StateStore, readKey: string, isClosing: () => boolean): Promise<number> {
  let answered = 0;
  for (const { path, body } of await readRecentAnalyses(state)) {
    if (isClosing()) break;
    try {
      const res = await app.inject({ method: 'POST', url: path, payload: body as object, headers: { authorization: `Bearer ${readKey}`, 'content-type': 'application/json', [WARMUP_HEADER]: '1' } });
      if (res.statusCode === 200) answered++;
    } catch {
      break; // the app closed under us
    }
  }
  return answered;
}
