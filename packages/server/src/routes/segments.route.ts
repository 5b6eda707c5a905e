import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { referencedSegments, ruleTiming, segmentCreateSchema, segmentPatchSchema, segmentPreviewSchema, toCsv, type ComputedTraitDefinition, type SegmentOverlapAnswer, type SegmentPreview, type SegmentRule, type SegmentSizeAnswer } from '@trailmap/core';
import { computedTraitDefinitions, createSegment, deleteSegment, getSegment, listSegments, segmentDailyChanges, segmentMemberships, segmentRules, updateSegment, type StateStore } from '@trailmap/state';
import { segmentMembers, segmentPreview, type EventStore } from '@trailmap/warehouse';
import type { ApiKeys } from '../auth/keys.js';
import type { Auditor } from '../audit/auditor.js';
import { ApiError } from '../http/api-error.js';
import { invalidDefinition } from '../http/zod-error.js';
import type { SegmentRefresher } from '../segments/segment-refresher.js';
import { segmentRuleProblem } from '../segments/check-segment-rule.js';

const noSegment = (key: string) => new ApiError(404, 'not_found', `no segment has the key ${JSON.stringify(key)}`);

export const segmentMembersQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(10_000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
    /** 1: every stay, past ones too (with exitedAt). */
    history: z.enum(['0', '1']).default('0'),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();
export const segmentOverlapQuery = z.object({ a: z.string().min(1), b: z.string().min(1) }).strict();

/** A reference problem in a rule as the 400 that names the rule. */
function checkRule(rule: SegmentRule, rules: Map<string, SegmentRule>, self?: string, traits?: Map<string, ComputedTraitDefinition>): void {
  const problem = segmentRuleProblem(rule, rules, self, traits);
  if (problem !== null) throw new ApiError(400, 'invalid_definition', `invalid segment: rule: ${problem}`, 'rule');
}

/**
 * Saved segments (state store) and their members (computed in the warehouse from the rule, kept
 * with their history by the refresher). Like insights, the read key may write them: they describe
 * people, never change data.
 */
export function segmentsRoutes(app: FastifyInstance, store: EventStore, state: StateStore, keys: ApiKeys, refresher: SegmentRefresher, now: () => number, auditor?: Auditor): void {
  app.get('/v1/segments', async (req) => {
    return { segments: await listSegments(state) };
  });

  app.post('/v1/segments/preview', async (req): Promise<SegmentPreview> => {
    const body = segmentPreviewSchema.safeParse(req.body ?? {});
    if (!body.success) throw invalidDefinition(body.error, 'segment preview');
    const rules = await segmentRules(state);
    const traits = await computedTraitDefinitions(state);
    checkRule(body.data.rule, rules, undefined, traits);
    const asOf = body.data.asOf === undefined ? now() : Date.parse(body.data.asOf);
    const p = await segmentPreview(await store.readSession(), body.data.rule, asOf, body.data.sample, (k) => rules.get(k), (k) => traits.get(k));
    return { ...p, timing: ruleTiming(body.data.rule, (k) => rules.get(k)), asOf: new Date(asOf).toISOString() };
  });

  app.post('/v1/segments', async (req, reply) => {
    const body = segmentCreateSchema.safeParse(req.body ?? {});
    if (!body.success) throw invalidDefinition(body.error, 'segment');
    checkRule(body.data.rule, await segmentRules(state), body.data.key, await computedTraitDefinitions(state));
    const created = await createSegment(state, body.data);
    if (!created) throw new ApiError(409, 'conflict', `a segment with the key ${JSON.stringify(body.data.key)} exists already`, 'key');
    await refresher.refresh([created.key]);
    reply.code(201);
    return getSegment(state, created.key);
  });

  app.post('/v1/segments/refresh', async (req) => {
    return { refreshed: await refresher.refresh() };
  });

  app.get('/v1/segments/overlap', async (req): Promise<SegmentOverlapAnswer> => {
    const q = segmentOverlapQuery.safeParse(req.query ?? {});
    if (!q.success) throw invalidDefinition(q.error, 'segment overlap query');
    const rules = await segmentRules(state);
    const traits = await computedTraitDefinitions(state);
    const db = await store.readSession();
    const at = now();
    const members = async (key: string) => {
      const rule = rules.get(key);
      if (!rule) throw noSegment(key);
      return new Set(await segmentMembers(db, rule, at, (k) => rules.get(k), (k) => traits.get(k)));
    };
    const a = await members(q.data.a);
    const b = await members(q.data.b);
    const both = [...a].filter((p) => b.has(p)).length;
    const union = a.size + b.size - both;
    return { a: { key: q.data.a, size: a.size }, b: { key: q.data.b, size: b.size }, both, jaccard: union === 0 ? null : both / union };
  });

  app.get<{ Params: { key: string } }>('/v1/segments/:key', async (req) => {
    const seg = await getSegment(state, req.params.key);
    if (!seg) throw noSegment(req.params.key);
    return seg;
  });

  app.patch<{ Params: { key: string } }>('/v1/segments/:key', async (req) => {
    const body = segmentPatchSchema.safeParse(req.body ?? {});
    if (!body.success) throw invalidDefinition(body.error, 'segment update');
    if (body.data.rule) checkRule(body.data.rule, await segmentRules(state), req.params.key, await computedTraitDefinitions(state));
    const seg = await updateSegment(state, req.params.key, body.data);
    if (!seg) throw noSegment(req.params.key);
    if (body.data.rule) await refresher.refresh();
    return getSegment(state, req.params.key);
  });

  app.delete<{ Params: { key: string } }>('/v1/segments/:key', async (req) => {
    const users = (await listSegments(state)).filter((s) => s.key !== req.params.key && referencedSegments(s.rule).includes(req.params.key)).map((s) => s.key);
    if (users.length) throw new ApiError(409, 'conflict', `segment ${JSON.stringify(req.params.key)} is used by the rule of ${users.map((u) => JSON.stringify(u)).join(', ')}; change those first`, 'key');
    if (!(await deleteSegment(state, req.params.key))) throw noSegment(req.params.key);
    return { key: req.params.key, deleted: true };
  });

  app.get<{ Params: { key: string } }>('/v1/segments/:key/members', async (req, reply) => {
    const q = segmentMembersQuery.safeParse(req.query ?? {});
    if (!q.success) throw invalidDefinition(q.error, 'segment members query');
    const seg = await getSegment(state, req.params.key);
    if (!seg) throw noSegment(req.params.key);
    const page = await segmentMemberships(state, seg.id, { history: q.data.history === '1', limit: q.data.limit, offset: q.data.offset });
    if (q.data.format === 'json') return { key: seg.key, total: page.total, members: page.members, refreshedAt: seg.refreshedAt };
    await auditor?.record(req, { action: 'segment.export', target: `segment:${seg.key}`, detail: { members: page.members.length, total: page.total } });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="segment-${seg.key}.csv"`)
      .header('x-total-count', String(page.total))
      .send(toCsv([['person_id', 'entered_at', 'exited_at'], ...page.members.map((m) => [m.personId, m.enteredAt, m.exitedAt])]));
  });

  app.get<{ Params: { key: string } }>('/v1/segments/:key/size', async (req): Promise<SegmentSizeAnswer> => {
    const seg = await getSegment(state, req.params.key);
    if (!seg) throw noSegment(req.params.key);
    let size = 0;
    const days = (await segmentDailyChanges(state, seg.id)).map((d) => ({ ...d, size: (size += d.entered - d.exited) }));
    return { key: seg.key, days };
  });
}
