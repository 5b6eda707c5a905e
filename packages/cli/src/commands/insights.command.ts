import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { INSIGHT_CHARTS, INSIGHT_KINDS, type Insight, type InsightKind } from '@trailmap/core';
import { invalidDefinition, parseInsightInput } from '@trailmap/server';
import { createInsight, deleteInsight, getInsight, listInsights } from '@trailmap/state';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openDataState as openState, UsageError } from '../context.js';
import { renderTable } from '../output/table.js';

const KINDS = Object.entries(INSIGHT_CHARTS)
  .map(([k, charts]) => `  ${k.padEnd(12)} ${charts.join(', ')}`)
  .join('\n');

const oneLine = (i: Insight) => ({ id: i.id, kind: i.kind, chart: i.chart, name: i.name, updated: i.updatedAt.slice(0, 16).replace('T', ' ') });

export const insightsCommand: Command = {
  name: 'insights',
  summary: 'saved insights: list, show, create from a JSON file, delete',
  help: `Usage: trailmap insights list [--kind KIND] [--json]
       trailmap insights show ID [--json]
       trailmap insights create FILE [--json]
       trailmap insights delete ID [--json]

Saved insights live in the state store (TRAILMAP_STATE), as the web app and
/v1/insights keep them; stop the server first when the state store is embedded.

create reads one insight as JSON, the body POST /v1/insights takes:
  {"kind": "funnel", "name": "Checkout", "description": "",
   "chart": "funnel", "definition": {"steps": [{"touchpoint": "Cart"}, {"touchpoint": "Checkout"}]}}
The definition is checked against the kind's schema (the body of its analysis
endpoint, see docs/analytics/); an error names the field (definition.steps[0]).
Kinds and their charts (the first is the default):
${KINDS}

delete also removes the insight from every dashboard and names them.

Options:
  --kind KIND     list only insights of this kind
  --data DIR      data directory (default ./data or TRAILMAP_DATA_DIR)
  --json          the insight(s) as JSON`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { ...COMMON_OPTIONS, kind: { type: 'string' } }, true);
    const [sub, arg, ...extra] = positionals;
    if (extra.length) throw new UsageError(`unexpected ${JSON.stringify(extra[0])}`);
    if (values.kind !== undefined && !(INSIGHT_KINDS as readonly string[]).includes(values.kind)) throw new UsageError(`--kind must be one of ${INSIGHT_KINDS.join(', ')}`);
    if (values.kind !== undefined && sub !== 'list') throw new UsageError('--kind goes with list');
    if (sub === 'list' ? arg !== undefined : sub === 'show' || sub === 'create' || sub === 'delete' ? arg === undefined : true) {
      throw new UsageError(sub === undefined || !['list', 'show', 'create', 'delete'].includes(sub) ? 'expected list, show ID, create FILE or delete ID' : `${sub} ${sub === 'list' ? 'takes no argument' : `needs ${sub === 'create' ? 'FILE' : 'ID'}`}`);
    }
    let body: unknown;
    if (sub === 'create') {
      const file = resolve(io.cwd, arg!);
      if (!existsSync(file)) throw new UsageError(`no file ${file}`);
      try {
        body = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
      }
    }
    const state = await openState(io, values);
    try {
      if (sub === 'list') {
        const all = await listInsights(state, values.kind ? { kind: values.kind as InsightKind } : {});
        if (values.json) io.out(JSON.stringify({ insights: all }, null, 2));
        else if (all.length === 0) io.out('No saved insights.');
        else io.out(renderTable(all.map(oneLine), [['id', 'id'], ['kind', 'kind'], ['chart', 'chart'], ['name', 'name'], ['updated', 'updated (UTC)']]));
        return 0;
      }
      if (sub === 'show') {
        const i = await getInsight(state, arg!);
        if (!i) {
          io.err(`trailmap: no insight has the id ${JSON.stringify(arg)}`);
          return 1;
        }
        io.out(values.json ? JSON.stringify(i, null, 2) : `${i.name} (${i.kind}, drawn as ${i.chart})\n${i.description ? i.description + '\n' : ''}id ${i.id}, saved ${i.createdAt}, changed ${i.updatedAt}\ndefinition ${JSON.stringify(i.definition, null, 2)}`);
        return 0;
      }
      if (sub === 'create') {
        const parsed = parseInsightInput(body);
        if (!parsed.ok) {
          const e = invalidDefinition(parsed.error, 'insight');
          io.err(`trailmap: ${e.message}${e.field ? ` (field ${e.field})` : ''}`);
          return 1;
        }
        const i = await createInsight(state, parsed.value);
        io.out(values.json ? JSON.stringify(i, null, 2) : `Saved insight ${i.id}: ${i.name} (${i.kind}, drawn as ${i.chart})`);
        return 0;
      }
      const r = await deleteInsight(state, arg!);
      if (!r) {
        io.err(`trailmap: no insight has the id ${JSON.stringify(arg)}`);
        return 1;
      }
      io.out(values.json ? JSON.stringify({ id: arg, deleted: true, dashboards: r.dashboards }, null, 2) : `Deleted insight ${arg}${r.dashboards.length ? `; removed from dashboards ${r.dashboards.join(', ')}` : ''}`);
      return 0;
    } finally {
      await state.close();
    }
  },
};
