import { interventionOverrideSchema, MESSAGE_TYPES } from '@trailmap/core';
import { journeyNoteInputSchema, journeyNotePatchSchema } from '@trailmap/core';
import { displayNameEditSchema, displayNamesSchema } from '@trailmap/core';
import { dashboardDeletedSchema, dashboardInputSchema, dashboardListSchema, dashboardPatchSchema, dashboardSchema, insightDeletedSchema, insightInputSchema, insightListSchema, insightPatchSchema, insightSchema, INSIGHT_CHARTS, INSIGHT_ENDPOINTS } from '@trailmap/core';
import { insightListQuery } from '../routes/insights.route.js';
import { segmentCreateSchema, segmentPatchSchema, segmentPreviewSchema } from '@trailmap/core';
import { segmentMembersQuery, segmentOverlapQuery } from '../routes/segments.route.js';
import { computedTraitValuesQuery } from '../routes/computed-traits.route.js';
import { computedTraitCreateSchema, computedTraitPatchSchema, computedTraitPreviewSchema } from '@trailmap/core';
import { churnRequestSchema, clvRequestSchema, personasRequestSchema, rfmRequestSchema } from '../routes/customers.route.js';
import { scoresRequestSchema } from '../routes/scores.route.js';
import { ANALYSES, RANGED_DECIDE } from '../analytics/analyses.js';
import { quarantineQuery, rulesBody } from '../routes/read.route.js';
import { peopleAnswerSchema, peopleQueryObject, peopleTraitsSchema } from '@trailmap/core';
import { piiSummaryAnswerSchema } from '@trailmap/core';
import { z } from 'zod';

/** The people query as the URL carries it: the route gathers the `trait.NAME` keys into the schema's `traits`. */
const peopleUrlQuery = peopleQueryObject.omit({ traits: true }).extend({ 'trait.NAME': z.string().max(200).optional() });
import { listQuery as notesQuery } from '../routes/notes.route.js';
import { uploadQuery } from '../routes/files.route.js';
import { privacyRequestParams } from '../routes/privacy.route.js';
import { privacyRequestInputSchema } from '@trailmap/core';
import { consentUpdateSchema, personConsentSchema } from '@trailmap/core';
import { personalizeAnswerSchema } from '@trailmap/core';
import { personalizeQuery } from '../routes/personalize.route.js';
import { auditQuery } from '../routes/audit.route.js';
import { signInBody } from '../web/serve-web.js';
import { adminSignInSchema, apiKeyCreateSchema, apiKeyListSchema, apiKeyRotateSchema, apiKeySchema, apiKeySecretSchema, webSessionInfoSchema } from '@trailmap/core';
import {
  batchBodySchema,
  collectAnswerSchema,
  collectRejectedSchema,
  endpointMessageSchemas,
  healthSchema,
  interventionOverrideAnswerSchema,
  interventionResetSchema,
  journeyNoteListSchema,
  journeyNoteSchema,
  noteDeletedSchema,
} from './answer-schemas.js';
import { inboxAnswerSchema, inboxMessageSchema, inboxQuery } from '../routes/inbox.route.js';
import { unsubscribeAnswerSchema } from '../routes/unsubscribe.route.js';
import type { ErrorDoc, RouteDoc } from './route-doc.js';
import { SERVICE_TASK_ROUTES } from './tasks-routes-doc.js';
import { JOURNEY_ROUTES } from './journey-routes-doc.js';

// Every route the server registers, documented once: the request schemas are the objects the
// routes parse with. test/openapi.test.ts fails when a registered route is missing here.

const invalid = (...more: string[]): ErrorDoc => ({ status: 400, codes: ['invalid_definition', ...more] });
const notFound: ErrorDoc = { status: 404, codes: ['not_found'] };

/** Why collection can refuse a message (core's ValidationCode, less the request-level ones). */
const MESSAGE_CODES = ['invalid_type', 'invalid_field', 'missing_field', 'no_user_anon_id', 'event_too_large', 'invalid_timestamp', 'invalid_unicode', 'too_deep'];
const collectRejected: ErrorDoc = { status: 400, codes: ['invalid_field', ...MESSAGE_CODES], schema: collectRejectedSchema };
const crossOrigin: ErrorDoc = { status: 403, codes: ['origin_not_allowed'] };
const collected = { description: 'every message is valid and durable (appended to the collection log and synced)', schema: collectAnswerSchema };

const meta: RouteDoc[] = [
  { method: 'get', path: '/health', tag: 'Meta', summary: 'Liveness and version', auth: 'none', success: { description: 'the server is up', schema: healthSchema }, errors: [] },
  {
    method: 'get', path: '/openapi.json', tag: 'Meta', summary: 'This API as an OpenAPI 3.1 document', auth: 'none',
    description: 'Generated from the zod schemas the routes validate with.',
    success: { description: 'the OpenAPI document', schema: { contentType: 'application/json', description: 'an OpenAPI 3.1 document' } }, errors: [],
  },
  {
    method: 'get', path: '/docs/api', tag: 'Meta', summary: 'This API as a web page', auth: 'none',
    description: 'The OpenAPI document rendered as one self-contained HTML page (no scripts or assets loaded from anywhere).',
    success: { description: 'the docs page', schema: { contentType: 'text/html', description: 'HTML' } }, errors: [],
  },
];

const collection: RouteDoc[] = [
  ...MESSAGE_TYPES.map((type): RouteDoc => ({
    method: 'post', path: `/v1/${type}`, tag: 'Collection', summary: `Collect one ${type} message (Segment HTTP API)`, auth: 'collect',
    description: `The message follows the Segment spec; \`type\` may be left out. A message over 32 KB is quarantined (event_too_large); a body over 500 KB is refused whole (batch_too_large).`,
    body: endpointMessageSchemas[type], success: collected, errors: [collectRejected, crossOrigin],
  })),
  ...(['batch', 'import'] as const).map((path): RouteDoc => ({
    method: 'post', path: `/v1/${path}`, tag: 'Collection', summary: path === 'batch' ? 'Collect a batch of messages' : 'Collect a batch of messages (alias of /v1/batch)', auth: 'collect',
    description: 'Valid messages are stored and invalid ones quarantined; the answer is 400 listing each invalid one when there are any. accepted + quarantined = received.',
    body: batchBodySchema, success: collected, errors: [collectRejected, crossOrigin],
  })),
];

/** The browser SDK's short beacon paths (analytics.js sends text/plain to skip CORS preflight). */
const BEACONS = { t: 'track', p: 'page', i: 'identify', g: 'group', a: 'alias', s: 'screen', b: 'batch' } as const;
const browserSdk: RouteDoc[] = [
  {
    method: 'get', path: '/analytics.js', tag: 'Browser SDK', summary: 'The browser SDK for the script-tag snippet (analytics-next\'s standalone build)', auth: 'none',
    description: 'Served gzip-compressed when the browser accepts it; loads its chunks from /analytics-next/bundles/.',
    success: { description: 'the script', schema: { contentType: 'application/javascript', description: 'JavaScript' } }, errors: [crossOrigin],
  },
  {
    method: 'get', path: '/analytics-next/bundles/{file}', tag: 'Browser SDK', summary: 'A chunk the browser SDK loads on demand', auth: 'none',
    params: { file: 'the chunk\'s file name (it carries its content hash)' },
    success: { description: 'the chunk', schema: { contentType: 'application/javascript', description: 'JavaScript' } }, errors: [crossOrigin, notFound],
  },
  {
    method: 'get', path: '/v1/projects/{writeKey}/settings', tag: 'Browser SDK', summary: 'The settings analytics.js loads for a write key (what Segment\'s CDN would serve)', auth: 'none',
    description: 'Public: the write key is in every page that sends events. The settings point the SDK\'s events at this server.',
    params: { writeKey: 'the project\'s write key' },
    success: { description: 'the settings document' }, errors: [{ status: 400, codes: ['invalid_host'] }, crossOrigin, { status: 404, codes: ['unknown_write_key'] }],
  },
  ...Object.entries(BEACONS).map(([short, type]): RouteDoc => ({
    method: 'post', path: `/v1/${short}`, tag: 'Browser SDK', summary: `Collect a ${type} ${type === 'batch' ? '' : 'message '}from analytics.js (as /v1/${type})`, auth: 'collect',
    description: `The body is JSON sent as text/plain (a simple request, no CORS preflight) with "writeKey" inside; validated and stored exactly as /v1/${type}.`,
    body: { contentType: 'text/plain', description: `JSON: the same message as /v1/${type}, with "writeKey"`, schema: type === 'batch' ? batchBodySchema : endpointMessageSchemas[type] },
    success: collected, errors: [collectRejected, crossOrigin],
  })),
];

const reading: RouteDoc[] = [
  {
    method: 'get', path: '/v1/profiles/{id}', tag: 'People', summary: 'The merged profile of one person', auth: 'read',
    params: { id: 'a userId, an anonymousId or the person id' },
    description: 'Identities, traits (latest wins) with their history, consent, the 50 most recent events, the saved segments the person is in, computed traits, and `scores`: RFM, persona, CLV, P(alive) and churn risk from the latest scoring run (`scores.scoredAt` is their age; null before a run scored the person).',
    success: { description: 'the profile' }, errors: [notFound],
  },
  { method: 'get', path: '/v1/people', tag: 'People', summary: 'List people: search, filter by trait or persona, trait columns, total, CSV', auth: 'read', query: peopleUrlQuery,
    description: 'Most recently active first. `trait.NAME=VALUE` (repeatable, any trait name after the dot) keeps people whose latest NAME trait, as text, equals VALUE; `persona=X` is `trait.persona=X`. A bad value is 400 naming the parameter (e.g. `columns`, `limit`, `traits[0].name`).',
    params: {
      q: 'text in an id (userId, anonymousId, person id) or the latest email or name trait, any case; the most recently active people when absent',
      'trait.NAME': 'only people whose latest NAME trait (any name after the dot), as text, is this; repeatable',
      persona: 'only people whose latest persona trait is this',
      columns: 'trait columns to add to each person (`traits`), comma-separated, at most 10',
      limit: 'how many people at most', offset: 'people to skip (paging)', format: '`csv` answers text/csv with the same columns (x-total-count: all matches)',
    },
    success: { description: 'the total that match, and a page of them', schema: peopleAnswerSchema }, errors: [invalid()] },
  { method: 'get', path: '/v1/people/traits', tag: 'People', summary: 'Trait names seen in the newest identify calls (choices for columns and filters)', auth: 'read', success: { description: 'trait names', schema: peopleTraitsSchema }, errors: [] },
  {
    method: 'get', path: '/v1/quarantine', tag: 'Data', summary: 'Records that were refused, with their reason', auth: 'read', query: quarantineQuery,
    params: { limit: 'rows per page', offset: 'rows to skip', source: 'only this source (`http`, `demo`, `file:<name>`)', file: 'only the rows of this imported file' },
    success: { description: 'a page of quarantined records and the total' }, errors: [invalid()],
  },
  {
    method: 'get', path: '/v1/privacy/pii', tag: 'Data', summary: 'Where personal data was found (key paths per kind) and what the PII policy did, with counts', auth: 'read',
    description: 'Counts since the store was created, per key path and kind (email, phone, card, cn_id, iban, ip, name), of the values ingest kept, masked, hashed or dropped, and the action the current policy takes. Never values. See docs/privacy.md#pii-detection-and-masking.',
    success: { description: 'per kind the key paths holding it; per key path the counts and the action; the policy', schema: piiSummaryAnswerSchema }, errors: [],
  },
  { method: 'get', path: '/v1/sources', tag: 'Data', summary: 'Every source that sent data, with events, people and quarantined records', auth: 'read', success: { description: 'the sources' }, errors: [] },
  { method: 'get', path: '/v1/touchpoints', tag: 'Touchpoints', summary: 'The touchpoint catalogue with events and people per touchpoint', auth: 'read', success: { description: 'the touchpoints, and the identify / alias / group calls left out of them (notTouchpoints)' }, errors: [] },
  { method: 'get', path: '/v1/touchpoints/rules', tag: 'Touchpoints', summary: 'The catalogue\'s rules by origin, in the order they apply', auth: 'read', success: { description: 'edited, config and default rules' }, errors: [] },
  {
    method: 'put', path: '/v1/touchpoints/rules', tag: 'Touchpoints', summary: 'Replace the rules edited in the app; every stored event is re-classified', auth: 'read',
    description: 'The read key may do this: it changes how events are mapped, never the events themselves.',
    body: rulesBody, success: { description: 'how many rules were saved, how long re-classifying took, and the rules' }, errors: [invalid()],
  },
];

/** One line per analysis; a new analysis gets a generic summary until it has one here. */
const ANALYSIS_SUMMARY: Record<string, string> = {
  funnel: 'Funnel: conversion through ordered steps, with breakdowns and times',
  paths: 'Paths: the flows people take from or to an event',
  'journey-map': 'Journey map: stages × touchpoints with reach, drop-off and sentiment',
  experience: 'Experience: sentiment and friction per touchpoint',
  retention: 'Retention: cohorts returning per period',
  lifecycle: 'Lifecycle: new, returning, resurrecting and dormant people per period',
  stickiness: 'Stickiness: how many periods people are active in',
  metrics: 'Metrics: event counts, people and ratios over time',
};
const analytics: RouteDoc[] = Object.entries(ANALYSES).map(([name, analysis]) => ({
  method: 'post', path: `/v1/analytics/${name}`, route: '/v1/analytics/:name', tag: 'Analytics',
  summary: ANALYSIS_SUMMARY[name] ?? `Run the ${name} analysis`, auth: 'read',
  description: 'The body is the analysis definition (see docs/analytics/); the answer is the result shaped for charts. Any other name answers 404 unknown_analysis.',
  body: analysis.schema, success: { description: 'the result' }, errors: [invalid()],
}));

/** A decide computation runs on a worker under a time budget (compute/compute-pool.ts). */
const compute: ErrorDoc = { status: 503, codes: ['compute_budget_exceeded', 'compute_busy'] };
/** A model the data cannot fit (no events, or no churned and no retained person at the cutoff). */
const notEnoughData: ErrorDoc = { status: 422, codes: ['not_enough_data'] };
const deciding: RouteDoc[] = [
  { method: 'post', path: '/v1/attribution', tag: 'Decide', summary: 'Attribute conversions to touchpoints (rule-based, Markov, Shapley models)', auth: 'read', body: RANGED_DECIDE.attribution.request, success: { description: 'credit per touchpoint and model' }, errors: [invalid(), compute] },
  { method: 'post', path: '/v1/touchpoints/score', tag: 'Decide', summary: 'Key touchpoints: score each by reach, drop-off and attributed value', auth: 'read', body: RANGED_DECIDE.touchpointScore.request, success: { description: 'scored touchpoints' }, errors: [invalid(), compute] },
  { method: 'post', path: '/v1/interventions', tag: 'Decide', summary: 'Candidate interventions ranked by expected return', auth: 'read', body: RANGED_DECIDE.interventions.request, success: { description: 'ranked interventions' }, errors: [invalid('no_journeys'), compute] },
  {
    method: 'put', path: '/v1/interventions/{id}', tag: 'Decide', summary: 'Set a team\'s own feasibility, cost and effect for one intervention', auth: 'read',
    params: { id: 'the intervention, kind:touchpoint (e.g. fix:Checkout)' },
    description: 'The id must be kind:touchpoint with a known kind (else 400 invalid_field naming id). Effect parameters depend on the kind in the id (share for fix/friction/personalise, reach and lift for reminder/channel); one of another kind is a 400 naming it.',
    body: interventionOverrideSchema, success: { description: 'the intervention\'s estimates now', schema: interventionOverrideAnswerSchema }, errors: [invalid('invalid_field')],
  },
  {
    method: 'delete', path: '/v1/interventions/{id}', tag: 'Decide', summary: 'Forget a team\'s estimates for one intervention (back to defaults)', auth: 'read',
    params: { id: 'the intervention, kind:touchpoint' }, success: { description: 'whether there was anything to reset', schema: interventionResetSchema }, errors: [],
  },
  {
    method: 'post', path: '/v1/twin/simulate', tag: 'Decide', summary: 'Journey twin: simulate interventions on a Markov model of the journeys', auth: 'read',
    body: RANGED_DECIDE.twinSimulate.request, success: { description: 'baseline and scenario with intervals; P(from → to) now and in the scenario per transition change (transitions); why a scenario cannot change the outcome (notes)' }, errors: [invalid('invalid_intervention', 'no_journeys'), compute],
  },
  {
    method: 'post', path: '/v1/twin/states', tag: 'Decide', summary: 'Journey twin: the states a scenario can name (most visited first) and the absorbing targets', auth: 'read',
    body: RANGED_DECIDE.twinStates.request, success: { description: 'states with visits, targets ((conversion), (null)), the conversion event names' }, errors: [invalid('no_journeys'), compute],
  },
];

const notes: RouteDoc[] = [
  { method: 'get', path: '/v1/project', tag: 'Touchpoints', summary: 'The project display settings: the ISO 4217 currency money is shown in and the time zone (trailmap.config.json)', auth: 'read', success: { description: '{ currency, timeZone }' }, errors: [] },
  { method: 'get', path: '/v1/display-names', tag: 'Touchpoints', summary: 'Display names of touchpoints and personas in English and Chinese', auth: 'read', success: { description: 'labels by kind and stored name', schema: displayNamesSchema }, errors: [] },
  {
    method: 'put', path: '/v1/display-names', tag: 'Touchpoints', summary: 'Set or remove the English / Chinese label of one touchpoint or persona', auth: 'read',
    body: displayNameEditSchema, success: { description: 'the labels after the edit' }, errors: [invalid()],
  },
  { method: 'get', path: '/v1/journey-notes', tag: 'Journey notes', summary: 'Notes, quotes, ideas and questions on the journey map', auth: 'read', query: notesQuery, params: { stage: 'only notes on this stage', touchpoint: 'only notes on this touchpoint' }, success: { description: 'the notes', schema: journeyNoteListSchema }, errors: [invalid()] },
  { method: 'post', path: '/v1/journey-notes', tag: 'Journey notes', summary: 'Add a note', auth: 'read', body: journeyNoteInputSchema, success: { status: 201, description: 'the note as stored', schema: journeyNoteSchema }, errors: [invalid()] },
  {
    method: 'patch', path: '/v1/journey-notes/{id}', tag: 'Journey notes', summary: 'Change some fields of a note', auth: 'read', params: { id: 'the note id' },
    body: journeyNotePatchSchema, success: { description: 'the note as stored', schema: journeyNoteSchema }, errors: [invalid(), notFound],
  },
  { method: 'delete', path: '/v1/journey-notes/{id}', tag: 'Journey notes', summary: 'Delete a note', auth: 'read', params: { id: 'the note id' }, success: { description: 'deleted', schema: noteDeletedSchema }, errors: [notFound] },
];

const kinds = Object.entries(INSIGHT_CHARTS).map(([k, charts]) => `${k} (POST ${INSIGHT_ENDPOINTS[k as keyof typeof INSIGHT_ENDPOINTS]}; drawn as ${charts.join(', ')})`).join('; ');
const insights: RouteDoc[] = [
  { method: 'get', path: '/v1/insights', tag: 'Insights', summary: 'Saved insights, the latest changed first', auth: 'read', query: insightListQuery, params: { kind: 'only insights of this kind' }, success: { description: 'the insights', schema: insightListSchema }, errors: [invalid()] },
  {
    method: 'post', path: '/v1/insights', tag: 'Insights', summary: 'Save an insight: an analysis definition, its chart, a name and a description', auth: 'read',
    description: `The definition is checked against its kind's schema (a 400 names the field, e.g. definition.steps); it is stored as sent. Kinds: ${kinds}.`,
    body: insightInputSchema, success: { status: 201, description: 'the insight as stored', schema: insightSchema }, errors: [invalid()],
  },
  { method: 'get', path: '/v1/insights/{id}', tag: 'Insights', summary: 'One saved insight', auth: 'read', params: { id: 'the insight id' }, success: { description: 'the insight', schema: insightSchema }, errors: [notFound] },
  {
    method: 'patch', path: '/v1/insights/{id}', tag: 'Insights', summary: 'Change some fields of an insight', auth: 'read', params: { id: 'the insight id' },
    description: 'The kind never changes. A new definition is checked against the kind\'s schema; sent without a view, it clears the stored view.',
    body: insightPatchSchema, success: { description: 'the insight as stored', schema: insightSchema }, errors: [invalid(), notFound],
  },
  { method: 'delete', path: '/v1/insights/{id}', tag: 'Insights', summary: 'Delete an insight (and its tiles on dashboards)', auth: 'read', params: { id: 'the insight id' }, success: { description: 'deleted, with the dashboards it was removed from', schema: insightDeletedSchema }, errors: [notFound] },
];

const conflict: ErrorDoc = { status: 409, codes: ['conflict'] };
const segments: RouteDoc[] = [
  {
    method: 'post', path: '/v1/customers/rfm', tag: 'Customers', summary: 'RFM: recency, frequency and monetary quintile scores, the named groups and the 5x5 grid', auth: 'read',
    description: 'Over the `purchase` event and its `value` property up to the `asOf` day (default: the latest purchase day). `people: true` adds every customer\'s scores. See docs/customers.md.',
    body: rfmRequestSchema, success: { description: '{ purchase, value, asOf, customers, grid, groups, people? }' }, errors: [invalid()],
  },
  {
    method: 'post', path: '/v1/customers/personas', tag: 'Customers', summary: 'Personas: k-means on standardised behavioural features, k chosen by silhouette, each cluster named (en/zh)', auth: 'read',
    description: 'The `trailmap personas` flags as fields (`kMin`/`kMax` for --k). Features read from the store, the clustering on a compute worker. See docs/customers.md.',
    body: personasRequestSchema, success: { description: '{ asOf, people, mix, features, dropped, sentimentImputed, byK, silhouette, k, clusters, assignments, note? }' }, errors: [invalid(), compute],
  },
  {
    method: 'post', path: '/v1/customers/clv', tag: 'Customers', summary: 'CLV: BG/NBD expected purchases and P(alive), Gamma-Gamma spend, discounted CLV', auth: 'read',
    description: 'The `trailmap clv` flags as fields (`horizon` in the `unit`). `people: true` adds every customer; `segment: KEY` adds the CLV of that saved segment\'s members (the fit stays over every customer). The fits run on a compute worker. See docs/customers.md.',
    body: clvRequestSchema, success: { description: '{ purchase, value, asOf, unit, horizon, discount, customers, repeaters, bgnbd, gammaGamma, totals, people?, holdout?, segment? }' }, errors: [invalid(), notEnoughData, compute],
  },
  {
    method: 'post', path: '/v1/customers/churn', tag: 'Customers', summary: 'Churn: logistic model with a time-based split, AUC against recency alone, everyone scored', auth: 'read',
    description: 'The `trailmap churn` flags as fields (`windowDays` for --window). The fit runs on a compute worker. See docs/customers.md.',
    body: churnRequestSchema, success: { description: '{ windowDays, activeEvent, trainCutoff, testCutoff, asOf, validation, model, scored, meanProbability, people }' }, errors: [invalid(), notEnoughData, compute],
  },
  {
    method: 'post', path: '/v1/customers/scores', tag: 'Customers', summary: 'Scoring run: every person scored by RFM, personas, CLV and churn; the scores stored for profiles and segment rules', auth: 'read',
    description: 'Runs now (after any run under way): the four models over the store, every person\'s scores written under one `scoredAt`, the older run deleted once this one is complete; one saved segment per persona (`persona-N`, en/zh display name), then every saved segment recomputed. A model the data cannot fit is `{ skipped: reason }` in the answer. The server also runs one every TRAILMAP_SCORES_EVERY (default 24 h). See docs/customers.md.',
    body: scoresRequestSchema, success: { description: '{ scoredAt, completedAt, people, options, rfm, personas, clv, churn, personaSegments }' }, errors: [invalid(), compute],
  },
  { method: 'get', path: '/v1/customers/scores', tag: 'Customers', summary: 'The latest complete scoring run\'s summary', auth: 'read', success: { description: '{ run: { scoredAt, completedAt, people, options, rfm, personas, clv, churn, personaSegments } | null } (null before the first run)' }, errors: [] },
  { method: 'get', path: '/v1/segments', tag: 'Customers', summary: 'Saved segments with their timing (realtime or batch), size and last refresh', auth: 'read', success: { description: '{ segments: [...] }' }, errors: [] },
  {
    method: 'post', path: '/v1/segments/preview', tag: 'Customers', summary: 'How many people a rule holds (and a sample) before it is saved', auth: 'read',
    description: 'Evaluated as of `asOf` (default now) on the events at or before it. See docs/segments.md for the rule language.',
    body: segmentPreviewSchema, success: { description: '{ count, sample, timing, asOf }' }, errors: [invalid()],
  },
  {
    method: 'post', path: '/v1/segments', tag: 'Customers', summary: 'Save a segment (its membership is computed at once and kept current)', auth: 'read',
    description: 'A rule that refers to a missing segment, or back to itself, is 400 naming `rule`; a taken key is 409.',
    body: segmentCreateSchema, success: { status: 201, description: 'the segment as stored, with its size' }, errors: [invalid(), conflict],
  },
  { method: 'post', path: '/v1/segments/refresh', tag: 'Customers', summary: 'Recompute every segment now (the server also does so after new data and, for batch rules, every 15 minutes)', auth: 'read', success: { description: '{ refreshed: [{ key, size, entered, exited }] }' }, errors: [] },
  { method: 'get', path: '/v1/segments/overlap', tag: 'Customers', summary: 'People in both of two segments now, and the Jaccard index', auth: 'read', query: segmentOverlapQuery, params: { a: 'a segment key', b: 'another segment key' }, success: { description: '{ a: {key,size}, b: {key,size}, both, jaccard }' }, errors: [invalid(), notFound] },
  { method: 'get', path: '/v1/segments/{key}', tag: 'Customers', summary: 'One saved segment', auth: 'read', params: { key: 'the segment key' }, success: { description: 'the segment' }, errors: [notFound] },
  { method: 'patch', path: '/v1/segments/{key}', tag: 'Customers', summary: 'Change a segment\'s name, description or rule (a new rule is recomputed at once)', auth: 'read', params: { key: 'the segment key' }, body: segmentPatchSchema, success: { description: 'the segment as stored' }, errors: [invalid(), notFound] },
  { method: 'delete', path: '/v1/segments/{key}', tag: 'Customers', summary: 'Delete a segment and its membership history (409 while another segment\'s rule uses it)', auth: 'read', params: { key: 'the segment key' }, success: { description: '{ key, deleted: true }' }, errors: [notFound, conflict] },
  {
    method: 'get', path: '/v1/segments/{key}/members', tag: 'Customers', summary: 'Members (or, with history=1, every stay with its entry and exit time); CSV with format=csv', auth: 'read',
    query: segmentMembersQuery, params: { key: 'the segment key', limit: 'at most 10,000 a page (default 100)', offset: 'rows to skip', history: '1: past stays too', format: 'json (default) or csv' },
    success: { description: '{ key, total, members: [{ personId, enteredAt, exitedAt }], refreshedAt }' }, errors: [invalid(), notFound],
  },
  { method: 'get', path: '/v1/segments/{key}/size', tag: 'Customers', summary: 'Entries, exits and size at the end of each UTC day, from the membership history', auth: 'read', params: { key: 'the segment key' }, success: { description: '{ key, days: [{ day, size, entered, exited }] }' }, errors: [notFound] },
];

const computedTraits: RouteDoc[] = [
  { method: 'get', path: '/v1/computed-traits', tag: 'Customers', summary: 'Saved computed-trait definitions', auth: 'read', success: { description: '{ computedTraits: [{ id, key, name, definition, createdAt, updatedAt }] }' }, errors: [] },
  {
    method: 'post', path: '/v1/computed-traits/preview', tag: 'Customers', summary: 'A definition\'s values before it is saved: distribution and a sample', auth: 'read',
    description: 'Computed on read as of `asOf` (default now); `lastLoadAt` is when the warehouse last loaded the collection log. See docs/customers.md.',
    body: computedTraitPreviewSchema, success: { description: '{ asOf, lastLoadAt, distribution: { people, numeric, top }, sample: [{ personId, value }] }' }, errors: [invalid()],
  },
  { method: 'post', path: '/v1/computed-traits', tag: 'Customers', summary: 'Save a computed-trait definition (a taken key is 409)', auth: 'read', body: computedTraitCreateSchema, success: { status: 201, description: 'the trait as stored' }, errors: [invalid(), conflict] },
  { method: 'get', path: '/v1/computed-traits/{key}', tag: 'Customers', summary: 'One saved computed trait', auth: 'read', params: { key: 'the trait key' }, success: { description: 'the trait' }, errors: [notFound] },
  { method: 'patch', path: '/v1/computed-traits/{key}', tag: 'Customers', summary: 'Change fields of a definition (null removes an optional one); the result is checked whole', auth: 'read', params: { key: 'the trait key' }, body: computedTraitPatchSchema, success: { description: 'the trait as stored' }, errors: [invalid(), notFound] },
  { method: 'delete', path: '/v1/computed-traits/{key}', tag: 'Customers', summary: 'Delete a computed trait', auth: 'read', params: { key: 'the trait key' }, success: { description: '{ key, deleted: true }' }, errors: [notFound] },
  {
    method: 'get', path: '/v1/computed-traits/{key}/values', tag: 'Customers', summary: 'Every person\'s value, computed on read from the warehouse; CSV with format=csv', auth: 'read',
    query: computedTraitValuesQuery, params: { key: 'the trait key', limit: 'at most 100,000 a page (default 1,000)', offset: 'rows to skip', asOf: 'the instant (default now)', format: 'json (default) or csv' },
    success: { description: '{ key, total, values: [{ personId, value }], asOf, lastLoadAt }' }, errors: [invalid(), notFound],
  },
];

const unknownInsight: ErrorDoc = { status: 400, codes: ['invalid_definition', 'unknown_insight'] };
const dashboards: RouteDoc[] = [
  { method: 'get', path: '/v1/dashboards', tag: 'Insights', summary: 'Dashboards with their tile counts, the latest changed first', auth: 'read', success: { description: 'the dashboards', schema: dashboardListSchema }, errors: [] },
  {
    method: 'post', path: '/v1/dashboards', tag: 'Insights', summary: 'Make a dashboard: saved insights in a grid', auth: 'read',
    description: 'Tiles are in reading order on a 3-column grid; each spans `width` columns. A tile naming an insight that is not saved is 400 unknown_insight naming tiles[i].insightId.',
    body: dashboardInputSchema, success: { status: 201, description: 'the dashboard with each tile\'s insight', schema: dashboardSchema }, errors: [unknownInsight],
  },
  { method: 'get', path: '/v1/dashboards/{id}', tag: 'Insights', summary: 'One dashboard with each tile\'s insight', auth: 'read', params: { id: 'the dashboard id' }, success: { description: 'the dashboard', schema: dashboardSchema }, errors: [notFound] },
  {
    method: 'patch', path: '/v1/dashboards/{id}', tag: 'Insights', summary: 'Rename a dashboard or replace its grid', auth: 'read', params: { id: 'the dashboard id' },
    body: dashboardPatchSchema, success: { description: 'the dashboard as stored', schema: dashboardSchema }, errors: [unknownInsight, notFound],
  },
  { method: 'delete', path: '/v1/dashboards/{id}', tag: 'Insights', summary: 'Delete a dashboard (its insights stay saved)', auth: 'read', params: { id: 'the dashboard id' }, success: { description: 'deleted', schema: dashboardDeletedSchema }, errors: [notFound] },
];

const files: RouteDoc[] = [
  {
    method: 'post', path: '/v1/files', tag: 'Data', summary: 'Import a file (CSV, JSON lines or Parquet) as `trailmap ingest` does', auth: 'collect-or-session',
    description: 'The request body is the file itself (any content type, up to 512 MB). Bad rows are quarantined with their line and reason; the report counts accepted, quarantined and already-stored rows.',
    query: uploadQuery, body: { contentType: 'application/octet-stream', description: 'the file' },
    params: {
      name: 'the file\'s name: reports and quarantine rows name it, and its extension tells the format unless `format` is given',
      format: 'the file\'s format, when its extension does not tell',
      map: 'JSON object of column → field, e.g. {"customer_id":"userId"}',
      unknownColumns: '`error` refuses a column that maps to no field; `properties` keeps it as a property',
      type: 'the message type of every row, when the file has no type column',
      set: 'JSON object of field → value every row gets, for fields the file has no column for, e.g. {"event":"Order Line","properties.store":"Berlin"} (`trailmap ingest --set`); a value the field refuses is 400 invalid_field naming `set.<field>`',
      null: 'a text that means "no value" in any cell, e.g. `NA` (repeat the parameter for several)',
    },
    success: { description: 'the import report' },
    errors: [invalid('invalid_name', 'empty_file', 'invalid_file', 'unknown_format', 'invalid_field')],
  },
];

const web: RouteDoc[] = [
  {
    method: 'post', path: '/web/session', tag: 'Web app', summary: 'Sign the browser in with a key that has scope read (sets the session cookie)', auth: 'none',
    description: 'Served with the web app only, and only under this server\'s own host name (421 wrong_host otherwise). The key never reaches the page: the cookie is an HttpOnly token bound to it; the session ends when the key is revoked.',
    body: signInBody, success: { status: 204, description: 'signed in; Set-Cookie trailmap_session' },
    errors: [{ status: 400, codes: ['invalid_field'] }, { status: 401, codes: ['invalid_key', 'key_revoked', 'key_expired'] }, { status: 403, codes: ['scope_required'] }, { status: 421, codes: ['wrong_host'] }],
  },
  {
    method: 'post', path: '/web/admin-session', tag: 'Web app', summary: 'Sign the browser in as an admin (name and password; sets the session cookie)', auth: 'none',
    description: 'Served with the web app only, under this server\'s own host name. The admin session has scopes read, admin and privacy (the Data page\'s keys, the audit log, privacy requests). Every sign-in, and every refused one, is in the audit log. Admins are made by `trailmap admin create` (the first one at the first start).',
    body: adminSignInSchema, success: { status: 204, description: 'signed in; Set-Cookie trailmap_session' },
    errors: [{ status: 400, codes: ['invalid_field'] }, { status: 401, codes: ['invalid_admin'] }, { status: 421, codes: ['wrong_host'] }, { status: 429, codes: ['too_many_sign_ins'] }],
  },
  { method: 'get', path: '/web/session', tag: 'Web app', summary: 'What the browser\'s session may do (its scopes; the admin\'s name)', auth: 'none', description: 'No session: no scopes.', success: { description: 'the session', schema: webSessionInfoSchema }, errors: [] },
  { method: 'delete', path: '/web/session', tag: 'Web app', summary: 'Sign the browser out (ends the session)', auth: 'none', description: 'Served with the web app only. An admin\'s sign-out is in the audit log.', success: { status: 204, description: 'signed out; the cookie is cleared' }, errors: [] },
];

const keyId = { id: 'the key\'s id (`key_…`, from GET /v1/keys)' };
const keys: RouteDoc[] = [
  { method: 'get', path: '/v1/keys', tag: 'Keys', summary: 'Every API key (revoked ones too), without secrets', auth: 'admin', success: { description: 'the keys, oldest first', schema: apiKeyListSchema }, errors: [] },
  {
    method: 'post', path: '/v1/keys', tag: 'Keys', summary: 'Create a key with a name and scopes (the secret is in this answer only)', auth: 'admin',
    description: 'Scopes: collect (send events, import files), read (queries, profiles, saved things), admin (keys, the audit log), privacy (data-subject requests, suppressions, consent). A key does exactly what its scopes allow. `source` stamps every event collected with the key; `allowedOrigins` refuses browser collection (Origin header) from other origins. Stored as a SHA-256 hash; recorded in the audit log (key.create).',
    body: apiKeyCreateSchema, success: { status: 201, description: 'the key and its secret (shown once)', schema: apiKeySecretSchema }, errors: [invalid()],
  },
  {
    method: 'post', path: '/v1/keys/{id}/rotate', tag: 'Keys', summary: 'Give a key a new secret; the old one works for a grace period (default 24 h)', auth: 'admin', params: keyId,
    description: '`graceHours` (0–720, default 24): until then both secrets work; 0 stops the old one at once. Recorded in the audit log (key.rotate).',
    body: apiKeyRotateSchema, success: { description: 'the key and its new secret (shown once)', schema: apiKeySecretSchema }, errors: [invalid(), notFound, { status: 409, codes: ['key_revoked'] }],
  },
  {
    method: 'delete', path: '/v1/keys/{id}', tag: 'Keys', summary: 'Revoke a key (both its secrets stop working at once)', auth: 'admin', params: keyId,
    description: 'From the next request on, in every process on the state store. Revoking twice keeps the first time. Recorded in the audit log (key.revoke).',
    success: { description: 'the revoked key', schema: z.object({ key: apiKeySchema }) }, errors: [notFound],
  },
];

const audit: RouteDoc[] = [
  {
    method: 'get', path: '/v1/audit', tag: 'Privacy', summary: 'The audit log: who did what, when, from where (newest first)', auth: 'admin',
    description: 'Append-only; holds no personal data (a person is named by a keyed reference, `person:<hash>`). `action` ending in `.` matches a prefix (`privacy.`); `before` is the previous page\'s `next`.',
    query: auditQuery,
    params: { since: 'from this instant (ISO 8601)', until: 'before this instant', actor: 'exactly this actor, e.g. `admin:ana`', action: 'this action, or a prefix ending in `.`', target: 'exactly this target, e.g. `request:<id>`', outcome: '`ok`, `denied` or `failed`', before: 'only lines with a smaller id (paging)', limit: 'lines per page, 1–1000 (default 100)' },
    success: { description: '{ entries, next }' },
    errors: [invalid()],
  },
  {
    method: 'get', path: '/v1/privacy/retention', tag: 'Privacy', summary: 'The retention rules in force and their last run', auth: 'admin',
    description: 'The rules come from trailmap.config.json `retention` (events per event name / source, quarantine, the audit log: delete after N days); the last run is read from its `retention.run` audit line.',
    success: { description: '{ config, lastRun }' }, errors: [],
  },
  {
    method: 'post', path: '/v1/privacy/retention/run', tag: 'Privacy', summary: 'Run the retention rules now', auth: 'admin',
    description: 'Deletes on the warehouse each rule\'s events older than its cut-off (by event timestamp) and old quarantine rows, compacts so their bytes go, prunes the audit log, and records the counts. Runs never overlap.',
    success: { description: 'what was deleted per rule, quarantine and audit, and what compaction could not do' }, errors: [],
  },
];

const consent: RouteDoc[] = [
  {
    method: 'get', path: '/v1/people/{id}/consent', tag: 'People', summary: 'A person\'s effective consent per purpose, where each came from, and the history', auth: 'read',
    params: { id: 'a userId, an anonymousId or the person id' },
    description: 'Per purpose (the project\'s list; analytics, personalisation, marketing by default): `granted` and its `basis`, `explicit` (the latest choice by time, with `at`, `source` event|identify|api|import and the message) or `default` (none made: the project default for the person\'s `region`, from their latest known `country`). `history` is every recorded choice, oldest first. Audited (consent.read). See docs/privacy.md#consent.',
    success: { description: 'the consent', schema: personConsentSchema }, errors: [invalid(), notFound],
  },
  {
    method: 'put', path: '/v1/people/{id}/consent', tag: 'People', summary: 'Record a person\'s explicit consent choices (per purpose, with history)', auth: 'privacy',
    params: { id: 'a userId, an anonymousId or the person id' },
    description: '`{ "purposes": { "analytics": false }, "source": "api" }`: each purpose named is recorded as chosen now (`source` api, the default, or import). Purposes not named keep theirs. A person who refused analytics is left out of every analysis at once; `marketing` and `personalisation` are what journeys and recommendations check (mayUse). Audited (consent.update, the person by keyed reference). Answers the consent as GET does.',
    body: consentUpdateSchema, success: { description: 'the consent after the change', schema: personConsentSchema }, errors: [invalid(), notFound],
  },
  {
    method: 'get', path: '/v1/personalize/{personId}', tag: 'Personalisation', summary: 'Ranked items, offers or content for a person and placement, with the reason for each', auth: 'read', query: personalizeQuery,
    params: { personId: 'a userId, an anonymousId or the person id', placement: 'a placement id of trailmap.config.json personalize.placements (default home)', limit: 'at most this many (1–100; default the placement\'s limit)' },
    description: 'Items: recency-weighted item-based collaborative filtering on the person\'s views and purchases (cosine co-occurrence, "people who viewed or bought X also bought Y"), filled with recency-weighted popularity; popularity alone for a new person. The placement\'s rules apply (exclude purchased, in stock, minimum margin, margin preference). Offers: next best action by expected value = P(accept | person) × value. Content: by the person\'s affinity. Gated by the `personalisation` purpose: without it, popularity only, the reason saying so, never the person\'s own history. The model is fitted once per data version. See docs/personalize.md.',
    success: { description: 'the ranked list', schema: personalizeAnswerSchema }, errors: [invalid(), notFound],
  },
];

/** The whole API, in the order the docs show it. */
const privacyRequests: RouteDoc[] = [
  // auth 'read' for now (scope: privacy, once keys with that scope are swept in).
  {
    method: 'post', path: '/v1/privacy/requests', tag: 'Privacy', summary: 'Record a data-subject request (access, delete, suppress, unsuppress) and run it in the background', auth: 'privacy',
    description: 'Name the person by `userId`, `anonymousId` or `email` (identify traits). 202 with the new request; 200 with the same request when one of the same type for the same ids is still open. `regime` (gdpr, ccpa, pipl) sets the deadline; `then` (delete only): `suppress` (default) or `new-person`. See docs/privacy.md "Data-subject requests".',
    body: privacyRequestInputSchema, success: { status: 202, description: '{ id, type, regime, status, receivedAt, deadline, steps, stepsDone, completedAt, result, error, download }' }, errors: [invalid()],
  },
  { method: 'get', path: '/v1/privacy/requests', tag: 'Privacy', summary: 'Data-subject requests, newest first (no personal data)', auth: 'privacy', success: { description: '{ requests }' }, errors: [] },
  {
    method: 'get', path: '/v1/privacy/requests/{id}', tag: 'Privacy', summary: 'One data-subject request: status, steps done, deadline, counts', auth: 'privacy',
    params: { id: 'the request id (`dsr_…`)' }, success: { description: 'the request' }, errors: [invalid(), notFound],
  },
  {
    method: 'get', path: '/v1/privacy/requests/{id}/document', tag: 'Privacy', summary: 'The access document of a completed access request (JSON: every table about the person)', auth: 'privacy',
    params: { id: 'the request id' }, success: { description: '{ requestId, generatedAt, persons, tables: { identities, emails, events, traits, consents, feedback, scores, identity_merges, identity_conflicts, quarantine, segment_memberships, notes } }' },
    errors: [invalid(), notFound, { status: 409, codes: ['not_access', 'not_ready'] }, { status: 410, codes: ['gone'] }],
  },
  { method: 'get', path: '/v1/privacy/suppressions', tag: 'Privacy', summary: 'The suppression list\'s size and the events collection dropped for it', auth: 'privacy', success: { description: '{ suppressedIds, droppedSinceStart, droppedTotal }' }, errors: [] },
];

const badToken: ErrorDoc = { status: 400, codes: ['invalid_token'] };
const messages: RouteDoc[] = [
  {
    method: 'get', path: '/v1/inbox/{personId}', tag: 'Messages', summary: 'A person\'s in-app inbox, newest first, with the unread count', auth: 'read', query: inboxQuery,
    params: { personId: 'a userId, an anonymousId or the person id', limit: 'at most this many messages (1–200, default 50)' },
    description: 'The in-app messages journeys sent the person (docs/channels.md#in-app-inbox), newest first; `unreadCount` counts all their unread messages. An id no one has yet answers an empty inbox.',
    success: { description: 'the inbox', schema: inboxAnswerSchema }, errors: [invalid()],
  },
  {
    method: 'post', path: '/v1/inbox/{personId}/{messageId}/read', tag: 'Messages', summary: 'Mark one in-app message read', auth: 'collect',
    params: { personId: 'a userId, an anonymousId or the person id', messageId: 'the message id (from GET /v1/inbox/{personId})' },
    description: 'With the key the site or app collects with. The first read time is kept (marking it again changes nothing). No body.',
    success: { description: 'the message as now stored', schema: inboxMessageSchema }, errors: [invalid(), notFound],
  },
  {
    method: 'get', path: '/v1/unsubscribe/{token}', tag: 'Messages', summary: 'The unsubscribe link\'s confirmation page (English and Chinese)', auth: 'none',
    params: { token: 'the signed token of the message\'s unsubscribe link (the credential: it names the person, channel and message)' },
    description: 'A small HTML page with a button that POSTs to the same address. A token that is cut short or edited: 400 naming `token` (an HTML page when the request accepts text/html). See docs/channels.md#unsubscribe.',
    success: { description: 'the page', schema: { contentType: 'text/html', description: 'HTML' } }, errors: [badToken],
  },
  {
    method: 'post', path: '/v1/unsubscribe/{token}', tag: 'Messages', summary: 'Unsubscribe: refuse the person\'s marketing consent (RFC 8058 one-click too)', auth: 'none',
    params: { token: 'the signed token of the message\'s unsubscribe link' },
    description: 'The page\'s button, or a mail client\'s one-click POST (`List-Unsubscribe=One-Click`). Records purpose `marketing_<channel>` when the project lists it, else `marketing`, as refused with source `unsubscribe`; audited (consent.unsubscribe, the person by keyed reference). Answers JSON, or an HTML page when the request accepts text/html. Again: nothing new is recorded (`recorded: false`).',
    body: { contentType: 'application/x-www-form-urlencoded', description: '`List-Unsubscribe=One-Click` (RFC 8058) or the page\'s form; optional, not read' },
    success: { description: 'unsubscribed', schema: unsubscribeAnswerSchema }, errors: [badToken],
  },
];

export const ROUTE_CATALOGUE: readonly RouteDoc[] = [...meta, ...collection, ...browserSdk, ...reading, ...consent, ...analytics, ...deciding, ...notes, ...insights, ...dashboards, ...keys, ...segments, ...computedTraits, ...files, ...audit, ...privacyRequests, ...messages, ...SERVICE_TASK_ROUTES, ...JOURNEY_ROUTES, ...web];

/** Tags in display order, each with a line for the docs. */
export const TAGS: ReadonlyArray<{ name: string; description: string }> = [
  { name: 'Collection', description: 'Segment-compatible collection with the write key: durable before 200, bad messages quarantined and named.' },
  { name: 'Browser SDK', description: 'What analytics.js needs from its own server: the script, its settings and short beacon paths.' },
  { name: 'People', description: 'Profiles and people search (read key).' },
  { name: 'Data', description: 'Sources, quarantine and file imports.' },
  { name: 'Touchpoints', description: 'The touchpoint catalogue and its rules.' },
  { name: 'Analytics', description: 'One path per analysis; the body is its definition.' },
  { name: 'Decide', description: 'Attribution, key touchpoints, interventions and the journey twin.' },
  { name: 'Personalisation', description: 'Recommendations, next best offers and content per person and placement, gated by consent (docs/personalize.md).' },
  { name: 'Journey notes', description: 'The journey map\'s qualitative layer.' },
  { name: 'Insights', description: 'Saved insights (an analysis definition with its chart) and dashboards of them, in the state store.' },
  { name: 'Privacy', description: 'Consent, data-subject requests, PII and the audit log (docs/privacy.md).' },
  { name: 'Keys', description: 'API keys with scopes (collect, read, admin, privacy): create, rotate with a grace period, revoke. Scope admin (docs/security.md).' },
  { name: 'Journeys', description: 'Journey definitions and versions, their stats, runs and template previews, and the messages they send (docs/journeys.md).' },
  { name: 'Service', description: 'Proactive service: the service task list, its assignment and closing (docs/service.md).' },
  { name: 'Messages', description: 'The in-app inbox the site or app shows, and the unsubscribe links of messages (docs/channels.md).' },
  { name: 'Web app', description: 'The browser session of the bundled web app.' },
  { name: 'Meta', description: 'Health and this documentation.' },
];
