export * from './shared/duration.js';
export * from './shared/analytics-event.js';
export * from './shared/property-filter.js';
export * from './shared/event-matcher.js';
export * from './shared/time-range.js';
export * from './shared/person-filter.js';
export * from './shared/sessions.js';
