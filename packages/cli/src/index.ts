export { main, usage, COMMANDS } from './main.js';
export type { Io } from './context.js';
export { parseMapping } from './commands/ingest.command.js';
