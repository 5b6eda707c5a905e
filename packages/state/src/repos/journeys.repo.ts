import type { StateSession } from '../state-store.js';

/** A journey as stored: the draft definition (JSON) and the version new entries take. */
export interface StoredJourney {
  id: string;
  name: string;
  status: 'draft' | 'live' | 'paused' | 'archived';
  draft: unknown;
  liveVersion: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface StoredJourneyVersion {
  journeyId: string;
  version: number;
  definition: unknown;
  publishedAt: Date;
}

interface JourneyRow {
  id: string;
  name: string;
  status: StoredJourney['status'];
  draft: unknown;
  live_version: number | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));
const toJourney = (r: JourneyRow): StoredJourney => ({
  id: r.id,
  name: r.name,
  status: r.status,
  draft: r.draft,
  liveVersion: r.live_version === null ? null : Number(r.live_version),
  createdAt: asDate(r.created_at),
  updatedAt: asDate(r.updated_at),
});

const bump = (s: StateSession) => s.exec('UPDATE journey_revision SET revision = revision + 1 WHERE id = 1');

/** Moves with every change of a journey's status or versions (workers reload their definitions when it does). */
export async function journeysRevision(s: StateSession): Promise<number> {
  const [r] = await s.query<{ revision: number }>('SELECT revision FROM journey_revision WHERE id = 1');
  return Number(r?.revision ?? 0);
}

export async function listJourneys(s: StateSession): Promise<StoredJourney[]> {
  return (await s.query<JourneyRow>('SELECT * FROM journeys ORDER BY created_at, id')).map(toJourney);
}

export async function getJourney(s: StateSession, id: string): Promise<StoredJourney | null> {
  const [r] = await s.query<JourneyRow>('SELECT * FROM journeys WHERE id = $1', [id]);
  return r ? toJourney(r) : null;
}

export async function createJourney(s: StateSession, j: { id: string; name: string; draft: unknown; at: Date }): Promise<StoredJourney> {
  const [r] = await s.query<JourneyRow>(
    `INSERT INTO journeys (id, name, status, draft, created_at, updated_at) VALUES ($1, $2, 'draft', $3::jsonb, $4, $4) RETURNING *`,
    [j.id, j.name, JSON.stringify(j.draft), j.at],
  );
  await bump(s);
  return toJourney(r!);
}

/** Replace the draft (the live version is untouched until the next publish). */
export async function updateJourneyDraft(s: StateSession, id: string, name: string, draft: unknown, at: Date): Promise<StoredJourney | null> {
  const [r] = await s.query<JourneyRow>('UPDATE journeys SET name = $2, draft = $3::jsonb, updated_at = $4 WHERE id = $1 RETURNING *', [id, name, JSON.stringify(draft), at]);
  return r ? toJourney(r) : null;
}

/** Freeze the draft as the next version and make it the one new entries take; the journey goes live. */
export async function publishJourney(s: StateSession, id: string, at: Date): Promise<StoredJourney | null> {
  const j = await getJourney(s, id);
  if (!j) return null;
  const [v] = await s.query<{ n: number }>('SELECT coalesce(max(version), 0) + 1 AS n FROM journey_versions WHERE journey_id = $1', [id]);
  const version = Number(v!.n);
  await s.exec('INSERT INTO journey_versions (journey_id, version, definition, published_at) VALUES ($1, $2, $3::jsonb, $4)', [id, version, JSON.stringify(j.draft), at]);
  const [r] = await s.query<JourneyRow>(`UPDATE journeys SET status = 'live', live_version = $2, updated_at = $3 WHERE id = $1 RETURNING *`, [id, version, at]);
  await bump(s);
  return toJourney(r!);
}

export async function setJourneyStatus(s: StateSession, id: string, status: StoredJourney['status'], at: Date): Promise<StoredJourney | null> {
  const [r] = await s.query<JourneyRow>('UPDATE journeys SET status = $2, updated_at = $3 WHERE id = $1 RETURNING *', [id, status, at]);
  if (r) await bump(s);
  return r ? toJourney(r) : null;
}

export async function listJourneyVersions(s: StateSession, id: string): Promise<StoredJourneyVersion[]> {
  const rows = await s.query<{ journey_id: string; version: number; definition: unknown; published_at: Date | string }>(
    'SELECT * FROM journey_versions WHERE journey_id = $1 ORDER BY version',
    [id],
  );
  return rows.map((r) => ({ journeyId: r.journey_id, version: Number(r.version), definition: r.definition, publishedAt: asDate(r.published_at) }));
}

/** Every published version of every journey that is live or paused (runs of any version may still be under way). */
export async function activeJourneyVersions(s: StateSession): Promise<Array<StoredJourneyVersion & { status: StoredJourney['status']; liveVersion: number | null; name: string }>> {
  const rows = await s.query<{ journey_id: string; version: number; definition: unknown; published_at: Date | string; status: StoredJourney['status']; live_version: number | null; name: string }>(
    `SELECT v.journey_id, v.version, v.definition, v.published_at, j.status, j.live_version, j.name
       FROM journey_versions v JOIN journeys j ON j.id = v.journey_id
      WHERE j.status IN ('live', 'paused')
      ORDER BY v.journey_id, v.version`,
  );
  return rows.map((r) => ({
    journeyId: r.journey_id,
    version: Number(r.version),
    definition: r.definition,
    publishedAt: asDate(r.published_at),
    status: r.status,
    liveVersion: r.live_version === null ? null : Number(r.live_version),
    name: r.name,
  }));
}
