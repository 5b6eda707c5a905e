import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemo } from '@trailmap/warehouse';
import { openTestStore } from '@trailmap/warehouse/testing';
import { collectReport } from '../src/report/collect-report.js';
import { answerQuestions } from '../src/report/questions.js';
import { renderReport } from '../src/report/render-report.js';

test('the report on demo data finds the planted effects and answers the six questions with numbers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-report-'));
  const store = await openTestStore(dir);
  try {
    await loadDemo(store, { events: 80_000, seed: 42 });
    const d = await collectReport(await store.readSession());
    assert.equal(d.events, 80_000);

    // 1. Checkout drop-off, worst on web (mobile web payment failures): fewer orders after payment on web than in the app.
    const afterPayment = Object.fromEntries(d.checkoutByChannel.map((c) => [c.channel, c.result.steps[1]!.conversionFromFirst!]));
    assert.ok(afterPayment.web! < afterPayment.app! - 0.1, `web ${afterPayment.web} vs app ${afterPayment.app}`);
    const payFlag = d.journeyMap.painPoints.find((f) => f.kind === 'drop_off' && f.channel === 'web' && f.touchpoint === 'Payment Info Entered');
    assert.ok(payFlag, 'the journey map flags web payment as a drop-off');
    assert.ok(d.journeyMap.painPoints.some((f) => f.kind === 'negative_sentiment' && f.touchpoint === 'Payment Info Entered'), 'and its negative feedback');

    // 3. Support resolution goes with repeat purchase.
    const support = d.comparisons.find((c) => c.title.startsWith('Support'))!;
    assert.ok(support.a.result.steps[1]!.conversionFromFirst! > support.b.result.steps[1]!.conversionFromFirst!);

    // 4. Persona differences: store_first buys in store, mobile_impulse in the app.
    const answers = answerQuestions(d);
    assert.equal(answers.length, 6);
    const channels = answers[2]!;
    assert.match(channels.answer, /store_first → store \d/);
    assert.match(channels.answer, /mobile_impulse → app \d/);

    // 5. SMS adds little: a click is not followed by more orders than any SMS.
    const sms = d.comparisons.find((c) => c.title.startsWith('SMS'))!;
    assert.ok(sms.a.result.steps[1]!.conversionFromFirst! < sms.b.result.steps[1]!.conversionFromFirst! * 1.5);

    // What to fix: the payment step is a key touchpoint, and fixing it projects more orders with an interval above 0.
    assert.ok(d.keyTouchpoints.touchpoints.slice(0, 3).some((t) => t.touchpoint === 'Payment Info Entered'), 'payment is a top-3 key touchpoint');
    assert.ok(d.interventions.interventions.some((i) => i.touchpoint === 'Payment Info Entered'), 'an intervention at payment');
    assert.ok(d.checkoutScenario && d.checkoutScenario.simulation.change.conversions.low > 0);
    assert.equal(d.attribution.model, 'all');

    for (const a of answers) {
      assert.ok(a.answer.length > 20, a.question);
      assert.match(a.answer + a.evidence.join(' '), /\d/, `answer to "${a.question}" has numbers`);
    }
    const html = renderReport(d);
    assert.match(html, /^<!doctype html>/);
    assert.doesNotMatch(html, /<script|<link|src="http|href="http/, 'self-contained: no scripts or external resources');
    for (const a of answers) assert.ok(html.includes(a.question.replace(/&/g, '&amp;')), a.question);
    assert.match(html, /Payment Info Entered/);
    assert.match(html, /Intervention points/);
    // Honest periods: the newest retention cells and lifecycle month are hatched, the newest funnel weeks dashed, each with its legend.
    const openCells = d.retention.cohorts.reduce((s, c) => s + c.values.slice(1, d.retention.periods + 1).filter((v) => v.count !== null && !v.complete).length, 0);
    const openMonths = d.lifecycle.rows.filter((r) => !r.complete).length;
    assert.ok(openCells > 0 && openMonths > 0, 'the demo data ends inside a month');
    assert.equal(html.split('<span class="incomplete"').length - 1, openCells + openMonths);
    assert.ok(d.purchase.overTime.some((p) => !p.complete) && html.includes('stroke-dasharray="5 4"'), 'the newest funnel weeks are dashed');
    assert.equal(html.split('class="incomplete-note"').length - 1, 3, 'one legend each for the funnel, the retention grid and the lifecycle');
    // NPS is a whole number in the tables.
    const surveyed = [...d.channels.rows, ...d.touchpoints.rows].filter((r) => r.nps.score !== null && !Number.isInteger(r.nps.score));
    assert.ok(surveyed.length > 0, 'some NPS has decimals in the data');
    for (const r of surveyed) assert.ok(html.includes(`<td>${Math.round(r.nps.score!)} <span class="muted">n=`), `NPS of ${r.group} as ${Math.round(r.nps.score!)}`);
    assert.ok(!surveyed.some((r) => html.includes(`<td>${r.nps.score!.toFixed(1)} <span class="muted">n=`)), 'no NPS with decimals');
    // The commonest complete path after checkout is the one through payment to the order.
    assert.deepEqual(d.paths.topPaths?.[0]?.steps.slice(0, 3), ['Checkout Started', 'Payment Info Entered', 'Order Completed']);
    assert.match(html, /Most common complete paths/);
    // Customers: the RFM grid's 25 cells hold every customer once, and the section shows each non-empty group.
    assert.ok(d.rfm.customers > 0);
    assert.equal(d.rfm.grid.length, 25);
    assert.equal(d.rfm.grid.reduce((s, c) => s + c.count, 0), d.rfm.customers);
    assert.equal(html.split('class="rfm-cell"').length - 1, 25);
    for (const g of d.rfm.groups.filter((x) => x.count > 0)) assert.ok(html.includes(`<td>${g.group.replace(/_/g, ' ')}</td>`), `group ${g.group} in the report`);
    // Money in the project's currency: USD by default, another code when the project sets one.
    assert.equal(d.currency, 'USD');
    const uplift = d.interventions.interventions[0]!.uplift.revenue.estimate;
    assert.ok(html.includes(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(uplift)), 'revenue uplift in dollars');
    const cny = renderReport({ ...d, currency: 'CNY' });
    assert.match(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'CNY', maximumFractionDigits: 0 }).format(uplift), /^-?CN¥/);
    assert.ok(cny.includes(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'CNY', maximumFractionDigits: 0 }).format(uplift)), 'revenue uplift in yuan');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
