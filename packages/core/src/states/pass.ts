// Pass: passes its input (or its Result, or its Parameters) to its output through the JSONPath pipeline.

import type { PassState } from '../asl/types.ts';
import { applyOutputPath, applyResultPath, applyTemplate, effectiveInput } from '../engine/io.ts';
import type { CompiledState } from '../engine/machine.ts';
import { derivePayload } from '../engine/payload.ts';
import type { Outcome, Run } from '../engine/run.ts';
import type { ThreadState } from '../engine/types.ts';

export function executePass(run: Run, thread: ThreadState, state: CompiledState, def: PassState): Outcome {
  const input = effectiveInput(run, thread, state);
  const result = def.Result !== undefined ? def.Result : applyTemplate(run, thread, state.parameters, input);
  const output = applyOutputPath(run, thread, state, applyResultPath(thread, state.resultPath, result));
  return { kind: 'exit', output: derivePayload(thread.input, output) };
}
