/**
 * The effects deliberately planted in the demo business, as named parameters. The generator
 * reads them, the tests and docs/demo-data.md refer to them, and `measurePlantedEffects`
 * (measure.ts) recovers them from the raw messages alone.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** 1. Checkout drop-off, much worse when payment is entered on mobile web. */
export const CHECKOUT_EFFECT = {
  /** Share of buyers-to-be who get past shipping to the payment step. */
  reachPaymentRate: 0.85,
  /** P(order | payment entered) by where the payment step happened. */
  completeAfterPayment: { desktop: 0.86, mobile_web: 0.26, app: 0.86 },
  /** Share of cart abandoners without purchase intent who still open the checkout (and leave at shipping). */
  browserCheckoutRate: 0.3,
  /** P(feedback about the payment page | payment failed on mobile web), minutes later, in the person's language. */
  paymentFeedbackRate: 0.4,
  /** P(a low CES survey on Checkout | payment failed on mobile web). */
  paymentCesRate: 0.12,
  /** Drop-off of web Checkout Started not reaching Order Completed that the data should show. */
  expectedWebDropOff: 0.55,
} as const;

/** 2. Cart-abandonment reminders about double the recovery rate. */
export const CART_RECOVERY_EFFECT = {
  /** P(reminder is sent | abandoner is known and consents to marketing); the rest is a holdout. */
  reminderSendRate: 0.6,
  /** Reminder goes out this long after abandonment (uniform). */
  reminderDelayMs: [2 * HOUR, 12 * HOUR] as const,
  reminderOpenRate: 0.5,
  /** P(returns to buy within the recovery window). */
  recoverIfOpened: 0.44,
  recoverIfSentNotOpened: 0.18,
  recoverIfNotReminded: 0.14,
  /** Measurement windows: a cart is abandoned when no order follows within 2 h of the last add. */
  abandonWindowMs: 2 * HOUR,
  reminderWindowMs: 24 * HOUR,
  recoveryWindowMs: 7 * DAY,
} as const;

/** 3. Support resolution drives repeat purchase; unresolved tickets churn and score low. */
export const SUPPORT_EFFECT = {
  /** P(an order leads to a support ticket). */
  issueRate: 0.16,
  channel: { call: 0.5, chat: 0.35, form: 0.15 },
  resolveRate: { call: 0.68, chat: 0.6, form: 0.55 },
  /** After resolution: this many extra shopping episodes and a conversion multiplier. */
  resolvedExtraEpisodes: 1,
  resolvedConversionBoost: 1.25,
  /** After an unresolved ticket: P(churn: no more shopping, stops opening email). */
  unresolvedChurnRate: 0.8,
  unresolvedConversionPenalty: 0.5,
  /** Survey response rates after a ticket closes (or is abandoned). */
  csatRate: 0.6,
  npsRate: 0.35,
  /** CSAT 1–5 weights for scores 1..5. */
  csatResolved: [0.02, 0.03, 0.1, 0.35, 0.5],
  csatUnresolved: [0.55, 0.35, 0.08, 0.02, 0],
  /** P(NPS detractor 0–6) / P(promoter 9–10); passives fill the rest. */
  npsResolved: { detractor: 0.12, promoter: 0.62 },
  npsUnresolved: { detractor: 0.9, promoter: 0.02 },
  feedbackResolved: 0.2,
  feedbackUnresolved: 0.45,
} as const;

/** 4. Persona differences (the rest of each persona lives in personas.ts). */
export const PERSONA_EFFECT = {
  /** store_first: share of purchase decisions made in a store. */
  storeFirstStoreShare: 0.82,
  /** mobile_impulse: share of purchase decisions in the app, and the app adoption rate. */
  mobileImpulseAppShare: 0.85,
  mobileImpulseAppAdoption: 0.92,
  /** mobile_impulse buys in the session that starts the journey (minutes to convert). */
  mobileImpulseSameSession: true,
  /** researcher: days of consideration and browsing sessions before deciding. */
  researcherConsiderationDays: [7, 35] as const,
  researcherSessions: [3, 6] as const,
  researcherViewsPerSession: [2, 4] as const,
} as const;

/** 5. SMS adds little: a click makes a purchase only slightly more likely. */
export const SMS_EFFECT = {
  /** Mean days between SMS sends to opted-in people. */
  sendEveryDays: 18,
  clickRate: 0.16,
  /** P(the SMS landing session itself ends in an order); everything else is independent of SMS. */
  clickPurchaseRate: 0.02,
  /** Window used to compare recipients who clicked with those who did not. */
  conversionWindowMs: 14 * DAY,
} as const;

/** Share of people who use Simplified Chinese (locale zh-CN) and write feedback in Chinese. */
export const ZH_SHARE = 0.15;

/** Consent at first contact: most allow analytics, ~30% refuse marketing. */
export const CONSENT_RATES = { analytics: 0.96, personalisation: 0.8, marketing: 0.7 } as const;
