// The two in-process engines, each used the way its users use it: Stepwise's runLocally (what
// `stepwise run` does) and aws-local-stepfunctions' StateMachine.run. Both compile the definition once;
// each run takes a JSON value in and gives a JSON value back, so the same check applies to both.

import {
  compileMachine,
  decodeDefinition,
  runLocally,
  type ExecutionInfo,
  type JsonValue,
  type Machine,
} from '@stepwise/core';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { nodeServices } from 'stepwise';

/** Runs one execution to its end and returns its output; throws when it did not succeed. */
export type Runner = (input: JsonValue) => Promise<JsonValue>;

export interface InProcessEngine {
  name: string;
  prepare(definition: object): Runner;
}

const execution: ExecutionInfo = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:bench:run',
  name: 'run',
  roleArn: 'arn:aws:iam::123456789012:role/bench',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:bench',
  stateMachineName: 'bench',
};

export const stepwiseEngine: InProcessEngine = {
  name: 'stepwise',
  prepare(definition) {
    const decoded = decodeDefinition(JSON.stringify(definition));
    if (decoded.definition === undefined) {
      throw new Error(`invalid benchmark definition: ${JSON.stringify(decoded.diagnostics.slice(0, 3))}`);
    }
    const machine: Machine = compileMachine(decoded.definition);
    return async (input) => {
      const { state } = await runLocally(machine, {
        execution,
        input: JSON.stringify(input),
        startTime: Date.now(),
        services: nodeServices,
        invokeTask: () => Promise.reject(new Error('the benchmark machines have no tasks')),
      });
      if (state.status !== 'SUCCEEDED' || state.output === undefined) {
        throw new Error(`stepwise: execution ${state.status}: ${state.error ?? ''} ${state.cause ?? ''}`);
      }
      return JSON.parse(state.output) as JsonValue;
    };
  },
};

export const peerEngine: InProcessEngine = {
  name: 'aws-local-stepfunctions',
  prepare(definition) {
    const machine = new StateMachine(definition as StateMachineDefinition, {
      validationOptions: { checkArn: false },
    });
    return async (input) => {
      return machine.run(input).result;
    };
  },
};
