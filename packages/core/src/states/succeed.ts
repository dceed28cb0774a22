// Succeed: ends its block successfully with its (filtered) input as output.

import { applyOutputPath, effectiveInput } from '../engine/io.ts';
import type { CompiledState } from '../engine/machine.ts';
import { derivePayload } from '../engine/payload.ts';
import type { Outcome, Run } from '../engine/run.ts';
import type { ThreadState } from '../engine/types.ts';

export function executeSucceed(run: Run, thread: ThreadState, state: CompiledState): Outcome {
  const output = applyOutputPath(run, thread, state, effectiveInput(run, thread, state));
  return { kind: 'exit', output: derivePayload(thread.input, output) };
}
