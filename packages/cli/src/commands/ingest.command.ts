import { basename } from 'node:path';
import { checkNullMarkers, importFile, ImportError, parseConstants, SuppressionFilter } from '@trailmap/warehouse';
import { projectSalt } from '@trailmap/state';
import { MESSAGE_TYPES, type MessageType } from '@trailmap/core';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError } from '../context.js';
import { progressLine } from '../output/progress-line.js';

/** `a=b,c=d` → { a: 'b', c: 'd' }; repeated --map flags add up. */
export function parseMapping(specs: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const spec of specs) {
    for (const pair of spec.split(',').filter((s) => s.trim() !== '')) {
      const eq = pair.indexOf('=');
      if (eq <= 0 || eq === pair.length - 1) throw new UsageError(`--map expects column=field pairs, got ${JSON.stringify(pair)}`);
      map[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
  }
  return map;
}

/** `field=value` pairs of repeated --set flags; the value is everything after the first `=` (commas included). */
export function parseSet(specs: readonly string[]): Record<string, string> {
  const set: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects field=value, got ${JSON.stringify(spec)}`);
    const field = spec.slice(0, eq).trim();
    if (field in set) throw new UsageError(`--set ${field} is given twice`);
    set[field] = spec.slice(eq + 1);
  }
  return set;
}

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'import a CSV, JSON Lines or Parquet file of events',
  help: `Usage: trailmap ingest FILE [--format csv|jsonl|parquet] [--map col=field,...]
                      [--set field=value ...] [--null TEXT ...]
                      [--unknown-columns error|properties] [--type TYPE] [--data DIR] [--json]

Imports events from FILE (format from the extension unless --format). Columns
are Segment fields (type, event, userId, anonymousId, messageId, timestamp,
properties, traits, context, ...) or dotted paths (properties.revenue). Map other
column names with --map, e.g. --map customer_id=userId,action=event,created_at=timestamp.

  --set field=value   every row gets this value for a field the file has no column
                      for, e.g. --set event="Order Line" --set properties.store=Berlin
                      (repeatable; the value is checked as the API checks the field)
  --null TEXT         cells holding exactly TEXT mean "no value", like an empty cell,
                      e.g. --null NA (repeatable; in JSON Lines, string values)
  --type TYPE         the type of rows that have none (track, identify, page, ...)

Rows that fail validation are quarantined with file, line and reason. Prints
accepted / quarantined / duplicates (--json: {"accepted":n,"quarantined":n,"duplicates":n});
rows = accepted + quarantined + duplicates. On a terminal, an import that takes over a
second draws its progress on stderr (step, bar, MB or rows done, rate, time); piped or
redirected output gets nothing extra. Re-importing the same file adds nothing twice.
See docs/import.md.`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        ...COMMON_OPTIONS,
        format: { type: 'string' },
        map: { type: 'string', multiple: true, default: [] },
        'unknown-columns': { type: 'string', default: 'error' },
        type: { type: 'string' },
        set: { type: 'string', multiple: true, default: [] },
        null: { type: 'string', multiple: true, default: [] },
      },
      true,
    );
    if (positionals.length !== 1) throw new UsageError('expected exactly one FILE');
    const format = values.format;
    if (format !== undefined && !['csv', 'jsonl', 'parquet'].includes(format)) throw new UsageError(`--format must be csv, jsonl or parquet, got ${JSON.stringify(format)}`);
    const unknown = values['unknown-columns'];
    if (unknown !== 'error' && unknown !== 'properties') throw new UsageError(`--unknown-columns must be error or properties`);
    if (values.type !== undefined && !MESSAGE_TYPES.includes(values.type as MessageType)) throw new UsageError(`--type must be one of ${MESSAGE_TYPES.join(', ')}`);
    const set = parseSet(values.set ?? []);
    const constants = parseConstants(set, values.type as MessageType | undefined);
    if (!constants.ok) throw new UsageError(constants.error.message);
    const nullMarkers = values.null ?? [];
    const markerProblem = checkNullMarkers(nullMarkers);
    if (markerProblem) throw new UsageError(markerProblem.message);
    const { store, state } = await openStore(io, values, true);
    // Rows of ids a data-subject request suppressed are dropped, as collection drops them.
    const suppression = await SuppressionFilter.open(state, await projectSalt(state));
    const bar = io.progress ? progressLine(io.progress, basename(positionals[0]!)) : null;
    try {
      const report = await importFile(store, {
        path: positionals[0]!,
        ...(format ? { format: format as 'csv' | 'jsonl' | 'parquet' } : {}),
        map: parseMapping(values.map ?? []),
        unknownColumns: unknown,
        ...(values.type ? { defaultType: values.type as MessageType } : {}),
        set,
        nullMarkers,
        ...(bar ? { onProgress: bar.update } : {}),
        suppression,
      });
      bar?.finish();
      if (values.json) {
        io.out(JSON.stringify({ accepted: report.accepted, quarantined: report.quarantined, duplicates: report.duplicates, ...(report.suppressed ? { suppressed: report.suppressed } : {}) }));
      } else {
        io.out(`${report.file} (${report.format}): ${report.rows.toLocaleString('en-US')} rows`);
        io.out(`  accepted     ${report.accepted.toLocaleString('en-US')}`);
        io.out(`  quarantined  ${report.quarantined.toLocaleString('en-US')}`);
        io.out(`  duplicates   ${report.duplicates.toLocaleString('en-US')}${report.alreadyImported ? '  (this file was imported before)' : ''}`);
        if (report.suppressed) io.out(`  suppressed   ${report.suppressed.toLocaleString('en-US')}  (ids on the suppression list: dropped, not stored)`);
        for (const w of report.warnings ?? []) io.out(`  warning: ${w}`);
        for (const q of report.quarantineSample) io.out(`  ${q.record}: ${q.reason}`);
        if (report.quarantined > report.quarantineSample.length) io.out(`  … see the quarantine table for all ${report.quarantined}`);
      }
      return 0;
    } catch (e) {
      if (e instanceof ImportError) {
        io.err(`trailmap ingest: ${e.message}`);
        return 1;
      }
      throw e;
    } finally {
      bar?.finish();
      await store.close();
    }
  },
};
