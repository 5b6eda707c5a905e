import { serviceTaskCloseSchema, serviceTaskQuerySchema, type ServiceTask } from '@trailmap/core';
import { closeServiceTask, listServiceTasks, recordAudit } from '@trailmap/state';
import { ServiceTaskEvents, ServiceTaskRunner } from '@trailmap/server';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openDataState, openStore, UsageError } from '../context.js';
import { renderTable } from '../output/table.js';

const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
const row = (t: ServiceTask, now: number) => ({
  id: t.id,
  priority: t.priority,
  source: t.source,
  title: t.title,
  person: t.personId,
  owner: t.owner ?? '',
  due: `${when(t.dueAt)}${t.status !== 'closed' && t.dueAt && Date.parse(t.dueAt) < now ? ' OVERDUE' : ''}`,
  status: t.status,
});

export const tasksCommand: Command = {
  name: 'tasks',
  summary: 'service tasks: list, close, scan for new signals',
  help: `Usage: trailmap tasks list [--status S] [--priority P] [--source S] [--owner O] [--person ID]
                          [--overdue] [--limit N] [--offset N] [--json]
       trailmap tasks close ID --resolution TEXT [--json]
       trailmap tasks scan [--json]

The proactive-service task list of the state store (TRAILMAP_STATE), as GET /v1/tasks
answers it (docs/service.md): open tasks by due time, overdue first. close records the
resolution, the "Service Task Closed" event in the warehouse and an audit line (actor
cli); scan runs the triggers once on the data directory (trailmap.config.json
\`service\`). With the embedded stores, stop the server first (or use the API).

Options:
  --status S       open, in_progress, closed; a comma list (default open,in_progress)
  --priority P     low, normal, high, urgent; a comma list
  --source S       journey, negative_sentiment, failed_payment, repeated_contacts,
                   churn_risk, lifecycle, manual; a comma list
  --owner O        exactly this owner; none = unassigned
  --person ID      the person id
  --overdue        only tasks past their due time
  --limit N        1-500 (default 50); --offset N skips N
  --resolution T   what was done (close)
  --data DIR       data directory (default ./data or TRAILMAP_DATA_DIR)
  --config FILE    the project config (scan)
  --json           the answer as JSON`,
  async run(argv, io) {
    const flags = { status: { type: 'string' }, priority: { type: 'string' }, source: { type: 'string' }, owner: { type: 'string' }, person: { type: 'string' }, overdue: { type: 'boolean' }, limit: { type: 'string' }, offset: { type: 'string' }, resolution: { type: 'string' } } as const;
    const { values, positionals } = parseFlags(argv, { ...COMMON_OPTIONS, ...flags }, true);
    const [sub, id, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected ${rest.join(' ')}`);
    if (!sub || !['list', 'close', 'scan'].includes(sub)) throw new UsageError('trailmap tasks list | close ID --resolution TEXT | scan (see --help)');
    if (sub === 'list') {
      if (id) throw new UsageError('trailmap tasks list takes no id');
      const query: Record<string, string> = {};
      for (const k of ['status', 'priority', 'source', 'owner', 'person', 'limit', 'offset'] as const) if (values[k] !== undefined) query[k] = values[k];
      if (values.overdue) query.overdue = 'true';
      const q = serviceTaskQuerySchema.safeParse(query);
      if (!q.success) throw new UsageError(`--${String(q.error.issues[0]!.path[0])}: ${q.error.issues[0]!.message}`);
      const state = await openDataState(io, values);
      try {
        const now = Date.now();
        const page = await listServiceTasks(state, q.data, new Date(now));
        if (values.json) io.out(JSON.stringify(page, null, 2));
        else if (page.tasks.length === 0) io.out('No tasks match.');
        else {
          io.out(renderTable(page.tasks.map((t) => row(t, now)), [['id', 'id'], ['priority', 'priority'], ['source', 'source'], ['title', 'title'], ['person', 'person'], ['owner', 'owner'], ['due', 'due (UTC)'], ['status', 'status']]));
          io.out(`${page.tasks.length} of ${page.total}${page.total > page.offset + page.tasks.length ? `; more: --offset ${page.offset + page.tasks.length}` : ''}`);
        }
        return 0;
      } finally {
        await state.close();
      }
    }
    if (sub === 'close' && !id) throw new UsageError('trailmap tasks close ID: name the task (its id from `trailmap tasks list`)');
    if (sub === 'scan' && id) throw new UsageError('trailmap tasks scan takes no id');
    const body = sub === 'close' ? serviceTaskCloseSchema.safeParse({ resolution: values.resolution ?? '' }) : null;
    if (body && !body.success) throw new UsageError(`--resolution: ${body.error.issues[0]!.message}`);
    const { store, state, project } = await openStore(io, values);
    try {
      if (sub === 'scan') {
        const r = await new ServiceTaskRunner(store, state, project.service).scan('cli');
        io.out(values.json ? JSON.stringify(r, null, 2) : `scan: ${r.created} new task(s) of ${r.proposed} proposed${Object.entries(r.bySource).map(([s, c]) => `\n  ${s}: ${c!.created} new of ${c!.proposed}`).join('')}`);
        return 0;
      }
      const done = await state.transaction(async (tx) => {
        const r = await closeServiceTask(tx, id!, body!.data!.resolution);
        if (r?.changed) await recordAudit(tx, { actor: 'cli', action: 'task.close', target: `task:${id}`, detail: { source: r.task.source, priority: r.task.priority } });
        return r;
      });
      if (!done) {
        io.err(`no service task ${id}`);
        return 1;
      }
      const event = (await new ServiceTaskEvents(store).record([{ task: done.task, what: 'closed' }])) > 0;
      await store.flush();
      io.out(values.json ? JSON.stringify({ task: done.task, event }, null, 2) : done.changed ? `closed ${id}${event ? ' (recorded as "Service Task Closed")' : ''}` : `${id} was already closed (${done.task.resolution})`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
