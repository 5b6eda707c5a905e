export * from './key-touchpoints.js';
