import { applyPiiPolicy, type PiiPolicy } from '@trailmap/core';
import type { TempColumn } from '../engine/store-steps.js';
import type { SqlSession } from '../warehouse.js';

/** The PII policy and the project salt a commit applies (IngestSettings.pii). */
export interface PiiSettings {
  policy: PiiPolicy;
  salt: Uint8Array;
}

/** What one commit's policy pass saw: values flagged or acted on, per key path, kind and action. */
export interface PiiCounts {
  values: number;
  changed: number;
}

const CHUNK = 20_000;
const FIX_COLUMNS: readonly TempColumn[] = [
  { name: 'seq', kind: 'int' },
  { name: 'fixed', kind: 'int' },
  { name: 'properties', kind: 'text' },
  { name: 'traits', kind: 'text' },
  { name: 'context', kind: 'text' },
];

const parse = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v ?? null);
const text = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/**
 * Apply the PII policy to the commit's new records (`_fresh`, what HTTP batches, the collection log,
 * file imports and the demo all pass through) before they are inserted: every record's properties,
 * traits and context are classified, the records the policy changes are rewritten in `_fresh`, and
 * the counts per key path, kind and action are appended to `pii_detections` (no values).
 */
export async function piiStep(tx: SqlSession, pii: PiiSettings | undefined): Promise<PiiCounts> {
  if (!pii) return { values: 0, changed: 0 };
  const counts = new Map<string, number>();
  const fixes: unknown[][] = [];
  let values = 0;
  for (let after = -1; ; ) {
    const rows = await tx.query<{ seq: number; properties: unknown; traits: unknown; context: unknown }>(
      `SELECT seq, properties, traits, context FROM _fresh WHERE seq > ${tx.dialect.param(0, after)} ORDER BY seq LIMIT ${CHUNK}`,
      [after],
    );
    for (const r of rows) {
      const before = { properties: parse(r.properties), traits: parse(r.traits), context: parse(r.context) };
      const { message, applied } = applyPiiPolicy(before, pii.policy, pii.salt);
      if (applied.length === 0) continue;
      values += applied.length;
      for (const a of applied) {
        const key = `${a.path}\u0000${a.kind ?? ''}\u0000${a.action}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      if (applied.some((a) => a.action !== 'keep')) fixes.push([Number(r.seq), 1, text(message.properties), text(message.traits), text(message.context)]);
    }
    if (rows.length < CHUNK) break;
    after = Number(rows[rows.length - 1]!.seq);
  }
  if (fixes.length > 0) await rewriteFresh(tx, fixes);
  if (counts.size > 0) await recordCounts(tx, counts);
  return { values, changed: fixes.length };
}

/** Put the changed JSON into `_fresh` (rebuilt: a work table is not updated in place on every engine). */
async function rewriteFresh(tx: SqlSession, fixes: unknown[][]): Promise<void> {
  await tx.steps.replaceTemp(tx, '_pii_fix', FIX_COLUMNS);
  await tx.append('temp._pii_fix', FIX_COLUMNS.map((c) => ({ name: c.name, kind: c.kind === 'int' ? 'int' : 'text' })), fixes);
  const pick = (c: string) => `CASE WHEN p.fixed = 1 THEN p.${c} ELSE x.${c} END AS ${c}`;
  await tx.steps.replaceTempAs(
    tx,
    '_fresh_pii',
    `SELECT x.* REPLACE (${['properties', 'traits', 'context'].map(pick).join(', ')}) FROM _fresh x LEFT JOIN _pii_fix p ON p.seq = x.seq`,
  );
  await tx.steps.replaceTempAs(tx, '_fresh', 'SELECT * FROM _fresh_pii');
  await tx.steps.dropTemp(tx, '_fresh_pii');
  await tx.steps.dropTemp(tx, '_pii_fix');
}

async function recordCounts(tx: SqlSession, counts: Map<string, number>): Promise<void> {
  const d = tx.dialect;
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return d.param(params.length - 1, v);
  };
  const rows = [...counts].map(([key, n]) => {
    const [path, kind, action] = key.split('\u0000') as [string, string, string];
    return `(${d.now()}, ${p(path)}, ${kind === '' ? 'NULL' : p(kind)}, ${p(action)}, ${p(n)})`;
  });
  await tx.exec(`INSERT INTO pii_detections (${d.ident('at')}, path, kind, action, hits) VALUES ${rows.join(', ')}`, params);
}
