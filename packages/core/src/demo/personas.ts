import { PERSONA_EFFECT } from './planted-effects.js';

/** The five customer types of the demo business, with their channel mix and behaviour. */
export const PERSONA_NAMES = ['bargain_hunter', 'loyal_regular', 'researcher', 'store_first', 'mobile_impulse'] as const;
export type PersonaName = (typeof PERSONA_NAMES)[number];

export type Awareness = 'ad' | 'social' | 'organic' | 'store';
export type PurchaseChannel = 'web' | 'app' | 'store';

export interface Persona {
  name: PersonaName;
  /** Share of the population. */
  weight: number;
  /** How the first shopping episode starts. */
  awareness: readonly (readonly [Awareness, number])[];
  /** Where purchase decisions happen. */
  purchase: readonly (readonly [PurchaseChannel, number])[];
  /** P(has the app installed). */
  appAdoption: number;
  /** Share of web sessions on a phone (mobile web). */
  mobileWebShare: number;
  /** P(uses both a desktop and a phone browser). */
  twoBrowsers: number;
  /** P(intent to buy) at the end of an episode. */
  conversion: number;
  /** Shopping episodes over the person's lifetime [min, max] and mean days between them. */
  episodes: readonly [number, number];
  episodeGapDays: number;
  /** Browsing sessions before the decision session, and the days they span. */
  sessions: readonly [number, number];
  considerationDays: readonly [number, number];
  viewsPerSession: readonly [number, number];
  searchRate: number;
  /** P(creates an account before the first purchase). */
  earlySignup: number;
  /** P(opted in to SMS, given marketing consent). */
  smsOptIn: number;
  emailOpenRate: number;
  newsletterEveryDays: number;
  couponRate: number;
  reviewRate: number;
  referralRate: number;
  /** Relationship NPS: P(promoter), P(detractor). */
  nps: { promoter: number; detractor: number };
}

const P = PERSONA_EFFECT;

export const PERSONAS: Record<PersonaName, Persona> = {
  bargain_hunter: {
    name: 'bargain_hunter', weight: 0.25,
    awareness: [['ad', 0.5], ['social', 0.2], ['organic', 0.3]],
    purchase: [['web', 0.6], ['app', 0.28], ['store', 0.12]],
    appAdoption: 0.4, mobileWebShare: 0.5, twoBrowsers: 0.3, conversion: 0.45,
    episodes: [1, 3], episodeGapDays: 35, sessions: [1, 2], considerationDays: [1, 10], viewsPerSession: [1, 4],
    searchRate: 0.7, earlySignup: 0.55, smsOptIn: 0.6, emailOpenRate: 0.3, newsletterEveryDays: 16,
    couponRate: 0.6, reviewRate: 0.05, referralRate: 0.03, nps: { promoter: 0.3, detractor: 0.3 },
  },
  loyal_regular: {
    name: 'loyal_regular', weight: 0.2,
    awareness: [['organic', 0.6], ['ad', 0.15], ['social', 0.1], ['store', 0.15]],
    purchase: [['web', 0.45], ['app', 0.35], ['store', 0.2]],
    appAdoption: 0.6, mobileWebShare: 0.4, twoBrowsers: 0.4, conversion: 0.72,
    episodes: [3, 7], episodeGapDays: 22, sessions: [0, 2], considerationDays: [0, 5], viewsPerSession: [1, 3],
    searchRate: 0.3, earlySignup: 0.95, smsOptIn: 0.3, emailOpenRate: 0.45, newsletterEveryDays: 18,
    couponRate: 0.2, reviewRate: 0.3, referralRate: 0.15, nps: { promoter: 0.65, detractor: 0.08 },
  },
  researcher: {
    name: 'researcher', weight: 0.2,
    awareness: [['social', 0.35], ['ad', 0.25], ['organic', 0.4]],
    purchase: [['web', 0.8], ['app', 0.08], ['store', 0.12]],
    appAdoption: 0.2, mobileWebShare: 0.35, twoBrowsers: 0.45, conversion: 0.5,
    episodes: [1, 2], episodeGapDays: 45, sessions: P.researcherSessions, considerationDays: P.researcherConsiderationDays,
    viewsPerSession: P.researcherViewsPerSession, searchRate: 0.8, earlySignup: 0.5, smsOptIn: 0.15, emailOpenRate: 0.35,
    newsletterEveryDays: 21, couponRate: 0.1, reviewRate: 0.2, referralRate: 0.05, nps: { promoter: 0.45, detractor: 0.15 },
  },
  store_first: {
    name: 'store_first', weight: 0.2,
    awareness: [['store', 0.6], ['organic', 0.25], ['ad', 0.15]],
    purchase: [['store', P.storeFirstStoreShare], ['web', 0.12], ['app', 1 - P.storeFirstStoreShare - 0.12]],
    appAdoption: 0.3, mobileWebShare: 0.55, twoBrowsers: 0.2, conversion: 0.6,
    episodes: [1, 4], episodeGapDays: 30, sessions: [0, 2], considerationDays: [0, 7], viewsPerSession: [1, 3],
    searchRate: 0.3, earlySignup: 0.3, smsOptIn: 0.35, emailOpenRate: 0.3, newsletterEveryDays: 28,
    couponRate: 0.15, reviewRate: 0.08, referralRate: 0.05, nps: { promoter: 0.5, detractor: 0.12 },
  },
  mobile_impulse: {
    name: 'mobile_impulse', weight: 0.15,
    awareness: [['social', 0.55], ['ad', 0.4], ['organic', 0.05]],
    purchase: [['app', P.mobileImpulseAppShare], ['web', 1 - P.mobileImpulseAppShare - 0.03], ['store', 0.03]],
    appAdoption: P.mobileImpulseAppAdoption, mobileWebShare: 0.9, twoBrowsers: 0.05, conversion: 0.55,
    episodes: [1, 4], episodeGapDays: 25, sessions: [0, 0], considerationDays: [0, 0], viewsPerSession: [1, 3],
    searchRate: 0.1, earlySignup: 0.4, smsOptIn: 0.4, emailOpenRate: 0.2, newsletterEveryDays: 21,
    couponRate: 0.3, reviewRate: 0.04, referralRate: 0.08, nps: { promoter: 0.4, detractor: 0.2 },
  },
};

export const PERSONA_WEIGHTS: readonly (readonly [PersonaName, number])[] = PERSONA_NAMES.map((n) => [n, PERSONAS[n].weight]);
