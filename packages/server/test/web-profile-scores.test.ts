import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PersonScores, ScoreRunSummary, SegmentPreview } from '@trailmap/core';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The profile's model scores end to end: one real `startServer` on 30k demo events (no scheduled
// scoring run), Debian's Chromium reading the People page before and after POST /v1/customers/scores.
const KEYS = { writeKey: 'tm_write_web_ps_1234', readKey: 'tm_read_web_ps_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-profile-scores browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-ps-', skip, KEYS, (fx) => ({ server, browser } = fx));

const call = <T>(method: string, path: string, body?: unknown) => readKeyCall<T>(server.url, KEYS.readKey, method, path, body);
const cell = (page: Page, score: string) => page.getByTestId(`score-${score}`);

test('profile: "not scored yet" with how to run it; after a scoring run the RFM group, persona, CLV, P(alive), expected purchases, churn risk and its reasons equal the API, en and zh', { skip: skip ?? false, timeout: 300_000 }, async () => {
  const { people } = await call<{ people: Array<{ personId: string }> }>('GET', '/v1/people?limit=1');
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`${server.url}/people?person=${encodeURIComponent(people[0]!.personId)}&lang=en`);
  await page.getByTestId('profile-scores-none').waitFor();
  assert.match(await page.getByTestId('profile-scores-none').innerText(), /Not scored yet[\s\S]*trailmap scores run[\s\S]*POST \/v1\/customers\/scores/);

  const run = await call<ScoreRunSummary>('POST', '/v1/customers/scores', { k: 3 });
  // Someone with every score: a segment preview over the scores themselves.
  const every = { all: (['rfmGroup', 'persona', 'clv', 'churnRisk'] as const).map((score) => ({ score, op: 'is_set' })) };
  const { sample } = await call<SegmentPreview>('POST', '/v1/segments/preview', { rule: every, sample: 1 });
  assert.equal(sample.length, 1, 'the run scored someone on every model');
  const id = sample[0]!;
  const { scores } = await call<{ scores: PersonScores }>('GET', `/v1/profiles/${encodeURIComponent(id)}`);
  assert.equal(scores.scoredAt, run.scoredAt);
  const { currency } = await call<{ currency: string }>('GET', '/v1/project');

  await page.goto(`${server.url}/people?person=${encodeURIComponent(id)}&lang=en`);
  await page.getByTestId('profile-scores').waitFor();
  assert.equal(await page.getByTestId('profile-scores').getAttribute('data-scored-at'), scores.scoredAt);
  const rfm = scores.rfm!;
  assert.equal(await cell(page, 'rfmGroup').getAttribute('data-value'), rfm.group);
  assert.match(await cell(page, 'rfmGroup').innerText(), new RegExp(` · R ${rfm.r} F ${rfm.f} M ${rfm.m}$`));
  assert.ok(!(await cell(page, 'rfmGroup').innerText()).startsWith(rfm.group), 'the group by its name, not its key');
  assert.equal(await cell(page, 'persona').innerText(), scores.persona!.name.en);
  assert.equal(await cell(page, 'persona').getAttribute('data-value'), scores.persona!.key);
  const clv = scores.clv!;
  assert.equal(await cell(page, 'clv').innerText(), new Intl.NumberFormat('en', { style: 'currency', currency }).format(clv.clv));
  assert.equal(Number(await cell(page, 'clv').getAttribute('data-value')), clv.clv);
  const pct = (n: number) => new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(n);
  assert.equal(await cell(page, 'pAlive').innerText(), pct(clv.pAlive));
  assert.equal(await cell(page, 'expectedPurchases').innerText(), new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(clv.expectedPurchases));
  assert.equal(await cell(page, 'churnRisk').innerText(), pct(scores.churn!.risk));
  const features = (await page.evaluate(`[...document.querySelectorAll('[data-testid="score-churn-reasons"] li')].map((e) => e.dataset.feature)`)) as string[];
  assert.deepEqual(features, scores.churn!.reasons.map((r) => r.feature));
  assert.match(await page.getByTestId('profile-scores-lag').innerText(), /^Scored at .+ \(\d+ (min|h|days) ago\)$/);
  await page.screenshot({ path: join(SCREENSHOTS, 'profile-scores.png'), fullPage: true });

  // In Chinese: the persona's Chinese name, the group's Chinese name.
  await page.goto(`${server.url}/people?person=${encodeURIComponent(id)}&lang=zh-CN`);
  await page.getByTestId('profile-scores').waitFor();
  assert.equal(await cell(page, 'persona').innerText(), scores.persona!.name.zh);
  assert.match(await cell(page, 'rfmGroup').innerText(), /^[\u4e00-\u9fff]/);
  await page.getByRole('heading', { level: 3, name: '模型评分' }).waitFor();
  await page.close();
});
