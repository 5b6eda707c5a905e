import { z } from 'zod';
import { FILTER_OPS, propertyFilterSchema, refineComparison, type FilterOp } from '../analytics/shared/property-filter.js';
import { journeyDurationSchema as durationSchema, journeyOffsetSchema as offsetSchema } from './duration.js';

/**
 * A journey definition (docs/journeys.md): a trigger, a graph of steps keyed by id, a goal, exit
 * rules and a re-entry policy. It is what `POST /v1/journeys` takes and what a version freezes.
 */

const id = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'an id: letters, digits, _ and -, starting with a letter (at most 64)');
const eventName = z.string().min(1).max(200);
const propertyPath = z.string().regex(/^[A-Za-z0-9_$][A-Za-z0-9_$.-]{0,199}$/, 'a property name or dotted path');
const scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time "HH:MM" (24-hour)');
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const weekday = z.enum(WEEKDAYS);
/** An IANA time zone (checked by Intl), or `person`: the person's own (context.timezone or the `timezone` trait). */
const timeZone = z.string().min(1).max(64).refine((tz) => tz === 'person' || validTimeZone(tz), 'an IANA time zone such as "Europe/Berlin", or "person"');

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export type JourneyCondition =
  | { trait: string; op: FilterOp; value?: ComparisonValue }
  | { computedTrait: string; op: FilterOp; value?: ComparisonValue }
  | { segment: string; member: boolean }
  | { event: string; within?: string; op: 'gte' | 'lte' | 'eq'; count: number }
  | { all: JourneyCondition[] }
  | { any: JourneyCondition[] }
  | { not: JourneyCondition };

type ComparisonValue = string | number | boolean | Array<string | number | boolean>;
const op = z.enum(FILTER_OPS).default('eq');
const comparisonValue = z.union([scalar, z.array(scalar).min(1).max(100)]).optional();

/** Branch conditions: traits, computed traits, segment membership, event history; combined with all / any / not. */
export const journeyConditionSchema: z.ZodType<JourneyCondition> = z.lazy(() =>
  z.union([
    z.object({ trait: z.string().min(1).max(200), op, value: comparisonValue }).strict().superRefine(refineComparison),
    z.object({ computedTrait: z.string().min(1).max(100), op, value: comparisonValue }).strict().superRefine(refineComparison),
    z.object({ segment: z.string().min(1).max(100), member: z.boolean().default(true) }).strict(),
    z.object({ event: eventName, within: durationSchema.optional(), op: z.enum(['gte', 'lte', 'eq']).default('gte'), count: z.number().int().min(0).max(1_000_000).default(1) }).strict(),
    z.object({ all: z.array(journeyConditionSchema).min(1).max(20) }).strict(),
    z.object({ any: z.array(journeyConditionSchema).min(1).max(20) }).strict(),
    z.object({ not: journeyConditionSchema }).strict(),
  ]),
) as z.ZodType<JourneyCondition>;

export const journeyTriggerSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('event'),
      event: eventName,
      where: z.array(propertyFilterSchema).max(20).default([]),
      /** A property whose value keys the run (e.g. `cartId`): one running person per value, and awaited events must carry the same value. */
      correlate: propertyPath.optional(),
    })
    .strict(),
  z.object({ type: z.literal('segment'), segment: z.string().min(1).max(100), on: z.enum(['entry', 'exit']).default('entry') }).strict(),
  z
    .object({
      type: z.literal('schedule'),
      /** Local time of day the audience enters, in `timeZone`. */
      at: clock,
      days: z.array(weekday).min(1).max(7).default([...WEEKDAYS]),
      timeZone: timeZone.default('UTC'),
      /** Who enters: the members of this segment at that moment. */
      segment: z.string().min(1).max(100),
    })
    .strict(),
  z
    .object({
      type: z.literal('dateTrait'),
      /** A trait holding a date (`YYYY-MM-DD` or an ISO time), such as `birthday` or `renewalDate`. */
      trait: propertyPath,
      /** When, relative to that date: `-7d` a week before, `0d` on the day. */
      offset: offsetSchema.default('0d'),
      /** Every year on the date (birthdays) rather than once. */
      annual: z.boolean().default(false),
      at: clock.default('09:00'),
      timeZone: timeZone.default('person'),
    })
    .strict(),
]);
export type JourneyTrigger = z.infer<typeof journeyTriggerSchema>;

const next = id.nullable().describe('the step to go to next; null ends the run');
const ui = z.object({ x: z.number(), y: z.number() }).strict().optional();
const base = { id, label: z.string().max(200).optional(), ui };

/** A message body per locale; `en` is required and used when the person's locale has none. */
const localized = z.object({ en: z.string().min(1).max(100_000) }).catchall(z.string().max(100_000));
export const MESSAGE_CHANNELS = ['email', 'sms', 'push', 'inapp'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export const messageTemplateSchema = z
  .object({
    /** Email subject or push / in-app title, per locale (Liquid). */
    subject: localized.optional(),
    /** The body per locale (Liquid; email bodies are HTML). */
    body: localized,
  })
  .strict();
export type MessageTemplate = z.infer<typeof messageTemplateSchema>;

export const journeyStepSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('wait'), duration: durationSchema, next }).strict(),
  z
    .object({
      ...base,
      type: z.literal('waitForEvent'),
      event: eventName,
      where: z.array(propertyFilterSchema).max(20).default([]),
      /** Require the event to carry the run's correlation value (the trigger's `correlate` property). */
      correlated: z.boolean().default(true),
      timeout: durationSchema,
      next,
      onTimeout: next,
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('waitForWindow'),
      start: clock,
      end: clock,
      days: z.array(weekday).min(1).max(7).default([...WEEKDAYS]),
      timeZone: timeZone.default('person'),
      next,
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('branch'),
      branches: z.array(z.object({ label: z.string().max(100).optional(), when: journeyConditionSchema, next }).strict()).min(1).max(20),
      otherwise: next,
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('split'),
      /** Recorded as an experiment with this key (Experiment Viewed events); default `journeyId.stepId`. */
      experiment: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/).optional(),
      variants: z.array(z.object({ id, percent: z.number().min(0).max(100), next }).strict()).min(1).max(10),
      /** The share held out: they leave the journey at once but are followed for the goal, as the comparison group. */
      holdout: z.number().min(0).max(100).default(0),
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('send'),
      channel: z.enum(MESSAGE_CHANNELS),
      template: messageTemplateSchema,
      /** Transactional messages (receipts, password resets) skip the marketing consent check and frequency caps. */
      transactional: z.boolean().default(false),
      next,
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('webhook'),
      url: z.string().url().max(2000),
      /** A JSON body (Liquid in its strings); default: the person, the journey and the step. */
      body: z.record(z.string(), z.unknown()).optional(),
      next,
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('task'),
      title: z.string().min(1).max(300),
      priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
      owner: z.string().max(200).optional(),
      due: durationSchema.default('1d'),
      next,
    })
    .strict(),
  z.object({ ...base, type: z.literal('setTrait'), trait: propertyPath, value: z.union([scalar, z.null()]), next }).strict(),
  z
    .object({
      ...base,
      type: z.literal('loop'),
      /** Go to `body` this many times in a run, then to `then`: the guard that ends every loop. */
      times: z.number().int().min(1).max(100),
      body: id,
      then: next,
    })
    .strict(),
]);
export type JourneyStep = z.infer<typeof journeyStepSchema>;
export type JourneyStepType = JourneyStep['type'];

export const exitRuleSchema = z.union([
  z.object({ event: eventName, where: z.array(propertyFilterSchema).max(20).default([]) }).strict(),
  z.object({ segment: z.string().min(1).max(100), member: z.boolean() }).strict(),
]);
export type ExitRule = z.infer<typeof exitRuleSchema>;

export const reentrySchema = z.discriminatedUnion('policy', [
  z.object({ policy: z.literal('never') }).strict(),
  z.object({ policy: z.literal('after'), days: z.number().int().min(1).max(3650) }).strict(),
  z.object({ policy: z.literal('always') }).strict(),
]);

export const journeyDefinitionSchema = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    trigger: journeyTriggerSchema,
    /** The first step. */
    start: id,
    steps: z.array(journeyStepSchema).min(1).max(200),
    /** Reaching it ends the run as a success, from any step (and is what the holdout is compared on). */
    goal: z
      .object({
        event: eventName,
        where: z.array(propertyFilterSchema).max(20).default([]),
        correlated: z.boolean().default(true),
        /** How long a run (and a held-out person) is followed for the goal. */
        within: durationSchema.default('7d'),
      })
      .strict()
      .optional(),
    exits: z.array(exitRuleSchema).max(20).default([]),
    reentry: reentrySchema.default({ policy: 'never' }),
    /** At most this many marketing messages from this journey per person per local day (the project's own cap applies too). */
    frequencyCap: z.number().int().min(1).max(100).optional(),
  })
  .strict()
  .superRefine((j, ctx) => {
    const ids = new Map<string, number>();
    j.steps.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `the step id "${s.id}" is used twice` });
      ids.set(s.id, i);
    });
    if (!ids.has(j.start)) ctx.addIssue({ code: 'custom', path: ['start'], message: `no step has the id "${j.start}"` });
    j.steps.forEach((s, i) => {
      for (const [field, target] of stepTargets(s)) {
        if (target !== null && !ids.has(target)) ctx.addIssue({ code: 'custom', path: ['steps', i, ...field], message: `no step has the id "${target}"` });
      }
      if (s.type === 'waitForEvent' && j.trigger.type !== 'event') {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'type'], message: 'waitForEvent is allowed in event-triggered journeys only' });
      }
      if (s.type === 'split') {
        const total = s.variants.reduce((a, v) => a + v.percent, 0) + s.holdout;
        if (Math.abs(total - 100) > 1e-9) ctx.addIssue({ code: 'custom', path: ['steps', i, 'variants'], message: `the variants' and the holdout's percentages add up to ${total}, not 100` });
        const vids = new Set(s.variants.map((v) => v.id));
        if (vids.size !== s.variants.length) ctx.addIssue({ code: 'custom', path: ['steps', i, 'variants'], message: 'a variant id is used twice' });
        if (vids.has('holdout')) ctx.addIssue({ code: 'custom', path: ['steps', i, 'variants'], message: '"holdout" is the held-out group\'s name; give the variant another id' });
      }
      if (s.type === 'waitForWindow' && s.start === s.end) ctx.addIssue({ code: 'custom', path: ['steps', i, 'end'], message: 'the window is empty (start equals end)' });
    });
    // A cycle must pass through a loop step (the guard); a cycle of other steps could run forever.
    const cycle = unguardedCycle(j.steps);
    if (cycle) ctx.addIssue({ code: 'custom', path: ['steps'], message: `the steps ${cycle.join(' → ')} form a cycle with no loop step to guard it` });
  });
export type JourneyDefinition = z.output<typeof journeyDefinitionSchema>;
export type JourneyDefinitionInput = z.input<typeof journeyDefinitionSchema>;

/** Each outgoing edge of a step: the field that holds it and the target id (null: the run ends). */
export function stepTargets(s: JourneyStep): Array<[Array<string | number>, string | null]> {
  switch (s.type) {
    case 'branch':
      return [...s.branches.map((b, k) => [['branches', k, 'next'], b.next] as [Array<string | number>, string | null]), [['otherwise'], s.otherwise]];
    case 'split':
      return s.variants.map((v, k) => [['variants', k, 'next'], v.next]);
    case 'waitForEvent':
      return [[['next'], s.next], [['onTimeout'], s.onTimeout]];
    case 'loop':
      return [[['body'], s.body], [['then'], s.then]];
    default:
      return [[['next'], s.next]];
  }
}

/** A cycle of step ids with no loop step on it, or null. */
function unguardedCycle(steps: readonly JourneyStep[]): string[] | null {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const colour = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (sid: string): string[] | null => {
    const s = byId.get(sid);
    if (!s || s.type === 'loop') return null;
    if (colour.get(sid) === 2) return null;
    if (colour.get(sid) === 1) return [...stack.slice(stack.indexOf(sid)), sid];
    colour.set(sid, 1);
    stack.push(sid);
    for (const [, t] of stepTargets(s)) {
      if (t === null) continue;
      const found = visit(t);
      if (found) return found;
    }
    stack.pop();
    colour.set(sid, 2);
    return null;
  };
  for (const s of steps) {
    const found = visit(s.id);
    if (found) return found;
  }
  return null;
}
