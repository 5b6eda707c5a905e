import { assignVariant } from './assignment.js';
import { conditionHolds, correlationOf, eventMatches } from './conditions.js';
import { journeyDurationMs } from './duration.js';
import type { JourneyDefinition, JourneyStep } from './journey-definition.schema.js';
import type { JourneyEvent, PersonContext } from './person-context.js';
import type { JourneyEffect, JourneyRun, RunOutcome } from './run.js';
import { nextWindowOpen } from './time-window.js';

/** What moves a run: its start, an event of the person's, its timer, or a change of the person's segments. */
export type RunInput = { kind: 'start' } | { kind: 'event'; event: JourneyEvent } | { kind: 'timer' } | { kind: 'segments' };

export interface Advanced {
  run: JourneyRun;
  effects: JourneyEffect[];
}

/** More step visits than this in one advance is a graph running away (loops are capped well below). */
const MAX_STEPS_PER_ADVANCE = 1000;

/** A new run, before its first advance. */
export function newRun(def: JourneyDefinition, ids: { id: string; journeyId: string; version: number; personId: string }, correlation: string | null, now: number): JourneyRun {
  return { ...ids, correlation, status: 'active', stepId: def.start, wakeAt: null, enteredAt: now, updatedAt: now, endedAt: null, outcome: null, variant: null, visits: {} };
}

/**
 * The journey engine: one input applied to one run, as a pure function. It returns the run's new
 * state and the effects to perform; it reads nothing but its arguments (the worker gathers the
 * person's context first and persists both results in one transaction).
 */
export function advance(def: JourneyDefinition, run: JourneyRun, input: RunInput, person: PersonContext, now: number): Advanced {
  const r: JourneyRun = { ...run, visits: { ...run.visits }, updatedAt: now };
  const effects: JourneyEffect[] = [];
  if (r.status === 'ended') return { run: run, effects };
  const steps = new Map(def.steps.map((s) => [s.id, s]));
  const end = (outcome: RunOutcome): Advanced => {
    Object.assign(r, { status: 'ended', outcome, endedAt: now, wakeAt: null });
    return { run: r, effects };
  };
  const corr = (e: JourneyEvent, correlated: boolean) =>
    !correlated || r.correlation === null || def.trigger.type !== 'event' || correlationOf(e, def.trigger.correlate) === r.correlation;

  // Exit rules and the goal hold at every step, before anything else.
  for (const x of def.exits) {
    if ('segment' in x && person.segments.includes(x.segment) === x.member) return end('exit');
  }
  if (input.kind === 'event') {
    const e = input.event;
    if (def.goal && eventMatches(e, def.goal.event, def.goal.where) && corr(e, def.goal.correlated) && e.at >= r.enteredAt) return end('goal');
    for (const x of def.exits) if ('event' in x && eventMatches(e, x.event, x.where)) return end('exit');
  }

  /** Finish the steps: follow for the goal until its window closes, or end now. */
  const finish = (outcome: 'completed' | 'holdout'): Advanced => {
    const until = def.goal ? r.enteredAt + (journeyDurationMs(def.goal.within) ?? 0) : now;
    if (until <= now) return end(outcome);
    Object.assign(r, { status: 'following', stepId: null, wakeAt: until });
    return { run: r, effects };
  };

  const waitAt = (s: JourneyStep, until: number): Advanced => {
    Object.assign(r, { status: 'waiting', stepId: s.id, wakeAt: until });
    return { run: r, effects };
  };

  const effect = (s: JourneyStep): Omit<JourneyEffect, 'type'> & { key: string } => ({
    key: `${r.id}:${s.id}:${r.visits[s.id] ?? 1}`,
    runId: r.id,
    journeyId: r.journeyId,
    version: r.version,
    stepId: s.id,
    personId: r.personId,
  });

  /** Run steps from `from` until one waits or the graph ends. */
  const runFrom = (from: string | null): Advanced => {
    let id = from;
    for (let guard = 0; id !== null; guard++) {
      if (guard >= MAX_STEPS_PER_ADVANCE) return end('loop_guard');
      const s = steps.get(id);
      if (!s) return end('completed'); // validated definitions never get here
      r.visits[s.id] = (r.visits[s.id] ?? 0) + 1;
      r.status = 'active';
      r.stepId = s.id;
      switch (s.type) {
        case 'wait':
          return waitAt(s, now + journeyDurationMs(s.duration)!);
        case 'waitForEvent':
          return waitAt(s, now + journeyDurationMs(s.timeout)!);
        case 'waitForWindow': {
          const open = nextWindowOpen(now, s.timeZone === 'person' ? person.timeZone : s.timeZone, s.start, s.end, s.days);
          if (open > now) return waitAt(s, open);
          id = s.next;
          break;
        }
        case 'branch':
          id = s.branches.find((b) => conditionHolds(b.when, person))?.next ?? s.otherwise;
          break;
        case 'split': {
          const experiment = s.experiment ?? `${r.journeyId}.${s.id}`;
          const arms = [...s.variants.map((v) => ({ id: v.id, weight: v.percent, next: v.next })), { id: 'holdout', weight: s.holdout, next: null }].filter((v) => v.weight > 0);
          const arm = assignVariant(experiment, r.personId, arms);
          r.variant = arm.id;
          effects.push({ ...effect(s), type: 'exposure', experiment, variant: arm.id });
          if (arm.id === 'holdout') return finish('holdout');
          id = arm.next;
          break;
        }
        case 'send':
          effects.push({ ...effect(s), type: 'send', channel: s.channel, template: s.template, transactional: s.transactional, journeyCap: def.frequencyCap ?? null });
          id = s.next;
          break;
        case 'webhook':
          effects.push({ ...effect(s), type: 'webhook', url: s.url, body: s.body ?? null });
          id = s.next;
          break;
        case 'task':
          effects.push({ ...effect(s), type: 'task', title: s.title, priority: s.priority, owner: s.owner ?? null, dueAt: now + journeyDurationMs(s.due)! });
          id = s.next;
          break;
        case 'setTrait':
          effects.push({ ...effect(s), type: 'setTrait', trait: s.trait, value: s.value });
          id = s.next;
          break;
        case 'loop':
          // The first arrival is pass 1: the body runs `times` times, then the run goes on to `then`.
          id = r.visits[s.id]! <= s.times ? s.body : s.then;
          break;
      }
    }
    return finish('completed');
  };

  switch (input.kind) {
    case 'start':
      return r.status === 'active' && r.stepId !== null && (r.visits[r.stepId] ?? 0) === 0 ? runFrom(r.stepId) : { run: r, effects };
    case 'segments':
      return { run: r, effects };
    case 'timer': {
      if (r.wakeAt === null || r.wakeAt > now) return { run: r, effects };
      if (r.status === 'following') return end(r.variant === 'holdout' ? 'holdout' : 'completed');
      const s = r.stepId === null ? undefined : steps.get(r.stepId);
      if (!s || r.status !== 'waiting') return { run: r, effects };
      r.wakeAt = null;
      if (s.type === 'waitForEvent') return runFrom(s.onTimeout);
      if (s.type === 'wait' || s.type === 'waitForWindow') return runFrom(s.next);
      return { run: r, effects };
    }
    case 'event': {
      const s = r.stepId === null ? undefined : steps.get(r.stepId);
      if (r.status === 'waiting' && s?.type === 'waitForEvent' && eventMatches(input.event, s.event, s.where) && corr(input.event, s.correlated) && input.event.at >= r.enteredAt) {
        r.wakeAt = null;
        return runFrom(s.next);
      }
      return { run: r, effects };
    }
  }
}

/** The runs a person already has in a journey, as entry needs them. */
export interface PriorRun {
  correlation: string | null;
  status: JourneyRun['status'];
  enteredAt: number;
}

export type EntryDecision = { enter: true; correlation: string | null } | { enter: false; reason: 'no_match' | 'no_correlation' | 'running' | 'reentry' };

/**
 * Whether an input starts a new run: the trigger matches (for event triggers: the event, its
 * filters and its correlation value), no run with the same correlation is under way, and the
 * re-entry policy allows another after those that ended.
 */
export function entryDecision(def: JourneyDefinition, trigger: { event?: JourneyEvent }, prior: readonly PriorRun[], now: number): EntryDecision {
  let correlation: string | null = null;
  if (def.trigger.type === 'event') {
    const e = trigger.event;
    if (!e || !eventMatches(e, def.trigger.event, def.trigger.where)) return { enter: false, reason: 'no_match' };
    correlation = correlationOf(e, def.trigger.correlate);
    if (def.trigger.correlate !== undefined && correlation === null) return { enter: false, reason: 'no_correlation' };
  }
  const same = prior.filter((p) => p.correlation === correlation);
  if (same.some((p) => p.status !== 'ended')) return { enter: false, reason: 'running' };
  if (same.length > 0) {
    const policy = def.reentry;
    if (policy.policy === 'never') return { enter: false, reason: 'reentry' };
    if (policy.policy === 'after') {
      const last = Math.max(...same.map((p) => p.enteredAt));
      if (last + policy.days * 86_400_000 > now) return { enter: false, reason: 'reentry' };
    }
  }
  return { enter: true, correlation };
}
