import type { ScoreRunInput, ScoreRunSummary } from '@trailmap/core';
import type { StateStore } from '@trailmap/state';
import { latestScoreRun, runPersonScores, savePersonaSegments, type EventStore, type ScoreFitters } from '@trailmap/warehouse';
import type { ComputePool } from '../compute/compute-pool.js';
import { ComputeBudgetError } from '../compute/compute-errors.js';
import type { ResultCache } from '../http/result-cache.js';
import type { SegmentRefresher } from '../segments/segment-refresher.js';

/** Default time between scheduled scoring runs (TRAILMAP_SCORES_EVERY). */
export const DEFAULT_SCORES_EVERY_MS = 24 * 3_600_000;

/** The first scheduled run waits this long after start (the start-up warm-up of analyses goes first). */
export const SCORES_FIRST_RUN_DELAY_MS = 60_000;

/**
 * TRAILMAP_SCORES_EVERY: how often the server runs a scoring run. A number of ms, or with a unit
 * (`30m`, `6h`, `1d`); `0` or `off` disables the schedule; unset = 24 h. Anything else is an error.
 */
export function scoresEveryMs(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return DEFAULT_SCORES_EVERY_MS;
  const v = value.trim().toLowerCase();
  if (v === '0' || v === 'off') return null;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(v);
  if (!m) throw new Error(`TRAILMAP_SCORES_EVERY must be a duration such as 6h, 30m, 1d or a number of ms, or 0 / off (got ${JSON.stringify(value)})`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 'ms') as 'ms'];
  const ms = Number(m[1]) * unit;
  return ms > 0 ? ms : null;
}

/** The model fits of a run on the compute pool's workers (the same core functions the CLI runs in-process). */
export const poolFitters = (pool: ComputePool): ScoreFitters => ({
  personas: (raw, def) => pool.run('personas', { raw, def }),
  clv: (input, def) => pool.run('clv', { ...input, def, opts: { people: true } }),
  churn: (rows, def, days) => pool.run('churn', { rows, def, days }),
});

/**
 * Runs scoring runs for the server, one at a time: a run asked for while one is under way starts
 * when it ends; the schedule skips a tick while one is under way. After each run the persona
 * segments are saved (inside the run) and every saved segment is recomputed, since score
 * conditions now read the new run; kept analysis answers are dropped for the same reason.
 */
export class ScoreRunner {
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly store: EventStore,
    private readonly state: StateStore,
    private readonly pool: ComputePool,
    private readonly refresher: SegmentRefresher,
    private readonly now: () => number = Date.now,
    private readonly cache?: ResultCache,
  ) {}

  /** Run one scoring run after any under way; answers its summary. */
  run(options: ScoreRunInput = {}): Promise<ScoreRunSummary> {
    const run = this.running.then(() => this.runNow(options));
    this.running = run.catch(() => undefined);
    return run;
  }

  /** The latest complete run's summary, null when none. */
  async latest(): Promise<ScoreRunSummary | null> {
    return latestScoreRun(await this.store.readSession());
  }

  /**
   * The schedule: a first run `delayMs` after start when there is no run yet (or the latest is
   * older than `everyMs`), then one every `everyMs`. Failures are logged by `onError`, never thrown.
   */
  start(everyMs: number, onError: (e: unknown) => void, delayMs = SCORES_FIRST_RUN_DELAY_MS): void {
    const tick = () => {
      if (this.busy || this.closed) return;
      void this.run().catch(onError);
    };
    this.first = setTimeout(() => {
      void this.latest()
        .then((last) => {
          if (last === null || this.now() - Date.parse(last.scoredAt) >= everyMs) tick();
        })
        .catch(onError);
    }, delayMs);
    this.first.unref();
    this.timer = setInterval(tick, Math.min(everyMs, 2 ** 31 - 1)); // setInterval holds at most ~24.8 days
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.first) clearTimeout(this.first);
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async runNow(options: ScoreRunInput): Promise<ScoreRunSummary> {
    this.busy = true;
    try {
      // The collection log loaded first; events scoped by consent (people who refused analytics are not scored).
      const summary = await runPersonScores(await this.store.analysisDb(), options, this.now(), {
        fit: poolFitters(this.pool),
        personaSegments: (personas) => savePersonaSegments(this.state, personas),
        // A model too slow for the compute budget is skipped with the budget's message, the others stored.
        skipReason: (e) => (e instanceof ComputeBudgetError ? e.message : null),
      });
      this.cache?.clear();
      await this.refresher.refresh();
      return summary;
    } finally {
      this.busy = false;
    }
  }
}
