import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_PROJECT_CONFIG, journeyMapDefinitionSchema, defaultSentimentScorer, type JourneyMapResult } from '@trailmap/core';
import { EventStore, loadDemo, runJourneyMap } from '../src/index.js';
import { openTestStore } from '../src/testing/test-store.js';

/**
 * The demo business plants a checkout drop-off that is worst when paying on mobile web, with
 * negative feedback about the payment page (docs/demo-data.md, effect 1). The journey map must
 * flag the web payment cell and show why.
 */
describe('journey map on the demo data finds the planted checkout pain point', () => {
  let dir: string;
  let store: EventStore;
  let map: JourneyMapResult;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trailmap-jm-demo-'));
    store = await openTestStore(dir);
    await loadDemo(store, { events: 60_000, seed: 42 });
    map = await runJourneyMap(await store.readSession(), journeyMapDefinitionSchema.parse({}), defaultSentimentScorer);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cell = (channel: string, touchpoint: string) => map.cells.find((c) => c.stage === 'conversion' && c.channel === channel && c.touchpoint === touchpoint)!;

  test('web payment is a drop-off pain point, with its numbers', () => {
    const web = cell('web', 'Payment Info Entered');
    const app = cell('app', 'Payment Info Entered');
    assert.ok(web && app, 'both payment cells exist');
    const flag = map.painPoints.find((f) => f.kind === 'drop_off' && f.channel === 'web' && f.touchpoint === 'Payment Info Entered');
    assert.ok(flag, `drop-off flagged at web payment; pain points: ${map.painPoints.map((f) => `${f.kind}:${f.channel}/${f.touchpoint}`).join(', ')}`);
    assert.equal(flag.value, web.conversion);
    assert.ok(flag.baseline! - flag.value >= flag.threshold, 'below the stage median by the margin');
    assert.equal(flag.evidence.people, web.people);
    assert.ok(web.people >= 200, `enough people (${web.people})`);
    // The app pays fine: it converts better and is not flagged.
    assert.ok(app.conversion! - web.conversion! >= 0.05, `app ${app.conversion} vs web ${web.conversion}`);
    assert.ok(!map.painPoints.some((f) => f.kind === 'drop_off' && f.channel === 'app' && f.touchpoint === 'Payment Info Entered'));
  });

  test('payment feedback is negative (EN and ZH complaints) and lands on the web payment cell', () => {
    const web = cell('web', 'Payment Info Entered');
    const s = web.experience.sentiment;
    assert.ok(s.n >= 30, `feedback on web payment: ${s.n}`);
    assert.ok(s.mean! < 0, `mean sentiment ${s.mean}`);
    assert.ok(s.negativeShare! >= 0.5, `negative share ${s.negativeShare}`);
    const flag = map.painPoints.find((f) => f.kind === 'negative_sentiment' && f.channel === 'web' && f.touchpoint === 'Payment Info Entered');
    assert.ok(flag && flag.value === s.mean && flag.value <= flag.threshold && flag.evidence.feedback === s.n, 'negative sentiment flagged with its numbers');
    const conv = map.emotionCurve.find((e) => e.stage === 'conversion')!;
    assert.ok(conv.responses > 0 && conv.sentiment !== null);
    assert.ok(map.totals.unlinkedResponses === 0);
  });
});
