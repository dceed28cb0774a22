// A Distributed Map's run in memory, for the local runner: each child is an execution of its own, run to
// its end on the virtual clock one after another (their order does not show in the parent's history),
// until all ended or the failures exceed the tolerance.

import { decodeDefinition } from '../definition/decode.ts';
import { compileMachine, type Machine } from '../engine/machine.ts';
import type { EngineInput, ExecutionState, MapRunOutcome, MapRunSpec } from '../engine/types.ts';
import {
  mapRunChildExecutionArn,
  mapRunChildMachineArn,
  mapRunChildMachineName,
  mapRunToleranceExceeded,
} from './map-run-rules.ts';

/** How one child ran: its final state. */
export type RunChild = (machine: Machine, child: ChildStart) => Promise<ExecutionState>;

export interface ChildStart {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string;
  input: string;
}

/** Runs the map run's children; the MapRunEnded input for the parent and the time its last child ended. */
export async function runMapRunLocally(
  spec: MapRunSpec,
  uuid: () => string,
  runChild: RunChild,
): Promise<{ input: EngineInput; endTime: number | undefined }> {
  const decoded = decodeDefinition(spec.definition);
  if (decoded.definition === undefined) throw new Error(`map run ${spec.mapRunArn}: its processor does not decode`);
  const machine = compileMachine(decoded.definition);
  const outputs: (string | null)[] = [];
  const failures: Record<number, { error: string; cause?: string }> = {};
  let failed = 0;
  let endTime: number | undefined;
  let outcome: MapRunOutcome | undefined;
  for (const [index, input] of spec.inputs.entries()) {
    const name = uuid();
    const state = await runChild(machine, {
      executionArn: mapRunChildExecutionArn(spec.mapRunArn, name),
      name,
      stateMachineArn: mapRunChildMachineArn(spec.mapRunArn),
      stateMachineName: mapRunChildMachineName(spec.mapRunArn),
      roleArn: spec.roleArn,
      input: JSON.stringify(input),
    });
    if (state.stopTime !== undefined) endTime = Math.max(endTime ?? state.stopTime, state.stopTime);
    if (state.status === 'SUCCEEDED') {
      outputs[index] = state.output ?? 'null';
      continue;
    }
    outputs[index] = null;
    failures[index] = { error: state.error ?? '', ...(state.cause === undefined ? {} : { cause: state.cause }) };
    failed += 1;
    if (mapRunToleranceExceeded(spec, failed, spec.inputs.length)) {
      outcome = { status: 'FAILED' };
      break;
    }
  }
  outcome ??= { status: 'SUCCEEDED', outputs, failures };
  return { input: { type: 'MapRunEnded', mapRunArn: spec.mapRunArn, outcome }, endTime };
}
