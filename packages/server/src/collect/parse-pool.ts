import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MessageType } from '@trailmap/core';
import { parseCollection, type ParsedCollection } from './parse-collection.js';

/** Where a collection request's body is parsed, validated and encoded. */
export interface CollectionParser {
  /** `source`: what the events' source is (default "http"; a key bound to a source stamps its own). */
  parse(body: Buffer, endpoint: MessageType | 'batch', receivedAt: number, source?: string): Promise<ParsedCollection>;
  close(): Promise<void>;
}

/** On the request thread (TRAILMAP_COLLECT_WORKERS=0). */
export class InlineParser implements CollectionParser {
  async parse(body: Buffer, endpoint: MessageType | 'batch', receivedAt: number, source?: string): Promise<ParsedCollection> {
    return parseCollection(body.toString('utf8'), endpoint, receivedAt, source);
  }
  async close(): Promise<void> {}
}

export interface ParseRequestMessage {
  id: number;
  body: ArrayBuffer;
  endpoint: MessageType | 'batch';
  receivedAt: number;
  source?: string;
}
export type ParseReplyMessage = { id: number; parsed: ParsedCollection } | { id: number; error: string };

interface Pending {
  resolve: (p: ParsedCollection) => void;
  reject: (e: Error) => void;
}
interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

const WORKER_URL = new URL('./parse-worker.js', import.meta.url);

/**
 * Threads that turn collection bodies into log lines (JSON parse, validation, encoding: most of
 * a request's CPU, and most of its garbage), so the request thread only reads sockets and writes
 * the log. Each request goes to the thread with the fewest waiting; a thread that dies fails only
 * its own requests (500, nothing acknowledged) and is replaced.
 */
export class ParsePool implements CollectionParser {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number) {
    if (!(Number.isInteger(size) && size >= 1)) throw new Error(`a parse pool needs at least one thread, got ${size}`);
  }

  parse(body: Buffer, endpoint: MessageType | 'batch', receivedAt: number, source?: string): Promise<ParsedCollection> {
    if (this.closed) return Promise.reject(new Error('the collection parser is closed'));
    const slot = this.pick();
    const id = this.nextId++;
    // A copy the thread can own: request buffers are often views into a shared pool.
    const owned = new Uint8Array(body.byteLength);
    owned.set(body);
    return new Promise<ParsedCollection>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, body: owned.buffer, endpoint, receivedAt, ...(source ? { source } : {}) } satisfies ParseRequestMessage, [owned.buffer]);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.splice(0).map((s) => this.retire(s, new Error('the collection parser closed before the request was parsed'))));
  }

  private pick(): Slot {
    if (this.slots.length < this.size) {
      const idle = this.slots.find((s) => s.pending.size === 0);
      return idle ?? this.spawn();
    }
    let best = this.slots[0]!;
    for (const s of this.slots) if (s.pending.size < best.pending.size) best = s;
    return best;
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL);
    worker.unref(); // idle threads never keep the process alive
    const slot: Slot = { worker, pending: new Map() };
    this.slots.push(slot);
    worker.on('message', (m: ParseReplyMessage) => {
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if ('error' in m) p.reject(new Error(`parsing the request failed: ${m.error}`));
      else p.resolve(m.parsed);
    });
    const fail = (e: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      void this.retire(slot, e);
    };
    worker.on('error', (e) => fail(new Error(`the collection parsing thread failed: ${e.message}`)));
    worker.on('exit', (code) => fail(new Error(`the collection parsing thread exited (code ${code})`)));
    return slot;
  }

  private async retire(slot: Slot, e: Error): Promise<void> {
    const pending = [...slot.pending.values()];
    slot.pending.clear();
    for (const p of pending) p.reject(e);
    slot.worker.removeAllListeners();
    await slot.worker.terminate();
  }
}

/**
 * Parsing threads when TRAILMAP_COLLECT_WORKERS is unset: one per core, at most 4. A pool starts a
 * thread only when every running one is busy, so an idle server holds one. On 2 cores one thread
 * was the limit (the request thread idled ~75% of the time).
 */
export const defaultCollectWorkers = (): number => Math.max(1, Math.min(4, availableParallelism()));

/** The parser for a setting of TRAILMAP_COLLECT_WORKERS: 0 = inline, N = a pool of N threads, absent = the default. */
export function collectionParser(workers: number | undefined): CollectionParser {
  const n = workers ?? defaultCollectWorkers();
  return n === 0 ? new InlineParser() : new ParsePool(n);
}
