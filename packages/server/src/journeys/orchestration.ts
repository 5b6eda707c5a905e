import type { DeliveryConfig } from '@trailmap/core';
import { projectSalt, type StateStore } from '@trailmap/state';
import type { EventStore } from '@trailmap/warehouse';
import { createChannelAdapters, type ChannelAdapterOptions, type ChannelAdapters } from '../channels/index.js';
import { projectUnsubscribeSecret } from '../channels/unsubscribe-secret.js';
import type { TemplateVars } from '../channels/templates.js';
import type { JourneyCatalogue } from './journey-catalogue.js';
import { JourneyWorker } from './journey-worker.js';
import { MessageSender } from './message-sender.js';
import { OutboundDrain } from './outbound-drain.js';
import { JourneyScheduler } from './journey-scheduler.js';
import type { PersonContextSource } from './person-context-source.js';

export interface OrchestrationOptions {
  state: StateStore;
  catalogue: JourneyCatalogue;
  context: PersonContextSource;
  rules: DeliveryConfig;
  purposes: readonly string[];
  publicUrl: string;
  /** The environment the channels read (TRAILMAP_SMTP_URL, …); default process.env. */
  env?: Record<string, string | undefined>;
  channelOptions?: ChannelAdapterOptions;
  /** The event store to drain journey events into and read scheduled audiences from; absent in `trailmap worker` processes (the server does both). */
  store?: EventStore;
  /** The project's time zone (schedules in `person` time, people without one). */
  timeZone?: string;
  recommend?: (personId: string) => Promise<TemplateVars['recommendations']>;
  now?: () => number;
  workerOptions?: { owner?: string; batch?: number; leaseMs?: number; onStep?: (ms: number) => void };
  timeoutMs?: number;
}

/** The worker, the sender and the drain of one process, over one state store. */
export interface Orchestration {
  worker: JourneyWorker;
  sender: MessageSender;
  drain: OutboundDrain | null;
  scheduler: JourneyScheduler | null;
  channels: ChannelAdapters;
  /** Run the loops (every `everyMs` when idle); `work: false` runs only the drain (dedicated workers do the rest). */
  start(everyMs: number, onError: (e: unknown) => void, opts?: { work?: boolean }): void;
  /** Step everyone due, send everything due and drain the events, until nothing is left (tests, the test clock). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export function createOrchestration(o: OrchestrationOptions): Orchestration {
  const secret = projectUnsubscribeSecret(o.state);
  const channels = createChannelAdapters(o.env ?? process.env, o.state, { ...(o.now ? { now: o.now } : {}), ...o.channelOptions });
  const worker = new JourneyWorker({ state: o.state, catalogue: o.catalogue, context: o.context, ...(o.now ? { now: o.now } : {}), ...o.workerOptions });
  const sender = new MessageSender({
    state: o.state,
    adapters: channels.adapters,
    missing: channels.missing,
    context: o.context,
    rules: o.rules,
    purposes: o.purposes,
    publicUrl: o.publicUrl,
    unsubscribeSecret: secret,
    addressKey: async () => Buffer.from(await projectSalt(o.state)),
    ...(o.recommend ? { recommend: o.recommend } : {}),
    ...(o.now ? { now: o.now } : {}),
    ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
  });
  const drain = o.store ? new OutboundDrain(o.state, o.store, o.now) : null;
  const scheduler = o.store ? new JourneyScheduler(o.state, o.store, o.catalogue, o.timeZone ?? 'UTC', o.now) : null;
  return {
    worker,
    sender,
    drain,
    scheduler,
    channels,
    start(everyMs, onError, opts = {}) {
      if (opts.work !== false) {
        worker.start(everyMs, onError);
        sender.start(everyMs, onError);
      }
      drain?.start(everyMs, onError);
      // Schedules are to the minute.
      scheduler?.start(Math.max(everyMs, 30_000), onError);
    },
    async settle() {
      await scheduler?.tick();
      for (let round = 0; round < 100; round++) {
        const stepped = await worker.drain();
        const sent = await sender.drain();
        const drained = (await drain?.drain()) ?? 0;
        if (stepped + sent + drained === 0) return;
      }
    },
    async close() {
      await worker.stop();
      await sender.stop();
      await drain?.stop();
      await scheduler?.stop();
      await channels.close();
    },
  };
}
