import { computedTraitDefinitionSchema, computedTraitDistribution, referencedComputedTraits, toCsv, type ComputedTraitDefinition, type SavedComputedTrait } from '@trailmap/core';
import { invalidDefinition } from '@trailmap/server';
import { createComputedTrait, deleteComputedTrait, getComputedTrait, listComputedTraits, listSegments } from '@trailmap/state';
import { computedTraitFromWarehouse } from '@trailmap/warehouse';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError, type Io } from '../context.js';
import { renderTable } from '../output/table.js';
import { readJsonFile } from '../read-json-file.js';

const SUBS = ['list', 'show', 'preview', 'create', 'values', 'delete'] as const;
type Sub = (typeof SUBS)[number];
const ARG: Record<Sub, 'none' | 'KEY' | 'FILE'> = { list: 'none', show: 'KEY', preview: 'FILE', create: 'FILE', values: 'KEY', delete: 'KEY' };

const describe = (d: ComputedTraitDefinition) =>
  `${d.aggregate}${d.property ? `(${d.property})` : ''} of ${[d.event, d.touchpoint].filter((x) => x !== undefined).map((x) => [x].flat().join(' | ')).join(' / ')}${d.where?.length ? ` where ${d.where.length} filter(s)` : ''}${d.window !== undefined ? `, last ${d.window / 86_400_000} days` : ''}`;
const oneLine = (t: SavedComputedTrait) => ({ key: t.key, name: t.name, what: describe(t.definition), updated: t.updatedAt.slice(0, 16).replace('T', ' ') });

export const traitsCommand: Command = {
  name: 'traits',
  summary: 'saved computed traits: list, preview a definition, create, values (CSV), delete',
  help: `Usage: trailmap traits list [--json]
       trailmap traits show KEY [--json]
       trailmap traits preview FILE [--json]     FILE holds a definition
       trailmap traits create FILE [--json]      FILE holds a definition
       trailmap traits values KEY [--limit N] [--csv | --json]
       trailmap traits delete KEY [--json]

Computed traits are per-person aggregates over events (docs/customers.md): a
definition is JSON, for example
  {"key": "orders-90d", "name": "Orders, 90 days", "aggregate": "count",
   "event": "Order Completed", "window": "90d"}
with aggregate one of count, sum, min, max, first, last, most_frequent,
unique_list, exists, days_since_first, days_since_last (sum to unique_list read a
"property"), an optional "where" (property filters) and "window".
Definitions live in the state store (TRAILMAP_STATE), as /v1/computed-traits
keeps them; values are computed now from the events in the warehouse (after
loading the collection log). Stop the server first when the state store is
embedded. preview shows the distribution and a sample without saving; delete
refuses a trait a segment's rule uses.

Options:
  --limit N       values: at most N rows (default 1000)
  --csv           values: CSV (person_id, value)
  --data DIR      data directory (default ./data or TRAILMAP_DATA_DIR)
  --json          the answer as JSON`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { ...COMMON_OPTIONS, limit: { type: 'string' }, csv: { type: 'boolean', default: false } }, true);
    const [subText, ...args] = positionals;
    if (subText === undefined || !(SUBS as readonly string[]).includes(subText)) throw new UsageError(`expected one of ${SUBS.join(', ')}`);
    const sub = subText as Sub;
    const want = ARG[sub];
    if (want === 'none' && args.length) throw new UsageError(`${sub} takes no argument`);
    if (want !== 'none' && args.length !== 1) throw new UsageError(`${sub} needs one ${want}`);
    if (sub !== 'values' && (values.limit !== undefined || values.csv)) throw new UsageError('--limit and --csv go with values');
    if (values.csv && values.json) throw new UsageError('give --csv or --json, not both');
    const limit = values.limit === undefined ? 1000 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000_000) throw new UsageError('--limit must be a whole number from 1 to 10000000');
    const body = want === 'FILE' ? readJsonFile(io, args[0]!) : undefined;

    const { store, state } = await openStore(io, values);
    const fail = (msg: string) => (io.err(`trailmap: ${msg}`), 1);
    const freshness = (asOf: number) => ({ asOf: new Date(asOf).toISOString(), lastLoadAt: store.lastLoadAt === null ? null : new Date(store.lastLoadAt).toISOString() });
    try {
      if (sub === 'list') {
        const all = await listComputedTraits(state);
        if (values.json) io.out(JSON.stringify({ computedTraits: all }, null, 2));
        else if (all.length === 0) io.out('No saved computed traits.');
        else io.out(renderTable(all.map(oneLine), [['key', 'key'], ['name', 'name'], ['what', 'definition'], ['updated', 'updated (UTC)']]));
        return 0;
      }
      if (sub === 'show') {
        const t = await getComputedTrait(state, args[0]!);
        if (!t) return fail(`no computed trait has the key ${JSON.stringify(args[0])}`);
        io.out(values.json ? JSON.stringify(t, null, 2) : `${t.name} (${t.key})\n${t.definition.description ? t.definition.description + '\n' : ''}${describe(t.definition)}\ndefinition ${JSON.stringify(t.definition, null, 2)}`);
        return 0;
      }
      if (sub === 'preview' || sub === 'create') {
        const def = computedTraitDefinitionSchema.safeParse(body);
        if (!def.success) return fail(invalidDefinition(def.error, 'computed trait').message);
        if (sub === 'create') {
          const made = await createComputedTrait(state, def.data);
          if (!made) return fail(`a computed trait with the key ${JSON.stringify(def.data.key)} exists already`);
          io.out(values.json ? JSON.stringify(made, null, 2) : `Saved computed trait ${made.key}: ${made.name} (${describe(made.definition)})`);
          return 0;
        }
        const now = Date.now();
        const rows = await computedTraitFromWarehouse(await store.readSession(), def.data, now);
        const dist = computedTraitDistribution(rows.map((r) => r.value));
        const answer = { ...freshness(now), distribution: dist, sample: rows.slice(0, 10) };
        if (values.json) io.out(JSON.stringify(answer, null, 2));
        else {
          const n = dist.numeric;
          io.out(`${dist.people} people with a value (as of ${answer.asOf})${n ? `\nmin ${n.min}, median ${n.median}, mean ${Number(n.mean.toFixed(4))}, max ${n.max}` : ''}`);
          if (dist.top.length) io.out(renderTable(dist.top.map((t) => ({ value: String(t.value), people: t.people })), [['value', 'most common value'], ['people', 'people']]));
        }
        return 0;
      }
      const t = await getComputedTrait(state, args[0]!);
      if (!t) return fail(`no computed trait has the key ${JSON.stringify(args[0])}`);
      if (sub === 'values') {
        const now = Date.now();
        const rows = await computedTraitFromWarehouse(await store.readSession(), t.definition, now);
        const page = rows.slice(0, limit);
        if (values.csv) io.out(toCsv([['person_id', 'value'], ...page.map((r) => [r.personId, r.value])]).replace(/\r?\n$/, ''));
        else if (values.json) io.out(JSON.stringify({ key: t.key, total: rows.length, values: page, ...freshness(now) }, null, 2));
        else {
          io.out(page.length ? renderTable(page.map((r) => ({ person: r.personId, value: String(r.value) })), [['person', 'person'], ['value', t.name]]) : 'Nobody has a value.');
          io.out(`${rows.length} people${rows.length > page.length ? `, the first ${page.length} shown (--limit)` : ''}`);
        }
        return 0;
      }
      const usedBy = (await listSegments(state)).filter((s) => referencedComputedTraits(s.rule).includes(t.key));
      if (usedBy.length) return fail(`computed trait ${JSON.stringify(t.key)} is used by the rule of segment ${usedBy.map((u) => JSON.stringify(u.key)).join(', ')}; change those first`);
      await deleteComputedTrait(state, t.key);
      io.out(values.json ? JSON.stringify({ key: t.key, deleted: true }, null, 2) : `Deleted computed trait ${t.key}`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
