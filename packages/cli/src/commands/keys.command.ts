import { apiKeyCreateSchema, apiKeyRotateSchema, type ApiKey } from '@trailmap/core';
import { createKey, isRefusal, listKeys, revokeKey, rotateKey } from '@trailmap/server';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openDataState, UsageError } from '../context.js';
import { renderTable } from '../output/table.js';

const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
const row = (k: ApiKey) => ({
  id: k.id,
  name: k.name,
  prefix: `${k.prefix}…`,
  scopes: k.scopes.join(','),
  source: k.source ?? '',
  origins: k.allowedOrigins?.join(' ') ?? '',
  created: day(k.createdAt),
  lastUsed: day(k.lastUsedAt),
  state: k.revokedAt ? `revoked ${day(k.revokedAt)}` : k.expiresAt && Date.parse(k.expiresAt) > Date.now() ? `old secret until ${day(k.expiresAt)}` : 'active',
});

const firstIssue = (e: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }, names: Record<string, string>) => {
  const i = e.issues[0]!;
  return `${names[String(i.path[0])] ?? `--${String(i.path[0])}`}: ${i.message}`;
};

export const keysCommand: Command = {
  name: 'keys',
  summary: 'API keys with scopes: list, create, rotate, revoke',
  help: `Usage: trailmap keys list [--json]
       trailmap keys create --name NAME --scope SCOPE [--scope SCOPE…] [--source S] [--origin URL…] [--json]
       trailmap keys rotate ID [--grace-hours H] [--json]
       trailmap keys revoke ID [--json]

The API keys of the state store (TRAILMAP_STATE), as GET/POST /v1/keys answer them.
Scopes: collect (send events, import files), read (queries, profiles, saved things),
admin (keys, the audit log), privacy (data-subject requests, suppressions, consent);
a key does exactly what its scopes allow. Keys are stored as SHA-256 hashes: a secret
is printed once, by create and rotate, and never again. Rotation keeps the old secret
working for --grace-hours (default 24; 0 stops it at once); revocation stops both at
once, in every server on the state store. Every change is in the audit log (actor cli).
With the embedded state store, stop the server first (or use the API).

Options:
  --name NAME       a name to tell the key by (create)
  --scope SCOPE     collect, read, admin or privacy; repeat for several (create)
  --source S        stamp every event collected with this key with source S (create)
  --origin URL      accept browser collection only from this origin; repeat (create)
  --grace-hours H   hours the old secret keeps working after a rotation (0-720, default 24)
  --data DIR        data directory (default ./data or TRAILMAP_DATA_DIR)
  --json            the answer as JSON`,
  async run(argv, io) {
    const flags = { name: { type: 'string' }, scope: { type: 'string', multiple: true }, source: { type: 'string' }, origin: { type: 'string', multiple: true }, 'grace-hours': { type: 'string' } } as const;
    const { values, positionals } = parseFlags(argv, { ...COMMON_OPTIONS, ...flags }, true);
    const [sub, id, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected ${rest.join(' ')}`);
    if (!sub || !['list', 'create', 'rotate', 'revoke'].includes(sub)) throw new UsageError('trailmap keys list | create | rotate ID | revoke ID (see --help)');
    if ((sub === 'rotate' || sub === 'revoke') && !id) throw new UsageError(`trailmap keys ${sub} ID: name the key (its id from \`trailmap keys list\`)`);
    if ((sub === 'list' || sub === 'create') && id) throw new UsageError(`trailmap keys ${sub} takes no id`);
    const by = { actor: 'cli' };
    const state = await openDataState(io, values);
    try {
      if (sub === 'list') {
        const keys = await listKeys(state);
        if (values.json) io.out(JSON.stringify({ keys }, null, 2));
        else if (keys.length === 0) io.out('No keys yet (the first start makes a write and a read key).');
        else io.out(renderTable(keys.map(row), [['id', 'id'], ['name', 'name'], ['prefix', 'prefix'], ['scopes', 'scopes'], ['source', 'source'], ['origins', 'origins'], ['created', 'created (UTC)'], ['lastUsed', 'last used'], ['state', 'state']]));
        return 0;
      }
      if (sub === 'create') {
        const input = apiKeyCreateSchema.safeParse({ name: values.name, scopes: values.scope ?? [], ...(values.source !== undefined ? { source: values.source } : {}), ...(values.origin ? { allowedOrigins: values.origin } : {}) });
        if (!input.success) throw new UsageError(firstIssue(input.error, { name: '--name', scopes: '--scope', source: '--source', allowedOrigins: '--origin' }));
        const made = await createKey(state, input.data, by);
        if (values.json) io.out(JSON.stringify(made, null, 2));
        else io.out(`created key ${made.key.id} (${made.key.name}; scopes ${made.key.scopes.join(', ')})\nsecret (shown only this once): ${made.secret}`);
        return 0;
      }
      if (sub === 'rotate') {
        const grace = apiKeyRotateSchema.safeParse(values['grace-hours'] === undefined ? {} : { graceHours: Number(values['grace-hours']) });
        if (!grace.success) throw new UsageError(firstIssue(grace.error, { graceHours: '--grace-hours' }));
        const r = await rotateKey(state, id!, grace.data.graceHours, Date.now(), by);
        if (isRefusal(r)) throw new UsageError(r.message);
        if (values.json) io.out(JSON.stringify(r, null, 2));
        else io.out(`rotated key ${r.key.id} (${r.key.name}); the old secret ${r.key.expiresAt ? `works until ${r.key.expiresAt}` : 'stopped working now'}\nnew secret (shown only this once): ${r.secret}`);
        return 0;
      }
      const r = await revokeKey(state, id!, Date.now(), by);
      if (isRefusal(r)) throw new UsageError(r.message);
      if (values.json) io.out(JSON.stringify({ key: r }, null, 2));
      else io.out(`revoked key ${r.id} (${r.name}) at ${r.revokedAt}`);
      return 0;
    } finally {
      await state.close();
    }
  },
};
