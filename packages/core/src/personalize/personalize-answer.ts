import { z } from 'zod';

export const PERSONALIZE_STRATEGIES = ['collaborative', 'popularity', 'next-best-action', 'affinity'] as const;
export type PersonalizeStrategy = (typeof PERSONALIZE_STRATEGIES)[number];

/** One ranked item, offer or piece of content, with why it is there. */
export const personalizeItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  score: z.number().meta({ description: 'what the list is ranked by: the CF or popularity score, the expected value of an offer, the affinity lift of content' }),
  reason: z.string().meta({ description: 'e.g. "bought by 34 people who also viewed Daypack 22L", "popular this week: …", "offer: expected value 12.40 = 0.124 × 100.00"' }),
  source: z.enum(['collaborative', 'popularity', 'offer', 'content']),
  category: z.string().nullable(),
  price: z.number().nullable(),
  probability: z.number().optional().meta({ description: 'offers: P(accept | person)' }),
  value: z.number().optional().meta({ description: 'offers: the configured value' }),
});
export type PersonalizeItem = z.output<typeof personalizeItemSchema>;

/** `GET /v1/personalize/:personId`: the ranked list for one placement. */
export const personalizeAnswerSchema = z.object({
  personId: z.string(),
  placement: z.string(),
  kind: z.enum(['items', 'offers', 'content']),
  strategy: z.enum(PERSONALIZE_STRATEGIES).meta({ description: 'collaborative: from the person\'s own history; popularity: cold start or no personalisation consent; next-best-action: offers by expected value; affinity: content by the person\'s interest' }),
  consent: z.object({
    purpose: z.literal('personalisation'),
    granted: z.boolean(),
    basis: z.enum(['explicit', 'default', 'not-a-purpose']).meta({ description: 'not-a-purpose: the project does not list personalisation, so nobody\'s history is used' }),
  }),
  items: z.array(personalizeItemSchema),
  model: z.object({
    fittedAt: z.string().nullable().meta({ description: 'when the model was fitted: popularity ("this week") is counted back from here (null: no data)' }),
    people: z.number().int().meta({ description: 'people whose history the co-occurrence counts' }),
    items: z.number().int(),
    halfLifeDays: z.number(),
  }),
});
export type PersonalizeAnswer = z.output<typeof personalizeAnswerSchema>;
