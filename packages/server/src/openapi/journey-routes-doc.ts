import { journeyDefinitionSchema } from '@trailmap/core';
import { journeyContextBody, journeyPreviewBody, journeyRunsQuery, journeyStatsQuery, messageStatusBody, messagesQuery } from '../routes/journeys.route.js';
import type { ErrorDoc, RouteDoc } from './route-doc.js';

const invalid: ErrorDoc = { status: 400, codes: ['invalid_definition'] };
const notFound: ErrorDoc = { status: 404, codes: ['not_found'] };
const wrongStatus: ErrorDoc = { status: 409, codes: ['wrong_status', 'archived'] };
const id = { id: 'the journey id (from POST /v1/journeys)' };
const detail = { description: 'the journey: summary, draft definition, unpublishedChanges, versions with their running counts' };

/** The journey and message routes (docs/journeys.md), as the route catalogue lists them. */
export const JOURNEY_ROUTES: RouteDoc[] = [
  { method: 'get', path: '/v1/journeys', tag: 'Journeys', summary: 'Journeys with their status, live version, trigger type, runs under way and entered', auth: 'read', success: { description: '{ journeys: [...] }' }, errors: [] },
  {
    method: 'post', path: '/v1/journeys', tag: 'Journeys', summary: 'Create a journey (a draft) from its definition', auth: 'admin', body: journeyDefinitionSchema,
    description: 'The body is the definition (docs/journeys.md#definitions; docs/journeys/abandoned-cart.json is one). Its Liquid templates are checked too. The id is made from the name. Audited (journey.create).',
    success: { status: 201, ...detail }, errors: [invalid],
  },
  { method: 'post', path: '/v1/journeys/validate', tag: 'Journeys', summary: 'Check a definition without saving it: every schema and template issue at its JSON path', auth: 'read', body: journeyDefinitionSchema, success: { description: '{ valid, issues: [{ path, message }] }' }, errors: [] },
  { method: 'get', path: '/v1/journeys/{id}', tag: 'Journeys', summary: 'One journey', auth: 'read', params: id, success: detail, errors: [invalid, notFound] },
  { method: 'put', path: '/v1/journeys/{id}', tag: 'Journeys', summary: 'Replace the draft (runs go on with their version until the next publish)', auth: 'admin', params: id, body: journeyDefinitionSchema, success: detail, errors: [invalid, notFound, wrongStatus] },
  { method: 'post', path: '/v1/journeys/{id}/publish', tag: 'Journeys', summary: 'Freeze the draft as the next version; new entries take it, running people stay on theirs', auth: 'admin', params: id, success: detail, errors: [invalid, notFound, wrongStatus] },
  { method: 'post', path: '/v1/journeys/{id}/pause', tag: 'Journeys', summary: 'Stop new entries and hold every run where it is', auth: 'admin', params: id, success: detail, errors: [invalid, notFound, wrongStatus] },
  { method: 'post', path: '/v1/journeys/{id}/resume', tag: 'Journeys', summary: 'Take entries again and advance the held runs (timers that fell due meanwhile fire at once)', auth: 'admin', params: id, success: detail, errors: [invalid, notFound, wrongStatus] },
  { method: 'post', path: '/v1/journeys/{id}/archive', tag: 'Journeys', summary: 'End every run (outcome archived) and stop the journey for good', auth: 'admin', params: id, success: detail, errors: [invalid, notFound, wrongStatus] },
  {
    method: 'get', path: '/v1/journeys/{id}/stats', tag: 'Journeys', summary: 'Entered, running, waiting, ended by outcome, per step reached and waiting, messages by status, the split arms and the holdout uplift', auth: 'read',
    params: { ...id, version: 'one version only (default: every version)' }, query: journeyStatsQuery, success: { description: 'JourneyStats' }, errors: [invalid, notFound],
  },
  { method: 'get', path: '/v1/journeys/{id}/runs', tag: 'Journeys', summary: 'The journey\'s runs, newest first', auth: 'read', params: { ...id, status: 'active, waiting, following or ended', limit: '1–500 (default 100)' }, query: journeyRunsQuery, success: { description: '{ runs: [...] }' }, errors: [invalid, notFound] },
  {
    method: 'post', path: '/v1/journeys/{id}/preview', tag: 'Journeys', summary: 'A send step\'s template rendered for a chosen person (their traits, computed traits and locale)', auth: 'read', params: id, body: journeyPreviewBody,
    description: 'Reads the person\'s data, so it is in the audit log (journey.preview). The unsubscribe link is a placeholder; each real message carries its own.',
    success: { description: '{ stepId, channel, personId, locale, subject, body }' }, errors: [invalid, notFound],
  },
  {
    method: 'post', path: '/v1/journeys/context', tag: 'Journeys', summary: 'What the journey engine knows of a person: ids, traits, computed traits, segments, time zone, locale, event counts, and their consent', auth: 'admin', body: journeyContextBody,
    description: 'For `trailmap worker` processes, which read the warehouse through the server that owns it (docs/journeys.md#scale-out). An unknown person answers the defaults (no traits, the project time zone) and consent null.',
    success: { description: '{ context, consent }' }, errors: [invalid],
  },
  {
    method: 'get', path: '/v1/messages', tag: 'Journeys', summary: 'Messages and webhooks journeys queued, newest first, with status, reason, attempts and last error', auth: 'read', query: messagesQuery,
    params: { journeyId: 'one journey', personId: 'one person (the person id)', status: 'queued, held, sending, sent, delivered, opened, clicked, failed, bounced or skipped', channel: 'email, sms, push, inapp or webhook', limit: '1–500 (default 50)', cursor: '`next` of the previous page' },
    success: { description: '{ messages: [...], next }' }, errors: [invalid],
  },
  {
    method: 'post', path: '/v1/messages/{id}/status', tag: 'Journeys', summary: 'A provider\'s report on a sent message: delivered, opened, clicked or bounced', auth: 'admin', params: { id: 'the message id (its idempotency key: the Idempotency-Key / X-Trailmap-Message it was sent with)' }, body: messageStatusBody,
    description: 'Recorded as the message\'s status and as its event (`Email Delivered`, `Email Opened`, `Email Link Clicked`, `Email Bounced`…) at `at` (default now). A message never moves back (opened after clicked changes nothing; `recorded: false`); bounced is taken from any sent status.',
    success: { description: '{ message, recorded }' }, errors: [invalid, notFound],
  },
];
