#!/usr/bin/env node
// bench/orchestration — N people (default 100,000) through a 5-step journey (wait 1 h → branch on
// a trait → in-app message → wait 1 d → set a trait) on a test clock: the worker's steps/s and
// p99 step latency (one step = one person's inputs and timers applied and written in one
// transaction), the sender's messages/s, on the embedded state store (PGlite) and on a PostgreSQL
// server (Debian's, started by this run) with 1 and with 3 workers (three worker loops, each with
// its own connection pool, in this process). Baseline, measured in the same run: the pure engine
// (`advance` with no state store) over the same people and inputs. People's context comes from a
// fixed in-memory source, so the warehouse is not part of what is measured.
// Usage: npm run bench:orchestration [-- --people N --runs N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { advance, DEFAULT_DELIVERY_CONFIG, DEFAULT_PURPOSES, entryDecision, journeyDefinitionSchema, newRun } from '@trailmap/core';
import { createJourney, enqueueJourneyInputs, migrateState, openPgliteState, openPostgresState, publishJourney } from '@trailmap/state';
import { startPostgres } from '@trailmap/state/test-support';
import { createOrchestration, JourneyCatalogue } from '@trailmap/server';

const { values } = parseArgs({ options: { people: { type: 'string', default: '100000' }, runs: { type: 'string', default: '1' } } });
const PEOPLE = Number(values.people);
const RUNS = Number(values.runs);
const H = 3_600_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');

const def = journeyDefinitionSchema.parse({
  name: 'bench',
  trigger: { type: 'event', event: 'Signed Up' },
  start: 'settle',
  steps: [
    { id: 'settle', type: 'wait', duration: '1h', next: 'plan' },
    { id: 'plan', type: 'branch', branches: [{ when: { trait: 'plan', op: 'eq', value: 'pro' }, next: 'hello' }], otherwise: 'hello' },
    { id: 'hello', type: 'send', channel: 'inapp', template: { subject: { en: 'Welcome' }, body: { en: 'Hello {{ person.traits.name }}' } }, transactional: true, next: 'later' },
    { id: 'later', type: 'wait', duration: '1d', next: 'done' },
    { id: 'done', type: 'setTrait', trait: 'onboarded', value: true, next: null },
  ],
});

const person = (id) => ({ personId: id, userId: id, anonymousId: null, traits: { name: id, plan: Number(id.slice(1)) % 3 === 0 ? 'pro' : 'free' }, computed: {}, segments: [], timeZone: 'UTC', locale: 'en', eventCounts: {} });
const consent = (id) => ({ personId: id, region: 'other', purposes: { analytics: { granted: true, basis: 'default' }, personalisation: { granted: true, basis: 'default' }, marketing: { granted: true, basis: 'default' } }, history: [] });
const context = { context: async (id) => person(id), consent: async (id) => consent(id) };
const ids = Array.from({ length: PEOPLE }, (_, i) => `p${i}`);
const event = (id) => ({ messageId: `su-${id}`, personId: id, event: 'Signed Up', at: T0, properties: {} });
const pct = (xs, q) => {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};

/** The pure engine alone: entry, start, two timers per person, as the worker does them. */
function pureBaseline() {
  const lat = [];
  const t0 = performance.now();
  for (const id of ids) {
    const a = performance.now();
    const d = entryDecision(def, { event: event(id) }, [], T0);
    let r = newRun(def, { id: `r-${id}`, journeyId: 'bench', version: 1, personId: id }, d.correlation, T0).valueOf();
    r = advance(def, r, { kind: 'start' }, person(id), T0).run;
    lat.push(performance.now() - a);
    const b = performance.now();
    r = advance(def, r, { kind: 'timer' }, person(id), T0 + H).run;
    lat.push(performance.now() - b);
    const c = performance.now();
    r = advance(def, r, { kind: 'timer' }, person(id), T0 + 25 * H).run;
    lat.push(performance.now() - c);
  }
  const s = (performance.now() - t0) / 1000;
  return { steps: lat.length, stepsPerSec: lat.length / s, p99Ms: pct(lat, 0.99) };
}

/** The whole worker and sender on one state store, with `workers` worker loops sharing it. */
async function orchestrated(label, openState, workers) {
  const stores = [];
  for (let w = 0; w < workers; w++) stores.push(await openState());
  const state = stores[0];
  await migrateState(state);
  await createJourney(state, { id: 'bench', name: 'bench', draft: def, at: new Date(T0) });
  await publishJourney(state, 'bench', new Date(T0));
  let now = T0;
  const clock = () => now;
  const lat = [];
  const orchestrations = stores.map((s, w) =>
    createOrchestration({ state: s, catalogue: new JourneyCatalogue(s, 60_000), context, rules: DEFAULT_DELIVERY_CONFIG, purposes: DEFAULT_PURPOSES, publicUrl: 'http://bench', env: {}, now: clock, workerOptions: { owner: `w${w}`, batch: 100, onStep: (ms) => lat.push(ms) } }),
  );
  for (let i = 0; i < ids.length; i += 1000) {
    await enqueueJourneyInputs(state, ids.slice(i, i + 1000).map((id) => ({ dedupeKey: `ev:su-${id}`, personId: id, kind: 'event', payload: event(id) })), now);
  }
  let workMs = 0;
  let sendMs = 0;
  let sent = 0;
  for (const at of [T0, T0 + H, T0 + 25 * H]) {
    now = at;
    const a = performance.now();
    await Promise.all(orchestrations.map((o) => o.worker.drain(1_000_000)));
    workMs += performance.now() - a;
    const b = performance.now();
    const n = await Promise.all(orchestrations.map((o) => o.sender.drain(1_000_000)));
    sendMs += performance.now() - b;
    sent += n.reduce((x, y) => x + y, 0);
  }
  const [{ done }] = await state.query(`SELECT count(*)::int AS done FROM journey_runs WHERE status = 'ended' AND outcome = 'completed'`);
  const [{ inbox }] = await state.query('SELECT count(*)::int AS inbox FROM inbox_messages');
  for (const o of orchestrations) await o.close();
  for (const s of stores) await s.close();
  if (done !== PEOPLE || inbox !== PEOPLE) throw new Error(`${label}: ${done} runs completed and ${inbox} messages delivered of ${PEOPLE}`);
  return { label, steps: lat.length, stepsPerSec: lat.length / (workMs / 1000), p99Ms: pct(lat, 0.99), p50Ms: pct(lat, 0.5), messagesPerSec: sent / (sendMs / 1000) };
}

const median = (rows, k) => [...rows.map((r) => r[k])].sort((a, b) => a - b)[Math.floor(rows.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'trailmap-bench-orch-'));
const pg = await startPostgres();
try {
  const runs = { pure: [], embedded: [], pg1: [], pg3: [] };
  for (let r = 0; r < RUNS; r++) {
    runs.pure.push(pureBaseline());
    runs.embedded.push(await orchestrated('embedded', () => openPgliteState(join(work, `e${r}`)), 1));
    const url1 = await pg.createDatabase(`orch1_${r}`);
    runs.pg1.push(await orchestrated('postgres, 1 worker', () => openPostgresState(url1), 1));
    const url3 = await pg.createDatabase(`orch3_${r}`);
    runs.pg3.push(await orchestrated('postgres, 3 workers', () => openPostgresState(url3), 3));
  }
  const sum = (rows) => ({ stepsPerSec: median(rows, 'stepsPerSec'), p99Ms: median(rows, 'p99Ms'), ...(rows[0].messagesPerSec !== undefined ? { messagesPerSec: median(rows, 'messagesPerSec'), p50Ms: median(rows, 'p50Ms') } : {}) });
  const pure = sum(runs.pure);
  const rows = { embedded: sum(runs.embedded), postgres1: sum(runs.pg1), postgres3: sum(runs.pg3) };
  const f = (x, d = 0) => x.toFixed(d);
  console.log(`orchestration: ${PEOPLE.toLocaleString('en-US')} people × 3 steps (entry, +1 h, +1 d) through a 5-step journey, test clock, ${RUNS} run(s), medians`);
  console.log(`baseline (same run): the pure engine alone, ${f(pure.stepsPerSec)} steps/s, p99 ${f(pure.p99Ms, 3)} ms`);
  console.log('                        steps/s   p50 ms   p99 ms   messages/s   vs pure engine');
  for (const [k, v] of Object.entries(rows)) {
    console.log(`${k.padEnd(22)} ${f(v.stepsPerSec).padStart(8)} ${f(v.p50Ms, 2).padStart(8)} ${f(v.p99Ms, 2).padStart(8)} ${f(v.messagesPerSec).padStart(12)}   ${(v.stepsPerSec / pure.stepsPerSec).toExponential(2)}×`);
  }
  console.log(`3 workers vs 1 on PostgreSQL: ${(rows.postgres3.stepsPerSec / rows.postgres1.stepsPerSec).toFixed(2)}× steps/s (2 cores; PostgreSQL on the same machine)`);
  console.log(`RESULT ${JSON.stringify({ people: PEOPLE, runs: RUNS, pure, ...rows, ratios: { embeddedVsPure: rows.embedded.stepsPerSec / pure.stepsPerSec, postgres3VsPostgres1: rows.postgres3.stepsPerSec / rows.postgres1.stepsPerSec } })}`);
} finally {
  await pg.stop();
  rmSync(work, { recursive: true, force: true });
}
