import type { JourneyStep, JourneyStepType, JourneyTrigger } from '@trailmap/core';
import type { Translate } from '../i18n/format.js';

export const STEP_ICONS: Record<JourneyStepType | 'trigger', string> = {
  trigger: '▶',
  wait: '◷',
  waitForEvent: '◉',
  waitForWindow: '☾',
  branch: '⋔',
  split: '⚖',
  send: '✉',
  webhook: '⚡',
  task: '☑',
  setTrait: '✎',
  loop: '↻',
};

/** A step's key fields in one line, for its node on the canvas. */
export function stepSummary(s: JourneyStep, t: Translate): string {
  switch (s.type) {
    case 'wait':
      return t('jb.sum.wait', { duration: s.duration });
    case 'waitForEvent':
      return t('jb.sum.waitForEvent', { event: s.event, timeout: s.timeout });
    case 'waitForWindow':
      return t('jb.sum.waitForWindow', { start: s.start, end: s.end, tz: s.timeZone });
    case 'branch':
      return t('jb.sum.branch', { n: s.branches.length });
    case 'split':
      return [...s.variants.map((v) => `${v.id} ${v.percent}%`), ...(s.holdout ? [t('jb.sum.holdout', { n: s.holdout })] : [])].join(' · ');
    case 'send':
      return `${t(`jb.channel.${s.channel}`)}${s.template.subject?.en ? ` · ${s.template.subject.en}` : ''}`;
    case 'webhook':
      return s.url;
    case 'task':
      return `${s.title} · ${t(`jb.priority.${s.priority}`)}`;
    case 'setTrait':
      return `${s.trait} = ${JSON.stringify(s.value)}`;
    case 'loop':
      return t('jb.sum.loop', { n: s.times });
  }
}

export function triggerSummary(tr: JourneyTrigger, t: Translate): string {
  switch (tr.type) {
    case 'event':
      return tr.correlate ? t('jb.sum.eventCorrelate', { event: tr.event, key: tr.correlate }) : tr.event;
    case 'segment':
      return t(`jb.sum.segment.${tr.on}`, { segment: tr.segment });
    case 'schedule':
      return t('jb.sum.schedule', { at: tr.at, tz: tr.timeZone, segment: tr.segment });
    case 'dateTrait':
      return t('jb.sum.dateTrait', { trait: tr.trait, offset: tr.offset, at: tr.at });
  }
}
