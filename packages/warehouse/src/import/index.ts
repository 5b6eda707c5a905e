export { importFile } from './import-file.js';
export { ImportError } from './import-error.js';
export type { ImportFormat, ImportOptions, ImportReport, QuarantineSample } from './import-options.js';
