import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { runComputeJob, type ComputeKind } from './compute-jobs.js';
import type { ComputeReplyMessage, ComputeRequestMessage, SerializedComputeError } from './compute-messages.js';

/** Worker entry: runs the pool's jobs one at a time off the request thread. */
const port = parentPort;
if (!port) throw new Error('compute-worker.js runs as a worker thread of the compute pool');

const serialize = (e: unknown): SerializedComputeError => {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const issues = (e as { issues?: unknown }).issues;
  return { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}), ...(e.name === 'ZodError' && Array.isArray(issues) ? { issues } : {}) };
};

// Below the request thread: on Linux the nice value is per thread (pid 0 = this thread), so when
// the cores are busy the scheduler serves the event loop first and the computation waits.
try {
  setPriority(0, 10);
} catch {
  // not permitted here: run at the process's priority
}

port.on('message', (msg: ComputeRequestMessage) => {
  let reply: ComputeReplyMessage;
  try {
    reply = { type: 'result', id: msg.id, value: runComputeJob(msg.kind as ComputeKind, msg.input as never) };
  } catch (e) {
    reply = { type: 'error', id: msg.id, error: serialize(e) };
  }
  port.postMessage(reply);
});
port.postMessage({ type: 'ready' } satisfies ComputeReplyMessage);
