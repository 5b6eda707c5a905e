import { z } from 'zod';
import { SERVICE_TASK_PRIORITIES, SERVICE_TASK_SOURCES, type ServiceTaskPriority } from './service-task.js';

const priority = z.enum(SERVICE_TASK_PRIORITIES);
const eventName = z.string().min(1).max(200);
const hours = z.number().min(0).max(24 * 365);

/** A routing rule: the first whose conditions all hold names the owner (a team or an agent). */
export const serviceRouteSchema = z
  .object({
    source: z.enum(SERVICE_TASK_SOURCES).optional(),
    /** Case-insensitive regex on the proposal's topic (feedback: its topic property; payments: `payment`…). */
    topic: z
      .string()
      .min(1)
      .max(200)
      .refine((p) => {
        try {
          new RegExp(p, 'i');
          return true;
        } catch {
          return false;
        }
      }, 'expected a regular expression')
      .optional(),
    owner: z.string().min(1).max(200),
  })
  .strict();
export type ServiceRoute = z.infer<typeof serviceRouteSchema>;

/** Hours from detection to the due time, per priority. */
export const DEFAULT_SERVICE_SLA: Record<ServiceTaskPriority, number> = { urgent: 4, high: 24, normal: 72, low: 168 };

export const DEFAULT_SERVICE_ROUTES: ServiceRoute[] = [
  { topic: 'payment|checkout|billing|price', owner: 'billing' },
  { topic: 'support|ticket|call|chat|complaint', owner: 'support' },
  { source: 'repeated_contacts', owner: 'support' },
  { source: 'churn_risk', owner: 'retention' },
  { source: 'lifecycle', owner: 'customer-success' },
];

/**
 * `service` in trailmap.config.json (docs/service.md): the proactive-service triggers, their
 * thresholds, the SLA per priority and the routing to owners. Every field has a default.
 */
export const serviceConfigSchema = z
  .object({
    /** Scan for new signals every this many minutes inside `trailmap start`; 0 = only on demand (POST /v1/tasks/scan). */
    everyMinutes: z.number().min(0).max(24 * 60).default(5),
    /** The first scan (no cursor yet) reads signals of events at most this many days old. */
    lookbackDays: z.number().int().min(1).max(365).default(7),
    sla: z.object({ urgent: hours.default(4), high: hours.default(24), normal: hours.default(72), low: hours.default(168) }).strict().prefault({}),
    /** First match wins; none matching: `defaultOwner`. */
    routes: z.array(serviceRouteSchema).max(200).default(DEFAULT_SERVICE_ROUTES),
    defaultOwner: z.string().min(1).max(200).nullable().default(null),
    negativeSentiment: z
      .object({
        enabled: z.boolean().default(true),
        event: eventName.default('Feedback Submitted'),
        textProperty: z.string().min(1).max(200).default('text'),
        /** Routed on (the demo's feedback names the touchpoint it is about). */
        topicProperty: z.string().min(1).max(200).default('touchpoint'),
        /** A score (−1..1) at or below this makes a task… */
        threshold: z.number().min(-1).max(0).default(-0.3),
        priority: priority.default('normal'),
        /** …and at or below this one, a task of `severePriority`. */
        severeBelow: z.number().min(-1).max(0).default(-0.6),
        severePriority: priority.default('high'),
      })
      .strict()
      .prefault({}),
    failedPayment: z
      .object({
        enabled: z.boolean().default(true),
        /** No demo event fails a payment; name yours (Segment's spec has none either). */
        events: z.array(eventName).min(1).max(20).default(['Payment Failed', 'Order Payment Failed', 'Charge Failed']),
        priority: priority.default('high'),
      })
      .strict()
      .prefault({}),
    repeatedContacts: z
      .object({
        enabled: z.boolean().default(true),
        events: z.array(eventName).min(1).max(20).default(['Support Ticket Opened', 'Support Call', 'Support Chat Started']),
        /** This many contacts within `days` (the window is half-open: exactly `days` apart is outside). */
        count: z.number().int().min(2).max(100).default(3),
        days: z.number().min(1).max(365).default(14),
        priority: priority.default('high'),
      })
      .strict()
      .prefault({}),
    churnRisk: z
      .object({
        enabled: z.boolean().default(true),
        /** The latest scoring run's churnRisk at or above this. */
        threshold: z.number().min(0).max(1).default(0.8),
        /** Only people with a purchase (lifecycle.purchaseEvent): a visitor's churn is not a service matter. */
        customersOnly: z.boolean().default(true),
        /** At most this many, the highest risks, per scoring run (the team's capacity); with the cooldown's keys, per period. */
        top: z.number().int().min(1).max(100_000).default(50),
        priority: priority.default('normal'),
        /** At most one task per person per this many days. */
        cooldownDays: z.number().int().min(1).max(365).default(30),
      })
      .strict()
      .prefault({}),
    lifecycle: z
      .object({
        enabled: z.boolean().default(true),
        purchaseEvent: eventName.default('Order Completed'),
        /** A task on each anniversary of the first purchase. */
        anniversary: z.boolean().default(true),
        /** A task when a customer with at least `lapsedMinOrders` orders has not ordered for this many days; 0 = off. */
        lapsedDays: z.number().int().min(0).max(3650).default(60),
        lapsedMinOrders: z.number().int().min(1).max(1000).default(2),
        priority: priority.default('low'),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type ServiceConfig = z.output<typeof serviceConfigSchema>;
