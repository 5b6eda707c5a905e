import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  advance,
  entryDecision,
  journeyDefinitionSchema,
  newRun,
  type JourneyDefinition,
  type JourneyDefinitionInput,
  type JourneyEffect,
  type JourneyEvent,
  type JourneyRun,
  type PersonContext,
  type RunInput,
} from '../src/index.js';

const H = 3_600_000;
const T0 = Date.parse('2026-03-02T10:00:00Z'); // a Monday

const def = (d: JourneyDefinitionInput): JourneyDefinition => journeyDefinitionSchema.parse(d);
const person = (over: Partial<PersonContext> = {}): PersonContext => ({
  personId: 'p1',
  userId: 'u1',
  anonymousId: null,
  traits: {},
  computed: {},
  segments: [],
  timeZone: 'UTC',
  locale: 'en',
  eventCounts: {},
  ...over,
});
const ev = (event: string, at: number, properties: Record<string, unknown> = {}): JourneyEvent => ({ messageId: `${event}@${at}`, personId: 'p1', event, at, properties });

/** A test clock over one run: feed inputs, advance time (firing the timer when due), collect effects. */
class Scenario {
  run: JourneyRun;
  effects: JourneyEffect[] = [];
  constructor(
    readonly d: JourneyDefinition,
    public now = T0,
    readonly who = person(),
    correlation: string | null = null,
  ) {
    this.run = newRun(d, { id: 'r1', journeyId: 'j1', version: 1, personId: who.personId }, correlation, now);
    this.apply({ kind: 'start' });
  }
  apply(input: RunInput): this {
    const out = advance(this.d, this.run, input, this.who, this.now);
    this.run = out.run;
    this.effects.push(...out.effects);
    return this;
  }
  event(name: string, props: Record<string, unknown> = {}): this {
    return this.apply({ kind: 'event', event: ev(name, this.now, props) });
  }
  /** Move the clock forward, firing the run's timer each time it falls due on the way. */
  wait(ms: number): this {
    const until = this.now + ms;
    while (this.run.wakeAt !== null && this.run.wakeAt <= until && this.run.status !== 'ended') {
      this.now = Math.max(this.now, this.run.wakeAt);
      this.apply({ kind: 'timer' });
    }
    this.now = until;
    return this;
  }
  sends(): string[] {
    return this.effects.filter((e) => e.type === 'send').map((e) => e.stepId);
  }
}

const abandonedCart = def(JSON.parse(readFileSync(new URL('../../../../docs/journeys/abandoned-cart.json', import.meta.url), 'utf8')));

describe('journey engine: the abandoned cart (docs/journeys/abandoned-cart.json)', () => {
  const start = (at = T0, tz = 'UTC') => new Scenario(abandonedCart, at, person({ timeZone: tz }), 'cart-1');

  test('no order within 4 h: one reminder email, then the run follows for the goal and ends', () => {
    const s = start().wait(4 * H - 1);
    assert.deepEqual(s.sends(), []);
    assert.equal(s.run.stepId, 'wait_for_order');
    s.wait(1);
    assert.deepEqual(s.sends(), ['reminder_email']);
    assert.equal(s.effects[0]!.key, 'r1:reminder_email:1');
    assert.equal(s.run.status, 'following');
    s.wait(3 * 24 * H);
    assert.equal(s.run.status, 'ended');
    assert.equal(s.run.outcome, 'completed');
    assert.equal(s.sends().length, 1);
  });

  test('an order with the same cart_id inside 4 h: the goal, no email', () => {
    const s = start().wait(2 * H).event('Order Completed', { cart_id: 'cart-1' });
    assert.equal(s.run.outcome, 'goal');
    s.wait(10 * H);
    assert.deepEqual(s.sends(), []);
  });

  test('an order for another cart does not count; the email still goes', () => {
    const s = start().wait(H).event('Order Completed', { cart_id: 'cart-2' }).wait(3 * H);
    assert.deepEqual(s.sends(), ['reminder_email']);
    // The order for this cart after the email is still the goal (within 2 d of entry).
    s.wait(H).event('Order Completed', { cart_id: 'cart-1' });
    assert.equal(s.run.outcome, 'goal');
  });

  test('quiet at night in two time zones: the email waits for 09:00 local time', () => {
    // Cart at 18:00 UTC: the timeout is 22:00 UTC.
    const at = Date.parse('2026-03-02T18:00:00Z');
    const london = start(at, 'Europe/London').wait(4 * H);
    assert.deepEqual(london.sends(), [], '22:00 in London is outside 09:00–21:00');
    assert.equal(london.run.wakeAt, Date.parse('2026-03-03T09:00:00Z'));
    london.wait(11 * H);
    assert.deepEqual(london.sends(), ['reminder_email']);

    const shanghai = start(at, 'Asia/Shanghai').wait(4 * H);
    // 22:00 UTC is 06:00 in Shanghai: held until 09:00 there, 01:00 UTC.
    assert.equal(shanghai.run.wakeAt, Date.parse('2026-03-03T01:00:00Z'));
    shanghai.wait(3 * H - 1);
    assert.deepEqual(shanghai.sends(), []);
    shanghai.wait(1);
    assert.deepEqual(shanghai.sends(), ['reminder_email']);
  });

  test('entry: a cart_id is needed; one run per cart; re-entry "always" after the run ended', () => {
    const add = (cart?: string) => ({ event: ev('Product Added', T0, cart ? { cart_id: cart } : {}) });
    assert.deepEqual(entryDecision(abandonedCart, add(), [], T0), { enter: false, reason: 'no_correlation' });
    assert.deepEqual(entryDecision(abandonedCart, add('c1'), [], T0), { enter: true, correlation: 'c1' });
    assert.deepEqual(entryDecision(abandonedCart, add('c1'), [{ correlation: 'c1', status: 'waiting', enteredAt: T0 }], T0), { enter: false, reason: 'running' });
    assert.deepEqual(entryDecision(abandonedCart, add('c2'), [{ correlation: 'c1', status: 'waiting', enteredAt: T0 }], T0), { enter: true, correlation: 'c2' });
    assert.deepEqual(entryDecision(abandonedCart, add('c1'), [{ correlation: 'c1', status: 'ended', enteredAt: T0 }], T0), { enter: true, correlation: 'c1' });
    assert.deepEqual(entryDecision(abandonedCart, { event: ev('Cart Viewed', T0, { cart_id: 'c1' }) }, [], T0), { enter: false, reason: 'no_match' });
  });
});

const eventTrigger = { type: 'event', event: 'Signed Up' } as const;
const send = (id: string, next: string | null = null) => ({ id, type: 'send', channel: 'email', template: { body: { en: 'hi' } }, next }) as const;

describe('journey engine: every step type', () => {
  test('wait: the next step runs exactly when the duration has passed', () => {
    const s = new Scenario(def({ name: 'w', trigger: eventTrigger, start: 'w', steps: [{ id: 'w', type: 'wait', duration: '2d', next: 'm' }, send('m')] }));
    assert.equal(s.run.status, 'waiting');
    assert.equal(s.run.wakeAt, T0 + 48 * H);
    s.wait(48 * H - 1);
    assert.deepEqual(s.sends(), []);
    s.wait(1);
    assert.deepEqual(s.sends(), ['m']);
    assert.equal(s.run.outcome, 'completed');
    assert.equal(s.run.status, 'ended', 'no goal: ended at once');
  });

  test('waitForEvent: the event (with filters) moves on; the timeout takes the other branch', () => {
    const d = def({
      name: 'wfe',
      trigger: eventTrigger,
      start: 'w',
      steps: [
        { id: 'w', type: 'waitForEvent', event: 'Email Verified', where: [{ property: 'method', op: 'eq', value: 'link' }], timeout: '1d', next: 'thanks', onTimeout: 'nudge' },
        send('thanks'),
        send('nudge'),
      ],
    });
    const hit = new Scenario(d).wait(H).event('Email Verified', { method: 'code' }).event('Email Verified', { method: 'link' });
    assert.deepEqual(hit.sends(), ['thanks']);
    const miss = new Scenario(d).wait(24 * H);
    assert.deepEqual(miss.sends(), ['nudge']);
  });

  test('waitForWindow: days of the week and a window across midnight', () => {
    const d = def({ name: 'win', trigger: eventTrigger, start: 'w', steps: [{ id: 'w', type: 'waitForWindow', start: '22:00', end: '02:00', days: ['sat'], timeZone: 'America/New_York', next: 'm' }, send('m')] });
    const s = new Scenario(d); // Monday 05:00 in New York
    assert.equal(s.run.wakeAt, Date.parse('2026-03-08T03:00:00Z'), 'Saturday 22:00 EST');
    // Inside the window (Sunday 01:00 New York, the window opened Saturday): at once.
    const inside = new Scenario(d, Date.parse('2026-03-08T06:00:00Z'));
    assert.deepEqual(inside.sends(), ['m']);
  });

  test('branch: traits, computed traits, segments and event history, with all / any / not', () => {
    const d = def({
      name: 'br',
      trigger: eventTrigger,
      start: 'b',
      steps: [
        {
          id: 'b',
          type: 'branch',
          branches: [
            { label: 'vip', when: { all: [{ segment: 'vip', member: true }, { computedTrait: 'orders_90d', op: 'gte', value: 3 }] }, next: 'vip' },
            { when: { any: [{ trait: 'plan', op: 'eq', value: 'pro' }, { event: 'Order Completed', within: '30d', op: 'gte', count: 2 }] }, next: 'pro' },
            { when: { not: { trait: 'email', op: 'is_set' } }, next: 'noemail' },
          ],
          otherwise: 'other',
        },
        send('vip'),
        send('pro'),
        send('noemail'),
        send('other'),
      ],
    });
    const take = (p: Partial<PersonContext>) => new Scenario(d, T0, person(p)).sends();
    assert.deepEqual(take({ segments: ['vip'], computed: { orders_90d: 3 }, traits: { email: 'a@b' } }), ['vip']);
    assert.deepEqual(take({ segments: ['vip'], computed: { orders_90d: 2 }, traits: { email: 'a@b', plan: 'pro' } }), ['pro']);
    assert.deepEqual(take({ eventCounts: { '30d|Order Completed': 2 }, traits: { email: 'a@b' } }), ['pro']);
    assert.deepEqual(take({ eventCounts: { '30d|Order Completed': 1 } }), ['noemail']);
    assert.deepEqual(take({ traits: { email: 'a@b' } }), ['other']);
  });

  test('split: sticky per person, weights hold, the holdout leaves and is followed for the goal', () => {
    const d = def({
      name: 'sp',
      trigger: eventTrigger,
      start: 's',
      steps: [{ id: 's', type: 'split', variants: [{ id: 'a', percent: 45, next: 'ma' }, { id: 'b', percent: 45, next: 'mb' }], holdout: 10 }, send('ma'), send('mb')],
      goal: { event: 'Order Completed', within: '7d' },
    });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 20_000; i++) {
      const s = new Scenario(d, T0, person({ personId: `p${i}` }));
      counts[s.run.variant!] = (counts[s.run.variant!] ?? 0) + 1;
      const exposure = s.effects.find((e) => e.type === 'exposure');
      assert.ok(exposure && exposure.type === 'exposure' && exposure.experiment === 'j1.s' && exposure.variant === s.run.variant);
    }
    // Binomial sd for 10 % of 20,000 is 42; 45 % is 70. Five sd either way.
    assert.ok(Math.abs(counts.holdout! - 2000) < 5 * 42, JSON.stringify(counts));
    assert.ok(Math.abs(counts.a! - 9000) < 5 * 70 && Math.abs(counts.b! - 9000) < 5 * 70, JSON.stringify(counts));
    const again = new Scenario(d, T0 + 99 * H, person({ personId: 'p7' }));
    assert.equal(again.run.variant, new Scenario(d, T0, person({ personId: 'p7' })).run.variant, 'sticky');
    // A held-out person: no message, followed until the goal.
    let i = 0;
    while (new Scenario(d, T0, person({ personId: `h${i}` })).run.variant !== 'holdout') i++;
    const held = new Scenario(d, T0, person({ personId: `h${i}` }));
    assert.deepEqual(held.sends(), []);
    assert.equal(held.run.status, 'following');
    held.wait(H).event('Order Completed');
    assert.equal(held.run.outcome, 'goal');
    const lapsed = new Scenario(d, T0, person({ personId: `h${i}` })).wait(7 * 24 * H);
    assert.equal(lapsed.run.outcome, 'holdout');
  });

  test('actions: email, SMS, push, in-app, webhook, task and setTrait effects with per-visit keys', () => {
    const d = def({
      name: 'act',
      trigger: eventTrigger,
      start: 'e',
      steps: [
        send('e', 's'),
        { id: 's', type: 'send', channel: 'sms', template: { body: { en: 'hi' } }, transactional: true, next: 'p' },
        { id: 'p', type: 'send', channel: 'push', template: { subject: { en: 't' }, body: { en: 'b' } }, next: 'i' },
        { id: 'i', type: 'send', channel: 'inapp', template: { body: { en: 'b' } }, next: 'h' },
        { id: 'h', type: 'webhook', url: 'https://hooks.example/x', next: 't' },
        { id: 't', type: 'task', title: 'Call them', priority: 'high', due: '4h', next: 'tr' },
        { id: 'tr', type: 'setTrait', trait: 'onboarded', value: true, next: null },
      ],
    });
    const s = new Scenario(d);
    assert.deepEqual(
      s.effects.map((e) => [e.type, e.stepId, e.key]),
      [
        ['send', 'e', 'r1:e:1'],
        ['send', 's', 'r1:s:1'],
        ['send', 'p', 'r1:p:1'],
        ['send', 'i', 'r1:i:1'],
        ['webhook', 'h', 'r1:h:1'],
        ['task', 't', 'r1:t:1'],
        ['setTrait', 'tr', 'r1:tr:1'],
      ],
    );
    const sms = s.effects[1]!;
    assert.ok(sms.type === 'send' && sms.channel === 'sms' && sms.transactional);
    const task = s.effects[5]!;
    assert.ok(task.type === 'task' && task.dueAt === T0 + 4 * H && task.priority === 'high');
  });

  test('loop: the body runs `times` times, each visit with its own key; then the run goes on', () => {
    const d = def({
      name: 'loop',
      trigger: eventTrigger,
      start: 'l',
      steps: [
        { id: 'l', type: 'loop', times: 3, body: 'w', then: 'done' },
        { id: 'w', type: 'wait', duration: '1d', next: 'm' },
        send('m', 'l'),
        send('done'),
      ],
    });
    const s = new Scenario(d).wait(10 * 24 * H);
    assert.deepEqual(s.sends(), ['m', 'm', 'm', 'done']);
    assert.deepEqual(
      s.effects.map((e) => e.key),
      ['r1:m:1', 'r1:m:2', 'r1:m:3', 'r1:done:1'],
    );
    assert.equal(s.run.outcome, 'completed');
  });

  test('exit rules: an event or a segment change ends the run wherever it is', () => {
    const d = def({
      name: 'ex',
      trigger: eventTrigger,
      start: 'w',
      steps: [{ id: 'w', type: 'wait', duration: '1d', next: 'm' }, send('m')],
      exits: [{ event: 'Account Deleted' }, { segment: 'churned', member: true }],
    });
    const byEvent = new Scenario(d).wait(H).event('Account Deleted').wait(48 * H);
    assert.equal(byEvent.run.outcome, 'exit');
    assert.deepEqual(byEvent.sends(), []);
    const s = new Scenario(d);
    const out = advance(d, s.run, { kind: 'segments' }, person({ segments: ['churned'] }), T0 + H);
    assert.equal(out.run.outcome, 'exit');
  });

  test('re-entry: never, after N days, always', () => {
    const base = { name: 're', trigger: eventTrigger, start: 'm', steps: [send('m')] };
    const trig = { event: ev('Signed Up', T0) };
    const ended = [{ correlation: null, status: 'ended' as const, enteredAt: T0 - 3 * 24 * H }];
    assert.equal(entryDecision(def({ ...base, reentry: { policy: 'never' } }), trig, ended, T0).enter, false);
    assert.equal(entryDecision(def({ ...base, reentry: { policy: 'after', days: 7 } }), trig, ended, T0).enter, false);
    assert.equal(entryDecision(def({ ...base, reentry: { policy: 'after', days: 2 } }), trig, ended, T0).enter, true);
    assert.equal(entryDecision(def({ ...base, reentry: { policy: 'always' } }), trig, ended, T0).enter, true);
  });

  test('an ended run ignores every input', () => {
    const s = new Scenario(def({ name: 'x', trigger: eventTrigger, start: 'm', steps: [send('m')] }));
    const before = s.run;
    s.event('Signed Up').wait(99 * H).apply({ kind: 'start' });
    assert.equal(s.run, before);
    assert.equal(s.sends().length, 1);
  });
});

describe('journey definitions: validation names the field', () => {
  const issues = (d: unknown) => {
    const r = journeyDefinitionSchema.safeParse(d);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  test('unknown step ids, an unguarded cycle, split percentages, waitForEvent outside event journeys, bad durations', () => {
    assert.deepEqual(issues({ name: 'x', trigger: eventTrigger, start: 'nope', steps: [send('m', 'gone')] }), ['start: no step has the id "nope"', 'steps.0.next: no step has the id "gone"']);
    assert.match(issues({ name: 'x', trigger: eventTrigger, start: 'a', steps: [send('a', 'b'), { id: 'b', type: 'wait', duration: '1h', next: 'a' }] })[0]!, /a → b → a form a cycle with no loop step/);
    assert.match(issues({ name: 'x', trigger: eventTrigger, start: 's', steps: [{ id: 's', type: 'split', variants: [{ id: 'a', percent: 60, next: null }], holdout: 30 }] })[0]!, /add up to 90, not 100/);
    assert.match(
      issues({ name: 'x', trigger: { type: 'segment', segment: 'vip' }, start: 'w', steps: [{ id: 'w', type: 'waitForEvent', event: 'E', timeout: '1h', next: null, onTimeout: null }] })[0]!,
      /waitForEvent is allowed in event-triggered journeys only/,
    );
    assert.match(issues({ name: 'x', trigger: eventTrigger, start: 'w', steps: [{ id: 'w', type: 'wait', duration: '4 hours', next: null }] })[0]!, /^steps\.0\.duration: a duration such as "30s"/);
    assert.match(issues({ name: 'x', trigger: { type: 'schedule', at: '25:00', segment: 's' }, start: 'm', steps: [send('m')] })[0]!, /^trigger\.at: a local time/);
  });
});
