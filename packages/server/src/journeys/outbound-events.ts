import type { PersonContext } from '@trailmap/core';

/** A Segment message the server will ingest for the journey engine (through the outbound table). */
export interface OutboundEvent {
  messageId: string;
  payload: Record<string, unknown>;
}

type Ids = Pick<PersonContext, 'userId' | 'anonymousId'>;

const CHANNEL_LABEL: Record<string, string> = { email: 'Email', sms: 'SMS', push: 'Push Notification', inapp: 'In-App Message', webhook: 'Webhook' };
/** The business channel the touchpoint catalogue files each under (its first rules read context.channel). */
const CONTEXT_CHANNEL: Record<string, string> = { email: 'email', sms: 'sms', push: 'push', inapp: 'app' };
const STATUS_LABEL: Record<string, string> = {
  queued: 'Queued',
  sent: 'Sent',
  delivered: 'Delivered',
  opened: 'Opened',
  clicked: 'Link Clicked',
  failed: 'Failed',
  bounced: 'Bounced',
  skipped: 'Skipped',
};

const who = (p: Ids) => (p.userId !== null ? { userId: p.userId } : p.anonymousId !== null ? { anonymousId: p.anonymousId } : null);

/** `Email Sent`, `SMS Failed`, `Push Notification Opened`…: a message's status as an event, so it is a touchpoint in maps, funnels and attribution. */
export function messageStatusEvent(
  p: Ids,
  m: { id: string; channel: string; journeyId: string; version: number; stepId: string; transactional: boolean },
  status: string,
  at: number,
  reason: string | null = null,
): OutboundEvent | null {
  const ids = who(p);
  if (!ids) return null;
  const channel = CONTEXT_CHANNEL[m.channel];
  return {
    messageId: `tm-msg:${m.id}:${status}`,
    payload: {
      type: 'track',
      ...ids,
      event: `${CHANNEL_LABEL[m.channel] ?? m.channel} ${STATUS_LABEL[status] ?? status}`,
      timestamp: new Date(at).toISOString(),
      properties: { message_id: m.id, journey_id: m.journeyId, journey_version: m.version, step_id: m.stepId, channel: m.channel, status, transactional: m.transactional, ...(reason ? { reason } : {}) },
      context: { library: { name: 'trailmap-journeys', version: '1' }, ...(channel ? { channel } : {}) },
    },
  };
}

/** Segment's "Experiment Viewed" for a split's assignment (the experiments issue reads these). */
export function exposureEvent(p: Ids, e: { key: string; journeyId: string; stepId: string; experiment: string; variant: string }, at: number): OutboundEvent | null {
  const ids = who(p);
  if (!ids) return null;
  return {
    messageId: `tm-exp:${e.key}`,
    payload: {
      type: 'track',
      ...ids,
      event: 'Experiment Viewed',
      timestamp: new Date(at).toISOString(),
      properties: { experiment_id: e.experiment, variation_id: e.variant, journey_id: e.journeyId, step_id: e.stepId },
      context: { library: { name: 'trailmap-journeys', version: '1' } },
    },
  };
}

/** An identify that sets one trait (a journey's setTrait step). */
export function traitEvent(p: Ids, e: { key: string; trait: string; value: unknown }, at: number): OutboundEvent | null {
  const ids = who(p);
  if (!ids) return null;
  return {
    messageId: `tm-trait:${e.key}`,
    payload: { type: 'identify', ...ids, traits: { [e.trait]: e.value }, timestamp: new Date(at).toISOString(), context: { library: { name: 'trailmap-journeys', version: '1' } } },
  };
}
