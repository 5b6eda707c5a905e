export * from './compute-pool.js';
export * from './compute-errors.js';
export { COMPUTE_JOBS, runComputeJob, type ComputeKind, type ComputeInput, type ComputeOutput } from './compute-jobs.js';
