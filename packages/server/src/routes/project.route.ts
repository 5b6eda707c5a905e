import type { FastifyInstance } from 'fastify';
import type { ApiKeys } from '../auth/keys.js';

/** The project settings an app shows numbers and times with (from trailmap.config.json, validated at start). */
export interface ProjectSettings {
  /** ISO 4217 code money is shown in. */
  currency: string;
  /** IANA time zone relative ranges resolve in. */
  timeZone: string;
}

/** `GET /v1/project`: the project's display settings (read key or the web session). */
export function projectRoutes(app: FastifyInstance, keys: ApiKeys, settings: ProjectSettings): void {
  app.get('/v1/project', async (req): Promise<ProjectSettings> => {
    return { currency: settings.currency, timeZone: settings.timeZone };
  });
}
