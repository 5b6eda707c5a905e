export { startPostgres, postgresBinDir, POSTGRES_INSTALL, type TestPostgres } from './postgres.js';
export { seedEmbeddedState, openEmbeddedTestState } from './embedded.js';
