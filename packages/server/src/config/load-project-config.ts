import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_PROJECT_CONFIG, projectConfigSchema, type ProjectConfig } from '@trailmap/core';

export const CONFIG_FILE_NAMES = ['trailmap.config.json', 'trailmap.config.mjs', 'trailmap.config.js'] as const;

/** Find `trailmap.config.{json,mjs,js}`: an explicit path, else the working directory, else the data directory. */
export function findProjectConfig(explicit: string | undefined, dirs: readonly string[]): string | null {
  if (explicit) {
    const p = resolve(explicit);
    if (!existsSync(p)) throw new Error(`config file not found: ${p}`);
    return p;
  }
  for (const dir of dirs) for (const name of CONFIG_FILE_NAMES) if (existsSync(resolve(dir, name))) return resolve(dir, name);
  return null;
}

/** Load and validate the project config; errors name the file and the field. */
export async function loadProjectConfig(path: string | null): Promise<ProjectConfig> {
  if (path === null) return DEFAULT_PROJECT_CONFIG;
  let raw: unknown;
  try {
    raw = path.endsWith('.json') ? JSON.parse(readFileSync(path, 'utf8')) : ((await import(pathToFileURL(path).href)) as { default: unknown }).default;
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  const parsed = projectConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${path} is not a valid Trailmap config:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
