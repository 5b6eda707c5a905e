import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { drainPending, Session } from 'chdb';

/** The database of the store whose directory the process is bound to (Atomic: EXCHANGE TABLES works). */
export const CHDB_DATABASE = 'trailmap';

const CONNECTION_ARGS = ['--output_format_json_quote_64bit_integers=0', '--join_use_nulls=1', '--session_timezone=UTC'];

/**
 * libchdb binds one data directory per process (connections to it coexist; one to another directory
 * is refused until all are closed). So this process holds one binding: the directory of the first
 * chdb store opened, with that store's tables in database `trailmap`. A store opened meanwhile for
 * another directory gets a database of its own in the bound directory (`trailmap_<hash of its
 * directory>`) instead of failing; its data then lives there, not under its own directory. The
 * server and every CLI command open one store per process, so for them the data is always in
 * `<data dir>/chdb`; several stores at once happen in tests (and would in an embedding program).
 * When the last store closes, the binding ends and the next store binds its own directory.
 */
interface Binding {
  dir: string;
  /** A directory we created for stores opened without one (removed when the binding ends). */
  ownTemp: boolean;
  users: number;
}
let binding: Binding | null = null;
/** Serializes opening and closing, so two stores opening at once agree on the binding. */
let turn: Promise<unknown> = Promise.resolve();
const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
  const run = turn.then(fn, fn);
  turn = run.catch(() => undefined);
  return run;
};

export interface ChdbLease {
  /** The directory the engine's files are in (the bound one). */
  dir: string;
  /** This store's database in it. */
  database: string;
  writer: Session;
  reader: Session;
  release(): Promise<void>;
}

/** The engine's message for a directory another process holds, said in Trailmap's terms. */
function openError(dir: string, e: Error): Error {
  const msg = e.message;
  if (/Cannot lock file|Failed to create connection/i.test(msg)) {
    return new Error(
      `the database ${dir} is in use by another Trailmap process (embedded ClickHouse allows one process per directory). ` +
        `Stop the server first, or send data through its HTTP API.\n  engine said: ${msg.split('\n')[0]}`,
    );
  }
  return e;
}

function connect(dir: string): Session {
  try {
    return new Session(dir, { connectionArgs: CONNECTION_ARGS });
  } catch (e) {
    throw openError(dir, e as Error);
  }
}

/** Two connections (writer, reader) for a store of `dir` (a temporary directory when omitted), in its database. */
export function leaseChdb(dir?: string): Promise<ChdbLease> {
  return inTurn(async () => {
    const want = dir === undefined ? null : resolve(dir);
    if (binding === null) {
      const ownTemp = want === null;
      binding = { dir: want ?? mkdtempSync(join(tmpdir(), 'trailmap-chdb-')), ownTemp, users: 0 };
    }
    const b = binding;
    const database = want === b.dir || (want === null && b.ownTemp && b.users === 0) ? CHDB_DATABASE : `trailmap_${createHash('sha256').update(want ?? `temp:${Math.random()}`).digest('hex').slice(0, 12)}`;
    let writer: Session | null = null;
    let reader: Session | null = null;
    try {
      writer = connect(b.dir);
      await writer.queryAsync(`CREATE DATABASE IF NOT EXISTS ${database} ENGINE = Atomic`);
      reader = connect(b.dir);
      for (const s of [writer, reader]) await s.queryAsync(`USE ${database}`);
    } catch (e) {
      reader?.close();
      writer?.close();
      if (b.users === 0) await endBinding(b);
      throw e;
    }
    b.users++;
    const [w, r] = [writer, reader];
    let released = false;
    return {
      dir: b.dir,
      database,
      writer: w,
      reader: r,
      release: () =>
        inTurn(async () => {
          if (released) return;
          released = true;
          r.close();
          w.close();
          if (--b.users === 0) await endBinding(b);
        }),
    };
  });
}

async function endBinding(b: Binding): Promise<void> {
  // Until the engine has let go of the directory, another one cannot be opened in this process.
  await drainPending();
  if (b.ownTemp) rmSync(b.dir, { recursive: true, force: true });
  if (binding === b) binding = null;
}
