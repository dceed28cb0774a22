// Black box: traces of `stepwise serve` received by a local OTLP collector. A parent execution (started
// with the AWS SDK and a traceHeader) runs a child execution (`startExecution.sync:2`) that calls a local
// Lambda function; the spans link execution → state → task → child execution → state → task, in the
// trace the header named, and the function sees its task span as `_X_AMZN_TRACE_ID` and in its context.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CreateStateMachineCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.ts';
import { startServer, type ServerProcess } from './server-process.ts';
import { createMachine, ended, eventually, roleArn, sfnClient } from './sfn-client.ts';

const functions = fileURLToPath(new URL('./functions', import.meta.url));
const account = '123456789012';
const machine = (name: string): string => `arn:aws:states:us-east-1:${account}:stateMachine:${name}`;
const echo = `arn:aws:lambda:us-east-1:${account}:function:trace-echo`;
const traceHeader = 'Root=1-6571a2b3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1';

const child = { StartAt: 'Echo', States: { Echo: { Type: 'Task', Resource: echo, End: true } } };
const parent = {
  StartAt: 'Child',
  States: {
    Child: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: { StateMachineArn: machine('traced-child') },
      End: true,
    },
  },
};

function only(spans: readonly ReceivedSpan[], check: (span: ReceivedSpan) => boolean, what: string): ReceivedSpan {
  const found = spans.filter(check);
  assert.equal(found.length, 1, `one ${what} span, got ${found.map((span) => span.name).join(', ')}`);
  return found[0] as ReceivedSpan;
}

const executionSpan = (spans: readonly ReceivedSpan[], arn: string): ReceivedSpan =>
  only(spans, (span) => span.attributes['aws.stepfunctions.execution.arn'] === arn, `execution ${arn}`);
const stateSpan = (spans: readonly ReceivedSpan[], name: string): ReceivedSpan =>
  only(spans, (span) => span.attributes['aws.stepfunctions.state.name'] === name, `state ${name}`);
const taskSpan = (spans: readonly ReceivedSpan[], parentSpanId: string): ReceivedSpan =>
  only(spans, (span) => span.parentSpanId === parentSpanId && span.kind === 3, 'task');

describe('traces: serve --otlp-endpoint', () => {
  let receiver: OtlpReceiver;
  let server: ServerProcess;
  let sfn: SFNClient;

  before(async () => {
    receiver = await startOtlpReceiver();
    server = await startServer(['--functions', functions, '--otlp-endpoint', receiver.url]);
    sfn = sfnClient(server.url);
  });

  after(async () => {
    sfn.destroy();
    assert.equal(await server.stop(), 0);
    await receiver.close();
  });

  it('links the spans of a nested execution and a Lambda task, in the trace of the traceHeader', async () => {
    await createMachine(sfn, 'traced-child', child);
    await createMachine(sfn, 'traced-parent', parent);
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine('traced-parent'), input: '{}', traceHeader }),
    );
    const parentArn = started.executionArn ?? '';
    const done = await ended(sfn, parentArn);
    assert.equal(done.status, 'SUCCEEDED');
    // `.sync:2` hands back the child's output as JSON, not as a string of it.
    const childOutput = (JSON.parse(done.output ?? '{}') as { Output: Record<string, string> }).Output;
    const spans = await eventually(
      () => Promise.resolve(receiver.spans),
      (received) => received.some((span) => span.attributes['aws.stepfunctions.execution.arn'] === parentArn),
    );
    assert.deepEqual(receiver.rejected, []);
    const traceId = '6571a2b30123456789abcdef01234567';
    for (const span of spans) assert.equal(span.traceId, traceId, `${span.name} is in the traceHeader's trace`);
    const root = executionSpan(spans, parentArn);
    assert.equal(root.parentSpanId, '53995c3f42cd8ad8', "the execution's caller is the traceHeader's Parent");
    assert.equal(root.serviceName, 'stepwise');
    const childState = stateSpan(spans, 'Child');
    assert.equal(childState.parentSpanId, root.spanId);
    const startTask = taskSpan(spans, childState.spanId);
    assert.match(startTask.name, /states:startExecution\.sync:2/);
    const childExecution = only(
      spans,
      (span) => span.attributes['aws.stepfunctions.state_machine.arn'] === machine('traced-child'),
      'child execution',
    );
    assert.equal(childExecution.parentSpanId, startTask.spanId, "the child execution runs under its parent's task");
    const echoState = stateSpan(spans, 'Echo');
    assert.equal(echoState.parentSpanId, childExecution.spanId);
    const lambdaTask = taskSpan(spans, echoState.spanId);
    assert.match(lambdaTask.name, /trace-echo/);
    const expected = `Root=1-6571a2b3-0123456789abcdef01234567;Parent=${lambdaTask.spanId};Sampled=1`;
    assert.equal(childOutput.env, expected, '_X_AMZN_TRACE_ID names the Lambda task span');
    assert.equal(childOutput.context, expected, 'context.xRayTraceId names the Lambda task span');
  });
});

describe('traces: TracingConfiguration.enabled', () => {
  let receiver: OtlpReceiver;
  let server: ServerProcess;
  let sfn: SFNClient;

  before(async () => {
    receiver = await startOtlpReceiver();
    server = await startServer(['--functions', functions], { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
    sfn = sfnClient(server.url);
  });

  after(async () => {
    sfn.destroy();
    assert.equal(await server.stop(), 0);
    await receiver.close();
  });

  it('traces the machines that enable tracing, and only those', async () => {
    const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    for (const [name, enabled] of [
      ['quiet', false],
      ['traced', true],
    ] as const) {
      await sfn.send(new CreateStateMachineCommand({ name, roleArn, definition, tracingConfiguration: { enabled } }));
    }
    const quiet = (await sfn.send(new StartExecutionCommand({ stateMachineArn: machine('quiet') }))).executionArn;
    await ended(sfn, quiet ?? '');
    const traced = (await sfn.send(new StartExecutionCommand({ stateMachineArn: machine('traced') }))).executionArn;
    await ended(sfn, traced ?? '');
    const spans = await eventually(
      () => Promise.resolve(receiver.spans),
      (received) => received.some((span) => span.attributes['aws.stepfunctions.execution.arn'] === traced),
    );
    const root = executionSpan(spans, traced ?? '');
    assert.equal(root.parentSpanId, '');
    assert.equal(stateSpan(spans, 'P').parentSpanId, root.spanId);
    // Spans leave in the order they end: the quiet execution ended first, so its spans would be here by now.
    assert.equal(spans.length, 2, spans.map((span) => span.name).join(', '));
  });
});
