/**
 * Names of the twin's special states. Touchpoint states are named by their label (or
 * `label@stage`); the three names below are reserved and written in parentheses so that they
 * cannot be confused with an event name.
 */

/** Where every journey begins (a transient state with no dwell time). */
export const TWIN_START = '(start)';
/** Absorbing: the journey converted. */
export const TWIN_CONVERSION = '(conversion)';
/** Absorbing: the journey ended without converting (the "null" state of Markov attribution). */
export const TWIN_DROP = '(null)';
/** Touchpoints seen fewer than `minCount` times are pooled into this state. */
export const TWIN_OTHER = '(other)';

/** How a journey state is named in the chain. */
export type TwinStateKey = 'label' | 'label@stage';

export const twinStateName = (key: TwinStateKey, label: string, stage: string): string =>
  key === 'label' ? label : `${label}@${stage}`;
