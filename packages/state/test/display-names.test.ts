import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDisplayNameEdit, displayNameEditSchema } from '@trailmap/core';
import { openStateStore } from '../src/open-state-store.js';
import { editDisplayName, listDisplayNames } from '../src/repos/display-names.repo.js';
import type { StateStore } from '../src/state-store.js';
import { openEmbeddedTestState } from './support/embedded.js';
import { startPostgres, type TestPostgres } from './support/postgres.js';

const edit = (e: unknown) => displayNameEditSchema.parse(e);

function displayNamesSuite(name: string, open: () => Promise<StateStore>) {
  describe(`display names on ${name}`, () => {
    test('set, merge by language, remove, list by kind; two writers of one name keep both languages', async () => {
      const s = await open();
      try {
        assert.deepEqual(await listDisplayNames(s), { touchpoint: {}, persona: {} });
        assert.deepEqual(await editDisplayName(s, edit({ kind: 'touchpoint', name: 'Product Viewed', en: 'Product page' })), { en: 'Product page' });
        assert.deepEqual(await editDisplayName(s, edit({ kind: 'touchpoint', name: 'Product Viewed', 'zh-CN': '商品页' })), { en: 'Product page', 'zh-CN': '商品页' });
        await editDisplayName(s, edit({ kind: 'persona', name: 'mobile_impulse', en: 'Mobile impulse buyer', 'zh-CN': '移动端冲动型买家' }));
        // A name with a colon and quotes is a name like any other (bound parameters).
        await editDisplayName(s, edit({ kind: 'touchpoint', name: `a:b'"; DROP TABLE settings; --`, en: 'Odd' }));
        // Two edits at once on one name, different languages: both kept (one statement each).
        await Promise.all([
          editDisplayName(s, edit({ kind: 'touchpoint', name: 'Cart Viewed', en: 'Cart' })),
          editDisplayName(s, edit({ kind: 'touchpoint', name: 'Cart Viewed', 'zh-CN': '购物车' })),
        ]);
        assert.deepEqual(await listDisplayNames(s), {
          touchpoint: { 'Cart Viewed': { en: 'Cart', 'zh-CN': '购物车' }, 'Product Viewed': { en: 'Product page', 'zh-CN': '商品页' }, [`a:b'"; DROP TABLE settings; --`]: { en: 'Odd' } },
          persona: { mobile_impulse: { en: 'Mobile impulse buyer', 'zh-CN': '移动端冲动型买家' } },
        });
        // null removes a language; removing the last one removes the name from the list.
        assert.deepEqual(await editDisplayName(s, edit({ kind: 'touchpoint', name: 'Product Viewed', en: null })), { 'zh-CN': '商品页' });
        assert.deepEqual(await editDisplayName(s, edit({ kind: 'touchpoint', name: 'Product Viewed', 'zh-CN': '' })), {});
        assert.equal((await listDisplayNames(s)).touchpoint['Product Viewed'], undefined);
      } finally {
        await s.close();
      }
    });
  });
}

test('an edit is checked at the edge: a language is required, labels are trimmed text of 1–120 characters', () => {
  assert.equal(displayNameEditSchema.safeParse({ kind: 'touchpoint', name: 'x' }).success, false);
  assert.equal(displayNameEditSchema.safeParse({ kind: 'channel', name: 'x', en: 'y' }).success, false);
  assert.equal(displayNameEditSchema.safeParse({ kind: 'touchpoint', name: 'x', en: '   ' }).success, false);
  assert.equal(displayNameEditSchema.safeParse({ kind: 'touchpoint', name: 'x', en: 'y'.repeat(121) }).success, false);
  assert.deepEqual(edit({ kind: 'touchpoint', name: 'x', en: '  Cart  ' }).en, 'Cart');
  assert.deepEqual(applyDisplayNameEdit({ en: 'a', 'zh-CN': 'b' }, edit({ kind: 'persona', name: 'p', en: null, 'zh-CN': 'c' })), { 'zh-CN': 'c' });
});

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
displayNamesSuite('embedded (PGlite)', async () => {
  const d = mkdtempSync(join(tmpdir(), 'trailmap-names-'));
  dirs.push(d);
  return (await openEmbeddedTestState(d)).state;
});

let pg: TestPostgres;
before(async () => (pg = await startPostgres()));
after(async () => pg?.stop());
displayNamesSuite('PostgreSQL server', async () => (await openStateStore({ setting: await pg.createDatabase(), dataDir: '/nonexistent' })).state);
