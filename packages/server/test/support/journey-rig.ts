import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { DEFAULT_DELIVERY_CONFIG, DEFAULT_PURPOSES, journeyDefinitionSchema, normalizeMessage, type DeliveryConfig, type NormalizedEvent } from '@trailmap/core';
import { createJourney, openMemoryState, publishJourney, type StateStore } from '@trailmap/state';
import { openTestStore } from '@trailmap/warehouse/testing';
import { JourneyCatalogue } from '../../src/journeys/journey-catalogue.js';
import { JourneyFeed } from '../../src/journeys/journey-feed.js';
import { warehouseContextSource } from '../../src/journeys/person-context-source.js';
import { createOrchestration } from '../../src/journeys/orchestration.js';

/** A settable clock: tests move it; everything in the rig reads it. */
export class TestClock {
  constructor(public ms: number) {}
  readonly now = () => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface ReceivedMail {
  to: string[];
  raw: string;
  messageId: string | null;
  subject: string | null;
}

/** A real SMTP peer (smtp-server) on a loopback port that keeps every message it accepted. */
export async function startSmtpPeer(opts: { refuse?: (rcpt: string) => { code: number; message: string } | null } = {}) {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      const r = opts.refuse?.(address.address);
      if (r) return cb(Object.assign(new Error(r.message), { responseCode: r.code }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(raw)?.[1]?.trim() ?? null;
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, messageId: header('Message-ID'), subject: header('Subject') });
        cb();
      });
    },
  });
  // A sender killed mid-conversation resets its connection: that is the crash tests' point, not the peer's failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return { mails, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * The journey machinery of one server process on a fresh store (the engine under test) and an
 * embedded state store (or the one given), with a test clock: send events, settle, look.
 */
export async function startJourneyRig(opts: { clock: TestClock; env?: Record<string, string | undefined>; state?: StateStore; rules?: Partial<DeliveryConfig>; timeZone?: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-journeys-'));
  const state = opts.state ?? (await openMemoryState());
  const catalogue = new JourneyCatalogue(state, 0);
  const feed = new JourneyFeed(state, catalogue, opts.clock.now);
  const store = await openTestStore(dir, { state, journeyFeed: feed });
  const context = warehouseContextSource(store, state, opts.timeZone ?? 'UTC');
  const orchestration = createOrchestration({
    state,
    catalogue,
    context,
    rules: { ...DEFAULT_DELIVERY_CONFIG, ...opts.rules },
    purposes: DEFAULT_PURPOSES,
    publicUrl: 'http://trailmap.test',
    env: opts.env ?? {},
    store,
    now: opts.clock.now,
  });
  let seq = 0;
  return {
    state,
    store,
    catalogue,
    feed,
    orchestration,
    /** Create and publish a journey; returns its id. */
    async publish(def: unknown, id = `j${++seq}`): Promise<string> {
      const parsed = journeyDefinitionSchema.parse(def);
      await createJourney(state, { id, name: parsed.name, draft: parsed, at: new Date(opts.clock.ms) });
      await publishJourney(state, id, new Date(opts.clock.ms));
      return id;
    },
    /** Collect Segment messages (timestamped now unless given) and load them, as the HTTP API does. */
    async send(...messages: Array<Record<string, unknown>>): Promise<void> {
      const events: NormalizedEvent[] = messages.map((m) => {
        const r = normalizeMessage({ timestamp: new Date(opts.clock.ms).toISOString(), messageId: `m${++seq}`, ...m }, { receivedAt: opts.clock.ms, source: 'test' });
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        return r.value;
      });
      await store.ingestBatch(events);
      await store.flush();
    },
    /** Step, send and drain until nothing is due at the clock's now. */
    settle: () => orchestration.settle(),
    async close() {
      await orchestration.close();
      await store.close();
      if (!opts.state) await state.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
