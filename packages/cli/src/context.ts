import { resolve } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { appConfigFromEnv, describeWarehouse, type AppConfig } from '@trailmap/core';
import { findProjectConfig, loadProjectConfig } from '@trailmap/server';
import { EventStore, hasWarehouseData, warehouseLocation } from '@trailmap/warehouse';
import { openStateStore } from '@trailmap/state';
import type { ProgressSink } from './output/progress-line.js';

/** Thrown for wrong usage; main prints the message and the command's help, exit code 2. */
export class UsageError extends Error {}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** stderr when it is a terminal: long commands draw their progress there (absent: nothing is drawn). */
  progress?: ProgressSink | undefined;
}

export function appConfig(io: Io, flags: { data?: string | undefined; port?: string | undefined }): AppConfig {
  return appConfigFromEnv(io.env, {
    ...(flags.data ? { dataDir: flags.data } : {}),
    ...(flags.port ? { port: Number(flags.port) } : {}),
  });
}

/** Open the event store of the data directory for a CLI command, on the engine TRAILMAP_WAREHOUSE names. */
export async function openStore(io: Io, flags: { data?: string | undefined; config?: string | undefined }, create = false) {
  const cfg = appConfig(io, flags);
  const dataDir = resolve(io.cwd, cfg.dataDir);
  if (!create && !hasWarehouseData(cfg.warehouse, dataDir)) {
    throw new UsageError(
      `no Trailmap data in ${dataDir}: there is no ${warehouseLocation(cfg.warehouse, dataDir)} (TRAILMAP_WAREHOUSE names ${describeWarehouse(cfg.warehouse)}); run \`trailmap start\` or \`trailmap demo\` first, or pass --data DIR`,
    );
  }
  if (create) mkdirSync(dataDir, { recursive: true });
  const project = await loadProjectConfig(findProjectConfig(flags.config, [io.cwd, dataDir]));
  // The state store (TRAILMAP_STATE) holds the catalogue edits the store classifies by; closed with the store.
  const { state } = await openStateStore({ setting: cfg.state, dataDir });
  try {
    return { store: await EventStore.open({ dataDir, warehouse: cfg.warehouse, project, state, ownState: true }), state, dataDir, project };
  } catch (e) {
    await state.close().catch(() => undefined);
    throw e;
  }
}

/** The state store of the data directory alone (saved insights, keys, the audit log…); the directory must exist. */
export async function openDataState(io: Io, flags: { data?: string | undefined }) {
  const cfg = appConfig(io, flags);
  const dataDir = resolve(io.cwd, cfg.dataDir);
  if (!existsSync(dataDir)) throw new UsageError(`no Trailmap data directory at ${dataDir}; run \`trailmap start\` or \`trailmap demo\` first, or pass --data DIR`);
  return (await openStateStore({ setting: cfg.state, dataDir })).state;
}
