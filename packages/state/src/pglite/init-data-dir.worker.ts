import { workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

// initdb on a new embedded store, in a thread of its own: PGlite's initdb grows the WebAssembly
// memory to ~1 GB, and memory a thread used goes back to the system when it ends.
const { dir } = workerData as { dir: string };
const db = await PGlite.create(dir);
await db.close();
