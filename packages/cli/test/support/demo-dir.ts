import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TRAILMAP_BIN = fileURLToPath(new URL('../../../../../bin/trailmap.js', import.meta.url));

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/**
 * A fresh data directory holding the demo business (`trailmap demo --events N --seed S`), made
 * before the file's tests and removed after; `run` calls the real CLI on it.
 */
export function demoDataDir(name: string, demo: { events: number; seed: number }, env: NodeJS.ProcessEnv = {}): { dir: string; run: (args: string[]) => CliRun } {
  const dir = mkdtempSync(join(tmpdir(), `trailmap-cli-${name}-`));
  const run = (args: string[]): CliRun => {
    const r = spawnSync(process.execPath, [TRAILMAP_BIN, ...args, '--data', dir], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 180_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  before(() => {
    const r = run(['demo', '--events', String(demo.events), '--seed', String(demo.seed)]);
    assert.equal(r.code, 0, r.err);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, run };
}
