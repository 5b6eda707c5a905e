import { z } from 'zod';
import { MESSAGE_TYPES } from '../event/message.schema.js';
import { channelSchema, stageSchema, touchpointTypeSchema } from './vocabulary.js';

/**
 * A classification rule. All given conditions must hold; patterns are case-insensitive
 * regular expressions in the common subset of RE2 and JavaScript (they run in SQL too).
 * Each output attribute is taken from the first matching rule that sets it.
 */
export const touchpointRuleSchema = z
  .object({
    match: z
      .object({
        type: z.array(z.enum(MESSAGE_TYPES)).optional(),
        /** Regex on the event name (track) or page/screen name. */
        event: z.string().optional(),
        /** Regex on context.page.path (or properties.path). */
        path: z.string().optional(),
        /** Regex on context.campaign.medium (or properties.utm_medium). */
        utmMedium: z.string().optional(),
        /** Regex on context.campaign.source (or properties.utm_source). */
        utmSource: z.string().optional(),
        /** Regex on context.channel as sent by the source. */
        contextChannel: z.string().optional(),
      })
      .strict(),
    set: z
      .object({
        touchpoint: z.string().min(1).optional(),
        channel: channelSchema.optional(),
        type: touchpointTypeSchema.optional(),
        stage: stageSchema.optional(),
      })
      .strict()
      .refine((s) => Object.keys(s).length > 0, 'a rule must set at least one of touchpoint, channel, type, stage'),
  })
  .strict();

export type TouchpointRule = z.infer<typeof touchpointRuleSchema>;

const r = (match: TouchpointRule['match'], set: TouchpointRule['set']): TouchpointRule => ({ match, set });

/**
 * Page/screen names (regex, case-insensitive) folded into the tracked event of the same action:
 * the Segment e-commerce spec's views. The page keeps its own stage rules (same as the event's).
 */
export const PAGE_FOLDS: readonly (readonly [string, string])[] = [
  ['products?', 'Product Viewed'],
  ['product list|category', 'Product List Viewed'],
  ['(shopping )?cart|basket', 'Cart Viewed'],
  ['checkout', 'Checkout Started'],
];

/**
 * The touchpoint a page or screen name folds into under the default rules (`Checkout` →
 * `Checkout Started`), or null. Surveys and feedback name the page they are about; this links
 * them to the folded touchpoint (see `TouchpointLinker`).
 */
export function foldedPageName(name: string): string | null {
  for (const [page, event] of PAGE_FOLDS) if (new RegExp(`^(${page})$`, 'i').test(name)) return event;
  return null;
}

/** Defaults that classify Segment-spec e-commerce, email, support and survey events. */
export const DEFAULT_RULES: readonly TouchpointRule[] = [
  // An explicit business channel from the source wins.
  ...(['web', 'app', 'store', 'email', 'sms', 'push', 'social', 'ads', 'support', 'partner'] as const).map((c) =>
    r({ contextChannel: `^${c}$` }, { channel: c }),
  ),
  r({ contextChannel: `^(pos|in[-_ ]?store|retail)$` }, { channel: 'store' }),
  r({ contextChannel: `^(call[-_ ]?cent(er|re)|phone|chat|helpdesk)$` }, { channel: 'support' }),
  // Campaign parameters.
  r({ utmMedium: '^(cpc|ppc|paid|paidsearch|display|banner|cpm|ads?)$' }, { channel: 'ads', stage: 'awareness' }),
  r({ utmMedium: '^(e-?mail|newsletter)$' }, { channel: 'email' }),
  r({ utmMedium: '^sms$' }, { channel: 'sms' }),
  r({ utmMedium: '^(social|social[-_]paid|paid[-_]social)$' }, { channel: 'social', stage: 'awareness' }),
  // One action, one touchpoint: the page or screen view of an action that the e-commerce spec
  // also tracks as an event takes the event's name (the page "Product" and the event "Product
  // Viewed" are one step of the journey, not two cards with the same counts).
  ...PAGE_FOLDS.map(([page, event]) => r({ type: ['page', 'screen'], event: `^(${page})$` }, { touchpoint: event })),
  // Service interactions: refunds and returns are handled by the service team (the support lane),
  // after the purchase (see docs/touchpoints.md, "Where service interactions go").
  r({ event: '^(order refunded|refund (issued|requested)|return (requested|started|received))' }, { channel: 'support', stage: 'loyalty' }),
  // Event names (Segment e-commerce spec v2 and common CX names).
  r({ event: '^ad (impression|viewed|served)' }, { channel: 'ads', stage: 'awareness' }),
  r({ event: '^ad clicked' }, { channel: 'ads', stage: 'interest' }),
  r({ event: '^(social|post|influencer)' }, { channel: 'social', stage: 'awareness' }),
  r({ event: '^(review (posted|written)|product reviewed|referral)' }, { channel: 'social', stage: 'loyalty' }),
  r({ event: '^(email|newsletter)' }, { channel: 'email' }),
  r({ event: '^sms' }, { channel: 'sms' }),
  r({ event: '^push' }, { channel: 'push' }),
  r({ event: '^(store|pos|in-store)' }, { channel: 'store' }),
  r({ event: '^(support|ticket|call|chat|complaint)' }, { channel: 'support', stage: 'loyalty' }),
  // Service tasks (docs/service.md): the support team's proactive work, a person's hand in the journey.
  r({ event: '^service task' }, { channel: 'support', type: 'human', stage: 'loyalty' }),
  r({ event: '^(survey|nps|csat|ces|feedback)' }, { stage: 'loyalty' }),
  r({ event: '(order completed|purchase|checkout completed|subscription started|order placed|payment (info )?(entered|completed))' }, { stage: 'conversion' }),
  r({ event: '(product added|cart|checkout|wishlist|compared|coupon|store visited|appointment)' }, { stage: 'consideration' }),
  r({ event: '(product (list )?viewed|products searched|product clicked|signed up|account created|link clicked|email opened|promotion)' }, { stage: 'interest' }),
  r({ event: '(order refunded|order cancelled|loyalty|reward|repeat|renew)' }, { stage: 'loyalty' }),
  r({ event: '^(app opened|application opened|app installed|application installed)' }, { channel: 'app', stage: 'interest' }),
  // Page paths.
  r({ path: '^/(checkout|order)' }, { stage: 'conversion' }),
  r({ path: '^/(cart|basket)' }, { stage: 'consideration' }),
  r({ path: '^/(products?|p|category|collections|search)(/|$)' }, { stage: 'interest' }),
  r({ path: '^/(blog|guides?|stories|lp)(/|$)' }, { stage: 'awareness' }),
  r({ path: '^/(account|orders|support|help)(/|$)' }, { stage: 'loyalty' }),
  // Fallbacks by message type.
  r({ type: ['screen'] }, { channel: 'app', stage: 'interest' }),
  r({ type: ['page'] }, { channel: 'web', stage: 'interest' }),
  r({ path: '.' }, { channel: 'web' }),
];
