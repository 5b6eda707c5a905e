/** Customer experience: signals derived from what customers say. */
export * from './sentiment/index.js';
