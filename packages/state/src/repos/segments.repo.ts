import { randomUUID } from 'node:crypto';
import { ruleTiming, segmentRuleSchema, type PersonSegment, type SavedSegment, type SegmentCreate, type SegmentMembership, type SegmentPatch, type SegmentRule } from '@trailmap/core';
import type { StateSession, StateStore } from '../state-store.js';

type Row = { id: string; key: string; name: string; description: string; rule: unknown; size: number | null; refreshed_at: Date | string | null; created_at: Date | string; updated_at: Date | string };
type MemberRow = { person_id: string; entered_at: Date | string; exited_at: Date | string | null };

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const ruleOf = (r: Row): SegmentRule => segmentRuleSchema.parse(typeof r.rule === 'string' ? JSON.parse(r.rule) : r.rule);

function toSegment(r: Row, resolve: (key: string) => SegmentRule | undefined): SavedSegment {
  const rule = ruleOf(r);
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    description: r.description,
    rule,
    timing: ruleTiming(rule, resolve, new Set([r.key])),
    size: r.size === null ? null : Number(r.size),
    refreshedAt: r.refreshed_at === null ? null : iso(r.refreshed_at),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** Every saved segment, by key. */
export async function listSegments(s: StateSession): Promise<SavedSegment[]> {
  const rows = await s.query<Row>('SELECT * FROM segments ORDER BY key');
  const rules = new Map(rows.map((r) => [r.key, ruleOf(r)]));
  return rows.map((r) => toSegment(r, (k) => rules.get(k)));
}

/** The saved rules by key (what a rule's inSegment / notInSegment refer to). */
export async function segmentRules(s: StateSession): Promise<Map<string, SegmentRule>> {
  const rows = await s.query<Row>('SELECT * FROM segments');
  return new Map(rows.map((r) => [r.key, ruleOf(r)]));
}

export async function getSegment(s: StateSession, key: string): Promise<SavedSegment | null> {
  const all = await listSegments(s);
  return all.find((x) => x.key === key) ?? null;
}

/** Null when the key is taken. */
export async function createSegment(s: StateSession, f: SegmentCreate): Promise<SavedSegment | null> {
  const rows = await s.query<Row>(
    `INSERT INTO segments (id, key, name, description, rule, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5::text::jsonb, now(), now()) ON CONFLICT (key) DO NOTHING RETURNING *`,
    [randomUUID(), f.key, f.name, f.description, JSON.stringify(f.rule)],
  );
  return rows[0] ? getSegment(s, f.key) : null;
}

/** Null when there is no such segment. */
export async function updateSegment(s: StateSession, key: string, patch: SegmentPatch): Promise<SavedSegment | null> {
  const params: unknown[] = [];
  const sets: string[] = [];
  if (patch.name !== undefined) sets.push(`name = $${params.push(patch.name)}`);
  if (patch.description !== undefined) sets.push(`description = $${params.push(patch.description)}`);
  if (patch.rule !== undefined) sets.push(`rule = $${params.push(JSON.stringify(patch.rule))}::text::jsonb`);
  sets.push('updated_at = now()');
  const rows = await s.query<Row>(`UPDATE segments SET ${sets.join(', ')} WHERE key = $${params.push(key)} RETURNING *`, params);
  return rows[0] ? getSegment(s, key) : null;
}

/** Delete a segment and its membership history. False when there is none. */
export async function deleteSegment(s: StateSession, key: string): Promise<boolean> {
  return (await s.exec('DELETE FROM segments WHERE key = $1', [key])) > 0;
}

/** The people in the segment now (an open stay). */
export async function currentMembers(s: StateSession, segmentId: string): Promise<Set<string>> {
  const rows = await s.query<{ person_id: string }>('SELECT person_id FROM segment_memberships WHERE segment_id = $1 AND exited_at IS NULL', [segmentId]);
  return new Set(rows.map((r) => r.person_id));
}

/**
 * Record one recompute in one transaction: open a stay for each person who entered, close the
 * open stay of each who left, and store the size and the time.
 */
export async function recordMembershipChange(state: StateStore, segmentId: string, change: { entered: readonly string[]; exited: readonly string[] }, size: number, at: Date): Promise<void> {
  await state.transaction(async (tx) => {
    const when = at.toISOString();
    for (let i = 0; i < change.entered.length; i += 500) {
      const chunk = change.entered.slice(i, i + 500);
      const values = chunk.map((_, j) => `($1, $${j + 3}, $2::timestamptz)`).join(', ');
      await tx.exec(`INSERT INTO segment_memberships (segment_id, person_id, entered_at) VALUES ${values}`, [segmentId, when, ...chunk]);
    }
    for (let i = 0; i < change.exited.length; i += 500) {
      const chunk = change.exited.slice(i, i + 500);
      const list = chunk.map((_, j) => `$${j + 3}`).join(', ');
      await tx.exec(`UPDATE segment_memberships SET exited_at = $2::timestamptz WHERE segment_id = $1 AND exited_at IS NULL AND person_id IN (${list})`, [segmentId, when, ...chunk]);
    }
    await tx.exec('UPDATE segments SET size = $2, refreshed_at = $3::timestamptz WHERE id = $1', [segmentId, size, when]);
  });
}

/** The saved segments the person is in now (open stays), by key. */
export async function personSegments(s: StateSession, personId: string): Promise<PersonSegment[]> {
  const rows = await s.query<{ key: string; name: string; entered_at: Date | string }>(
    'SELECT s.key, s.name, m.entered_at FROM segment_memberships m JOIN segments s ON s.id = m.segment_id WHERE m.person_id = $1 AND m.exited_at IS NULL ORDER BY s.key',
    [personId],
  );
  return rows.map((r) => ({ key: r.key, name: r.name, enteredAt: iso(r.entered_at) }));
}

/** Stays in the segment: current ones only, or the whole history; newest entries first. */
export async function segmentMemberships(s: StateSession, segmentId: string, opts: { history: boolean; limit: number; offset: number }): Promise<{ total: number; members: SegmentMembership[] }> {
  const where = opts.history ? 'segment_id = $1' : 'segment_id = $1 AND exited_at IS NULL';
  const [count] = await s.query<{ n: number | string }>(`SELECT count(*) AS n FROM segment_memberships WHERE ${where}`, [segmentId]);
  const rows = await s.query<MemberRow>(`SELECT person_id, entered_at, exited_at FROM segment_memberships WHERE ${where} ORDER BY entered_at DESC, person_id LIMIT $2 OFFSET $3`, [segmentId, opts.limit, opts.offset]);
  return { total: Number(count?.n ?? 0), members: rows.map((r) => ({ personId: r.person_id, enteredAt: iso(r.entered_at), exitedAt: r.exited_at === null ? null : iso(r.exited_at) })) };
}

/** Entries and exits per UTC day, oldest first (the size at each day's end follows from them). */
export async function segmentDailyChanges(s: StateSession, segmentId: string): Promise<Array<{ day: string; entered: number; exited: number }>> {
  const rows = await s.query<{ day: string; entered: number | string; exited: number | string }>(
    `SELECT day, sum(entered) AS entered, sum(exited) AS exited FROM (
       SELECT to_char(entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, 1 AS entered, 0 AS exited FROM segment_memberships WHERE segment_id = $1
       UNION ALL
       SELECT to_char(exited_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, 0, 1 FROM segment_memberships WHERE segment_id = $1 AND exited_at IS NOT NULL
     ) c GROUP BY day ORDER BY day`,
    [segmentId],
  );
  return rows.map((r) => ({ day: r.day, entered: Number(r.entered), exited: Number(r.exited) }));
}
