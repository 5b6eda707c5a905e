export { importFile } from './import-file.js';
export { ImportError } from './import-error.js';
export type { ImportFormat, ImportOptions, ImportReport, QuarantineSample } from './import-options.js';
export { checkNullMarkers, parseConstants, type ImportConstant, type OptionProblem } from './constants.js';
export type { ImportPhase, ImportProgress } from './import-progress.js';
export type { ImportSuppression } from './drop-suppressed.js';
