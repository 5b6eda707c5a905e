import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Validator } from '@seriousme/openapi-schema-validator';
import { RANGED_ANALYSES } from '@trailmap/core';

// The funnel route validates with the definition as the API takes it (written range, compare).
const funnelSchema = RANGED_ANALYSES.funnel.request as unknown as z.ZodObject;
import { EventStore } from '@trailmap/warehouse';
import { ANALYSES } from '../src/analytics/analyses.js';
import { buildApp } from '../src/app.js';
import type { OpenApiDocument, OpenApiOperation } from '../src/openapi/build-document.js';
import { registeredRoutes, type RegisteredRoute } from '../src/routes/openapi.route.js';
import { uploadQuery } from '../src/routes/files.route.js';
import { WEB_ROUTES } from '../src/web/serve-web.js';
import { basic, KEYS } from './support/test-server.js';
import { browserSkipReason, launchChromium, SCREENSHOTS } from './support/browser.js';
import { openTestStore } from '@trailmap/warehouse/testing';

// The API describes itself: /openapi.json names every route the server registers (and no other),
// is valid OpenAPI 3.1, its error lists hold what the routes really answer, and /docs/api renders
// it in a browser. The app is built with the web app on (a tiny built app in a temp folder) so
// the web session routes are registered too.

let dir: string;
let store: EventStore;
let app: FastifyInstance;
let url: string;
let doc: OpenApiDocument;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-openapi-'));
  const web = join(dir, 'web');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title>');
  store = await openTestStore(dir);
  app = buildApp({ store, keys: KEYS, logLevel: 'silent', web: { dir: web, session: true } });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  const res = await fetch(`${url}/openapi.json`);
  assert.equal(res.status, 200, 'served without a key');
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  doc = (await res.json()) as OpenApiDocument;
});

after(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const operations = (d: OpenApiDocument) =>
  Object.entries(d.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op: op as OpenApiOperation })));

/** `/v1/profiles/:id` and `/v1/profiles/{id}` alike → `/v1/profiles/:` (a parameter's name is not what we compare). */
const shape = (route: string) => route.replace(/\{[^}]+\}|:[^/]+/g, ':');
const key = (method: string, route: string) => `${method.toUpperCase()} ${shape(route)}`;

/**
 * The registered routes the document must cover. Left out, on purpose: HEAD (Fastify adds one
 * for every GET), OPTIONS (CORS preflights; their answer is headers, not API), and the web
 * app's pages (WEB_ROUTES, each serves index.html) and hashed assets (/assets/*): files of the
 * app, not an API.
 */
function apiRoutes(all: readonly RegisteredRoute[]): Set<string> {
  const pages = new Set<string>(WEB_ROUTES);
  return new Set(
    all
      .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS')
      .filter((r) => !(r.method === 'GET' && (pages.has(r.url) || r.url === '/assets/*')))
      .map((r) => key(r.method, r.url)),
  );
}

/** The Fastify route each documented operation is served by: every /v1/analytics/<name> by /v1/analytics/:name. */
function documentedRoutes(d: OpenApiDocument): Set<string> {
  return new Set(operations(d).map(({ path, method }) => key(method, /^\/v1\/analytics\/[^/{]+$/.test(path) ? '/v1/analytics/:name' : path)));
}

function compare(registered: Set<string>, d: OpenApiDocument) {
  const documented = documentedRoutes(d);
  return { undocumented: [...registered].filter((r) => !documented.has(r)).sort(), unserved: [...documented].filter((r) => !registered.has(r)).sort() };
}

test('every route the server registers is in /openapi.json, and every documented route is served', async () => {
  const registered = apiRoutes(registeredRoutes(app));
  assert.ok(registered.size >= 40, `the recorder saw the routes (${registered.size})`);
  const { undocumented, unserved } = compare(registered, doc);
  assert.deepEqual(undocumented, [], `registered but missing from the OpenAPI document (add them to packages/server/src/openapi/route-catalogue.ts): ${undocumented.join(', ')}`);
  assert.deepEqual(unserved, [], `documented but not registered: ${unserved.join(', ')}`);

  // One path per analysis, named as POST /v1/analytics/:name knows them.
  const analyses = operations(doc).filter((o) => o.path.startsWith('/v1/analytics/')).map((o) => o.path.slice('/v1/analytics/'.length));
  assert.deepEqual(analyses.sort(), Object.keys(ANALYSES).sort());

  // The comparison catches a route left out of the document.
  const without = structuredClone(doc);
  delete without.paths['/v1/track'];
  delete without.paths['/v1/analytics/funnel'];
  assert.deepEqual(compare(registered, without).undocumented, ['POST /v1/track']);
  const noAnalytics = structuredClone(doc);
  for (const p of Object.keys(noAnalytics.paths)) if (p.startsWith('/v1/analytics/')) delete noAnalytics.paths[p];
  assert.deepEqual(compare(registered, noAnalytics).undocumented, ['POST /v1/analytics/:'], 'the analytics route counts as documented only through its per-analysis paths');
});

test('the document is valid OpenAPI 3.1 and carries the routes\' own zod schemas', async () => {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  assert.equal(validator.version, '3.1');
  // The validator does find a broken document (so `valid` above means something).
  const broken = structuredClone(doc) as unknown as { paths: Record<string, Record<string, Record<string, unknown>>> };
  broken.paths['/v1/track']!.post!.security = 'write key';
  assert.equal((await new Validator().validate(broken as unknown as Record<string, unknown>)).valid, false);

  const op = (method: string, path: string) => {
    const o = doc.paths[path]?.[method];
    assert.ok(o, `${method} ${path} is documented`);
    return o;
  };
  // The funnel body is exactly zod's JSON Schema of the schema the route validates with (input side: defaults optional).
  // (Less the safe-integer bounds zod writes on every .int(), which the document leaves out.)
  const withoutIntBounds = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(withoutIntBounds)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).filter(([k, x]) => !((k === 'minimum' && x === Number.MIN_SAFE_INTEGER) || (k === 'maximum' && x === Number.MAX_SAFE_INTEGER))).map(([k, x]) => [k, withoutIntBounds(x)]))
        : v;
  const { $schema: _, $defs: funnelDefs = {}, ...funnelZod } = withoutIntBounds(z.toJSONSchema(funnelSchema, { target: 'draft-2020-12', io: 'input' })) as Record<string, unknown>;
  // Recursive parts (the segment rule) live in components, their references rehomed there with the route's prefix.
  const funnelBody = op('post', '/v1/analytics/funnel').requestBody?.content['application/json']?.schema;
  const prefix = /#\/components\/schemas\/([^"]*_)__schema0"/.exec(JSON.stringify(funnelBody))?.[1] ?? '';
  const rehome = (v: unknown): unknown => JSON.parse(JSON.stringify(v).replaceAll('"#/$defs/', `"#/components/schemas/${prefix}`));
  assert.deepEqual(funnelBody, rehome(funnelZod));
  for (const [k, v] of Object.entries(funnelDefs as Record<string, unknown>)) assert.deepEqual(withoutIntBounds(doc.components.schemas[`${prefix}${k}`]), rehome(v), k);
  // Routes parse `body ?? {}`: the body is required only where {} is not valid.
  assert.equal(op('post', '/v1/analytics/funnel').requestBody?.required, true);
  assert.equal(op('post', '/v1/analytics/journey-map').requestBody?.required, !ANALYSES['journey-map']!.schema.safeParse({}).success);
  // Query parameters come from the files route's own uploadQuery.
  assert.deepEqual(
    op('post', '/v1/files').parameters?.map((p) => [p.name, p.required]),
    Object.keys(uploadQuery.shape).map((k) => [k, k === 'name']),
  );
  // Key kinds as security requirements.
  assert.deepEqual(op('post', '/v1/track').security, [{ writeKey: [] }, { bearerKey: [] }]);
  assert.deepEqual(op('post', '/v1/analytics/funnel').security, [{ bearerKey: [] }, { webSession: [] }]);
  assert.deepEqual(op('post', '/v1/files').security, [{ writeKey: [] }, { bearerKey: [] }, { webSession: [] }]);
  assert.deepEqual([op('get', '/v1/keys')['x-scope'], op('post', '/v1/track')['x-scope'], op('post', '/v1/files')['x-scope'], op('get', '/health')['x-scope']], ['admin', 'collect', 'collect', null]);
  assert.deepEqual(op('get', '/health').security, []);
  assert.equal(doc.components.securitySchemes.writeKey?.scheme, 'basic');
  assert.equal(doc.components.securitySchemes.bearerKey?.scheme, 'bearer');
  // Every operation answers errors as {error:{code,message,field?}} and lists its codes.
  for (const { path, method, op: o } of operations(doc)) {
    assert.ok(o.responses['500'], `${method} ${path} documents 500`);
    for (const [status, r] of Object.entries(o.responses)) {
      if (Number(status) < 400) continue;
      assert.ok(r['x-error-codes']?.length, `${method} ${path} ${status} names its error codes`);
      assert.match(JSON.stringify(r.content?.['application/json']?.schema), /#\/components\/schemas\/ApiError/);
    }
    assert.ok(o.security.length > 0 || o['x-key-kind'] === 'none', `${method} ${path} states its key`);
  }
  assert.deepEqual(doc.components.schemas.ApiError?.required, ['error']);
});

/** A concrete URL for a documented path (path parameters filled in). */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, 'no-such-id');

async function call(method: string, path: string, auth: string | null, body: string | undefined, contentType = 'application/json') {
  const res = await fetch(url + path, {
    method: method.toUpperCase(),
    headers: { ...(body === undefined ? {} : { 'content-type': contentType }), ...(auth ? { authorization: auth } : {}) },
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: res.status, code };
}

function assertDocumented(what: string, o: OpenApiOperation, got: { status: number; code: string | undefined }) {
  const r = o.responses[String(got.status)];
  assert.ok(r, `${what} answered ${got.status} (${got.code}), which the document does not list (it lists ${Object.keys(o.responses).join(', ')})`);
  if (got.status >= 400) assert.ok(r['x-error-codes']?.includes(got.code!), `${what} answered ${got.status} ${got.code}; documented: ${r['x-error-codes']?.join(', ')}`);
}

test('what each route answers without a key, and with its key and a wrong body, is in its documented errors', async () => {
  let checked = 0;
  for (const { path, method, op: o } of operations(doc)) {
    const media = o.requestBody ? Object.keys(o.requestBody.content)[0]! : undefined;
    const json = media !== undefined && media !== 'application/octet-stream';
    const target = concrete(path);
    // No key (and an empty JSON object where there is a body).
    assertDocumented(`${method} ${path} without a key`, o, await call(method, target, null, json ? '{}' : undefined, media));
    checked++;
    if (o['x-key-kind'] === 'none') continue;
    // The right key, and a field no schema has (or, without a body, a query parameter none has).
    const auth = o['x-key-kind'] === 'read' ? `Bearer ${KEYS.readKey}` : basic(KEYS.writeKey);
    const got = json
      ? await call(method, target, auth, JSON.stringify({ __not_a_field: 1 }), media)
      : await call(method, `${target}${o.parameters?.some((p) => p.in === 'query') ? '?__not_a_field=1' : ''}`, auth, media ? 'x' : undefined, media);
    assertDocumented(`${method} ${path} with its key`, o, got);
    checked++;
    // And where {} is a valid body, {} on the (empty) store: the answer, or the error that no data gives, is documented.
    if (json && o.requestBody?.required === false) {
      assertDocumented(`${method} ${path} with its key and {}`, o, await call(method, target, auth, '{}', media));
      checked++;
    }
  }
  assert.ok(checked > 60, `${checked} answers checked`);
  // Malformed JSON is a documented 400 too.
  const funnel = doc.paths['/v1/analytics/funnel']!.post!;
  const bad = await call('post', '/v1/analytics/funnel', `Bearer ${KEYS.readKey}`, '{"steps": [');
  assert.equal(bad.code, 'invalid_json');
  assertDocumented('malformed JSON', funnel, bad);
  // The web session's cookie without its CSRF token on a POST.
  const cookie = (await fetch(`${url}/`)).headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  assert.match(cookie, /trailmap_session=/);
  const res = await fetch(`${url}/v1/analytics/funnel`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
  const csrf = { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
  assert.deepEqual(csrf, { status: 403, code: 'csrf_token_missing' });
  assertDocumented('a session POST without its CSRF token', funnel, csrf);
});

const skip = browserSkipReason();
if (skip) console.log(`# openapi docs page browser test skipped: ${skip}`);

test('/docs/api renders the document in Chromium, offline: routes by tag with key, body fields and errors', { skip: skip ?? false, timeout: 60_000 }, async () => {
  const chromium = await launchChromium();
  try {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(`${url}/docs/api`);
    assert.equal(res?.status(), 200);
    assert.equal(await page.title(), `Trailmap API ${doc.info.version}`);
    assert.deepEqual(requested, [`${url}/docs/api`], 'the page loads nothing else (no CDN, no scripts, no fonts)');
    assert.deepEqual(errors, []);

    // Grouped by tag, in the document's order.
    const tags = await page.locator('h2.tag').allInnerTexts();
    assert.deepEqual(tags, ['Errors', ...doc.tags.map((t) => t.name)]);

    const funnel = page.locator(`#${doc.paths['/v1/analytics/funnel']!.post!.operationId}`);
    await funnel.scrollIntoViewIfNeeded();
    assert.match(await funnel.locator('h3').innerText(), /POST\s+\/v1\/analytics\/funnel/);
    assert.match(await funnel.locator('.key').innerText(), /key with scope read \(Authorization: Bearer\)/);
    const fields = await funnel.locator('table.fields').first().locator(':scope > tbody > tr > td:first-child > code').allInnerTexts();
    assert.deepEqual(fields, Object.keys(funnelSchema.shape), 'the body table lists the funnel schema\'s fields');
    assert.match(await funnel.locator('table.answers').innerText(), /400\s+invalid_definition/);
    assert.match(await funnel.locator('table.answers').innerText(), /401\s+missing_key invalid_key key_revoked key_expired/);

    const track = page.locator(`#${doc.paths['/v1/track']!.post!.operationId}`);
    assert.match(await track.locator('h3').innerText(), /POST\s+\/v1\/track/);
    assert.match(await track.locator('.key').innerText(), /key with scope collect \(HTTP Basic/);
    assert.match(await track.innerText(), /event\s+required/);
    assert.match(await track.locator('table.answers').innerText(), /no_user_anon_id/);

    // The nav links to every operation.
    assert.equal(await page.locator('nav a').count(), operations(doc).length);
    await page.locator(`nav a[href="#${doc.paths['/v1/track']!.post!.operationId}"]`).click();
    await page.screenshot({ path: join(SCREENSHOTS, 'api-docs.png') });

    // Accessible (axe's WCAG 2 A/AA rules). axe is injected as a script, which the page's own CSP forbids: a CSP-bypassing context.
    const audit = await (await chromium.browser.newContext({ bypassCSP: true })).newPage();
    await audit.goto(`${url}/docs/api`);
    await audit.addScriptTag({ content: readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8') });
    const { passed, violations } = (await audit.evaluate(
      `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] }).then((r) => ({ passed: r.passes.length, violations: r.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.length + ', e.g. ' + v.nodes[0].target.join(' ') + ')') }))`,
    )) as { passed: number; violations: string[] };
    assert.ok(passed >= 5, `axe passed ${passed} rules`);
    assert.deepEqual(violations, []);
  } finally {
    await chromium.close();
  }
});
