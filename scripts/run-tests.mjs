#!/usr/bin/env node
// Runs the compiled test files (packages/*/dist/test/**/*.test.js) with Node's test runner.
//
// Usage: node scripts/run-tests.mjs [substring filter] [--engines duckdb,chdb] [--list (print, do not run)]
//   With no filter (npm test): every test on DuckDB, then again on chdb (embedded ClickHouse) the
//   product tests, i.e. those that open their store through the engine selection (see ON_EVERY_ENGINE);
//   `--engines chdb` runs only that second pass.
//   With a filter: the matching files once, on TRAILMAP_WAREHOUSE (unset = duckdb), unless --engines says.
//   Files not run on an engine are named with the reason in the output.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const enginesAt = args.indexOf('--engines');
const enginesArg = enginesAt >= 0 ? args.splice(enginesAt, 2)[1] : undefined;
const listOnly = args.includes('--list') && args.splice(args.indexOf('--list'), 1).length > 0;
const filter = args[0];

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js') && (!filter || p.includes(filter))) files.push(p);
  }
};
for (const pkg of readdirSync(join(root, 'packages'))) {
  // dist-test: the web app's unit tests (its dist/ is Vite's, emptied by each build).
  for (const out of ['dist', 'dist-test']) {
    const dir = join(root, 'packages', pkg, out, 'test');
    if (existsSync(dir)) walk(dir);
  }
}
if (files.length === 0) {
  console.error('no test files found; did `tsc -b` run?');
  process.exit(1);
}
files.sort();

/**
 * A test runs on every engine when it opens its store on TRAILMAP_WAREHOUSE: through the test
 * helper (@trailmap/warehouse/testing), a test server or web fixture built on it, or a `trailmap`
 * child process (which inherits the variable). The pure-core tests and the analytics differential
 * tests (which compare both engines inside one run) do not, and run once.
 */
const ON_EVERY_ENGINE = [/@trailmap\/warehouse\/testing/, /testing\/test-store\.js/, /support\/test-server\.js/, /support\/web-fixture\.js/, /bin\/trailmap\.js/, /support\/demo-dir\.js/, /fixtures\/import-helpers\.js/];
/** Not on chdb yet, each with the reason (printed with every run, so nothing is left out silently). */
const NOT_ON = {
  chdb: [
    [/\/state-/, 'the state store tests are engine-neutral: they run on embedded PostgreSQL and a PostgreSQL server'],
    [/\/web-a11y\.test|\/compute-offthread\.test/, 'engine-neutral and slow: the pages\' accessibility, the event loop during worker-thread computations'],
  ],
};
const engineDependent = (f) => ON_EVERY_ENGINE.some((re) => re.test(readFileSync(f, 'utf8')));

const run = (engine, list) => {
  console.log(`# engine: ${engine} (TRAILMAP_WAREHOUSE=${engine}), ${list.length} test files`);
  const r = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-concurrency=2', ...list], { stdio: 'inherit', env: { ...process.env, TRAILMAP_WAREHOUSE: engine } });
  return r.status ?? 1;
};

const engines = enginesArg ? enginesArg.split(',') : filter ? [process.env.TRAILMAP_WAREHOUSE || 'duckdb'] : ['duckdb', 'chdb'];
let status = 0;
for (const engine of engines) {
  // The default engine runs every test; another engine, the tests that depend on the engine.
  let list = engine === 'duckdb' ? files : files.filter(engineDependent);
  // A filter names the files wanted: they run as asked, on the engine asked.
  for (const [re, why] of filter ? [] : (NOT_ON[engine] ?? [])) {
    const left = list.filter((f) => re.test(f));
    if (left.length) console.log(`# not on ${engine} (${why}): ${left.map((f) => relative(root, f)).join(', ')}`);
    list = list.filter((f) => !re.test(f));
  }
  if (list.length === 0) continue;
  if (listOnly) console.log(`# ${engine}: ${list.length} files\n${list.map((f) => `  ${relative(root, f)}`).join('\n')}`);
  else status = run(engine, list) || status;
}
process.exit(status);
