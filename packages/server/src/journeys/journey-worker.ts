import { randomUUID } from 'node:crypto';
import { advance, entryDecision, newRun, type JourneyEffect, type JourneyEvent, type JourneyRun, type PersonContext, type RunInput } from '@trailmap/core';
import {
  createServiceTask,
  holdLease,
  leaseDuePeople,
  markInputsDone,
  pendingInputs,
  personRuns,
  queueJourneyMessages,
  queueOutboundEvents,
  releaseDue,
  saveRuns,
  type NewJourneyMessage,
  type StateSession,
  type StateStore,
  type StoredJourneyInput,
} from '@trailmap/state';
import { versionKey, type JourneyCatalogue, type JourneySnapshot, type LoadedJourney } from './journey-catalogue.js';
import { exposureEvent, messageStatusEvent, traitEvent, type OutboundEvent } from './outbound-events.js';
import type { PersonContextSource } from './person-context-source.js';
import { repeatEvery } from './periodic.js';

export interface JourneyWorkerOptions {
  state: StateStore;
  catalogue: JourneyCatalogue;
  context: PersonContextSource;
  /** The clock (a test clock in tests and benchmarks). */
  now?: () => number;
  /** This worker's name in leases (default: a random one). */
  owner?: string;
  /** People leased per round. */
  batch?: number;
  /** How long a lease lasts: a worker that dies holds its people this long at most. */
  leaseMs?: number;
  /** Called after each person's step, with how long it took (benchmarks). */
  onStep?: (ms: number) => void;
}

/** A person whose runs belong to a paused journey is looked at again after this long. */
const PAUSED_RECHECK_MS = 60_000;
/** More pending inputs than this for one person are taken in the next round. */
const INPUTS_PER_ROUND = 500;

/** Segment change inputs say which segment changed; event inputs carry the event; enter inputs the journey. */
interface SegmentsPayload {
  segment: string;
  member: boolean;
}

/**
 * The journey worker: leases people with work due (SKIP LOCKED, so any number of workers share one
 * PostgreSQL), gathers each person's context, applies every pending input and due timer to their
 * runs with the pure `advance`, and writes the runs, the messages to send, the tasks and the
 * events for the warehouse in one transaction with the inputs marked done. A crash at any point
 * leaves either all of a person's step or none of it; the lease then expires and another worker
 * (or this one, restarted) does the step again.
 */
export class JourneyWorker {
  readonly owner: string;
  private readonly now: () => number;
  private loop: { stop(): Promise<void> } | null = null;
  private stopping = false;

  constructor(private readonly o: JourneyWorkerOptions) {
    this.owner = o.owner ?? `w-${randomUUID().slice(0, 8)}`;
    this.now = o.now ?? Date.now;
  }

  /** One round: lease due people and step each; returns how many were stepped. */
  async tick(): Promise<number> {
    const snap = await this.o.catalogue.current();
    const now = this.now();
    const people = await leaseDuePeople(this.o.state, this.owner, now, this.o.leaseMs ?? 30_000, this.o.batch ?? 50);
    for (const personId of people) {
      const t0 = performance.now();
      await this.step(snap, personId, now);
      this.o.onStep?.(performance.now() - t0);
    }
    return people.length;
  }

  /** Rounds until no one is due (tests and the test clock). */
  async drain(maxRounds = 10_000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxRounds; i++) {
      const n = await this.tick();
      if (n === 0) return total;
      total += n;
    }
    return total;
  }

  /** Poll for due work every `everyMs` until stopped (rounds follow each other at once while there is work); errors go to `onError` and the loop goes on. */
  start(everyMs: number, onError: (e: unknown) => void): void {
    this.loop = repeatEvery(async () => {
      while (!this.stopping && (await this.tick()) > 0);
    }, everyMs, onError);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop?.stop();
  }

  private async step(snap: JourneySnapshot, personId: string, now: number): Promise<void> {
    // Gathered before the transaction: the warehouse reads hold no state-store locks.
    const person = await this.o.context.context(personId, snap.needs, now);
    await this.o.state.transaction(async (tx) => {
      if (!(await holdLease(tx, personId, this.owner))) return; // the lease expired and another worker has the person
      const inputs = await pendingInputs(tx, personId, INPUTS_PER_ROUND);
      const runs = new Map((await personRuns(tx, personId)).map((r) => [r.id, r]));
      const changed = new Set<string>();
      const effects: JourneyEffect[] = [];
      const apply = (j: LoadedJourney, run: JourneyRun, input: RunInput) => {
        const out = advance(j.def, run, input, person, now);
        if (out.run !== run) {
          runs.set(run.id, out.run);
          changed.add(run.id);
        }
        effects.push(...out.effects);
      };
      const journeyOf = (r: JourneyRun) => snap.versions.get(versionKey(r.journeyId, r.version));
      const underWay = () => [...runs.values()].filter((r) => r.status !== 'ended');

      for (const input of inputs) {
        const event = input.kind === 'event' ? (input.payload as JourneyEvent) : undefined;
        // Runs under way take the input first; then the journeys it may start.
        for (const r of underWay()) {
          const j = journeyOf(r);
          if (!j || j.status !== 'live') continue;
          if (event) apply(j, r, { kind: 'event', event });
          else if (input.kind === 'segments') apply(j, r, { kind: 'segments' });
        }
        for (const j of snap.entering) {
          if (!startsFrom(j, input)) continue;
          const prior = [...runs.values()].filter((r) => r.journeyId === j.id);
          const d = entryDecision(j.def, event ? { event } : {}, prior, now);
          if (!d.enter) continue;
          const run = newRun(j.def, { id: `${j.id}.${input.id}`, journeyId: j.id, version: j.version, personId }, d.correlation, now);
          runs.set(run.id, run);
          changed.add(run.id);
          apply(j, run, { kind: 'start' });
        }
      }
      // Timers due now (a run woken may wait again, never at or before now, so one pass each).
      for (const r of underWay()) {
        const j = journeyOf(r);
        if (j?.status === 'live' && r.wakeAt !== null && r.wakeAt <= now) apply(j, r, { kind: 'timer' });
      }

      await saveRuns(tx, [...changed].map((id) => runs.get(id)!));
      await this.perform(tx, effects, person, snap, now);
      await markInputsDone(tx, inputs.map((i) => i.id), now);
      await releaseDue(tx, personId, nextDue(underWay(), (r) => journeyOf(r), inputs.length >= INPUTS_PER_ROUND, now));
    });
  }

  /** Record the effects in the step's transaction: messages to send, tasks, events for the warehouse. */
  private async perform(tx: StateSession, effects: readonly JourneyEffect[], person: PersonContext, snap: JourneySnapshot, now: number): Promise<void> {
    const messages: NewJourneyMessage[] = [];
    const outbound: OutboundEvent[] = [];
    for (const e of effects) {
      const base = { id: e.key, runId: e.runId, journeyId: e.journeyId, version: e.version, stepId: e.stepId, personId: e.personId };
      switch (e.type) {
        case 'send':
          messages.push({ ...base, channel: e.channel, transactional: e.transactional, payload: { template: e.template, journeyCap: e.journeyCap, journeyName: snap.versions.get(versionKey(e.journeyId, e.version))?.name ?? e.journeyId } });
          break;
        case 'webhook':
          messages.push({ ...base, channel: 'webhook', transactional: true, payload: { url: e.url, body: e.body, journeyName: snap.versions.get(versionKey(e.journeyId, e.version))?.name ?? e.journeyId } });
          break;
        case 'task':
          await createServiceTask(tx, { dedupeKey: `journey:${e.key}`, personId: e.personId, title: e.title, priority: e.priority, owner: e.owner, dueAt: new Date(e.dueAt).toISOString(), createdAt: new Date(now).toISOString(), source: 'journey', journeyId: e.journeyId, runId: e.runId, stepId: e.stepId, detail: {} });
          break;
        case 'setTrait':
          push(outbound, traitEvent(person, e, now));
          break;
        case 'exposure':
          push(outbound, exposureEvent(person, e, now));
          break;
      }
    }
    const added = new Set(await queueJourneyMessages(tx, messages, now));
    for (const m of messages) if (added.has(m.id)) push(outbound, messageStatusEvent(person, m, 'queued', now));
    await queueOutboundEvents(tx, outbound, now);
  }
}

const push = <T>(list: T[], x: T | null) => {
  if (x !== null) list.push(x);
};

/** Whether an input can start this journey: an event for event triggers, a segment change for segment triggers, an entry for this journey. */
function startsFrom(j: LoadedJourney, input: StoredJourneyInput): boolean {
  const t = j.def.trigger;
  if (input.kind === 'event') return t.type === 'event';
  if (input.kind === 'enter') return input.journeyId === j.id && (t.type === 'schedule' || t.type === 'dateTrait');
  if (t.type !== 'segment') return false;
  const p = input.payload as SegmentsPayload;
  return p.segment === t.segment && p.member === (t.on === 'entry');
}

/** When the person is due again: now when inputs remain, else the earliest timer (paused journeys: a recheck later). */
function nextDue(runs: readonly JourneyRun[], journeyOf: (r: JourneyRun) => LoadedJourney | undefined, moreInputs: boolean, now: number): number | null {
  if (moreInputs) return now;
  let next: number | null = null;
  for (const r of runs) {
    const j = journeyOf(r);
    if (!j) continue; // its journey was archived or deleted: nothing will advance it
    const at = j.status === 'paused' ? now + PAUSED_RECHECK_MS : r.wakeAt;
    if (at !== null && (next === null || at < next)) next = at;
  }
  return next;
}
