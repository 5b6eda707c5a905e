export * from './journey-note.js';
