import { NotEnoughDataError } from '@trailmap/core';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ZodError } from 'zod';
import type { ComputeInput, ComputeKind, ComputeOutput } from './compute-jobs.js';
import { ComputeBudgetError, ComputeBusyError, ComputeJobError } from './compute-errors.js';
import type { ComputeReplyMessage, ComputeRequestMessage, SerializedComputeError } from './compute-messages.js';

export interface ComputePoolOptions {
  /** Worker threads (default: cores − 1, at least 1). */
  size?: number;
  /** A job running longer is stopped (its worker terminated and replaced) and fails with ComputeBudgetError (default 30 s). */
  budgetMs?: number;
  /** Jobs that may wait for a free worker; one more is refused with ComputeBusyError (default 8). */
  maxQueue?: number;
}

export const DEFAULT_COMPUTE_BUDGET_MS = 30_000;
export const DEFAULT_COMPUTE_QUEUE = 8;
export const defaultComputeWorkers = () => Math.max(1, availableParallelism() - 1);

interface Job {
  id: number;
  kind: ComputeKind;
  input: unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

const WORKER_URL = new URL('./compute-worker.js', import.meta.url);

/**
 * A small pool of worker threads for the CPU-bound halves of the decide analyses, so a heavy
 * simulation never holds up the event loop (collection, /health, other queries). Workers start
 * on first use; a job gets at most `budgetMs` of a worker's time, then the worker is terminated
 * and replaced; past `maxQueue` waiting jobs, new ones are refused.
 */
export class ComputePool {
  readonly size: number;
  readonly budgetMs: number;
  readonly maxQueue: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(opts: ComputePoolOptions = {}) {
    this.size = opts.size && opts.size > 0 ? opts.size : defaultComputeWorkers();
    this.budgetMs = opts.budgetMs ?? DEFAULT_COMPUTE_BUDGET_MS;
    this.maxQueue = opts.maxQueue ?? DEFAULT_COMPUTE_QUEUE;
  }

  /** Run a job on a worker; its answer arrives by structured clone. */
  run<K extends ComputeKind>(kind: K, input: ComputeInput<K>): Promise<ComputeOutput<K>> {
    if (this.closed) return Promise.reject(new Error('the compute pool is closed'));
    const free = this.size - this.slots.filter((s) => s.job).length;
    if (this.queue.length >= this.maxQueue + free) return Promise.reject(new ComputeBusyError(this.queue.length, Math.max(1, Math.ceil(this.budgetMs / 1000))));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, kind, input, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Jobs waiting and running (for tests and logs). */
  stats(): { workers: number; running: number; queued: number } {
    return { workers: this.slots.length, running: this.slots.filter((s) => s.job).length, queued: this.queue.length };
  }

  /** Stop every worker; running and waiting jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    const gone = new Error('the compute pool closed before the computation finished');
    for (const j of this.queue.splice(0)) j.reject(gone);
    await Promise.all(
      this.slots.splice(0).map((s) => {
        if (s.timer) clearTimeout(s.timer);
        s.job?.reject(gone);
        s.job = null;
        return s.worker.terminate();
      }),
    );
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.ready && !s.job);
      if (!slot) {
        // Start workers (up to the size) for the jobs that no starting worker will take.
        const starting = this.slots.filter((s) => !s.ready).length;
        for (let n = starting; n < this.queue.length && this.slots.length < this.size; n++) this.spawn();
        return;
      }
      const job = this.queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => this.expire(slot), this.budgetMs);
      try {
        slot.worker.postMessage({ id: job.id, kind: job.kind, input: job.input } satisfies ComputeRequestMessage);
      } catch (e) {
        // The input could not be cloned: a bug in the caller, not the worker's.
        this.finish(slot);
        job.reject(e);
      }
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL);
    worker.unref(); // an idle pool never keeps the process alive
    const slot: Slot = { worker, ready: false, job: null, timer: null };
    this.slots.push(slot);
    worker.on('message', (m: ComputeReplyMessage) => {
      if (m.type === 'ready') {
        slot.ready = true;
      } else {
        const job = slot.job;
        if (!job || job.id !== m.id) return;
        this.finish(slot);
        if (m.type === 'result') job.resolve(m.value);
        else job.reject(revive(m.error));
      }
      this.pump();
    });
    worker.on('error', (e) => this.replace(slot, new ComputeJobError(`the compute worker failed: ${e.message}`, e.stack)));
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) this.replace(slot, new ComputeJobError(`the compute worker exited (code ${code})`));
    });
    return slot;
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  /** Over budget: fail the job, terminate its worker and start a fresh one in its place. */
  private expire(slot: Slot): void {
    this.replace(slot, new ComputeBudgetError(this.budgetMs));
  }

  private replace(slot: Slot, reason: unknown): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    const job = slot.job;
    this.finish(slot);
    void slot.worker.terminate();
    job?.reject(reason);
    if (!this.closed && this.queue.length > 0) this.pump();
  }
}

/** A job's error as the caller can handle it: zod issues become a ZodError again (a 400), a model's NotEnoughDataError itself again (a 422), anything else a ComputeJobError. */
function revive(e: SerializedComputeError): Error {
  if (e.issues) return new ZodError(e.issues as ConstructorParameters<typeof ZodError>[0]);
  if (e.name === 'NotEnoughDataError') return new NotEnoughDataError(e.message);
  return new ComputeJobError(`${e.name}: ${e.message}`, e.stack);
}
