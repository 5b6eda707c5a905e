#!/usr/bin/env node
// Builds the web app (packages/web, `tsc` + `vite build`) unless dist/ is newer than every source
// file, so `npm test` and `npm start` stay fast when nothing in the app changed.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const web = new URL('../packages/web/', import.meta.url).pathname;
const stamp = join(web, 'dist', 'index.html');
const newest = (p) => {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((n) => newest(join(p, n))));
};
const inputs = ['src', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package.json'].map((p) => join(web, p)).filter(existsSync);
if (existsSync(stamp) && statSync(stamp).mtimeMs > Math.max(...inputs.map(newest)) && !process.argv.includes('--force')) {
  console.log('web app: up to date (packages/web/dist)');
  process.exit(0);
}
const r = spawnSync('npm', ['run', 'build', '--workspace', '@trailmap/web'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(r.status ?? 1);
