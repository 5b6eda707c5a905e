import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real PostgreSQL server for tests: Debian's `initdb` and `pg_ctl`, a cluster in a temp
 * directory, its socket there too, TCP on a free port of 127.0.0.1; stopped and removed by
 * `stop()` (and at process exit if a test forgot). PostgreSQL refuses to run as root, so as
 * root the cluster belongs to a non-root user made once for it.
 */
export interface TestPostgres {
  port: number;
  /** A URL for `database` (default `postgres`). */
  url(database?: string): string;
  /** A new empty database; returns its URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

const TEST_USER = 'trailmap-test';
export const POSTGRES_INSTALL = 'apt-get install -y postgresql';

/** The newest `/usr/lib/postgresql/<major>/bin`, or a failure naming the install command. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  if (majors.length === 0) throw new Error(`PostgreSQL's server programs (/usr/lib/postgresql/*/bin/initdb) are not installed; install them with: ${POSTGRES_INSTALL}`);
  majors.sort((a, b) => Number(b) - Number(a));
  return join(root, majors[0]!, 'bin');
}

const isRoot = () => process.getuid?.() === 0;

function ensureTestUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, TEST_USER], { encoding: 'utf8' }).trim());
  if (spawnSync('id', ['-u', TEST_USER]).status !== 0) {
    const r = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', TEST_USER], { encoding: 'utf8' });
    // Two test processes may race to create it; the loser finds it made.
    if (r.status !== 0 && spawnSync('id', ['-u', TEST_USER]).status !== 0) throw new Error(`useradd ${TEST_USER} failed: ${r.stderr}`);
  }
  return { uid: id('-u'), gid: id('-g') };
}

/** Run a PostgreSQL program, as the test user when we are root. */
function run(bin: string, args: string[]): void {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', TEST_USER, '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv as string[], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${[bin, ...args].join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-pg-'));
  if (isRoot()) {
    const { uid, gid } = ensureTestUser();
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      run(join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`, 'start']);
      break;
    } catch (e) {
      // Another process may have taken the port between the check and the start.
      if (attempt >= 2) throw new Error(`${(e as Error).message}\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
    }
  }
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    try {
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('exit', stopNow);
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let n = 0;
  return {
    port,
    url,
    async createDatabase(name = `t${process.pid}_${++n}`) {
      run(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE "${name}"`]);
      return url(name);
    },
    async stop() {
      process.removeListener('exit', stopNow);
      stopNow();
    },
  };
}
