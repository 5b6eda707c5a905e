import { parentPort } from 'node:worker_threads';
import { parseCollection } from './parse-collection.js';
import type { ParseReplyMessage, ParseRequestMessage } from './parse-pool.js';

/** Thread entry of the collection parse pool: one request body in, its log lines (or its 4xx) out. */
const port = parentPort;
if (!port) throw new Error('parse-worker.js runs as a thread of the collection parse pool');

port.on('message', (msg: ParseRequestMessage) => {
  let reply: ParseReplyMessage;
  try {
    reply = { id: msg.id, parsed: parseCollection(Buffer.from(msg.body).toString('utf8'), msg.endpoint, msg.receivedAt, msg.source) };
  } catch (e) {
    reply = { id: msg.id, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
