import type { JourneyDefinitionInput } from '@trailmap/core';

/** What a new journey starts from: one wait step after a sign-up, to be edited in the builder. */
export function blankJourney(name: string): JourneyDefinitionInput {
  return {
    name,
    trigger: { type: 'event', event: 'Signed Up' },
    start: 'wait_1',
    steps: [{ id: 'wait_1', type: 'wait', duration: '1d', next: null }],
  };
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}
