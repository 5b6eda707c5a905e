import { createAdmin, createFirstAdmin, recordAudit, setAdminPassword, type StateStore } from '@trailmap/state';
import { hashPassword, newPassword } from './password.js';

export const FIRST_ADMIN = 'admin';

/** At the first start: an admin named `admin` with a generated password (returned to print once), unless an admin exists. */
export async function ensureFirstAdmin(state: StateStore): Promise<{ name: string; password: string } | null> {
  const password = newPassword();
  const passwordHash = await hashPassword(password);
  const made = await createFirstAdmin(state, () => ({ name: FIRST_ADMIN, passwordHash }));
  if (!made) return null;
  await recordAudit(state, { actor: 'server', action: 'admin.create', target: `admin:${FIRST_ADMIN}`, detail: { firstStart: true } });
  return { name: FIRST_ADMIN, password };
}

/**
 * Add admin `name` (or, with `reset`, set an existing one's password); the password given, else a
 * generated one (returned). False `created` when the name exists and `reset` is not set.
 */
export async function createAdminAccount(state: StateStore, name: string, password: string | null, actor: string, reset = false): Promise<{ created: boolean; password: string; generated: boolean }> {
  const pw = password ?? newPassword();
  const passwordHash = await hashPassword(pw);
  const created = await state.transaction(async (tx) => {
    const ok = reset ? (await setAdminPassword(tx, name, passwordHash)) || (await createAdmin(tx, { name, passwordHash })) : await createAdmin(tx, { name, passwordHash });
    if (ok) await recordAudit(tx, { actor, action: reset ? 'admin.password' : 'admin.create', target: `admin:${name}` });
    return ok;
  });
  return { created, password: pw, generated: password === null };
}
