import { MESSAGE_TYPES, type MessageType } from '@trailmap/core';

export interface CollectionEndpoint {
  path: string;
  kind: MessageType | 'batch';
}

/**
 * Every route that takes events: Segment's HTTP API (`/v1/track`…, `/v1/batch`, `/v1/import`)
 * and the short paths analytics-next posts to from browsers — the type's first letter
 * (`/v1/t`, `/v1/p`, `/v1/i`, `/v1/g`, `/v1/a`, `/v1/s`) and `/v1/b` for its batching delivery.
 */
export const COLLECTION_ENDPOINTS: readonly CollectionEndpoint[] = [
  ...MESSAGE_TYPES.map((t) => ({ path: `/v1/${t}`, kind: t })),
  { path: '/v1/batch', kind: 'batch' },
  { path: '/v1/import', kind: 'batch' },
  ...MESSAGE_TYPES.map((t) => ({ path: `/v1/${t.charAt(0)}`, kind: t })),
  { path: '/v1/b', kind: 'batch' },
];
