import { z } from 'zod';

const id = z.string().min(1).max(200);

/** Business rules a placement applies to ranked items (docs/personalize.md#business-rules). */
export const placementRulesSchema = z
  .object({
    /** Leave out what the person already bought (their own purchases; not applied without personalisation consent). */
    excludePurchased: z.boolean().default(true),
    /** Leave out items the catalogue says are out of stock (stock 0 or less); items without a stock figure pass. */
    inStockOnly: z.boolean().default(true),
    /** Leave out items whose margin (a fraction of price, 0–1) is below this; items without a margin figure are left out too when set. */
    minMargin: z.number().min(0).max(1).optional(),
    /** Prefer margin: score × (1 + marginWeight × margin). 0 (default) ranks by relevance alone. */
    marginWeight: z.number().min(0).max(100).default(0),
  })
  .strict();
export type PlacementRules = z.output<typeof placementRulesSchema>;

/** A place on a site, app or message that shows ranked items, offers or content. */
export const placementSchema = z
  .object({
    kind: z.enum(['items', 'offers', 'content']).default('items'),
    limit: z.number().int().min(1).max(100).default(10),
    rules: placementRulesSchema.prefault({}),
  })
  .strict();
export type Placement = z.output<typeof placementSchema>;

/**
 * An offer next best action weighs: expected value = P(accept | person) × value. `baseRate` is
 * P(accept) of an average person; `category` or `items` say what it is about (the person's
 * affinity to them lifts or lowers the rate); `eligible.segment` limits it to a saved segment.
 */
export const offerSchema = z
  .object({
    id,
    name: z.string().min(1).max(200),
    value: z.number().min(0).max(1e9),
    baseRate: z.number().min(0).max(1).default(0.05),
    category: z.string().min(1).max(200).optional(),
    items: z.array(id).max(1000).optional(),
    eligible: z.object({ segment: z.string().min(1).max(200) }).strict().optional(),
  })
  .strict();
export type Offer = z.output<typeof offerSchema>;

/** A piece of content (a guide, a banner) about a category or some items, ranked by the person's affinity to them. */
export const contentPieceSchema = z
  .object({
    id,
    name: z.string().min(1).max(200),
    category: z.string().min(1).max(200).optional(),
    items: z.array(id).max(1000).optional(),
  })
  .strict();
export type ContentPiece = z.output<typeof contentPieceSchema>;

/** What the events do not say about a product: stock and margin (and a name, category or price to use instead of the events'). */
export const catalogueEntrySchema = z
  .object({
    stock: z.number().optional(),
    margin: z.number().min(-10).max(1).optional(),
    name: z.string().min(1).max(200).optional(),
    category: z.string().min(1).max(200).optional(),
    price: z.number().optional(),
  })
  .strict();
export type CatalogueEntry = z.output<typeof catalogueEntrySchema>;

/** The models' settings (docs/personalize.md#models). */
export const personalizeModelSchema = z
  .object({
    /** A person's own interactions weigh half as much after this many days (collaborative filtering). */
    halfLifeDays: z.number().min(0.01).max(3650).default(30),
    /** Purchases count half as much in popularity after this many days. */
    popularityHalfLifeDays: z.number().min(0.01).max(3650).default(30),
    /** Weight of a product view and of a purchase in a person's history. */
    viewWeight: z.number().min(0).max(100).default(1),
    purchaseWeight: z.number().min(0).max(100).default(3),
    /**
     * How much popularity counts beside a person's own evidence: score = CF + popularityBlend ×
     * popularity ÷ the top item's popularity. CF is in weight units (a view just now weighs
     * viewWeight), so an old history gives way to what is popular now. 0: CF first, popularity fills.
     */
    popularityBlend: z.number().min(0).max(100).default(0),
    /** The event that is a product view (top-level product_id, name, category, price) and the one that is a purchase (products[]). */
    viewEvent: z.string().min(1).max(200).default('Product Viewed'),
    purchaseEvent: z.string().min(1).max(200).default('Order Completed'),
  })
  .strict();
export type PersonalizeModelSettings = z.output<typeof personalizeModelSchema>;

/** `personalize` in trailmap.config.json. Absent: one placement `home` of 10 items, no offers. */
export const personalizeConfigSchema = z
  .object({
    placements: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a placement id: letters, digits, _ . - (at most 64)'), placementSchema).default({ home: placementSchema.parse({}) }),
    offers: z.array(offerSchema).max(500).default([]),
    content: z.array(contentPieceSchema).max(1000).default([]),
    catalogue: z.record(id, catalogueEntrySchema).default({}),
    model: personalizeModelSchema.prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.offers.forEach((o, i) => {
      if (seen.has(o.id)) ctx.addIssue({ code: 'custom', path: ['offers', i, 'id'], message: `offer id "${o.id}" is used twice` });
      seen.add(o.id);
    });
  });
export type PersonalizeConfig = z.output<typeof personalizeConfigSchema>;

/** The placement id used when a request names none. */
export const DEFAULT_PLACEMENT = 'home';
