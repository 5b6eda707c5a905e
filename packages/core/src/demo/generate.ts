import { simulateJourney } from './journey.js';
import type { Person } from './people.js';
import { Rng } from './prng.js';
import type { Pending } from './writer.js';

export interface DemoOptions {
  /** Exactly this many messages are yielded. */
  events: number;
  /** Same seed and options → byte-identical messages. */
  seed: number;
  /**
   * ISO start of the window; default 2026-05-01T00:00:00.000Z (fixed, for tests and fixtures).
   * `npm start` and `trailmap demo` pass `demoStartEndingToday(now)` so relative ranges find data.
   */
  start?: string;
  /** Window length in days; default 180. */
  days?: number;
}

/** Defaults for the demo window. */
export const DEMO_DEFAULT_START = '2026-05-01T00:00:00.000Z';
export const DEMO_DEFAULT_DAYS = 180;

/**
 * The start of a demo window of DEMO_DEFAULT_DAYS that ends at today's 00:00 UTC: the window the
 * product's demo uses, so "last 30 days" has data.
 */
export function demoStartEndingToday(nowMs: number, days = DEMO_DEFAULT_DAYS): string {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  return new Date(today - days * DAY_MS).toISOString();
}

/** Resolve and check options; throws RangeError on nonsense. */
export function demoWindow(opts: DemoOptions): { startMs: number; endMs: number } {
  if (!Number.isInteger(opts.events) || opts.events < 0) throw new RangeError(`events must be a non-negative integer, got ${opts.events}`);
  if (!Number.isFinite(opts.seed)) throw new RangeError(`seed must be a finite number, got ${opts.seed}`);
  const startMs = Date.parse(opts.start ?? DEMO_DEFAULT_START);
  if (Number.isNaN(startMs)) throw new RangeError(`start must be an ISO date, got ${JSON.stringify(opts.start)}`);
  const days = opts.days ?? DEMO_DEFAULT_DAYS;
  if (!(days > 0) || !Number.isFinite(days)) throw new RangeError(`days must be a positive number, got ${days}`);
  return { startMs, endMs: startMs + days * 86_400_000 };
}

const byTime = (a: Pending, b: Pending) => a.ts - b.ts;

const DAY_MS = 86_400_000;
const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
const pad3 = (n: number) => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

/** Same output as `new Date(ts).toISOString()`, with the date part cached (generation is hot). */
function isoFormatter(): (ts: number) => string {
  const days = new Map<number, string>();
  return (ts) => {
    const day = Math.floor(ts / DAY_MS);
    let prefix = days.get(day);
    if (prefix === undefined) days.set(day, (prefix = new Date(day * DAY_MS).toISOString().slice(0, 11)));
    let ms = ts - day * DAY_MS;
    const h = Math.floor(ms / 3_600_000);
    ms -= h * 3_600_000;
    const m = Math.floor(ms / 60_000);
    ms -= m * 60_000;
    const sec = Math.floor(ms / 1000);
    return `${prefix}${pad2(h)}:${pad2(m)}:${pad2(sec)}.${pad3(ms - sec * 1000)}Z`;
  };
}

/**
 * Yield exactly `opts.events` raw Segment messages of the Northwind Outfitters demo business,
 * one person's journey at a time (time-ordered within a person), all inside [start, start+days].
 */
export function* generateDemoMessages(opts: DemoOptions): Generator<Record<string, unknown>> {
  const { startMs, endMs } = demoWindow(opts);
  const seed = Math.trunc(opts.seed);
  const rng = new Rng(seed);
  const prefix = `demo-${seed}-`;
  const iso = isoFormatter();
  let n = 0;
  let previous: Person | undefined;
  for (let index = 0; n < opts.events; index++) {
    const { person, messages } = simulateJourney(rng, seed, index, startMs, endMs, previous);
    previous = person;
    messages.sort(byTime);
    for (const { ts, msg } of messages) {
      if (n >= opts.events) return;
      msg.messageId = prefix + n++;
      msg.timestamp = iso(ts);
      yield msg;
    }
  }
}
