import type { StateSession, StateStore } from '../state-store.js';

/** An admin of the web app and the API's write actions; the password is stored as an scrypt hash only. */
export interface StoredAdmin {
  name: string;
  passwordHash: string;
  createdAt: string;
}

type Row = { name: string; password_hash: string; created_at: Date | string };
const toAdmin = (r: Row): StoredAdmin => ({ name: r.name, passwordHash: r.password_hash, createdAt: (r.created_at instanceof Date ? r.created_at : new Date(r.created_at)).toISOString() });

export async function getAdmin(s: StateSession, name: string): Promise<StoredAdmin | null> {
  const [row] = await s.query<Row>('SELECT name, password_hash, created_at FROM admins WHERE name = $1', [name]);
  return row ? toAdmin(row) : null;
}

/** The admins' names and creation times (never their hashes), by name. */
export async function listAdmins(s: StateSession): Promise<Array<{ name: string; createdAt: string }>> {
  return (await s.query<Row>('SELECT name, password_hash, created_at FROM admins ORDER BY name')).map((r) => ({ name: r.name, createdAt: toAdmin(r).createdAt }));
}

/** Add an admin; false when one of that name exists (nothing changed). */
export async function createAdmin(s: StateSession, a: { name: string; passwordHash: string }): Promise<boolean> {
  return (await s.exec('INSERT INTO admins (name, password_hash) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [a.name, a.passwordHash])) === 1;
}

/** Set an existing admin's password hash; false for an unknown name. */
export async function setAdminPassword(s: StateSession, name: string, passwordHash: string): Promise<boolean> {
  return (await s.exec('UPDATE admins SET password_hash = $2 WHERE name = $1', [name, passwordHash])) === 1;
}

/** Create the admin `make()` gives only when there is none at all (the first start); concurrent first starts make one. */
export async function createFirstAdmin(store: StateStore, make: () => { name: string; passwordHash: string }): Promise<boolean> {
  return store.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7318004553)');
    const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM admins');
    if (row!.n > 0) return false;
    return createAdmin(tx, make());
  });
}
