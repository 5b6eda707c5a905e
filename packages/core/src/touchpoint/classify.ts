import type { MessageType } from '../event/message.schema.js';
import type { NormalizedEvent } from '../event/normalized-event.js';
import type { TouchpointRule } from './rules.js';
import { CHANNEL_TYPE, type Channel, type Stage, type TouchpointType } from './vocabulary.js';

/** The event fields classification looks at; SQL extracts the same ones from stored columns. */
export interface ClassifyInput {
  type: MessageType;
  /** Track event name, or page/screen name. */
  label: string | null;
  path: string | null;
  utmMedium: string | null;
  utmSource: string | null;
  contextChannel: string | null;
}

export interface Touchpoint {
  touchpoint: string;
  channel: Channel;
  type: TouchpointType;
  stage: Stage;
}

export const FALLBACK_CHANNEL: Channel = 'other';
export const FALLBACK_STAGE: Stage = 'interest';

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** Pull the classification fields out of a stored event. */
export function classifyInput(e: NormalizedEvent): ClassifyInput {
  const ctx = JSON.parse(e.context) as Record<string, any>;
  const props = JSON.parse(e.properties) as Record<string, any>;
  return {
    type: e.type,
    label: e.event ?? e.name,
    path: str(ctx.page?.path) ?? str(props.path),
    utmMedium: str(ctx.campaign?.medium) ?? str(props.utm_medium),
    utmSource: str(ctx.campaign?.source) ?? str(props.utm_source),
    contextChannel: str(ctx.channel),
  };
}

/** Default touchpoint name: the event name, the page/screen name or path, or the message type. */
export function defaultTouchpointName(i: ClassifyInput): string {
  switch (i.type) {
    case 'track':
      return i.label ?? 'track';
    case 'page':
      return i.label ?? i.path ?? 'Page';
    case 'screen':
      return i.label ?? 'Screen';
    case 'identify':
      return 'Identify';
    case 'group':
      return 'Group';
    case 'alias':
      return 'Alias';
  }
}

const cache = new Map<string, RegExp>();
const re = (p: string) => {
  let r = cache.get(p);
  if (!r) cache.set(p, (r = new RegExp(p, 'i')));
  return r;
};
const test = (pattern: string | undefined, value: string | null) =>
  pattern === undefined || (value !== null && re(pattern).test(value));

export function ruleMatches(rule: TouchpointRule, i: ClassifyInput): boolean {
  const m = rule.match;
  return (
    (m.type === undefined || m.type.includes(i.type)) &&
    test(m.event, i.label) &&
    test(m.path, i.path) &&
    test(m.utmMedium, i.utmMedium) &&
    test(m.utmSource, i.utmSource) &&
    test(m.contextChannel, i.contextChannel)
  );
}

/** Reference classifier; the warehouse compiles the same rules to SQL and tests agree on both. */
export function classify(i: ClassifyInput, rules: readonly TouchpointRule[]): Touchpoint {
  let touchpoint: string | undefined;
  let channel: Channel | undefined;
  let type: TouchpointType | undefined;
  let stage: Stage | undefined;
  for (const rule of rules) {
    if (touchpoint && channel && type && stage) break;
    if (!ruleMatches(rule, i)) continue;
    touchpoint ??= rule.set.touchpoint;
    channel ??= rule.set.channel;
    type ??= rule.set.type;
    stage ??= rule.set.stage;
  }
  const ch = channel ?? FALLBACK_CHANNEL;
  return {
    touchpoint: touchpoint ?? defaultTouchpointName(i),
    channel: ch,
    type: type ?? CHANNEL_TYPE[ch],
    stage: stage ?? FALLBACK_STAGE,
  };
}
