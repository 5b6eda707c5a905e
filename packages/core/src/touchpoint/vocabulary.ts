import { z } from 'zod';

export const CHANNELS = ['web', 'app', 'store', 'email', 'sms', 'push', 'social', 'ads', 'support', 'partner', 'other'] as const;
export const TOUCHPOINT_TYPES = ['digital', 'physical', 'social', 'human'] as const;
/** Journey stages in order: awareness → interest → consideration → conversion → loyalty/advocacy. */
export const STAGES = ['awareness', 'interest', 'consideration', 'conversion', 'loyalty'] as const;

export const channelSchema = z.enum(CHANNELS);
export const touchpointTypeSchema = z.enum(TOUCHPOINT_TYPES);
export const stageSchema = z.enum(STAGES);

export type Channel = (typeof CHANNELS)[number];
export type TouchpointType = (typeof TOUCHPOINT_TYPES)[number];
export type Stage = (typeof STAGES)[number];

/** The type a channel implies when no rule says otherwise. */
export const CHANNEL_TYPE: Record<Channel, TouchpointType> = {
  web: 'digital',
  app: 'digital',
  email: 'digital',
  sms: 'digital',
  push: 'digital',
  ads: 'digital',
  partner: 'digital',
  other: 'digital',
  store: 'physical',
  social: 'social',
  support: 'human',
};
