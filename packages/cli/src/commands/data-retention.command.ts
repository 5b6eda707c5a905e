import { describeRetentionRule, type RetentionRunResult } from '@trailmap/core';
import { RetentionRunner } from '@trailmap/server';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError } from '../context.js';

function runLines(r: RetentionRunResult): string[] {
  const lines = [`Retention run at ${r.ranAt}:`];
  for (const e of r.events) lines.push(`  ${describeRetentionRule(e)} (before ${e.before}): ${e.deleted.toLocaleString('en-US')} deleted`);
  if (r.quarantine) lines.push(`  quarantine rows received before ${r.quarantine.before}: ${r.quarantine.deleted.toLocaleString('en-US')} deleted`);
  if (r.audit) lines.push(`  audit lines before ${r.audit.before}: ${r.audit.deleted.toLocaleString('en-US')} deleted`);
  if (lines.length === 1) lines.push('  no rule (trailmap.config.json has no "retention" rules): nothing deleted');
  for (const c of r.compaction) lines.push(`  compaction: ${c}`);
  return lines;
}

export const dataRetentionCommand: Command = {
  name: 'data-retention',
  summary: 'data retention rules (delete after N days): show them and their last run, or run them now',
  help: `Usage: trailmap data-retention show [--json]
       trailmap data-retention run [--json]

(For cohort retention, the analysis, see trailmap retention.) The rules are
trailmap.config.json's "retention" (docs/privacy.md#retention):
  {"retention": {"events": [{"event": "Page Viewed", "days": 90},
                            {"source": "legacy-import", "days": 365}],
                 "quarantineDays": 30, "auditDays": 730, "everyHours": 24}}
An events rule deletes the events older than "days" (by the event's timestamp) of
that event (its label), that source, both, or every event; every matching rule
applies, so the shortest wins. quarantineDays deletes quarantine rows by the time
they were received, auditDays audit lines. \`trailmap start\` runs them every
"everyHours" (default 24; 0 = only on demand); "run" runs them now on the data
directory (stop the server first when the stores are embedded), compacts the
warehouse so the deleted rows' bytes go, and records the counts in the audit log.

Options:
  --data DIR      data directory (default ./data or TRAILMAP_DATA_DIR)
  --config FILE   the project config (default trailmap.config.json beside the data)
  --json          as JSON (show: { config, lastRun }; run: the run's counts)`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, COMMON_OPTIONS, true);
    const [sub, ...extra] = positionals;
    if (sub !== 'show' && sub !== 'run') throw new UsageError('expected show or run');
    if (extra.length) throw new UsageError(`unexpected ${JSON.stringify(extra[0])}`);
    const { store, state, project } = await openStore(io, values);
    const runner = new RetentionRunner(store, state, project.retention);
    try {
      if (sub === 'run') {
        const r = await runner.run('cli');
        io.out(values.json ? JSON.stringify(r, null, 2) : runLines(r).join('\n'));
        return 0;
      }
      const d = await runner.describe();
      if (values.json) io.out(JSON.stringify(d, null, 2));
      else {
        const c = d.config;
        const rules = [...c.events.map(describeRetentionRule), ...(c.quarantineDays ? [`quarantine rows older than ${c.quarantineDays} days`] : []), ...(c.auditDays ? [`audit lines older than ${c.auditDays} days`] : [])];
        io.out(rules.length ? `Retention rules (${c.everyHours > 0 ? `every ${c.everyHours} h in trailmap start` : 'on demand only'}):\n${rules.map((r) => `  ${r}`).join('\n')}` : 'No retention rules (trailmap.config.json "retention"): nothing is deleted by age.');
        io.out(d.lastRun ? runLines(d.lastRun).join('\n') : 'Never run.');
      }
      return 0;
    } finally {
      await runner.close();
      await store.close();
    }
  },
};
