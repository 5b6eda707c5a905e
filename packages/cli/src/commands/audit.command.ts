import { auditQuerySchema, type AuditEntry } from '@trailmap/core';
import { listAudit } from '@trailmap/state';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openDataState, UsageError } from '../context.js';
import { renderTable } from '../output/table.js';

const line = (e: AuditEntry) => ({
  id: e.id,
  at: e.at.slice(0, 19).replace('T', ' '),
  actor: e.actor,
  action: e.action,
  target: e.target ?? '',
  outcome: e.outcome,
  origin: e.origin ?? '',
  detail: Object.keys(e.detail).length ? JSON.stringify(e.detail) : '',
});

export const auditCommand: Command = {
  name: 'audit',
  summary: 'the audit log: who did what, when, from where',
  help: `Usage: trailmap audit [--since WHEN] [--until WHEN] [--actor A] [--action ACTION]
                     [--target T] [--outcome ok|denied|failed] [--limit N] [--before ID] [--json]

The audit log of the state store (TRAILMAP_STATE), newest first, as GET /v1/audit
answers it: admin and privacy actions, key use, and every read of one person's data
(profile.read, people.export, segment.export). It never holds personal data: a person
is named by a keyed reference (person:<hash>). It is append-only; only its retention
rule deletes lines (docs/privacy.md). Stop the server first when the state store is
embedded.

Options:
  --since WHEN    from this instant (ISO 8601: 2026-12-01 or 2026-12-01T08:00:00Z)
  --until WHEN    before this instant
  --actor A       exactly this actor (key:<id>, admin:<name>, web-session, cli, server)
  --action X      this action, or every action under a prefix ending in "." (privacy.)
  --target T      exactly this target (request:<id>, key:<id>, person:<hash>)
  --outcome O     ok, denied or failed
  --limit N       lines, 1-1000 (default 100)
  --before ID     only lines older than this id (the "next" of the previous page)
  --data DIR      data directory (default ./data or TRAILMAP_DATA_DIR)
  --json          { entries, next } as JSON`,
  async run(argv, io) {
    const flags = { since: { type: 'string' }, until: { type: 'string' }, actor: { type: 'string' }, action: { type: 'string' }, target: { type: 'string' }, outcome: { type: 'string' }, limit: { type: 'string' }, before: { type: 'string' } } as const;
    const { values } = parseFlags(argv, { ...COMMON_OPTIONS, ...flags });
    const query: Record<string, string> = {};
    for (const k of Object.keys(flags) as Array<keyof typeof flags>) if (values[k] !== undefined) query[k] = values[k];
    const q = auditQuerySchema.safeParse(query);
    if (!q.success) {
      const issue = q.error.issues[0]!;
      throw new UsageError(`--${String(issue.path[0])}: ${issue.message}`);
    }
    const state = await openDataState(io, values);
    try {
      const page = await listAudit(state, q.data);
      if (values.json) io.out(JSON.stringify(page, null, 2));
      else if (page.entries.length === 0) io.out('No audit lines match.');
      else {
        io.out(renderTable(page.entries.map(line), [['id', 'id'], ['at', 'at (UTC)'], ['actor', 'actor'], ['action', 'action'], ['target', 'target'], ['outcome', 'outcome'], ['origin', 'from'], ['detail', 'detail']]));
        if (page.next !== null) io.out(`More: --before ${page.next}`);
      }
      return 0;
    } finally {
      await state.close();
    }
  },
};
