#!/usr/bin/env node
// bench/state — the embedded state store (PGlite) against a PostgreSQL server started in the same
// run (Debian's, as the tests start it): open time cold (new store) and warm, one setting
// write + read, resident memory added, size on disk of the packages. Each measurement runs in a
// process of its own. Usage: npm run bench:state [-- --ops N --runs N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { postgresBinDir, startPostgres } from '@trailmap/state/test-support';

const { values } = parseArgs({ options: { ops: { type: 'string', default: '500' }, runs: { type: 'string', default: '3' } } });
const ops = Number(values.ops);
const runs = Number(values.runs);
const measure = fileURLToPath(new URL('./measure.mjs', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'trailmap-bench-state-'));

function child(...args) {
  const r = spawnSync(process.execPath, [measure, ...args], { encoding: 'utf8', cwd: root });
  if (r.status !== 0) throw new Error(`measure ${args.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summarize = (rows) => Object.fromEntries(Object.keys(rows[0]).filter((k) => typeof rows[0][k] === 'number').map((k) => [k, median(rows.map((r) => r[k]))]));
const du = (...paths) => {
  const r = spawnSync('du', ['-sb', ...paths.map((p) => join(root, 'node_modules', p))], { encoding: 'utf8' });
  return r.stdout.trim().split('\n').reduce((s, l) => s + Number(l.split('\t')[0]), 0) / 2 ** 20;
};

const pg = await startPostgres();
try {
  const out = { embedded: { cold: [], warm: [] }, postgres: { cold: [], warm: [] }, inlineInitdb: [] };
  for (let r = 0; r < runs; r++) {
    const dir = join(work, `e${r}`);
    out.embedded.cold.push(child('embedded', 'cold', dir, String(ops)));
    out.embedded.warm.push(child('embedded', 'warm', dir, String(ops)));
    const url = await pg.createDatabase(`bench_${r}`);
    out.postgres.cold.push(child('postgres', 'cold', url, String(ops)));
    out.postgres.warm.push(child('postgres', 'warm', url, String(ops)));
    out.inlineInitdb.push(child('pglite-inline-initdb', 'cold', join(work, `inline${r}`), '0'));
  }
  const e = { cold: summarize(out.embedded.cold), warm: summarize(out.embedded.warm) };
  const p = { cold: summarize(out.postgres.cold), warm: summarize(out.postgres.warm) };
  const inline = summarize(out.inlineInitdb);
  const storeMB = Number(spawnSync('du', ['-sb', join(work, 'e0', 'state')], { encoding: 'utf8' }).stdout.split('\t')[0]) / 2 ** 20;
  const size = { pgliteMB: du('@electric-sql/pglite'), pgMB: du('pg', 'pg-pool', 'pg-protocol', 'pg-types', 'pg-connection-string', 'pg-int8', 'pg-cloudflare', 'pgpass', 'postgres-array', 'postgres-bytea', 'postgres-date', 'postgres-interval', 'split2', 'xtend') };
  const f = (x, d = 1) => x.toFixed(d);
  const ratio = (a, b) => `${f(a / b, 2)}×`;
  console.log(`state store, ${runs} run(s) each, ${ops} setting write+read per run (medians); baseline = PostgreSQL ${postgresBinDir().split('/').at(-2)} server on 127.0.0.1 (same run)`);
  console.log(`                         PGlite (embedded)   PostgreSQL server   PGlite / server`);
  console.log(`open, cold (new store)   ${f(e.cold.openMs, 0).padStart(8)} ms         ${f(p.cold.openMs, 0).padStart(8)} ms         ${ratio(e.cold.openMs, p.cold.openMs)}   (server: new database; its initdb not counted)`);
  console.log(`open, warm               ${f(e.warm.openMs, 0).padStart(8)} ms         ${f(p.warm.openMs, 0).padStart(8)} ms         ${ratio(e.warm.openMs, p.warm.openMs)}`);
  console.log(`setting write+read       ${f(e.warm.writeReadMedianMs, 3).padStart(8)} ms         ${f(p.warm.writeReadMedianMs, 3).padStart(8)} ms         ${ratio(e.warm.writeReadMedianMs, p.warm.writeReadMedianMs)}   (p95 ${f(e.warm.writeReadP95Ms, 3)} vs ${f(p.warm.writeReadP95Ms, 3)} ms)`);
  console.log(`RSS added, warm          ${f(e.warm.rssAddedMB).padStart(8)} MB         ${f(p.warm.rssAddedMB).padStart(8)} MB         ${ratio(e.warm.rssAddedMB, p.warm.rssAddedMB)}   (in the Trailmap process; the server's own memory not counted)`);
  console.log(`RSS added, cold          ${f(e.cold.rssAddedMB).padStart(8)} MB   (peak ${f(e.cold.peakAddedMB)} MB; initdb in a thread) vs initdb in-process ${f(inline.rssAddedMB)} MB (peak ${f(inline.peakAddedMB)} MB, ${f(inline.openMs, 0)} ms)`);
  console.log(`packages on disk         ${f(size.pgliteMB).padStart(8)} MB         ${f(size.pgMB).padStart(8)} MB         ${ratio(size.pgliteMB, size.pgMB)}   (node_modules; a new embedded store is ${f(storeMB)} MB)`);
  const result = {
    runs,
    ops,
    pglite: { coldOpenMs: e.cold.openMs, warmOpenMs: e.warm.openMs, writeReadMs: e.warm.writeReadMedianMs, writeReadP95Ms: e.warm.writeReadP95Ms, rssAddedMB: e.warm.rssAddedMB, coldRssAddedMB: e.cold.rssAddedMB, coldPeakAddedMB: e.cold.peakAddedMB, packageMB: size.pgliteMB, newStoreMB: storeMB },
    pgliteInlineInitdb: { openMs: inline.openMs, rssAddedMB: inline.rssAddedMB, peakAddedMB: inline.peakAddedMB },
    postgres: { coldOpenMs: p.cold.openMs, warmOpenMs: p.warm.openMs, writeReadMs: p.warm.writeReadMedianMs, writeReadP95Ms: p.warm.writeReadP95Ms, rssAddedMB: p.warm.rssAddedMB, packageMB: size.pgMB },
    ratios: { coldOpen: e.cold.openMs / p.cold.openMs, warmOpen: e.warm.openMs / p.warm.openMs, writeRead: e.warm.writeReadMedianMs / p.warm.writeReadMedianMs, rssAdded: e.warm.rssAddedMB / p.warm.rssAddedMB, packageSize: size.pgliteMB / size.pgMB },
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
} finally {
  await pg.stop();
  rmSync(work, { recursive: true, force: true });
}
