import { cpSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AFTER_DELETE_RULES, PRIVACY_REGIMES, PRIVACY_STEPS, privacyDeadlines, privacyRequestInputSchema, type PrivacyRequestAnswer, type PrivacyStep } from '@trailmap/core';
import { PrivacyRunner } from '@trailmap/warehouse';
import { listPrivacyRequests, privacyAnswer, projectSalt } from '@trailmap/state';
import { parseDefinition } from '../analysis-flags.js';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError } from '../context.js';

const SUBS = ['access', 'delete', 'suppress', 'unsuppress', 'list'] as const;

/** A request's answer in words (no personal data: the ids are not repeated). */
export function renderPrivacyRequest(a: PrivacyRequestAnswer): string {
  const lines = [`Privacy request ${a.id}: ${a.type} (${a.regime.toUpperCase()}, deadline ${a.deadline.slice(0, 10)}) ${a.status}${a.completedAt ? ` at ${a.completedAt}` : ''}.`];
  lines.push(`  steps: ${a.steps.map((s) => (a.stepsDone.includes(s as PrivacyStep) ? `${s} ✓` : s)).join(', ')}`);
  if (a.result) {
    lines.push(`  ${a.result.identities} identit${a.result.identities === 1 ? 'y' : 'ies'} of ${a.result.people} person(s)${a.result.then ? `; later events: ${a.result.then}` : ''}${a.result.suppressed !== undefined ? `; suppression list: ${a.result.suppressed}` : ''}`);
    const rows = Object.entries(a.result.rows).filter(([, n]) => n > 0);
    if (rows.length) lines.push(`  ${a.type === 'access' ? 'rows exported' : 'removed'}: ${rows.map(([t, n]) => `${t} ${n}`).join(', ')}`);
    for (const n of a.result.notes) lines.push(`  note: ${n}`);
  }
  if (a.error) lines.push(`  error: ${a.error}`);
  return lines.join('\n');
}

export const privacyCommand: Command = {
  name: 'privacy',
  summary: 'data-subject requests: access, delete, suppress, unsuppress a person (run to the end on the data directory)',
  help: `Usage: trailmap privacy access|delete|suppress|unsuppress (--user ID | --anonymous ID | --email ADDRESS)...
                         [--regime gdpr|ccpa|pipl] [--then suppress|new-person] [--out DIR] [--json]
       trailmap privacy list [--json]

Runs the request to its end directly on the data directory (stop the server first
when its store is embedded; with the server running, use POST /v1/privacy/requests).
Requests a crash or a stop left unfinished are resumed first; asking again for
the same person while a request is open resumes that request.
  access      everything held about the person: identities, traits and their history,
              consents, events, feedback, segment memberships, scores, notes naming
              them. Written to <data>/privacy/access/<id>/ (access.json and one CSV per
              table); --out DIR copies that directory to DIR.
  delete      every identity of the person's graph erased from events, identities,
              merges, conflicts, quarantine, scores and every other table, the
              collection log's set-aside segments, uploads, earlier access exports and
              the state store (segment memberships, notes naming them); then the
              engine's files and the embedded state store are rewritten so the bytes
              are gone. Events received after the request are kept. --then: what
              later events for these ids do, suppress (default: dropped at
              collection) or new-person (they start a person with no history).
  suppress    later events for these ids are dropped at collection (counted).
  unsuppress  take them off the suppression list.
The deadline is set by --regime (default gdpr: 30 days; ccpa 45 days; pipl 15
working days). Each request is in the audit log (no personal data).

Options:
  --user ID          the person's userId
  --anonymous ID     an anonymousId of theirs
  --email ADDRESS    the email their identify calls carried (traits.email)
  --regime R         gdpr, ccpa or pipl (default gdpr)
  --then RULE        delete only: suppress (default) or new-person
  --out DIR          access only: copy the document (access.json + CSVs) to DIR
  --data DIR         data directory (default ./data or TRAILMAP_DATA_DIR)
  --json             the request as JSON`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      { ...COMMON_OPTIONS, user: { type: 'string' }, anonymous: { type: 'string' }, email: { type: 'string' }, regime: { type: 'string' }, then: { type: 'string' }, out: { type: 'string' } },
      true,
    );
    const [sub, ...rest] = positionals;
    if (sub === undefined || !(SUBS as readonly string[]).includes(sub)) throw new UsageError(`expected one of ${SUBS.join(', ')}`);
    if (rest.length) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
    if (values.out !== undefined && sub !== 'access') throw new UsageError('--out goes with access');
    if (values.regime !== undefined && !(PRIVACY_REGIMES as readonly string[]).includes(values.regime)) throw new UsageError(`--regime must be one of ${PRIVACY_REGIMES.join(', ')}`);
    if (values.then !== undefined && !(AFTER_DELETE_RULES as readonly string[]).includes(values.then)) throw new UsageError(`--then must be one of ${AFTER_DELETE_RULES.join(', ')}`);
    const pause = io.env.TRAILMAP_PRIVACY_PAUSE_AFTER;
    if (pause !== undefined && !(PRIVACY_STEPS as readonly string[]).includes(pause)) throw new UsageError(`TRAILMAP_PRIVACY_PAUSE_AFTER must be one of ${PRIVACY_STEPS.join(', ')}`);
    const input =
      sub === 'list'
        ? null
        : parseDefinition(
            privacyRequestInputSchema,
            { type: sub, userId: values.user, anonymousId: values.anonymous, email: values.email, regime: values.regime, then: values.then },
            { userId: '--user', anonymousId: '--anonymous', email: '--email', regime: '--regime', then: '--then', type: 'the request type' },
          );
    const { store, state, dataDir, project } = await openStore(io, values);
    try {
      if (input === null) {
        const list = (await listPrivacyRequests(state)).map(privacyAnswer);
        io.out(values.json ? JSON.stringify({ requests: list }, null, 2) : list.length ? list.map(renderPrivacyRequest).join('\n') : 'No privacy requests yet.');
        return 0;
      }
      const runner = await PrivacyRunner.open({
        store,
        state,
        salt: await projectSalt(state),
        dataDir,
        uploadDir: join(dataDir, 'uploads'),
        deadlines: privacyDeadlines(project.privacy),
        ...(pause ? { pauseAfter: pause as PrivacyStep, onPause: (s: PrivacyStep) => io.err(`trailmap: paused after step ${s} (TRAILMAP_PRIVACY_PAUSE_AFTER)`) } : {}),
      });
      const { request, created } = await runner.submit(input, { actor: 'cli' });
      if (!created) io.err(`trailmap: resuming the open request ${request.id}`);
      const done = privacyAnswer(await runner.run(request.id, 'cli'));
      for (const other of await runner.resumeOpen('cli')) io.err(`trailmap: also resumed ${other.id} (${other.type}, ${other.status})`);
      if (values.out !== undefined && done.status === 'completed') {
        const out = resolve(io.cwd, values.out);
        mkdirSync(out, { recursive: true });
        cpSync(runner.accessDir(done.id), out, { recursive: true });
      }
      io.out(values.json ? JSON.stringify(done, null, 2) : renderPrivacyRequest(done));
      return done.status === 'completed' ? 0 : 1;
    } finally {
      await store.close();
    }
  },
};
