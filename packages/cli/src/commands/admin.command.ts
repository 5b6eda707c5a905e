import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { adminSignInSchema } from '@trailmap/core';
import { createAdminAccount } from '@trailmap/server';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openDataState, UsageError } from '../context.js';

export const adminCommand: Command = {
  name: 'admin',
  summary: 'admins of the web app: create one, or set a new password',
  help: `Usage: trailmap admin create --name NAME [--password-file FILE] [--reset] [--json]

Add an admin to the state store (TRAILMAP_STATE). Admins sign in to the web app (Data
page, "Sign in as admin") for its write actions: keys, the audit log, privacy requests.
The password is read from FILE (its first line; "-" reads standard input), else one is
generated and printed once. It is stored as an scrypt hash. The first start makes an
admin named "admin" when there is none and prints its password once.
With the embedded state store, stop the server first.

Options:
  --name NAME           the admin's name (1-100 characters)
  --password-file FILE  read the password from FILE ("-": standard input)
  --reset               the admin exists: set this new password
  --data DIR            data directory (default ./data or TRAILMAP_DATA_DIR)
  --json                { name, created, password? } as JSON (password only when generated)`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { ...COMMON_OPTIONS, name: { type: 'string' }, 'password-file': { type: 'string' }, reset: { type: 'boolean', default: false } }, true);
    if (positionals.length !== 1 || positionals[0] !== 'create') throw new UsageError('trailmap admin create --name NAME (see --help)');
    let password: string | null = null;
    const file = values['password-file'];
    if (file !== undefined) {
      const text = readFileSync(file === '-' ? 0 : resolve(io.cwd, file), 'utf8');
      password = text.split(/\r?\n/)[0] ?? '';
      if (password.length < 8) throw new UsageError('--password-file: the password (its first line) must be at least 8 characters');
    }
    const parsed = adminSignInSchema.safeParse({ name: values.name, password: password ?? 'generated' });
    if (!parsed.success) throw new UsageError(`--name: ${parsed.error.issues[0]!.message}`);
    const state = await openDataState(io, values);
    try {
      const r = await createAdminAccount(state, parsed.data.name, password, 'cli', values.reset);
      if (!r.created) throw new UsageError(`an admin named ${parsed.data.name} exists; add --reset to set a new password`);
      if (values.json) io.out(JSON.stringify({ name: parsed.data.name, created: true, ...(r.generated ? { password: r.password } : {}) }, null, 2));
      else io.out(`${values.reset ? 'set the password of' : 'created'} admin ${parsed.data.name}${r.generated ? `\npassword (shown only this once): ${r.password}` : ''}`);
      return 0;
    } finally {
      await state.close();
    }
  },
};
