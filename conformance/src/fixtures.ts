// What the recording tests set up outside a case, reproduced from what the corpus records of them: the
// activity worker of the activity cases (LocalStack's `sfn_activity_consumer` fixture), and the child
// state machines that nested-execution cases start.

import type { ConformanceCase } from './case.ts';

/** A worker that takes the case's activity task and answers it. */
export interface ActivityConsumer {
  /** Absent for the test that polled without one. */
  workerName?: string;
  answer(input: string): { output: string } | { error: string; cause: string };
}

/**
 * The recording tests' worker answers with the task's input, or (the failure test) fails with error
 * `Programmatic Error` and the input as cause; one test polls without a worker name. Undefined when the
 * case ran no worker (its activity does not exist).
 */
export function activityConsumer(c: ConformanceCase): ActivityConsumer | undefined {
  if (!(c.external_fixtures ?? []).includes('sfn_activity_consumer')) return undefined;
  const fails = c.id.endsWith('_failure');
  const consumer: ActivityConsumer = {
    answer: (input) => (fails ? { error: 'Programmatic Error', cause: input } : { output: input }),
  };
  if (!c.id.includes('no_worker_name')) consumer.workerName = 'BASE_ID_ACTIVITY_CONSUMER';
  return consumer;
}

/** The activity ARN of the case's first Task whose resource is one. */
export function activityArnOf(c: ConformanceCase): string | undefined {
  const found = JSON.stringify(c.definition).match(/arn:aws:states:[\w-]+:\d{12}:activity:[^"]+/);
  return found?.[0];
}

export interface ChildMachine {
  name: string;
  definition: object;
}

/** The child the recording tests created: a Pass with a fixed result, or (the failure test) a Fail. */
const passResult = {
  StartAt: 'State_1',
  States: { State_1: { Type: 'Pass', Result: { Arg1: 'argument1' }, End: true } },
};
const raiseFailure = {
  StartAt: 'State_1',
  States: {
    State_1: { Type: 'Fail', Error: 'SomeFailure', Cause: "This state machines raises a 'SomeFailure' failure." },
  },
};

/** The state machine a nested-execution case starts (named as in its input), when the test created one. */
export function childMachines(c: ConformanceCase): ChildMachine[] {
  if (!c.services.includes('states') || c.id.includes('no_such_arn')) return [];
  const arn = (c.input as { StateMachineArn?: unknown } | null)?.StateMachineArn;
  if (typeof arn !== 'string') return [];
  const name = arn.slice(arn.lastIndexOf(':') + 1);
  return [{ name, definition: c.id.includes('failure') ? raiseFailure : passResult }];
}

/** The recorded state machine names a nested case's input names (children, or a name that does not exist). */
export function recordedStateMachineNames(c: ConformanceCase): string[] {
  if (!c.services.includes('states')) return [];
  const input = c.input_text ?? '';
  return c.normalisation.replacements
    .filter((r) => r.type === 'literal' && r.harness_value === 'state_machine_name' && input.includes(r.value))
    .map((r) => (r.type === 'literal' ? r.value : ''));
}
