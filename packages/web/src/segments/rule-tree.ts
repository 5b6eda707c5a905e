import type { FilterOp, ScoreName, SegmentRuleInput } from '@trailmap/core';

// The segment builder's state as a tree, and its conversion to and from the rule JSON. Pure (no
// React, no runtime import of core), so a unit test can check that loading any rule the API holds
// and writing it back gives the same rule: every field is kept exactly as loaded (a duration in
// milliseconds stays milliseconds, an absent op stays absent) until the user edits it.

/** A comparison's value: one scalar, or a list for in / not_in. */
export type Scalar = string | number | boolean;
export type Value = Scalar | Scalar[];
/** A duration as the API takes it: text such as "30d", or milliseconds (the stored form). */
export type Duration = string | number;
/** One or several names (event, touchpoint, channel, stage) of an event matcher. */
export type Names = string | string[];

export const LEAF_KINDS = ['performed', 'trait', 'computedTrait', 'score', 'lastSeen', 'firstSeen', 'inSegment', 'notInSegment'] as const;
/** A leaf's kind; `raw` holds a condition the builder has no fields for (shown as JSON, kept as is). */
export type LeafKind = (typeof LEAF_KINDS)[number] | 'raw';

/** An op and value, with the text the user edits (the value is kept as loaded until the text changes). */
export interface ComparisonDraft {
  op: FilterOp | undefined;
  value: Value | undefined;
  text: string;
}

/** One property filter of a performed condition's event matcher. */
export interface FilterDraft extends ComparisonDraft {
  property: string;
}

/** Which events a performed condition counts (eventMatcherSchema): each field absent, one name or several. */
export interface MatcherDraft {
  event: Names | undefined;
  touchpoint: Names | undefined;
  channel: Names | undefined;
  stage: Names | undefined;
  where: FilterDraft[] | undefined;
}

/** One condition; every kind's fields are kept whatever the kind, so switching kind keeps input. */
export interface LeafDraft {
  kind: LeafKind;
  /** trait, computedTrait and score: the comparison. */
  cmp: ComparisonDraft;
  trait: string;
  computedTrait: string;
  score: ScoreName | '';
  matcher: MatcherDraft;
  /** NaN while the typed count is not a number. */
  atLeast: number | undefined;
  atMost: number | undefined;
  /** performed's window, and firstSeen / lastSeen's. */
  within: Duration | undefined;
  before: string | undefined;
  after: string | undefined;
  segment: string;
  raw: unknown;
}

export interface LeafNode {
  type: 'leaf';
  id: number;
  /** How many NOTs wrap it ({ not: { not: … } } is two). */
  nots: number;
  leaf: LeafDraft;
}
export interface GroupNode {
  type: 'group';
  id: number;
  nots: number;
  match: 'all' | 'any';
  children: TreeNode[];
}
export type TreeNode = LeafNode | GroupNode;

/**
 * The builder's root: a group whose conditions are listed at the top. `bare`: with one condition
 * the rule is that condition itself (no `all` around it), as a rule written by hand usually is.
 */
export interface RootNode extends GroupNode {
  bare: boolean;
}

let lastId = 0;
/** A fresh id for a node (React's key; never part of the rule). */
export const nodeId = (): number => ++lastId;

const NEEDS_NO_VALUE: readonly string[] = ['is_set', 'is_not_set'];
/** Whether an op takes a value (all but is_set / is_not_set). */
export const opTakesValue = (op: FilterOp | undefined): boolean => !NEEDS_NO_VALUE.includes(op ?? 'eq');
/** Whether an op takes a list (in / not_in). */
export const opTakesList = (op: FilterOp | undefined): boolean => op === 'in' || op === 'not_in';

/** A value as the text in its field (a list comma-separated). */
export const valueText = (v: Value | undefined): string => (v === undefined ? '' : Array.isArray(v) ? v.map(String).join(', ') : String(v));

/** Typed text as a value: a number when it reads as one (unless `asText`), else the text; a list for in / not_in. */
export function parseValue(text: string, op: FilterOp | undefined, asText = false): Value | undefined {
  const one = (s: string): Scalar => (!asText && s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);
  if (opTakesList(op)) {
    const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
    return parts.length === 0 ? undefined : parts.map(one);
  }
  return text.trim() === '' ? undefined : one(text.trim());
}

/** Names as the text in their field (several comma-separated). */
export const namesText = (n: Names | undefined): string => (n === undefined ? '' : Array.isArray(n) ? n.join(', ') : n);
/** Typed names: none, one, or a list when commas separate several. */
export function parseNames(text: string): Names | undefined {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : parts;
}

export const newComparison = (): ComparisonDraft => ({ op: 'eq', value: undefined, text: '' });
const emptyMatcher = (): MatcherDraft => ({ event: undefined, touchpoint: undefined, channel: undefined, stage: undefined, where: undefined });

/** A new condition: did any event at least once in the last 30 days. */
export const newLeaf = (): LeafDraft => ({
  kind: 'performed',
  cmp: newComparison(),
  trait: '',
  computedTrait: '',
  score: '',
  matcher: emptyMatcher(),
  atLeast: 1,
  atMost: undefined,
  within: '30d',
  before: undefined,
  after: undefined,
  segment: '',
  raw: undefined,
});
export const newLeafNode = (): LeafNode => ({ type: 'leaf', id: nodeId(), nots: 0, leaf: newLeaf() });
export const newGroupNode = (): GroupNode => ({ type: 'group', id: nodeId(), nots: 0, match: 'all', children: [newLeafNode()] });
/** A new builder: one condition, written bare. */
export const newRoot = (): RootNode => ({ type: 'group', id: nodeId(), nots: 0, match: 'all', children: [newLeafNode()], bare: true });

type Obj = Record<string, unknown>;
const has = (o: Obj, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

const comparisonOf = (o: Obj): ComparisonDraft => ({ op: o.op as FilterOp | undefined, value: o.value as Value | undefined, text: valueText(o.value as Value | undefined) });

function leafOf(rule: Obj): LeafDraft {
  const d = newLeaf();
  d.within = undefined;
  d.atLeast = undefined;
  const keys = Object.keys(rule);
  const only = (...allowed: string[]) => keys.every((k) => allowed.includes(k));
  if (has(rule, 'trait') && typeof rule.trait === 'string' && only('trait', 'op', 'value')) return { ...d, kind: 'trait', trait: rule.trait, cmp: comparisonOf(rule) };
  if (has(rule, 'computedTrait') && typeof rule.computedTrait === 'string' && only('computedTrait', 'op', 'value')) return { ...d, kind: 'computedTrait', computedTrait: rule.computedTrait, cmp: comparisonOf(rule) };
  if (has(rule, 'score') && typeof rule.score === 'string' && only('score', 'op', 'value')) return { ...d, kind: 'score', score: rule.score as ScoreName, cmp: comparisonOf(rule) };
  if (has(rule, 'performed') && only('performed', 'atLeast', 'atMost', 'within')) {
    const m = rule.performed as Obj;
    const known = Object.keys(m).every((k) => ['event', 'touchpoint', 'channel', 'stage', 'where'].includes(k));
    const where = m.where as Obj[] | undefined;
    const filtersKnown = where === undefined || where.every((f) => Object.keys(f).every((k) => ['property', 'op', 'value'].includes(k)));
    if (known && filtersKnown)
      return {
        ...d,
        kind: 'performed',
        matcher: {
          event: m.event as Names | undefined,
          touchpoint: m.touchpoint as Names | undefined,
          channel: m.channel as Names | undefined,
          stage: m.stage as Names | undefined,
          where: where?.map((f) => ({ property: f.property as string, ...comparisonOf(f) })),
        },
        atLeast: rule.atLeast as number | undefined,
        atMost: rule.atMost as number | undefined,
        within: rule.within as Duration | undefined,
      };
  }
  for (const kind of ['firstSeen', 'lastSeen'] as const) {
    if (has(rule, kind) && only(kind)) {
      const w = rule[kind] as Obj;
      if (Object.keys(w).every((k) => ['before', 'after', 'within'].includes(k)))
        return { ...d, kind, before: w.before as string | undefined, after: w.after as string | undefined, within: w.within as Duration | undefined };
    }
  }
  for (const kind of ['inSegment', 'notInSegment'] as const) if (has(rule, kind) && typeof rule[kind] === 'string' && only(kind)) return { ...d, kind, segment: rule[kind] as string };
  return { ...d, kind: 'raw', raw: rule };
}

/** A rule (any the API accepts or answers) as a builder node. */
export function ruleToNode(rule: SegmentRuleInput): TreeNode {
  let r = rule as Obj;
  let nots = 0;
  while (has(r, 'not') && Object.keys(r).length === 1) {
    r = r.not as Obj;
    nots++;
  }
  for (const match of ['all', 'any'] as const) {
    if (has(r, match) && Object.keys(r).length === 1 && Array.isArray(r[match])) return { type: 'group', id: nodeId(), nots, match, children: (r[match] as SegmentRuleInput[]).map(ruleToNode) };
  }
  return { type: 'leaf', id: nodeId(), nots, leaf: leafOf(r) };
}

/** A rule as the builder's root: a top-level all / any lists its conditions; anything else is the one condition, bare. */
export function ruleToRoot(rule: SegmentRuleInput): RootNode {
  const node = ruleToNode(rule);
  if (node.type === 'group' && node.nots === 0) return { ...node, bare: false };
  return { type: 'group', id: nodeId(), nots: 0, match: 'all', children: [node], bare: true };
}

const withNots = (rule: SegmentRuleInput, nots: number): SegmentRuleInput => {
  let r = rule;
  for (let i = 0; i < nots; i++) r = { not: r };
  return r;
};
const defined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** A comparison's op and value, or null while a value it needs is missing. */
function comparisonRule(c: ComparisonDraft): { op?: FilterOp; value?: Value } | null {
  if (opTakesValue(c.op) && c.value === undefined) return null;
  return defined({ op: c.op, value: c.value }) as { op?: FilterOp; value?: Value };
}

/** One condition as rule JSON, or null while a field it needs is empty. */
export function leafRule(d: LeafDraft): SegmentRuleInput | null {
  switch (d.kind) {
    case 'raw':
      return d.raw as SegmentRuleInput;
    case 'trait':
    case 'computedTrait':
    case 'score': {
      const name = d.kind === 'trait' ? d.trait : d.kind === 'computedTrait' ? d.computedTrait : d.score;
      const cmp = comparisonRule(d.cmp);
      if (name === '' || cmp === null) return null;
      return { [d.kind]: name, ...cmp } as SegmentRuleInput;
    }
    case 'performed': {
      const bad = (n: number | undefined) => n !== undefined && (!Number.isInteger(n) || n < 0);
      if (bad(d.atLeast) || bad(d.atMost)) return null;
      const m = d.matcher;
      const where = m.where?.map((f) => {
        const cmp = comparisonRule(f);
        return f.property === '' || cmp === null ? null : { property: f.property, ...cmp };
      });
      if (where?.some((f) => f === null)) return null;
      const performed = defined({ event: m.event, touchpoint: m.touchpoint, channel: m.channel, stage: m.stage, where });
      return defined({ performed, atLeast: d.atLeast, atMost: d.atMost, within: d.within }) as SegmentRuleInput;
    }
    case 'firstSeen':
    case 'lastSeen': {
      const w = defined({ before: d.before, after: d.after, within: d.within });
      if (Object.keys(w).length === 0) return null;
      return { [d.kind]: w } as SegmentRuleInput;
    }
    case 'inSegment':
      return d.segment === '' ? null : { inSegment: d.segment };
    case 'notInSegment':
      return d.segment === '' ? null : { notInSegment: d.segment };
  }
}

/** A node as rule JSON, or null while any condition in it is incomplete. */
export function nodeRule(n: TreeNode): SegmentRuleInput | null {
  if (n.type === 'leaf') {
    const r = leafRule(n.leaf);
    return r === null ? null : withNots(r, n.nots);
  }
  const parts = n.children.map(nodeRule);
  if (parts.length === 0 || parts.some((p) => p === null)) return null;
  return withNots(n.match === 'all' ? { all: parts as SegmentRuleInput[] } : { any: parts as SegmentRuleInput[] }, n.nots);
}

/** The builder's rule, or null while it is incomplete. */
export function rootRule(root: RootNode): SegmentRuleInput | null {
  if (root.bare && root.children.length === 1) {
    const r = nodeRule(root.children[0]!);
    return r === null ? null : withNots(r, root.nots);
  }
  return nodeRule(root);
}

/** all / any / not nesting of the rule the node writes (as core's ruleSize counts it). */
export function nodeDepth(n: TreeNode): number {
  if (n.type === 'leaf') return n.nots;
  return n.nots + 1 + Math.max(0, ...n.children.map(nodeDepth));
}
export function rootDepth(root: RootNode): number {
  return root.bare && root.children.length === 1 ? root.nots + nodeDepth(root.children[0]!) : nodeDepth(root);
}
/** Conditions in the tree. */
export function leafCount(n: TreeNode): number {
  return n.type === 'leaf' ? 1 : n.children.reduce((s, c) => s + leafCount(c), 0);
}

/**
 * The node a field of a 400 names (`rule.all[1].not.performed.where[0].value`) and what is left
 * of the field inside it (`performed.where[0].value`); the root when the path leads nowhere.
 */
export function nodeOfField(root: RootNode, field: string | null): { id: number; rest: string } {
  const tokens = (field ?? '').replace(/\[(\d+)\]/g, '.$1').split('.').filter((s) => s !== '');
  if (tokens[0] === 'rule') tokens.shift();
  let i = 0;
  const skipNots = (n: number) => {
    for (let k = 0; k < n && tokens[i] === 'not'; k++) i++;
  };
  skipNots(root.nots);
  let node: TreeNode = root;
  if (root.bare && root.children.length === 1) node = root.children[0]!;
  else if (tokens[i] !== root.match) return { id: root.id, rest: tokens.slice(i).join('.') };
  for (;;) {
    if (node !== root) skipNots(node.nots);
    if (node.type === 'leaf' || tokens[i] !== node.match) break;
    const child: TreeNode | undefined = node.children[Number(tokens[i + 1])];
    if (!child) break;
    i += 2;
    node = child;
  }
  return { id: node.id, rest: tokens.slice(i).join('.') };
}
