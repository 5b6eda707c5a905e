import { referencedSegments, ruleTiming, segmentCreateSchema, segmentRuleSchema, toCsv, type SavedSegment } from '@trailmap/core';
import { invalidDefinition, SegmentRefresher, segmentRuleProblem } from '@trailmap/server';
import { computedTraitDefinitions, createSegment, deleteSegment, getSegment, listSegments, segmentMemberships, segmentRules } from '@trailmap/state';
import { segmentPreview } from '@trailmap/warehouse';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError, type Io } from '../context.js';
import { renderTable } from '../output/table.js';
import { readJsonFile } from '../read-json-file.js';

const SUBS = ['list', 'show', 'preview', 'create', 'members', 'refresh', 'delete'] as const;
type Sub = (typeof SUBS)[number];
/** What each subcommand takes after its name. */
const ARG: Record<Sub, 'none' | 'KEY' | 'FILE' | 'KEY...'> = { list: 'none', show: 'KEY', preview: 'FILE', create: 'FILE', members: 'KEY', refresh: 'KEY...', delete: 'KEY' };

const oneLine = (s: SavedSegment) => ({ key: s.key, name: s.name, timing: s.timing, size: s.size ?? '–', refreshed: s.refreshedAt ? s.refreshedAt.slice(0, 16).replace('T', ' ') : 'never' });

export const segmentsCommand: Command = {
  name: 'segments',
  summary: 'saved segments: list, preview a rule, create, members (CSV), refresh, delete',
  help: `Usage: trailmap segments list [--json]
       trailmap segments show KEY [--json]
       trailmap segments preview FILE [--json]     FILE holds a rule, or {"rule": ...}
       trailmap segments create FILE [--json]      FILE holds {"key", "name", "description"?, "rule"}
       trailmap segments members KEY [--history] [--limit N] [--csv | --json]
       trailmap segments refresh [KEY ...] [--json]
       trailmap segments delete KEY [--json]

Segments live in the state store (TRAILMAP_STATE), as /v1/segments and the web app
keep them; their members are computed from the events in the warehouse. Stop the
server first when the state store is embedded (the running server also keeps
every segment current by itself).

A rule is JSON (the whole language is in docs/segments.md), for example
  {"all": [{"performed": {"event": "Order Completed"}, "atLeast": 2, "within": "90d"},
           {"trait": "plan", "value": "pro"},
           {"score": "churnRisk", "op": "lt", "value": 0.5},
           {"not": {"inSegment": "churned"}}]}
preview counts the people the rule holds now, with a sample, without saving it.
create saves the segment and computes its members at once; members lists the
current members (with --history every stay, with its entry and exit time).
refresh recomputes the named segments (all when none is named) and records who
entered and who left. A rule that refers to a missing segment or back to itself
is refused; delete refuses a segment another segment's rule uses.

Options:
  --history       members: every stay, past ones too (exited_at set)
  --limit N       members: at most N rows (default 1000)
  --csv           members: CSV (person_id, entered_at, exited_at)
  --data DIR      data directory (default ./data or TRAILMAP_DATA_DIR)
  --json          the answer as JSON`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { ...COMMON_OPTIONS, history: { type: 'boolean', default: false }, limit: { type: 'string' }, csv: { type: 'boolean', default: false } }, true);
    const [subText, ...args] = positionals;
    if (subText === undefined || !(SUBS as readonly string[]).includes(subText)) throw new UsageError(`expected one of ${SUBS.join(', ')}`);
    const sub = subText as Sub;
    const want = ARG[sub];
    if (want === 'none' && args.length) throw new UsageError(`${sub} takes no argument`);
    if ((want === 'KEY' || want === 'FILE') && args.length !== 1) throw new UsageError(`${sub} needs one ${want}`);
    if (sub !== 'members' && (values.history || values.limit !== undefined || values.csv)) throw new UsageError('--history, --limit and --csv go with members');
    if (values.csv && values.json) throw new UsageError('give --csv or --json, not both');
    const limit = values.limit === undefined ? 1000 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000) throw new UsageError('--limit must be a whole number from 1 to 1000000');
    const body = want === 'FILE' ? readJsonFile(io, args[0]!) : undefined;

    const { store, state } = await openStore(io, values);
    const fail = (msg: string) => (io.err(`trailmap: ${msg}`), 1);
    try {
      if (sub === 'list') {
        const all = await listSegments(state);
        if (values.json) io.out(JSON.stringify({ segments: all }, null, 2));
        else if (all.length === 0) io.out('No saved segments.');
        else io.out(renderTable(all.map(oneLine), [['key', 'key'], ['name', 'name'], ['timing', 'timing'], ['size', 'members'], ['refreshed', 'refreshed (UTC)']]));
        return 0;
      }
      if (sub === 'show') {
        const s = await getSegment(state, args[0]!);
        if (!s) return fail(`no segment has the key ${JSON.stringify(args[0])}`);
        io.out(values.json ? JSON.stringify(s, null, 2) : `${s.name} (${s.key}, ${s.timing})\n${s.description ? s.description + '\n' : ''}members ${s.size ?? 'not computed yet'}${s.refreshedAt ? ` at ${s.refreshedAt}` : ''}\nrule ${JSON.stringify(s.rule, null, 2)}`);
        return 0;
      }
      if (sub === 'preview') {
        const raw = body !== null && typeof body === 'object' && 'rule' in body ? (body as { rule: unknown }).rule : body;
        const rule = segmentRuleSchema.safeParse(raw);
        if (!rule.success) return fail(invalidDefinition(rule.error, 'rule').message);
        const rules = await segmentRules(state);
        const traits = await computedTraitDefinitions(state);
        const problem = segmentRuleProblem(rule.data, rules, undefined, traits);
        if (problem) return fail(`invalid rule: ${problem}`);
        const now = Date.now();
        const p = await segmentPreview(await store.readSession(), rule.data, now, 10, (k) => rules.get(k), (k) => traits.get(k));
        const answer = { ...p, timing: ruleTiming(rule.data, (k) => rules.get(k)), asOf: new Date(now).toISOString() };
        io.out(values.json ? JSON.stringify(answer, null, 2) : `${answer.count} people (${answer.timing} rule, as of ${answer.asOf})${p.sample.length ? `\ne.g. ${p.sample.join(', ')}` : ''}`);
        return 0;
      }
      const refresher = new SegmentRefresher(store, state);
      if (sub === 'create') {
        const def = segmentCreateSchema.safeParse(body);
        if (!def.success) return fail(invalidDefinition(def.error, 'segment').message);
        const problem = segmentRuleProblem(def.data.rule, await segmentRules(state), def.data.key, await computedTraitDefinitions(state));
        if (problem) return fail(`invalid segment: rule: ${problem}`);
        const made = await createSegment(state, def.data);
        if (!made) return fail(`a segment with the key ${JSON.stringify(def.data.key)} exists already`);
        await refresher.refresh([made.key]);
        const s = (await getSegment(state, made.key))!;
        io.out(values.json ? JSON.stringify(s, null, 2) : `Saved segment ${s.key}: ${s.name} (${s.timing}), ${s.size} members`);
        return 0;
      }
      if (sub === 'refresh') {
        const known = new Set((await listSegments(state)).map((s) => s.key));
        const missing = args.filter((k) => !known.has(k));
        if (missing.length) return fail(`no segment has the key ${missing.map((k) => JSON.stringify(k)).join(', ')}`);
        const done = await refresher.refresh(args.length ? args : undefined);
        if (values.json) io.out(JSON.stringify({ refreshed: done }, null, 2));
        else if (done.length === 0) io.out('No saved segments.');
        else io.out(renderTable(done, [['key', 'key'], ['size', 'members'], ['entered', 'entered'], ['exited', 'left']]));
        return 0;
      }
      const seg = await getSegment(state, args[0]!);
      if (!seg) return fail(`no segment has the key ${JSON.stringify(args[0])}`);
      if (sub === 'members') {
        const page = await segmentMemberships(state, seg.id, { history: values.history, limit, offset: 0 });
        if (values.csv) io.out(toCsv([['person_id', 'entered_at', 'exited_at'], ...page.members.map((m) => [m.personId, m.enteredAt, m.exitedAt])]).replace(/\r?\n$/, ''));
        else if (values.json) io.out(JSON.stringify({ key: seg.key, total: page.total, members: page.members, refreshedAt: seg.refreshedAt }, null, 2));
        else {
          io.out(page.members.length ? renderTable(page.members.map((m) => ({ person: m.personId, entered: m.enteredAt, exited: m.exitedAt ?? '' })), [['person', 'person'], ['entered', 'entered'], ['exited', 'left']]) : 'No members.');
          io.out(`${page.total} ${values.history ? 'stays' : 'members'}${page.total > page.members.length ? `, the first ${page.members.length} shown (--limit)` : ''}`);
        }
        return 0;
      }
      const usedBy = (await listSegments(state)).filter((s) => s.key !== seg.key && referencedSegments(s.rule).includes(seg.key));
      if (usedBy.length) return fail(`segment ${JSON.stringify(seg.key)} is used by the rule of ${usedBy.map((u) => JSON.stringify(u.key)).join(', ')}; change those first`);
      await deleteSegment(state, seg.key);
      io.out(values.json ? JSON.stringify({ key: seg.key, deleted: true }, null, 2) : `Deleted segment ${seg.key} and its membership history`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
