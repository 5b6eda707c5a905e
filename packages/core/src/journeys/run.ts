import type { MessageChannel, MessageTemplate } from './journey-definition.schema.js';

/** Where a run is: running steps now, waiting at a step (until `wakeAt` or an event), following for the goal after its steps, or ended. */
export type RunStatus = 'active' | 'waiting' | 'following' | 'ended';
/** How a run ended: its steps finished, the goal was reached, an exit rule fired, it was held out, the loop guard stopped it, or its journey was archived. */
export type RunOutcome = 'completed' | 'goal' | 'exit' | 'holdout' | 'loop_guard' | 'archived';

/** One person's pass through one version of a journey: the state `advance` reads and returns. */
export interface JourneyRun {
  id: string;
  journeyId: string;
  version: number;
  personId: string;
  /** The trigger's correlation value (e.g. the cartId), or null. */
  correlation: string | null;
  status: RunStatus;
  /** The step the run waits at (null once its steps are done). */
  stepId: string | null;
  /** When the run's timer fires (a wait, a timeout, a window opening, the end of goal following). */
  wakeAt: number | null;
  enteredAt: number;
  updatedAt: number;
  endedAt: number | null;
  outcome: RunOutcome | null;
  /** The split variant the run was assigned (`holdout` for the held-out group). */
  variant: string | null;
  /** How many times the run reached each step (loops count their passes here). */
  visits: Record<string, number>;
}

interface EffectBase {
  /** The idempotency key: the run, the step and the visit; the same however often the work is retried. */
  key: string;
  runId: string;
  journeyId: string;
  version: number;
  stepId: string;
  personId: string;
}

/** What a step asks the outside world to do; the worker records it in the same transaction as the run. */
export type JourneyEffect = EffectBase &
  (
    | { type: 'send'; channel: MessageChannel; template: MessageTemplate; transactional: boolean; journeyCap: number | null }
    | { type: 'webhook'; url: string; body: Record<string, unknown> | null }
    | { type: 'task'; title: string; priority: 'low' | 'normal' | 'high' | 'urgent'; owner: string | null; dueAt: number }
    | { type: 'setTrait'; trait: string; value: string | number | boolean | null }
    | { type: 'exposure'; experiment: string; variant: string }
  );
export type JourneyEffectType = JourneyEffect['type'];
