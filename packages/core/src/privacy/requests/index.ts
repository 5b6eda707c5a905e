export * from './privacy-request.js';
export * from './privacy-deadline.js';
export * from './privacy-steps.js';
export * from './privacy-config.schema.js';
