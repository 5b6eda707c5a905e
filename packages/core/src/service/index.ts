/** Proactive service: triggers that turn signals into service tasks (docs/service.md). */
export * from './service-task.js';
export * from './service-config.schema.js';
export * from './service-signals.js';
export * from './service-routing.js';
export * from './service-triggers.js';
export * from './service-events.js';
