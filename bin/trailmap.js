#!/usr/bin/env node
// Entry point of the `trailmap` command; the CLI lives in packages/cli.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../packages/cli/dist/src/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('trailmap: not built yet; run `npm install` (or `npm run build`) in the repository first\n');
  process.exit(1);
}
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2), {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
  env: process.env,
  cwd: process.cwd(),
  // Progress lines only on a terminal; piped or redirected stderr gets nothing extra.
  progress: process.stderr.isTTY ? { write: (s) => process.stderr.write(s), get columns() { return process.stderr.columns; } } : undefined,
});
process.exit(code);
