import type { SqlSession, Warehouse } from '../warehouse.js';

/** A stored setting's text, or null. Settings are small key → text (JSON) pairs in the `settings` table. */
export async function readSetting(db: SqlSession, key: string): Promise<string | null> {
  const d = db.dialect;
  const [row] = await db.query<{ value: string }>(`SELECT value FROM settings WHERE key = ${d.param(0, key)}`, [key]);
  return row?.value ?? null;
}

/** Replace a setting (one transaction: the old value goes, the new one comes). */
export async function writeSetting(db: Warehouse, key: string, value: string): Promise<void> {
  await db.transaction(async (tx) => {
    const d = tx.dialect;
    await tx.exec(`DELETE FROM settings WHERE key = ${d.param(0, key)}`, [key]);
    await tx.exec(`INSERT INTO settings VALUES (${d.param(0, key)}, ${d.param(1, value)})`, [key, value]);
  });
}
