import {
  defaultSentimentScorer,
  funnelSchema,
  journeyMapDefinitionSchema,
  lifecycleSchema,
  metricsSchema,
  pathsSchema,
  retentionSchema,
  rfmDefinitionSchema,
  type EventMatcher,
  type FunnelInput,
  type FunnelResult,
  type JourneyMapResult,
  type LifecycleResult,
  type MetricsResult,
  type PathsResult,
  type RetentionResult,
  type RfmResult,
} from '@trailmap/core';
import {
  attributionRequestSchema,
  interventionsRequestSchema,
  keyTouchpointsRequestSchema,
  runAttribution,
  runFunnel,
  runInterventions,
  runJourneyMap,
  runKeyTouchpoints,
  runLifecycle,
  runMetrics,
  runPaths,
  runRetention,
  runRfm,
  runTwinSimulation,
  twinSimulateRequestSchema,
  TwinRequestError,
  type AttributionResponse,
  type InterventionsResult,
  type KeyTouchpointsResult,
  type SqlSession,
} from '@trailmap/warehouse';
import type { InterventionOverrides, TwinSimulation } from '@trailmap/core';

/** The purchase funnel of a retailer on the Segment e-commerce spec (the demo follows it). */
export const PURCHASE_STEPS: EventMatcher[] = [
  { event: ['Product Viewed', 'Product'] },
  { event: 'Product Added' },
  { event: 'Checkout Started' },
  { event: 'Payment Info Entered' },
  { event: 'Order Completed' },
];

const DAY = 86_400_000;
const funnel = (db: SqlSession, input: FunnelInput) => runFunnel(db, funnelSchema.parse(input));

/** A named comparison of two funnels over the same outcome (e.g. after a click vs after a send). */
export interface Comparison {
  title: string;
  a: { label: string; result: FunnelResult };
  b: { label: string; result: FunnelResult };
}

export interface ReportData {
  generatedAt: string;
  /** ISO 4217 code money is shown in (the project's `currency`). */
  currency: string;
  events: number;
  people: number;
  range: { from: string | null; to: string | null };
  personas: string[];
  journeyMap: JourneyMapResult;
  personaMaps: Array<{ persona: string; map: JourneyMapResult }>;
  purchase: FunnelResult;
  checkoutByChannel: Array<{ channel: string; result: FunnelResult }>;
  afterFirstOrder: Array<{ touchpoint: string; result: FunnelResult }>;
  comparisons: Comparison[];
  paths: PathsResult;
  stagePaths: Array<{ stage: string; paths: PathsResult }>;
  retention: RetentionResult;
  lifecycle: LifecycleResult;
  channels: MetricsResult;
  touchpoints: MetricsResult;
  attribution: AttributionResponse;
  keyTouchpoints: KeyTouchpointsResult;
  interventions: InterventionsResult;
  /** RFM over "Order Completed" and its `revenue` (the Segment e-commerce spec the demo follows). */
  rfm: RfmResult;
  /** The twin's projection of a fixed scenario: payment completion raised by a fifth. */
  checkoutScenario: { description: string; simulation: TwinSimulation } | null;
}

/** Run every analysis the report shows, on whatever data the store holds (demo or business). */
export async function collectReport(db: SqlSession, overrides: InterventionOverrides = {}, currency = 'USD'): Promise<ReportData> {
  const [overview] = await db.query<{ events: number; people: number; first: string | null; last: string | null }>(
    // What is stored (everyone, counts only); every analysis below reads db.dialect.events, without people who refused analytics.
    'SELECT count(*) AS events, count(DISTINCT person_id) AS people, min(timestamp) AS first, max(timestamp) AS last FROM events',
  );
  const personaRows = await db.query<{ persona: string }>(
    `SELECT DISTINCT ${db.dialect.jsonString('traits', ['persona'])} AS persona FROM ${db.dialect.events} AS events WHERE type = 'identify' ORDER BY persona`,
  );
  const personas = personaRows.map((r) => r.persona).filter((p): p is string => typeof p === 'string' && p.length > 0);
  const journeyMap = await runJourneyMap(db, journeyMapDefinitionSchema.parse({}), defaultSentimentScorer);
  const personaMaps = [];
  for (const persona of personas) {
    const map = await runJourneyMap(db, journeyMapDefinitionSchema.parse({ segment: [{ property: 'persona', op: 'eq', value: persona }] }), defaultSentimentScorer);
    personaMaps.push({ persona, map });
  }
  const purchase = await funnel(db, { steps: PURCHASE_STEPS, window: '14d', breakdown: { trait: 'persona' }, interval: 'week' });
  const checkoutByChannel = [];
  for (const channel of ['web', 'app']) {
    checkoutByChannel.push({ channel, result: await funnel(db, { steps: [{ event: 'Payment Info Entered', channel }, { event: 'Order Completed' }], window: '1d' }) });
  }
  // Where cross-sell and upsell work: after a first order, which touchpoint is followed by another order?
  const afterFirstOrder = [];
  for (const touchpoint of ['Email Link Clicked', 'SMS Clicked', 'Support Ticket Resolved', 'Store Visited', 'Review Posted', 'Referral Sent']) {
    afterFirstOrder.push({ touchpoint, result: await funnel(db, { steps: [{ event: 'Order Completed' }, { event: touchpoint }, { event: 'Order Completed' }], window: '60d' }) });
  }
  const cartReminder = { event: 'Email Sent', where: [{ property: 'email_type', op: 'eq' as const, value: 'cart_reminder' }] };
  const cartReminderOpened = { event: 'Email Opened', where: [{ property: 'email_type', op: 'eq' as const, value: 'cart_reminder' }] };
  const comparisons: Comparison[] = [
    {
      title: 'Cart-reminder email: buying within 7 days after the reminder was opened vs only sent',
      a: { label: 'reminder opened → order', result: await funnel(db, { steps: [cartReminderOpened, { event: 'Order Completed' }], window: '7d' }) },
      b: { label: 'reminder sent → order', result: await funnel(db, { steps: [cartReminder, { event: 'Order Completed' }], window: '7d' }) },
    },
    {
      title: 'Support: buying again within 60 days after a resolved ticket vs after any support call',
      a: { label: 'ticket resolved → order', result: await funnel(db, { steps: [{ event: 'Support Ticket Resolved' }, { event: 'Order Completed' }], window: '60d' }) },
      b: { label: 'support call → order', result: await funnel(db, { steps: [{ event: 'Support Call' }, { event: 'Order Completed' }], window: '60d' }) },
    },
    {
      title: 'SMS: ordering within 14 days after an SMS click vs after any SMS',
      a: { label: 'SMS clicked → order', result: await funnel(db, { steps: [{ event: 'SMS Clicked' }, { event: 'Order Completed' }], window: '14d' }) },
      b: { label: 'SMS sent → order', result: await funnel(db, { steps: [{ event: 'SMS Sent' }, { event: 'Order Completed' }], window: '14d' }) },
    },
  ];
  const paths = await runPaths(db, pathsSchema.parse({ start: { event: 'Checkout Started' }, depth: 4, by: 'event', top: 30, topPaths: 8 }));
  const stagePaths = [];
  for (const s of journeyMap.stages) {
    stagePaths.push({ stage: s.stage, paths: await runPaths(db, pathsSchema.parse({ start: { stage: s.stage }, depth: 2, by: 'touchpoint', top: 10 })) });
  }
  const retention = await runRetention(db, retentionSchema.parse({ start: { event: 'Order Completed' }, return: { event: 'Order Completed' }, period: 'month', periods: 5 }));
  const lifecycle = await runLifecycle(db, lifecycleSchema.parse({ period: 'month' }));
  const channels = await runMetrics(db, metricsSchema.parse({ by: 'channel', interval: 'month' }));
  const touchpoints = await runMetrics(db, metricsSchema.parse({ by: 'touchpoint', interval: 'month' }));
  const attribution = await runAttribution(db, attributionRequestSchema.parse({ by: 'channel', model: 'all' }));
  const keyTouchpoints = await runKeyTouchpoints(db, keyTouchpointsRequestSchema.parse({}));
  const interventions = await runInterventions(db, interventionsRequestSchema.parse({}), overrides);
  const rfm = await runRfm(db, rfmDefinitionSchema.parse({}));
  let checkoutScenario: ReportData['checkoutScenario'] = null;
  try {
    const simulation = await runTwinSimulation(
      db,
      twinSimulateRequestSchema.parse({ interventions: [{ kind: 'scale_transition', from: 'Payment Info Entered', to: '(conversion)', factor: 1.2 }] }),
    );
    checkoutScenario = { description: 'Payment Info Entered → order made 20% more likely (e.g. fixing mobile-web payment failures)', simulation };
  } catch (e) {
    if (!(e instanceof TwinRequestError)) throw e;
    checkoutScenario = null; // data without a payment step: the section says so
  }
  return {
    generatedAt: new Date().toISOString(),
    currency,
    events: Number(overview?.events ?? 0),
    people: Number(overview?.people ?? 0),
    range: { from: overview?.first ?? null, to: overview?.last ?? null },
    personas,
    journeyMap,
    personaMaps,
    purchase,
    checkoutByChannel,
    afterFirstOrder,
    comparisons,
    paths,
    stagePaths,
    retention,
    lifecycle,
    channels,
    touchpoints,
    attribution,
    keyTouchpoints,
    interventions,
    rfm,
    checkoutScenario,
  };
}

export { DAY };
