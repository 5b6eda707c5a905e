import type { FastifyInstance } from 'fastify';
import { PrivacyRunner, type EventStore, type SuppressionFilter } from '@trailmap/warehouse';
import { projectSalt, type StateStore } from '@trailmap/state';
import type { DeadlineRule, PrivacyRegime, PrivacyStep } from '@trailmap/core';

export interface PrivacyServiceOptions {
  dataDir: string;
  uploadDir: string;
  /** Called when a request changed data (the kept analyses' answers are dropped). */
  onChanged?: () => void;
  /** Test hook: see PrivacyRunnerOptions.pauseAfter. */
  pauseAfter?: PrivacyStep | null;
  /** The deadline per regime (trailmap.config.json `privacy.deadlines`); absent: the defaults. */
  deadlines?: Readonly<Record<PrivacyRegime, DeadlineRule>>;
}

/**
 * The server's data-subject request runner: opened when the app is ready (the project salt and the
 * suppression list come from the state store), requests a previous process left open resumed in
 * the background at once, closed with the app (a request cut off there resumes at the next start).
 */
export class PrivacyService {
  private runner: PrivacyRunner | null = null;

  constructor(app: FastifyInstance, store: EventStore, state: StateStore, o: PrivacyServiceOptions) {
    app.addHook('onReady', async () => {
      this.runner = await PrivacyRunner.open({
        store,
        state,
        salt: await projectSalt(state),
        dataDir: o.dataDir,
        uploadDir: o.uploadDir,
        ...(o.onChanged ? { onChanged: o.onChanged } : {}),
        ...(o.pauseAfter ? { pauseAfter: o.pauseAfter } : {}),
        ...(o.deadlines ? { deadlines: o.deadlines } : {}),
      });
      this.runner.resumeOpen('system').catch((e) => app.log.error({ err: e }, 'resuming privacy requests failed'));
    });
    app.addHook('onClose', async () => this.runner?.close());
  }

  /** The runner (the routes run after onReady, so it is there). */
  get(): PrivacyRunner {
    if (!this.runner) throw new Error('the privacy runner is not open yet');
    return this.runner;
  }

  /** Collection's suppression check; null until ready. */
  suppression(): SuppressionFilter | null {
    return this.runner?.suppression ?? null;
  }
}
