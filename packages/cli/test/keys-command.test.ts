import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getAdmin, listAudit, openStateStore } from '@trailmap/state';
import { seedEmbeddedState } from '@trailmap/state/test-support';
import { createHash } from 'node:crypto';

const hashKeySecret = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));
const run = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, TRAILMAP_STATE: 'embedded' }, ...(input === undefined ? {} : { input }) });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('trailmap keys create | list | rotate | revoke and admin create, on the state store directly; secrets printed once, stored hashed, every change audited as cli', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-keys-cli-'));
  try {
    await seedEmbeddedState(dir);
    const made = run(['keys', 'create', '--name', 'etl', '--scope', 'read', '--scope', 'privacy', '--data', dir, '--json']);
    assert.equal(made.code, 0, made.err);
    const { key, secret } = JSON.parse(made.out);
    assert.deepEqual(key.scopes, ['read', 'privacy']);
    assert.match(secret, /^tm_read_/);
    const list = run(['keys', 'list', '--data', dir]);
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, new RegExp(`${key.id}\\s.*etl.*read,privacy.*active`));
    assert.ok(!list.out.includes(secret), 'the list never shows a secret');

    const rotated = run(['keys', 'rotate', key.id, '--grace-hours', '1', '--data', dir]);
    assert.equal(rotated.code, 0, rotated.err);
    const fresh = /new secret \(shown only this once\): (\S+)/.exec(rotated.out)![1]!;
    assert.match(run(['keys', 'list', '--data', dir]).out, /old secret until/);
    assert.equal(run(['keys', 'revoke', key.id, '--data', dir]).code, 0);
    assert.match(run(['keys', 'list', '--data', dir]).out, /revoked \d{4}-/);

    const bad = run(['keys', 'create', '--name', 'x', '--scope', 'write', '--data', dir]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--scope/);
    assert.match(run(['keys', 'rotate', 'key_nope', '--data', dir]).err, /no key key_nope/);
    assert.notEqual(run(['keys', 'rotate', '--data', dir]).code, 0);

    const admin = run(['admin', 'create', '--name', 'ops', '--password-file', '-', '--data', dir], 'a long enough password\n');
    assert.equal(admin.code, 0, admin.err);
    assert.ok(!admin.out.includes('a long enough'), 'a given password is not printed');
    const generated = run(['admin', 'create', '--name', 'night', '--data', dir]);
    assert.match(generated.out, /password \(shown only this once\): \S{20,}/);
    assert.equal(run(['admin', 'create', '--name', 'ops', '--data', dir]).code, 2, 'an existing admin needs --reset');
    writeFileSync(join(dir, 'pw'), 'another password 2\n');
    assert.equal(run(['admin', 'create', '--name', 'ops', '--reset', '--password-file', join(dir, 'pw'), '--data', dir]).code, 0);

    const { state } = await openStateStore({ setting: 'embedded', dataDir: dir });
    try {
      const text = JSON.stringify(await state.query('SELECT * FROM api_keys')) + JSON.stringify(await state.query('SELECT * FROM admins'));
      assert.ok(!text.includes(secret) && !text.includes(fresh) && !text.includes('another password'), 'no secret or password in clear');
      assert.ok(text.includes(hashKeySecret(fresh)));
      assert.match((await getAdmin(state, 'ops'))!.passwordHash, /^scrypt\$16384\$8\$1\$/);
      const log = (await listAudit(state, { limit: 50, actor: 'cli' })).entries.map((e) => e.action).reverse();
      assert.deepEqual(log, ['key.create', 'key.rotate', 'key.revoke', 'admin.create', 'admin.create', 'admin.password']);
    } finally {
      await state.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
