import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { segmentCreateSchema } from '@trailmap/core';
import { createSegment, listJourneyMessages, listRuns } from '@trailmap/state';
import { SegmentRefresher } from '../src/segments/segment-refresher.js';
import { startJourneyRig, startSmtpPeer, TestClock } from './support/journey-rig.js';

// Entry from segments and from the clock, on the engine under test: segment entry and exit (the
// refresher's changes through the feed), a schedule over a segment's members, a birthday in the
// person's own time zone; and an exit rule on leaving a segment.
const H = 3_600_000;
const mail = (subject: string) => ({ id: 'm', type: 'send', channel: 'email', template: { subject: { en: subject }, body: { en: '<p>hi</p>' } }, next: null });

describe('journey triggers: segments, schedules, date traits', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
  before(async () => (smtp = await startSmtpPeer()));
  after(async () => smtp?.close());
  const rig = (clock: TestClock) => startJourneyRig({ clock, env: { TRAILMAP_SMTP_URL: smtp.url }, rules: { quietHours: null } });
  const subjectsTo = (to: string) => smtp.mails.filter((m) => m.to.includes(to)).map((m) => m.subject);

  test('segment entry starts a run; leaving the segment is an exit rule that ends a waiting one', async () => {
    const clock = new TestClock(Date.parse('2026-04-01T10:00:00Z'));
    const r = await rig(clock);
    try {
      await createSegment(r.state, segmentCreateSchema.parse({ key: 'pro', name: 'Pro plan', rule: { trait: 'plan', value: 'pro' } }));
      const refresher = new SegmentRefresher(r.store, r.state, clock.now, (key, change, at) => r.feed.segmentChanged(key, change, at));
      await r.publish({ name: 'pro welcome', trigger: { type: 'segment', segment: 'pro', on: 'entry' }, start: 'w', steps: [{ id: 'w', type: 'wait', duration: '1d', next: 'm' }, mail('Welcome to Pro')], exits: [{ segment: 'pro', member: false }] }, 'pro');
      await r.send({ type: 'identify', userId: 'sam', traits: { email: 'sam@example.test', plan: 'pro' } }, { type: 'identify', userId: 'kim', traits: { email: 'kim@example.test', plan: 'pro' } });
      await refresher.refresh();
      await r.settle();
      assert.deepEqual((await listRuns(r.state, { journeyId: 'pro', limit: 10 })).map((x) => x.status), ['waiting', 'waiting']);
      clock.advance(H);
      await r.send({ type: 'identify', userId: 'kim', traits: { plan: 'free' } });
      await refresher.refresh();
      await r.settle();
      clock.advance(24 * H);
      await r.settle();
      assert.deepEqual(subjectsTo('sam@example.test'), ['Welcome to Pro']);
      assert.deepEqual(subjectsTo('kim@example.test'), []);
      const outcomes = (await listRuns(r.state, { journeyId: 'pro', limit: 10 })).map((x) => x.outcome).sort();
      assert.deepEqual(outcomes, ['completed', 'exit']);
    } finally {
      await r.close();
    }
  });

  test('schedule: the members of a segment enter at 10:00 in the journey\'s time zone on its days', async () => {
    // Thursday 2026-04-02, 09:59 in Berlin (CEST, UTC+2).
    const clock = new TestClock(Date.parse('2026-04-02T07:59:00Z'));
    const r = await rig(clock);
    try {
      await createSegment(r.state, segmentCreateSchema.parse({ key: 'news', name: 'Newsletter', rule: { trait: 'newsletter', value: 'yes' } }));
      await r.send({ type: 'identify', userId: 'ola', traits: { email: 'ola@example.test', newsletter: 'yes' } }, { type: 'identify', userId: 'pia', traits: { email: 'pia@example.test' } });
      await new SegmentRefresher(r.store, r.state, clock.now).refresh();
      await r.publish({ name: 'weekly', trigger: { type: 'schedule', at: '10:00', days: ['thu'], timeZone: 'Europe/Berlin', segment: 'news' }, start: 'm', steps: [mail('This week')], reentry: { policy: 'always' } }, 'weekly');
      await r.settle();
      assert.deepEqual(subjectsTo('ola@example.test'), []);
      clock.advance(60_000);
      await r.settle();
      await r.settle(); // a second look at the same minute adds nothing
      assert.deepEqual(subjectsTo('ola@example.test'), ['This week']);
      assert.deepEqual(subjectsTo('pia@example.test'), []);
      clock.advance(6 * 24 * H); // Wednesday: no occurrence yet
      await r.settle();
      assert.equal(subjectsTo('ola@example.test').length, 1);
      clock.advance(24 * H); // the next Thursday, 10:00 Berlin
      await r.settle();
      assert.deepEqual(subjectsTo('ola@example.test'), ['This week', 'This week']);
    } finally {
      await r.close();
    }
  });

  test('date trait: a birthday at 09:00 in the person\'s own time zone, every year', async () => {
    // 2026-03-05 00:30 UTC is 08:30 in Shanghai.
    const clock = new TestClock(Date.parse('2026-03-05T00:30:00Z'));
    const r = await rig(clock);
    try {
      await r.publish({ name: 'birthday', trigger: { type: 'dateTrait', trait: 'birthday', annual: true, at: '09:00', timeZone: 'person' }, start: 'm', steps: [mail('Happy birthday')], reentry: { policy: 'always' } }, 'bday');
      await r.send(
        { type: 'identify', userId: 'wu', traits: { email: 'wu@example.test', birthday: '1990-03-05', timezone: 'Asia/Shanghai' } },
        { type: 'identify', userId: 'al', traits: { email: 'al@example.test', birthday: '1985-03-05' } },
        { type: 'identify', userId: 'zz', traits: { email: 'zz@example.test', birthday: 'not a date' } },
      );
      await r.settle();
      assert.deepEqual(subjectsTo('wu@example.test'), []);
      clock.advance(30 * 60_000); // 09:00 Shanghai
      await r.settle();
      assert.deepEqual(subjectsTo('wu@example.test'), ['Happy birthday']);
      assert.deepEqual(subjectsTo('al@example.test'), [], 'UTC (the project zone) is at 01:00');
      clock.advance(8 * H); // 09:00 UTC
      await r.settle();
      assert.deepEqual(subjectsTo('al@example.test'), ['Happy birthday']);
      assert.deepEqual(subjectsTo('zz@example.test'), []);
      const sent = await listJourneyMessages(r.state, { journeyId: 'bday', limit: 10 });
      assert.equal(sent.length, 2);
    } finally {
      await r.close();
    }
  });
});
