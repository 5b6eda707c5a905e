import type { z } from 'zod';
import { journeyRunsQuery, journeyStatsQuery, messagesQuery, type JourneyMove } from '@trailmap/server';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { appConfig, openDataState, UsageError, type Io } from '../context.js';
import { isRefusal, serverBackend, stateBackend, type Answer, type JourneysBackend, type Refusal } from '../journeys/journeys-backend.js';
import { journeyDetailText, journeyListText, messagesText, runsText, statsText, validationText } from '../journeys/journeys-output.js';
import { readJsonFile } from '../read-json-file.js';

const SUBS = ['list', 'show', 'validate', 'create', 'update', 'publish', 'pause', 'resume', 'archive', 'stats', 'runs', 'messages'] as const;
type Sub = (typeof SUBS)[number];
/** What each subcommand takes after its name. */
const ARGS: Record<Sub, readonly ('ID' | 'FILE')[]> = { list: [], show: ['ID'], validate: ['FILE'], create: ['FILE'], update: ['ID', 'FILE'], publish: ['ID'], pause: ['ID'], resume: ['ID'], archive: ['ID'], stats: ['ID'], runs: ['ID'], messages: [] };
/** Which subcommands each filter flag goes with. */
const FLAG_SUBS: Record<string, readonly Sub[]> = { version: ['stats'], status: ['runs', 'messages'], limit: ['runs', 'messages'], journey: ['messages'], channel: ['messages'], person: ['messages'], cursor: ['messages'] };

const HELP = `Usage: trailmap journeys list [--json]
       trailmap journeys show ID [--json]
       trailmap journeys validate FILE [--json]
       trailmap journeys create FILE [--json]        prints the new journey's id
       trailmap journeys update ID FILE [--json]
       trailmap journeys publish ID | pause ID | resume ID | archive ID [--json]
       trailmap journeys stats ID [--version N] [--json]
       trailmap journeys runs ID [--status S] [--limit N] [--json]
       trailmap journeys messages [--journey ID] [--status S] [--channel C] [--person P] [--limit N] [--cursor C] [--json]
     each one also through a running server: add --server URL [--key KEY]

A journey is a path of steps (waits, branches, splits, messages, webhooks, tasks) that each
person takes from a trigger, such as an event, until it ends or they reach its goal.
A journey is defined in JSON; the format is in docs/journeys.md, and the example
docs/journeys/abandoned-cart.json runs as it is:
  trailmap journeys create docs/journeys/abandoned-cart.json    # prints its id
  trailmap journeys publish ID                                   # live: people enter it

create and update save a draft. publish freezes the draft as the next version, which new
entries take (people already running stay on theirs). pause stops entries and holds every
run where it is; resume goes on; archive ends every run for good. validate checks a file
(the schema and every Liquid template) without saving it; a problem is named at its JSON
path (steps.0.timeout), and a bad file exits 1. stats: entered, running, ended by outcome,
per step reached and waiting now, messages by status, the split arms and the holdout
comparison (every version, or --version N). runs and messages: newest first.

Where the journeys are:
  directly in the state store of the data directory (--data DIR, TRAILMAP_STATE), the
  default. The embedded store belongs to one process: stop the server first, or use
  --server URL: a running server's API (/v1/journeys, docs/api.md), with --key KEY or
  TRAILMAP_API_KEY: a read key for list, show, validate, stats, runs and messages, an admin
  key for changes (trailmap keys create --name cli --scope admin; docs/security.md).
Every change is in the audit log (journey.create, journey.publish…; actor cli, or the key).

Options:
  --server URL    work through this server's API instead of the state store
  --key KEY       the key for --server (default TRAILMAP_API_KEY)
  --version N     stats: one published version (default every version)
  --status S      runs: active, waiting, following or ended; messages: queued, held,
                  sending, sent, delivered, opened, clicked, failed, bounced or skipped
  --limit N       runs: at most N, 1-500 (default 100); messages: 1-500 (default 50)
  --journey ID    messages: of this journey only
  --channel C     messages: email, sms, push, inapp or webhook
  --person P      messages: of this person (their person id)
  --cursor C      messages: the page after (the cursor the previous page printed)
  --data DIR      data directory (default ./data or TRAILMAP_DATA_DIR)
  --json          the API's answer as JSON`;

/** A zod failure of a query as a UsageError naming the flag. */
const flagIssue = (e: z.ZodError, names: Record<string, string>) => {
  const i = e.issues[0]!;
  const key = String(i.path[0] ?? '');
  return new UsageError(`${names[key] ?? `--${key}`}: ${i.message}`);
};
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The embedded store's lock names the other process; say what that most likely is and the other way in. */
function lockedHint(e: Error): Error {
  if (!/is open in (another process|this process already)/.test(e.message)) return e;
  return new Error(
    `${e.message}\nThe data directory's embedded state store is locked, most likely by a running server (trailmap start). Stop it, or reach the journeys through it: trailmap journeys … --server http://localhost:3000 --key KEY (a read key for reads, an admin key for changes; see trailmap journeys --help).`,
  );
}

export const journeysCommand: Command = {
  name: 'journeys',
  summary: 'journeys: list, show, validate, create, update, publish, pause, resume, archive, stats, runs, messages',
  help: HELP,
  async run(argv, io) {
    const flags = { server: { type: 'string' }, key: { type: 'string' }, version: { type: 'string' }, status: { type: 'string' }, limit: { type: 'string' }, journey: { type: 'string' }, channel: { type: 'string' }, person: { type: 'string' }, cursor: { type: 'string' } } as const;
    const { values, positionals } = parseFlags(argv, { ...COMMON_OPTIONS, ...flags }, true);
    const [subText, ...args] = positionals;
    if (subText === undefined || !(SUBS as readonly string[]).includes(subText)) throw new UsageError(`expected one of ${SUBS.join(', ')}`);
    const sub = subText as Sub;
    const want = ARGS[sub];
    if (args.length !== want.length) throw new UsageError(want.length ? `trailmap journeys ${sub} ${want.join(' ')}` : `${sub} takes no argument`);
    for (const [flag, subs] of Object.entries(FLAG_SUBS)) {
      if ((values as Record<string, unknown>)[flag] !== undefined && !subs.includes(sub)) throw new UsageError(`--${flag} goes with ${subs.join(' and ')}`);
    }
    if (values.server !== undefined && values.data !== undefined) throw new UsageError('give --data (the state store) or --server (a running server), not both');
    if (values.key !== undefined && values.server === undefined) throw new UsageError('--key goes with --server URL');
    // Filters are checked by the API's own query schemas, before either way in is opened.
    const stats = journeyStatsQuery.safeParse(defined({ version: values.version }));
    if (!stats.success) throw flagIssue(stats.error, {});
    const runs = journeyRunsQuery.safeParse(defined({ status: values.status, limit: values.limit }));
    if (sub === 'runs' && !runs.success) throw flagIssue(runs.error, {});
    const messages = messagesQuery.safeParse(defined({ journeyId: values.journey, personId: values.person, status: values.status, channel: values.channel, limit: values.limit, cursor: values.cursor }));
    if (sub === 'messages' && !messages.success) throw flagIssue(messages.error, { journeyId: '--journey', personId: '--person' });
    const file = want.includes('FILE') ? readJsonFile(io, args.at(-1)!) : undefined;
    const id = want[0] === 'ID' ? args[0]! : '';

    const backend = openBackend(io, values);
    const show = <T extends object>(a: Answer<T>, text: (x: T) => string): number => {
      if (isRefusal(a)) return refused(io, a, values.server);
      io.out(values.json ? JSON.stringify(a, null, 2) : text(a));
      return 0;
    };
    try {
      switch (sub) {
        case 'list':
          return show(await backend.list(), (a) => journeyListText(a.journeys));
        case 'show':
          return show(await backend.show(id), journeyDetailText);
        case 'validate': {
          const v = await backend.validate(file);
          const code = show(v, validationText);
          return code === 0 && !isRefusal(v) && !v.valid ? 1 : code;
        }
        case 'create': {
          const made = await backend.create(file);
          if (isRefusal(made) || values.json) return show(made, () => '');
          // The id alone on stdout, so that `trailmap journeys publish $(trailmap journeys create FILE)` works.
          io.out(made.id);
          io.err(`created the journey "${made.name}" as a draft; make it live with: trailmap journeys publish ${made.id}`);
          return 0;
        }
        case 'update':
          return show(await backend.update(id, file), (j) => `updated the draft of ${j.id} (${j.name}); ${j.liveVersion === null ? 'publish it to make it live' : `version ${j.liveVersion} stays live until you publish again`}: trailmap journeys publish ${j.id}`);
        case 'publish':
          return show(await backend.publish(id), (j) => `published ${j.id} (${j.name}): version ${j.liveVersion} is live; new entries take it, people already running stay on theirs`);
        case 'pause':
        case 'resume':
        case 'archive':
          return show(await backend.move(id, sub satisfies JourneyMove), (j) => `${j.id} (${j.name}) is ${j.status}${sub === 'pause' ? ': no entries, every run held where it is' : sub === 'archive' ? ': every run under way ended (outcome archived)' : ''}`);
        case 'stats':
          return show(await backend.stats(id, stats.data.version), statsText);
        case 'runs':
          return show(await backend.runs(id, runs.data!), (a) => runsText(a.runs));
        case 'messages':
          return show(await backend.messages(messages.data!), messagesText);
      }
    } finally {
      await backend.close();
    }
  },
};

function openBackend(io: Io, values: { server?: string | undefined; key?: string | undefined; data?: string | undefined }): JourneysBackend {
  if (values.server !== undefined) {
    if (!/^https?:\/\/[^/\s]/.test(values.server)) throw new UsageError('--server URL: a Trailmap server, such as http://localhost:3000');
    const key = values.key ?? io.env.TRAILMAP_API_KEY;
    if (!key) throw new UsageError('--key KEY (or TRAILMAP_API_KEY): a key of that server; a read key for reads, an admin key for changes (trailmap keys create --name cli --scope admin)');
    return serverBackend(values.server, key);
  }
  appConfig(io, values); // a bad TRAILMAP_STATE or --data fails here, before any file is read
  return stateBackend(() => openDataState(io, values).catch((e: unknown) => Promise.reject(e instanceof Error ? lockedHint(e) : e)));
}

function refused(io: Io, r: Refusal, server: string | undefined): number {
  const where = server === undefined ? '' : `the server answered ${r.status}: `;
  const hint = r.status === 401 || r.status === 403 ? ' (changes need a key with scope admin, reads a key with scope read: trailmap keys create --name cli --scope admin, see docs/security.md)' : '';
  io.err(`trailmap journeys: ${where}${r.message}${hint}`);
  return 1;
}
