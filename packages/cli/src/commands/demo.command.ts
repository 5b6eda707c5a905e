import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { z } from 'zod';
import { DEMO_DEFAULT_DAYS, demoStartEndingToday, generateDemoMessages } from '@trailmap/core';
import { loadDemo } from '@trailmap/warehouse';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError } from '../context.js';

const flagsSchema = z.object({
  events: z.coerce.number({ error: '--events must be a number' }).int().min(1).max(100_000_000),
  seed: z.coerce.number({ error: '--seed must be a number' }).int(),
  start: z
    .string()
    .refine((s) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(s) && !Number.isNaN(Date.parse(s)), { message: '--start must be a UTC date (2026-05-01) or time (2026-05-01T00:00:00Z)' })
    .optional(),
});

export const demoCommand: Command = {
  name: 'demo',
  summary: 'generate the deterministic demo business into the data directory',
  help: `Usage: trailmap demo [--events N] [--seed S] [--start DATE] [--data DIR] [--out FILE.jsonl] [--json]

Generates N events (default 100000) of "Northwind Outfitters", a multi-channel
retailer with personas, planted drop-offs and effects (docs/demo-data.md). The
same N and S always give the same events; loading them twice adds nothing
(events are deduplicated by messageId). With --out, writes Segment messages as
JSON Lines instead of loading them (to try \`trailmap ingest\`).
The events span ${DEMO_DEFAULT_DAYS} days ending at today's 00:00 UTC, so relative ranges
("last 30 days") find data; --start DATE (UTC) fixes the window's start instead
(the same N, S and start always give the same events).`,
  async run(argv, io) {
    const { values } = parseFlags(argv, { ...COMMON_OPTIONS, events: { type: 'string', default: '100000' }, seed: { type: 'string', default: '42' }, start: { type: 'string' }, out: { type: 'string' } });
    const parsed = flagsSchema.safeParse(values);
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '));
    const { events, seed } = parsed.data;
    const start = parsed.data.start ? new Date(parsed.data.start).toISOString() : demoStartEndingToday(Date.now());
    const t0 = Date.now();
    if (values.out) {
      const file = createWriteStream(values.out);
      let buf = '';
      for (const m of generateDemoMessages({ events, seed, start })) {
        buf += JSON.stringify(m) + '\n';
        if (buf.length > 1 << 20 && !file.write(buf)) await once(file, 'drain');
        if (buf.length > 1 << 20) buf = '';
      }
      file.end(buf);
      await once(file, 'finish');
      const seconds = (Date.now() - t0) / 1000;
      io.out(values.json ? JSON.stringify({ events, seed, file: values.out, seconds }) : `wrote ${events.toLocaleString('en-US')} messages to ${values.out} in ${seconds.toFixed(1)} s`);
      return 0;
    }
    const { store, dataDir } = await openStore(io, values, true);
    try {
      const r = await loadDemo(store, { events, seed, start });
      const seconds = (Date.now() - t0) / 1000;
      if (values.json) io.out(JSON.stringify({ events, seed, start, accepted: r.accepted, duplicates: r.duplicates, seconds }));
      else
        io.out(
          `demo: generated ${events.toLocaleString('en-US')} events (seed ${seed}) into ${dataDir}: ` +
            `${r.accepted.toLocaleString('en-US')} new, ${r.duplicates.toLocaleString('en-US')} already there, in ${seconds.toFixed(1)} s`,
        );
    } finally {
      await store.close();
    }
    return 0;
  },
};
