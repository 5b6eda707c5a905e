import { stepTargets, type JourneyDefinition, type JourneyStep, type JourneyStepType } from '@trailmap/core';

/**
 * The builder's view of a definition as a graph, and the edits the canvas makes to it. Pure:
 * every edit returns a new definition (the draft), never mutating the one it was given.
 */

export const TRIGGER_NODE = '__trigger';
export const STEP_TYPES: readonly JourneyStepType[] = ['wait', 'waitForEvent', 'waitForWindow', 'branch', 'split', 'send', 'webhook', 'task', 'setTrait', 'loop'];

/** One outgoing edge of a node: the handle it leaves from (the field path, dotted) and its target. */
export interface OutEdge {
  source: string;
  handle: string;
  field: Array<string | number>;
  target: string | null;
  /** What the edge means: `next`, `onTimeout`, `branch` (with its label), `otherwise`, `variant` (id, percent), `body`, `then`, `start`. */
  kind: 'next' | 'event' | 'onTimeout' | 'branch' | 'otherwise' | 'variant' | 'body' | 'then' | 'start';
  /** The branch label or the variant id. */
  name?: string;
  percent?: number;
}

export const handleOf = (field: Array<string | number>) => field.join('.');
export const fieldOf = (handle: string): Array<string | number> => handle.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/** Every outgoing edge of a step, in the order of `stepTargets`. */
export function outEdges(step: JourneyStep): OutEdge[] {
  return stepTargets(step).map(([field, target]) => {
    const e: OutEdge = { source: step.id, handle: handleOf(field), field, target, kind: 'next' };
    if (step.type === 'waitForEvent') e.kind = field[0] === 'onTimeout' ? 'onTimeout' : 'event';
    else if (step.type === 'branch') {
      if (field[0] === 'otherwise') e.kind = 'otherwise';
      else {
        e.kind = 'branch';
        const label = step.branches[field[1] as number]?.label;
        e.name = label || String((field[1] as number) + 1);
      }
    } else if (step.type === 'split') {
      const v = step.variants[field[1] as number];
      e.kind = 'variant';
      e.name = v?.id ?? '';
      e.percent = v?.percent ?? 0;
    } else if (step.type === 'loop') e.kind = field[0] === 'body' ? 'body' : 'then';
    return e;
  });
}

/** The field path under a step at `field` set to `value` (a copy of each level touched). */
function setIn(obj: unknown, path: Array<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  if (Array.isArray(obj)) {
    const copy = [...obj];
    copy[head as number] = setIn(copy[head as number], rest, value);
    return copy;
  }
  const o = (obj ?? {}) as Record<string, unknown>;
  return { ...o, [head]: setIn(o[head], rest, value) };
}

export function updateStep(def: JourneyDefinition, stepId: string, update: (s: JourneyStep) => JourneyStep): JourneyDefinition {
  return { ...def, steps: def.steps.map((s) => (s.id === stepId ? update(s) : s)) };
}

/** Set one field of a step (a path such as `['branches', 0, 'next']`). */
export function setStepField(def: JourneyDefinition, stepId: string, field: Array<string | number>, value: unknown): JourneyDefinition {
  return updateStep(def, stepId, (s) => setIn(s, field, value) as JourneyStep);
}

/** Point an edge (the trigger's `start`, or a step's field) at `target` (null: the run ends there). */
export function connect(def: JourneyDefinition, source: string, handle: string, target: string | null): JourneyDefinition {
  if (source === TRIGGER_NODE) return target === null ? def : { ...def, start: target };
  return setStepField(def, source, fieldOf(handle), target);
}

/** Remove a step and every edge into it (those ends become null; the start moves to the first step left). */
export function deleteStep(def: JourneyDefinition, stepId: string): JourneyDefinition {
  const steps = def.steps.filter((s) => s.id !== stepId).map((s) => retarget(s, stepId, null));
  const start = def.start === stepId ? (steps[0]?.id ?? '') : def.start;
  return { ...def, steps, start };
}

/** Give a step a new id, keeping every edge to it (and the start). */
export function renameStep(def: JourneyDefinition, from: string, to: string): JourneyDefinition {
  if (from === to) return def;
  const steps = def.steps.map((s) => retarget(s.id === from ? { ...s, id: to } : s, from, to));
  return { ...def, steps, start: def.start === from ? to : def.start };
}

function retarget(s: JourneyStep, from: string, to: string | null): JourneyStep {
  let out = s;
  for (const [field, target] of stepTargets(s)) {
    // A loop's body cannot be null: it keeps the old id, and validation names it.
    if (target === from && !(to === null && field[0] === 'body')) out = setIn(out, field, to) as JourneyStep;
  }
  return out;
}

/** An id not used yet: `send_1`, `send_2`, … */
export function freshId(def: JourneyDefinition, type: JourneyStepType): string {
  const used = new Set(def.steps.map((s) => s.id));
  for (let n = 1; ; n++) if (!used.has(`${type}_${n}`)) return `${type}_${n}`;
}

/** A new step of a type with the schema's defaults and simple placeholders, ending the run. */
export function newStep(def: JourneyDefinition, type: JourneyStepType, ui?: { x: number; y: number }): JourneyStep {
  const id = freshId(def, type);
  const at = ui ? { ui } : {};
  const all = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as Array<'mon'>;
  switch (type) {
    case 'wait':
      return { id, type, duration: '1d', next: null, ...at };
    case 'waitForEvent':
      return { id, type, event: 'Order Completed', where: [], correlated: true, timeout: '1d', next: null, onTimeout: null, ...at };
    case 'waitForWindow':
      return { id, type, start: '09:00', end: '21:00', days: all, timeZone: 'person', next: null, ...at };
    case 'branch':
      return { id, type, branches: [{ label: 'yes', when: { trait: 'plan', op: 'eq', value: 'pro' }, next: null }], otherwise: null, ...at };
    case 'split':
      return { id, type, variants: [{ id: 'a', percent: 45, next: null }, { id: 'b', percent: 45, next: null }], holdout: 10, ...at };
    case 'send':
      return { id, type, channel: 'email', template: { subject: { en: 'Hello' }, body: { en: '<p>Hello {{ person.traits.first_name | default: "there" }}</p>' } }, transactional: false, next: null, ...at };
    case 'webhook':
      return { id, type, url: 'https://example.com/hook', next: null, ...at };
    case 'task':
      return { id, type, title: 'Follow up', priority: 'normal', due: '1d', next: null, ...at };
    case 'setTrait':
      return { id, type, trait: 'journey_flag', value: true, next: null, ...at };
    case 'loop':
      return { id, type, times: 3, body: def.steps[0]?.id ?? id, then: null, ...at };
  }
}

export function addStep(def: JourneyDefinition, type: JourneyStepType, ui?: { x: number; y: number }): { def: JourneyDefinition; id: string } {
  const step = newStep(def, type, ui);
  return { def: { ...def, steps: [...def.steps, step] }, id: step.id };
}

export const LAYER_GAP = 150;
export const COLUMN_GAP = 280;

/**
 * Positions for steps without `ui`: layered by breadth-first depth from `start` (the trigger
 * above it at depth −1), side by side within a layer; steps not reached from the start go
 * in a last layer. Steps with `ui` keep it unless `all`.
 */
export function layout(def: JourneyDefinition, all = false): Map<string, { x: number; y: number }> {
  const byId = new Map(def.steps.map((s) => [s.id, s]));
  const depth = new Map<string, number>();
  const queue: string[] = [];
  if (byId.has(def.start)) {
    depth.set(def.start, 0);
    queue.push(def.start);
  }
  while (queue.length) {
    const id = queue.shift()!;
    for (const [, t] of stepTargets(byId.get(id)!)) {
      if (t !== null && byId.has(t) && !depth.has(t)) {
        depth.set(t, depth.get(id)! + 1);
        queue.push(t);
      }
    }
  }
  const last = Math.max(-1, ...depth.values()) + 1;
  const layers = new Map<number, string[]>();
  for (const s of def.steps) {
    const d = depth.get(s.id) ?? last;
    layers.set(d, [...(layers.get(d) ?? []), s.id]);
  }
  const out = new Map<string, { x: number; y: number }>();
  for (const [d, ids] of layers) {
    ids.forEach((id, k) => {
      const s = byId.get(id)!;
      out.set(id, !all && s.ui ? s.ui : { x: (k - (ids.length - 1) / 2) * COLUMN_GAP, y: (d + 1) * LAYER_GAP });
    });
  }
  return out;
}

/** The trigger node sits above the start step. */
export function triggerPosition(def: JourneyDefinition, positions: Map<string, { x: number; y: number }>): { x: number; y: number } {
  const start = positions.get(def.start);
  return start ? { x: start.x, y: start.y - LAYER_GAP } : { x: 0, y: 0 };
}

/** Every step's position written into `ui` (after an auto-layout). */
export function withPositions(def: JourneyDefinition, positions: Map<string, { x: number; y: number }>): JourneyDefinition {
  return { ...def, steps: def.steps.map((s) => ({ ...s, ui: positions.get(s.id) ?? s.ui })) };
}
