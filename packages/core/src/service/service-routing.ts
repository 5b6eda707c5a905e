import type { ServiceConfig } from './service-config.schema.js';
import type { ServiceTaskPriority, ServiceTaskSource } from './service-task.js';

const HOUR_MS = 3_600_000;

/** The owner of a task by the config's routes (first match), else the default owner. */
export function routeServiceOwner(cfg: Pick<ServiceConfig, 'routes' | 'defaultOwner'>, source: ServiceTaskSource, topic: string | null): string | null {
  for (const r of cfg.routes) {
    if (r.source !== undefined && r.source !== source) continue;
    if (r.topic !== undefined && (topic === null || !new RegExp(r.topic, 'i').test(topic))) continue;
    return r.owner;
  }
  return cfg.defaultOwner;
}

/** The due time of a task of this priority detected at `now`: now + the SLA's hours. */
export function serviceDueAt(cfg: Pick<ServiceConfig, 'sla'>, priority: ServiceTaskPriority, now: number): string {
  return new Date(now + cfg.sla[priority] * HOUR_MS).toISOString();
}
