import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { redactStateUrl, stateLocation, stateSettingIssue } from '../src/state-location.js';

test('TRAILMAP_STATE: embedded is <dataDir>/state; postgres URLs pass; anything else names the accepted forms', () => {
  assert.deepEqual(stateLocation('embedded', '/srv/data'), { kind: 'embedded', dir: '/srv/data/state' });
  assert.deepEqual(stateLocation('postgresql://u:p@db:5432/trailmap', '/x'), { kind: 'postgres', url: 'postgresql://u:p@db:5432/trailmap' });
  assert.equal(stateSettingIssue('postgres://db.internal/trailmap?sslmode=require'), null);
  for (const bad of ['', 'pglite', 'mysql://db/x', 'postgres://', '/var/lib/state', 'http://db:5432/x']) {
    assert.match(stateSettingIssue(bad) ?? '', /TRAILMAP_STATE must be `embedded`/, bad);
  }
});

test('a printed state URL never shows its password (fast-check)', () => {
  const part = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'abcXYZ019-_.~!$&()*+,;=:@/?#[] %'.split('')) });
  fc.assert(
    fc.property(part, part, fc.constantFrom('postgres', 'postgresql'), (user, password, scheme) => {
      const url = `${scheme}://${encodeURIComponent(user)}:${encodeURIComponent(password)}@db.example:5432/trailmap?password=${encodeURIComponent(password)}`;
      assert.equal(stateSettingIssue(url), null);
      const shown = new URL(redactStateUrl(url));
      assert.equal(shown.password, '***');
      assert.equal(shown.searchParams.get('password'), '***');
      assert.equal(decodeURIComponent(shown.username), user);
      assert.equal(shown.host + shown.pathname, 'db.example:5432/trailmap');
    }),
    { numRuns: 300 },
  );
});
