import { MESSAGE_STATUSES, stepTargets, type JourneyDetail, type JourneyMessagesAnswer, type JourneyRunView, type JourneyStats, type JourneySummary, type JourneyTrigger, type JourneyValidation } from '@trailmap/core';
import { renderTable } from '../output/table.js';

/** Human output of `trailmap journeys`: tables of the API's answers (--json prints the answers themselves). */

const minute = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)}%`);

export function journeyListText(journeys: readonly JourneySummary[]): string {
  if (journeys.length === 0) return 'No journeys yet. Create one from a file: trailmap journeys create docs/journeys/abandoned-cart.json';
  return renderTable(
    journeys.map((j) => ({ id: j.id, name: j.name, status: j.status, live: j.liveVersion === null ? '–' : `v${j.liveVersion}`, trigger: j.triggerType, running: j.running, entered: j.entered, updated: minute(j.updatedAt) })),
    [['id', 'id'], ['name', 'name'], ['status', 'status'], ['live', 'live'], ['trigger', 'trigger'], ['running', 'running'], ['entered', 'entered'], ['updated', 'updated (UTC)']],
  );
}

function triggerText(t: JourneyTrigger): string {
  switch (t.type) {
    case 'event':
      return `event "${t.event}"${t.where.length ? ` with ${t.where.length} property filter${t.where.length > 1 ? 's' : ''}` : ''}${t.correlate ? `, one run per ${t.correlate}` : ''}`;
    case 'segment':
      return `${t.on === 'entry' ? 'entering' : 'leaving'} segment ${t.segment}`;
    case 'schedule':
      return `members of segment ${t.segment} at ${t.at} (${t.timeZone}) on ${t.days.join(', ')}`;
    case 'dateTrait':
      return `the date in trait ${t.trait}, offset ${t.offset}${t.annual ? ', every year' : ''}, at ${t.at} (${t.timeZone})`;
  }
}

export function journeyDetailText(j: JourneyDetail): string {
  const d = j.definition;
  const lines = [
    `${j.name} (${j.id})`,
    `status ${j.status}${j.liveVersion === null ? ', never published' : `, version ${j.liveVersion} takes new entries`}${j.unpublishedChanges ? '; the draft has unpublished changes' : ''}`,
    `trigger: ${triggerText(d.trigger)}`,
    `running ${j.running.toLocaleString('en-US')}, entered ${j.entered.toLocaleString('en-US')}`,
  ];
  if (d.description) lines.push(d.description);
  if (d.goal) lines.push(`goal: "${d.goal.event}"${d.goal.correlated ? ' (correlated)' : ''} within ${d.goal.within}`);
  lines.push(`re-entry: ${d.reentry.policy === 'after' ? `after ${d.reentry.days} days` : d.reentry.policy}${d.exits.length ? `; ${d.exits.length} exit rule${d.exits.length > 1 ? 's' : ''}` : ''}`);
  lines.push('', `Steps of the draft (start: ${d.start})`);
  lines.push(
    renderTable(
      d.steps.map((s) => ({ id: s.id, type: s.type, label: s.label ?? '', next: stepTargets(s).map(([f, t]) => `${f.join('.')} → ${t ?? '(end)'}`).join(', ') })),
      [['id', 'id'], ['type', 'type'], ['label', 'label'], ['next', 'goes to']],
    ),
  );
  lines.push('');
  if (j.versions.length === 0) lines.push(`No version yet: trailmap journeys publish ${j.id}`);
  else lines.push('Versions', renderTable(j.versions.map((v) => ({ version: v.version, published: minute(v.publishedAt), running: v.running })), [['version', 'version'], ['published', 'published (UTC)'], ['running', 'running']]));
  return lines.join('\n');
}

export function validationText(v: JourneyValidation): string {
  if (v.valid) return 'valid: the definition and every template check out';
  return [`invalid: ${v.issues.length} problem${v.issues.length > 1 ? 's' : ''}`, ...v.issues.map((i) => `  ${i.path || '(journey)'}: ${i.message}`)].join('\n');
}

export function statsText(s: JourneyStats): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const ended = Object.entries(s.ended).filter(([, v]) => v > 0);
  const lines = [
    `Journey ${s.journeyId}, ${s.version === null ? 'every version' : `version ${s.version}`}`,
    `entered ${n(s.entered)}, running ${n(s.running)} (waiting ${n(s.waiting)}, following for the goal ${n(s.following)}), goal reached ${n(s.goalReached)}`,
    `ended: ${ended.length ? ended.map(([k, v]) => `${k} ${n(v)}`).join(', ') : 'none yet'}`,
    '',
    renderTable(s.steps.map((st) => ({ step: st.stepId, type: st.type, label: st.label ?? '', reached: st.reached, waiting: st.waiting })), [['step', 'step'], ['type', 'type'], ['label', 'label'], ['reached', 'reached'], ['waiting', 'waiting now']]),
    '',
    'Messages by status',
    renderTable([s.messages], MESSAGE_STATUSES.map((m) => [m, m] as [string, string])),
  ];
  if (s.arms.length) {
    lines.push('', 'Split arms', renderTable(s.arms.map((a) => ({ variant: a.variant, people: a.people, goal: a.goal, rate: pct(a.rate) })), [['variant', 'variant'], ['people', 'people'], ['goal', 'goal reached'], ['rate', 'goal rate']]));
    const held = s.arms.find((a) => a.variant === 'holdout');
    if (held) {
      const treated = s.arms.filter((a) => a.variant !== 'holdout');
      const people = treated.reduce((a, x) => a + x.people, 0);
      const goal = treated.reduce((a, x) => a + x.goal, 0);
      lines.push(
        s.holdoutUplift === null
          ? 'Holdout comparison: not yet (it needs people on both sides)'
          : `Holdout comparison: treated ${pct(people ? goal / people : null)} vs holdout ${pct(held.rate)} reached the goal: uplift ${s.holdoutUplift >= 0 ? '+' : ''}${(s.holdoutUplift * 100).toFixed(1)} points`,
      );
    }
  }
  return lines.join('\n');
}

export function runsText(runs: readonly JourneyRunView[]): string {
  if (runs.length === 0) return 'No runs.';
  return renderTable(
    runs.map((r) => ({ id: r.id, person: r.personId, version: r.version, status: r.status, step: r.stepId ?? '', wake: minute(r.wakeAt), entered: minute(r.enteredAt), ended: minute(r.endedAt), outcome: r.outcome ?? '', variant: r.variant ?? '', key: r.correlation ?? '' })),
    [['id', 'run'], ['person', 'person'], ['version', 'version'], ['status', 'status'], ['step', 'step'], ['wake', 'wakes (UTC)'], ['entered', 'entered (UTC)'], ['ended', 'ended (UTC)'], ['outcome', 'outcome'], ['variant', 'variant'], ['key', 'correlation']],
  );
}

export function messagesText(a: JourneyMessagesAnswer): string {
  if (a.messages.length === 0) return 'No messages.';
  const table = renderTable(
    a.messages.map((m) => ({ id: m.id, journey: `${m.journeyId} v${m.version}`, step: m.stepId, person: m.personId, channel: m.channel + (m.transactional ? ' (tx)' : ''), status: m.status, reason: m.reason ?? '', attempts: m.attempts, created: minute(m.createdAt), sent: minute(m.sentAt), error: (m.lastError ?? '').slice(0, 60) })),
    [['id', 'message'], ['journey', 'journey'], ['step', 'step'], ['person', 'person'], ['channel', 'channel'], ['status', 'status'], ['reason', 'reason'], ['attempts', 'attempts'], ['created', 'created (UTC)'], ['sent', 'sent (UTC)'], ['error', 'last error']],
  );
  return a.next ? `${table}\nmore: add --cursor ${a.next}` : table;
}
