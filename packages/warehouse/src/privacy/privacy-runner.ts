import { mkdirSync, rmSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_DEADLINES,
  afterStep,
  nextStep,
  privacyDeadline,
  stepsFor,
  toCsv,
  type DeadlineRule,
  type PrivacyProgress,
  type PrivacyRegime,
  type PrivacyRequestParsed,
  type PrivacyResultSummary,
  type PrivacyStep,
  type PrivacySubject,
} from '@trailmap/core';
import {
  addSuppressions,
  compactState,
  createPrivacyRequest,
  erasePersonFromState,
  finishPrivacyRequest,
  getPrivacyRequest,
  identityHash,
  markPrivacyStep,
  openPrivacyRequests,
  openSubject,
  recordAudit,
  removeSuppressions,
  savePrivacyResult,
  sealSubject,
  type StateStore,
  type StoredPrivacyRequest,
} from '@trailmap/state';
import type { EventStore } from '../store/event-store.js';
import { warehouseAccessTables, type AccessRow } from './access-document.js';
import { compactWarehouse, eraseFromWarehouse } from './erase-warehouse.js';
import { namedGraph, needlesOf, resolvePersonGraph, type PersonGraph } from './person-graph.js';
import { removeDirsNaming, rewriteFilesWithout } from './rewrite-files.js';
import { SuppressionFilter } from './suppression-filter.js';

/** Where access documents are written, under the data directory (`<id>/access.json` and a CSV per table). */
export const ACCESS_DIR = join('privacy', 'access');

export interface PrivacyRunnerOptions {
  store: EventStore;
  state: StateStore;
  salt: Buffer;
  dataDir: string;
  /** Where uploaded files wait while imported (the server's `uploads/`). */
  uploadDir: string;
  deadlines?: Readonly<Record<PrivacyRegime, DeadlineRule>>;
  /** Called after data changed (the server drops its kept answers). */
  onChanged?: () => void;
  /** Test hook (TRAILMAP_PRIVACY_PAUSE_AFTER, documented in docs/privacy.md): after this step is recorded, wait forever, so a test can kill the process there. */
  pauseAfter?: PrivacyStep | null;
  onPause?: (step: PrivacyStep) => void;
}

/** What the sealed column holds: the ids named, and the graph once resolved. */
interface Sealed {
  named: PrivacySubject;
  graph?: PersonGraph;
}

const emptySummary = (): PrivacyResultSummary => ({ identities: 0, people: 0, rows: {}, notes: [] });

/**
 * Runs data-subject requests: records each (audited, no personal data), then its named steps one
 * after another (privacy-steps.ts), each recorded when done, so a request cut off by a crash is
 * resumed at its first step not done (`resumeOpen` at start). One request runs at a time.
 */
export class PrivacyRunner {
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly o: PrivacyRunnerOptions,
    readonly suppression: SuppressionFilter,
  ) {}

  static async open(o: PrivacyRunnerOptions): Promise<PrivacyRunner> {
    return new PrivacyRunner(o, await SuppressionFilter.open(o.state, o.salt));
  }

  /** The access document's directory of a request. */
  accessDir(id: string): string {
    return join(this.o.dataDir, ACCESS_DIR, id);
  }

  /** Record a request (or find the same one still open); it runs when `run` or `runInBackground` is called. */
  async submit(input: PrivacyRequestParsed, who: { actor: string; origin?: string | null }, now = new Date()): Promise<{ request: StoredPrivacyRequest; created: boolean }> {
    const named: PrivacySubject = {
      ...(input.userId !== undefined ? { userId: input.userId } : {}),
      ...(input.anonymousId !== undefined ? { anonymousId: input.anonymousId } : {}),
      ...(input.email !== undefined ? { email: input.email.toLowerCase() } : {}),
    };
    const then = input.type === 'delete' ? (input.then ?? 'suppress') : null;
    const subjectRef = identityHash(this.o.salt, JSON.stringify([named.userId ?? null, named.anonymousId ?? null, named.email ?? null]));
    return this.o.state.transaction(async (tx) => {
      const r = await createPrivacyRequest(tx, {
        type: input.type,
        regime: input.regime,
        then,
        receivedAt: now,
        deadline: privacyDeadline(input.regime, now.getTime(), this.o.deadlines ?? DEFAULT_DEADLINES),
        steps: stepsFor(input.type, then),
        subjectRef,
        subjectSealed: sealSubject(this.o.salt, { named } satisfies Sealed),
      });
      if (r.created) await recordAudit(tx, { actor: who.actor, action: `privacy.${input.type}`, target: `request:${r.request.id}`, origin: who.origin ?? null, detail: { phase: 'received', regime: input.regime, ...(then ? { then } : {}) } });
      return r;
    });
  }

  /** Run a request to its end (queued behind any running one); returns it as stored then. */
  run(id: string, actor = 'system'): Promise<StoredPrivacyRequest> {
    const run = this.chain.then(() => this.runNow(id, actor));
    this.chain = run.catch(() => undefined);
    return run;
  }

  runInBackground(id: string, actor: string, onError: (e: unknown) => void): void {
    this.run(id, actor).catch(onError);
  }

  /** Resume every request a crash (or a stop) left open, oldest first. */
  async resumeOpen(actor = 'system'): Promise<StoredPrivacyRequest[]> {
    const out: StoredPrivacyRequest[] = [];
    for (const r of await openPrivacyRequests(this.o.state)) out.push(await this.run(r.id, actor));
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.chain;
  }

  private async runNow(id: string, actor: string): Promise<StoredPrivacyRequest> {
    let req = await getPrivacyRequest(this.o.state, id);
    if (!req) throw new Error(`no privacy request ${id}`);
    if (req.status === 'completed' || req.status === 'failed' || req.subjectSealed === null) return req;
    let sealed = openSubject<Sealed>(this.o.salt, req.subjectSealed);
    const summary = req.result ?? emptySummary();
    let progress: PrivacyProgress = { status: req.status, stepsDone: req.stepsDone };
    try {
      for (let step = nextStep(req.steps, progress); step !== null; step = nextStep(req.steps, progress)) {
        if (this.closed) return req;
        const resealed = await this.runStep(req, step, sealed, summary);
        if (resealed) sealed = resealed;
        await savePrivacyResult(this.o.state, id, summary);
        await markPrivacyStep(this.o.state, id, step, resealed ? sealSubject(this.o.salt, resealed) : undefined);
        progress = afterStep(req.steps, progress, step);
        if (this.o.pauseAfter === step) {
          this.o.onPause?.(step);
          await new Promise(() => undefined); // the test kills the process here
        }
      }
      await this.o.state.transaction(async (tx) => {
        await finishPrivacyRequest(tx, id, { status: 'completed', result: summary, error: null });
        await recordAudit(tx, { actor, action: `privacy.${req!.type}`, target: `request:${id}`, detail: { phase: 'completed', identities: summary.identities, people: summary.people, rows: summary.rows } });
      });
    } catch (e) {
      // The engine's message may quote a value: the ids are cut out before it is stored.
      let message = (e as Error).message.split('\n')[0] ?? 'failed';
      for (const n of needlesOf(sealed.graph ?? namedGraph(sealed.named))) message = message.split(n).join('[id]');
      await this.o.state.transaction(async (tx) => {
        await finishPrivacyRequest(tx, id, { status: 'failed', result: summary, error: message });
        await recordAudit(tx, { actor, action: `privacy.${req!.type}`, target: `request:${id}`, outcome: 'failed', detail: { phase: 'failed', step: nextStep(req!.steps, progress) } });
      });
    }
    req = (await getPrivacyRequest(this.o.state, id))!;
    return req;
  }

  /** One step; returns the new sealed subject when the step changed it. */
  private async runStep(req: StoredPrivacyRequest, step: PrivacyStep, sealed: Sealed, summary: PrivacyResultSummary): Promise<Sealed | null> {
    const { store, state } = this.o;
    const graph = sealed.graph ?? namedGraph(sealed.named);
    const needles = needlesOf(graph);
    switch (step) {
      case 'resolve': {
        const g = await store.exclusive((db) => resolvePersonGraph(db, sealed.named, this.o.salt));
        summary.identities = g.identities.length;
        summary.people = g.personIds.length;
        if (req.then) summary.then = req.then;
        return { named: sealed.named, graph: g };
      }
      case 'suppress': {
        const hashes = graph.identities.map((i) => identityHash(this.o.salt, i));
        await addSuppressions(state, hashes, req.id);
        summary.suppressed = hashes.length;
        await this.suppression.refresh();
        return null;
      }
      case 'unsuppress': {
        summary.suppressed = await removeSuppressions(state, graph.identities.map((i) => identityHash(this.o.salt, i)));
        await this.suppression.refresh();
        return null;
      }
      case 'warehouse': {
        const counts = await store.exclusive((db) => eraseFromWarehouse(db, graph, req.receivedAt));
        for (const [t, n] of Object.entries(counts)) summary.rows[t] = (summary.rows[t] ?? 0) + n;
        this.o.onChanged?.();
        return null;
      }
      case 'files': {
        const r = await store.exclusive(async () => {
          // After the load above every acknowledged line up to now is in the warehouse; only
          // segments set aside (`failed/`) are still files.
          const log = rewriteFilesWithout(join(store.logDir, 'failed'), needles);
          const uploads = rewriteFilesWithout(this.o.uploadDir, needles);
          const exports = removeDirsNaming(join(this.o.dataDir, ACCESS_DIR), needles);
          return { log, uploads, exports };
        });
        summary.rows['ingest-log.lines'] = r.log.lines;
        summary.rows['uploads.lines'] = r.uploads.lines;
        summary.rows['uploads.files-removed'] = r.uploads.removed;
        summary.rows['access-exports'] = r.exports;
        return null;
      }
      case 'state': {
        Object.assign(summary.rows, await erasePersonFromState(state, { personIds: graph.personIds, texts: needles.filter((n) => !graph.personIds.includes(n)) }));
        return null;
      }
      case 'compact': {
        const notes = await store.exclusive((db) => compactWarehouse(db));
        notes.push(...(await compactState(state)));
        summary.notes = [...new Set([...summary.notes, ...notes])];
        this.o.onChanged?.();
        return null;
      }
      case 'export': {
        const tables = await store.exclusive((db) => warehouseAccessTables(db, graph));
        Object.assign(tables, await stateAccessTables(state, graph, needles));
        writeAccessDocument(this.accessDir(req.id), { requestId: req.id, generatedAt: new Date().toISOString(), persons: graph.personIds, tables });
        for (const [t, rows] of Object.entries(tables)) summary.rows[t] = rows.length;
        return null;
      }
    }
  }
}

/** Segment memberships (with the segment's key and name) and the journey notes that name the person. */
async function stateAccessTables(state: StateStore, g: PersonGraph, needles: readonly string[]): Promise<Record<string, AccessRow[]>> {
  const memberships = g.personIds.length
    ? await state.query<AccessRow>(
        `SELECT s.key AS segment, s.name, m.person_id, m.entered_at, m.exited_at FROM segment_memberships m JOIN segments s ON s.id = m.segment_id WHERE m.person_id = ANY($1::text[]) ORDER BY m.entered_at`,
        [g.personIds],
      )
    : [];
  const texts = needles.filter((n) => !g.personIds.includes(n));
  const notes = texts.length ? await state.query<AccessRow>(`SELECT id, kind, stage, touchpoint, text, created_at FROM journey_notes WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS n WHERE strpos(text, n) > 0) ORDER BY created_at`, [texts]) : [];
  return { segment_memberships: memberships, notes };
}

export interface AccessDocument {
  requestId: string;
  generatedAt: string;
  persons: string[];
  tables: Record<string, AccessRow[]>;
}

const cell = (v: unknown): string | number | boolean | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean));

/** `access.json` (the whole document) and one `<table>.csv` per table (header = the union of the rows' keys), written to a new directory swapped into place. */
export function writeAccessDocument(dir: string, doc: AccessDocument): void {
  const tmp = `${dir}.writing`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, 'access.json'), JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v), 2) + '\n');
  for (const [table, rows] of Object.entries(doc.tables)) {
    const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    writeFileSync(join(tmp, `${table}.csv`), toCsv([cols, ...rows.map((r) => cols.map((c) => cell(r[c])))]));
  }
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}
