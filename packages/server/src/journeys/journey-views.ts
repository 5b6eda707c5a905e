import {
  journeyDefinitionSchema,
  MESSAGE_STATUSES,
  type JourneyDefinition,
  type JourneyDetail,
  type JourneyMessage,
  type JourneyRun,
  type JourneyRunView,
  type JourneyStats,
  type JourneySummary,
  type JourneyValidation,
  type MessageReason,
  type MessageStatus,
  type RunOutcome,
} from '@trailmap/core';
import type { JourneyCounts, StoredJourney, StoredJourneyMessage, StoredJourneyVersion } from '@trailmap/state';
import { validateTemplate } from '../channels/templates.js';

const iso = (ms: number | Date) => new Date(ms).toISOString();

/** Schema issues and template (Liquid) issues of a definition, each at its JSON path. */
export function validateJourney(raw: unknown): { validation: JourneyValidation; definition: JourneyDefinition | null } {
  const parsed = journeyDefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    return { definition: null, validation: { valid: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) } };
  }
  const issues: JourneyValidation['issues'] = [];
  parsed.data.steps.forEach((s, i) => {
    if (s.type !== 'send') return;
    for (const t of validateTemplate(s.template)) {
      issues.push({ path: `steps.${i}.template.${t.field}.${t.locale}`, message: t.line === null ? t.message : `line ${t.line}, column ${t.col}: ${t.message}` });
    }
  });
  return { definition: issues.length ? null : parsed.data, validation: { valid: issues.length === 0, issues } };
}

export function journeySummary(j: StoredJourney, totals: { running: number; entered: number } | undefined): JourneySummary {
  const def = j.draft as JourneyDefinition;
  return {
    id: j.id,
    name: j.name,
    status: j.status,
    liveVersion: j.liveVersion,
    triggerType: def.trigger.type,
    createdAt: iso(j.createdAt),
    updatedAt: iso(j.updatedAt),
    running: totals?.running ?? 0,
    entered: totals?.entered ?? 0,
  };
}

export function journeyDetail(j: StoredJourney, versions: readonly StoredJourneyVersion[], totals: { running: number; entered: number; byVersion: Map<number, number> } | undefined): JourneyDetail {
  const latest = versions.at(-1);
  return {
    ...journeySummary(j, totals),
    definition: j.draft as JourneyDefinition,
    unpublishedChanges: latest === undefined || JSON.stringify(latest.definition) !== JSON.stringify(j.draft),
    versions: versions.map((v) => ({ version: v.version, publishedAt: iso(v.publishedAt), running: totals?.byVersion.get(v.version) ?? 0 })),
  };
}

const OUTCOMES: RunOutcome[] = ['completed', 'goal', 'exit', 'holdout', 'loop_guard', 'archived'];

/** A journey's stats from its counts, the steps in the definition's order (steps no run reached included, at 0). */
export function journeyStats(journeyId: string, version: number | null, def: JourneyDefinition, c: JourneyCounts): JourneyStats {
  const by = (status: string) => c.runs.filter((r) => r.status === status).reduce((a, r) => a + r.n, 0);
  const ended = Object.fromEntries(OUTCOMES.map((o) => [o, c.runs.filter((r) => r.status === 'ended' && r.outcome === o).reduce((a, r) => a + r.n, 0)])) as Record<RunOutcome, number>;
  const step = new Map(c.steps.map((s) => [s.stepId, s]));
  const messages = Object.fromEntries(MESSAGE_STATUSES.map((s) => [s, c.messages.find((m) => m.status === s)?.n ?? 0])) as Record<MessageStatus, number>;
  const arms = c.arms.map((a) => ({ ...a, rate: a.people > 0 ? a.goal / a.people : null }));
  const held = arms.find((a) => a.variant === 'holdout');
  const treated = arms.filter((a) => a.variant !== 'holdout');
  const tPeople = treated.reduce((a, x) => a + x.people, 0);
  const tGoal = treated.reduce((a, x) => a + x.goal, 0);
  return {
    journeyId,
    version,
    entered: c.runs.reduce((a, r) => a + r.n, 0),
    running: by('active') + by('waiting') + by('following'),
    waiting: by('waiting'),
    following: by('following'),
    ended,
    goalReached: ended.goal,
    steps: def.steps.map((s) => ({ stepId: s.id, type: s.type, label: s.label ?? null, reached: step.get(s.id)?.reached ?? 0, waiting: step.get(s.id)?.waiting ?? 0 })),
    messages,
    arms,
    holdoutUplift: held && held.people > 0 && tPeople > 0 ? tGoal / tPeople - held.goal / held.people : null,
  };
}

export function messageView(m: StoredJourneyMessage): JourneyMessage {
  return {
    id: m.id,
    journeyId: m.journeyId,
    version: m.version,
    stepId: m.stepId,
    personId: m.personId,
    channel: m.channel as JourneyMessage['channel'],
    transactional: m.transactional,
    status: m.status as MessageStatus,
    reason: m.reason as MessageReason | null,
    attempts: m.attempts,
    lastError: m.lastError,
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
    sentAt: m.sentAt === null ? null : iso(m.sentAt),
  };
}

export function runView(r: JourneyRun): JourneyRunView {
  return {
    id: r.id,
    journeyId: r.journeyId,
    version: r.version,
    personId: r.personId,
    correlation: r.correlation,
    status: r.status,
    stepId: r.stepId,
    wakeAt: r.wakeAt === null ? null : iso(r.wakeAt),
    enteredAt: iso(r.enteredAt),
    endedAt: r.endedAt === null ? null : iso(r.endedAt),
    outcome: r.outcome,
    variant: r.variant,
  };
}
