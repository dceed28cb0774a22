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
  if (!callsStepFunctions(c) || c.id.includes('no_such_arn')) return [];
  const arn = (c.input as { StateMachineArn?: unknown } | null)?.StateMachineArn;
  if (typeof arn !== 'string') return [];
  const name = arn.slice(arn.lastIndexOf(':') + 1);
  return [{ name, definition: c.id.includes('failure') ? raiseFailure : passResult }];
}

/** Whether the case's tasks call Step Functions (`states:startExecution`, `aws-sdk:sfn:*`). */
function callsStepFunctions(c: ConformanceCase): boolean {
  return c.services.includes('states') || c.services.includes('aws-sdk:sfn');
}

/** The recorded state machine names a nested case's input names (children, or a name that does not exist). */
export function recordedStateMachineNames(c: ConformanceCase): string[] {
  if (!callsStepFunctions(c)) return [];
  const input = c.input_text ?? '';
  return c.normalisation.replacements
    .filter((r) => r.type === 'literal' && r.harness_value === 'state_machine_name' && input.includes(r.value))
    .map((r) => (r.type === 'literal' ? r.value : ''));
}

/** What the recording test's consumer did with the one task token it read from the case's queue. */
export interface CallbackConsumer {
  /** `sns`: the queue receives the topic's notifications, whose `Message` is the published text. */
  via: 'sqs' | 'sns';
  /** SendTaskHeartbeat calls before the answer. */
  heartbeats: number;
  /** Virtual time the consumer took between reading the message and its first call. */
  delayMillis: number;
  /** The answer, from the published message's text and its parse. */
  answer(text: string, message: Record<string, unknown>): CallbackAnswer;
}

export type CallbackAnswer = { output: string } | { error?: string; cause?: string };

/** The recording test's function name (`test_sqs_wait_for_task_token`), without its parameter. */
export function testFunctionName(c: ConformanceCase): string {
  const test = typeof c.source?.test === 'string' ? c.source.test : '';
  return test.slice(test.lastIndexOf('::') + 2).replace(/\[.*\]$/, '');
}

/** LocalStack's consumer state machines: they poll the queue each second and answer with the message's `Message`. */
const answersWithMessage = (_text: string, message: Record<string, unknown>): CallbackAnswer => ({
  output: JSON.stringify(message.Message ?? null),
});
const failsWithFixedError = (): CallbackAnswer => ({ error: 'Failure error', cause: 'Failure cause' });

/**
 * The consumers of the `.waitForTaskToken` callback tests, by test function. The tests not listed here that
 * create a queue ran no consumer (their task times out), even where they requested a consumer fixture.
 */
const callbackConsumers: Record<string, CallbackConsumer> = {
  test_sqs_wait_for_task_token: { via: 'sqs', heartbeats: 0, delayMillis: 1000, answer: answersWithMessage },
  test_sqs_wait_for_task_token_call_chain: { via: 'sqs', heartbeats: 0, delayMillis: 1000, answer: answersWithMessage },
  test_sqs_failure_in_wait_for_task_token: {
    via: 'sqs',
    heartbeats: 0,
    delayMillis: 1000,
    answer: failsWithFixedError,
  },
  // The local-mocking test, on AWS (where it recorded), ran the failure consumer.
  test_sqs_wait_for_task_token_task_failure: {
    via: 'sqs',
    heartbeats: 0,
    delayMillis: 1000,
    answer: failsWithFixedError,
  },
  test_sqs_failure_in_wait_for_task_tok: { via: 'sqs', heartbeats: 0, delayMillis: 1000, answer: failsWithFixedError },
  test_sqs_wait_for_task_tok_with_heartbeat: {
    via: 'sqs',
    heartbeats: 1,
    delayMillis: 6000,
    answer: answersWithMessage,
  },
  // A thread that fails the task with neither error nor cause.
  test_sqs_failure_in_wait_for_task_tok_no_error_field: {
    via: 'sqs',
    heartbeats: 0,
    delayMillis: 1000,
    answer: () => ({}),
  },
  // A thread that sends ten heartbeats and succeeds with the message's text.
  test_multiple_heartbeat_notifications: {
    via: 'sqs',
    heartbeats: 10,
    delayMillis: 1000,
    answer: (text) => ({ output: text }),
  },
  test_multiple_executions_and_heartbeat_notifications: {
    via: 'sqs',
    heartbeats: 10,
    delayMillis: 1000,
    answer: (text) => ({ output: text }),
  },
  // A thread that reads the topic's notification from the subscribed queue and succeeds with `{}`.
  test_sns_publish_wait_for_task_token: {
    via: 'sns',
    heartbeats: 0,
    delayMillis: 1000,
    answer: () => ({ output: '{}' }),
  },
};

/** The consumer the case's recording test ran for its task token, if it ran one. */
export function callbackConsumer(c: ConformanceCase): CallbackConsumer | undefined {
  if (!c.services.some((service) => service.endsWith('+callback'))) return undefined;
  return callbackConsumers[testFunctionName(c)];
}
