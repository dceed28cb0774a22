// Task resources `stepwise run` cannot perform in memory (activities and nested executions live in a server),
// with the words that send the user to `stepwise serve` or to a mock.

const activity = /^arn:aws[\w-]*:states:[^:]*:\d*:activity:/;
const nested = /^arn:aws[\w-]*:states:::(states:startExecution|aws-sdk:sfn:)/;

/** Why `run` cannot perform `resource`, or undefined when it can try. */
export function serverOnlyCause(stateName: string, resource: string): string | undefined {
  const mock = `or mock '${stateName}' with --mocks FILE --test-case NAME`;
  if (activity.test(resource)) {
    return (
      `stepwise run cannot perform the activity ${resource} of '${stateName}': activities need a server whose ` +
      `workers poll for their tasks. Run it with \`stepwise serve\` (create the activity and the state machine ` +
      `there, and start a worker), ${mock}`
    );
  }
  if (nested.test(resource)) {
    return (
      `stepwise run cannot perform ${resource} in '${stateName}': nested executions need a server that holds ` +
      `the child state machine. Run it with \`stepwise serve\` (create both state machines there), ${mock}`
    );
  }
  return undefined;
}
