// The shape every workload has: a name, and a run that returns its figures. Sizes are scaled down for
// the smoke test, which checks that every execution is correct, never how long it took.

import type { Figure } from './figures.ts';

export interface WorkloadOptions {
  /** 'full' for `npm run bench`, 'smoke' for the test: tiny inputs, one repetition. */
  size: 'full' | 'smoke';
  /** Repetitions per figure; the median is reported. */
  repeats: number;
  /** open-executions: how many to park in a full run (100,000 unless told; fewer while iterating). */
  openExecutions?: number;
  /** map-tasks: a size whose projected wall time exceeds this many seconds is reported, not run (0: none is). */
  mapBudgetSeconds?: number;
  /** map-tasks: the modes to run (all unless told), e.g. distributed-express-pass. */
  mapModes?: string[];
  /** Progress lines (stderr in the CLI, nothing in tests). */
  log: (line: string) => void;
}

export interface Workload {
  name: string;
  run(options: WorkloadOptions): Promise<Figure[]>;
}

/** Thrown when an engine produced a wrong result: a benchmark of wrong executions measures nothing. */
export class WrongResultError extends Error {
  constructor(engine: string, workload: string, detail: string) {
    super(`${engine} produced a wrong result in ${workload}: ${detail}`);
    this.name = 'WrongResultError';
  }
}
