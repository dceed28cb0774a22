// The test kit's workflow: a definition (a file, a builder's output, JSON text, or a state machine of a
// template or cloud assembly) run in process on a virtual clock, with local functions, AWS services when
// given, per-state mocks and TestState for one state. No server, no test runner: it only throws.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  compileMachine,
  decodeDefinition,
  runLocally,
  testState,
  type ExecutionInfo,
  type JsonObject,
  type JsonValue,
  type Machine,
  type TaskInvocation,
  type TaskResult,
  type TestStateRequest,
} from '@stepwise/core';
import type { MockConfig } from '../../runtime/mocks/index.ts';
import { DefinedFunctions, type LocalFunctionDefinition } from '../../runtime/functions/defined-functions.ts';
import { nodeServices } from '../../runtime/services.ts';
import type { AwsConfig } from '../../runtime/tasks/aws/aws-config.ts';
import { createTaskExecutor, type TaskExecutor } from '../../runtime/tasks/executor.ts';
import { integrations } from '../../runtime/tasks/integrations.ts';
import { planPath } from '../../service/iac/load-report.ts';
import { readMockConfig, TestMocks, type InlineMocks, type MockConfigSource } from './test-mocks.ts';
import { WorkflowRun, type FunctionLog } from './workflow-run.ts';
import { TestedState, type TestStateOptions } from './tested-state.ts';

export interface WorkflowOptions {
  /** The state machine's name (MockConfigFile test cases are looked up under it). */
  name?: string;
  /** A folder of local functions (`NAME.js|.mjs|.ts|.py` or an executable `NAME`). */
  functionsDir?: string;
  /** The environment local functions start from; pass `process.env` to give them PATH and credentials. */
  environment?: Readonly<Record<string, string | undefined>>;
  /** The Python interpreter for Python functions (default `python3` on the environment's PATH). */
  python?: string;
  /** Default timeout of the folder's functions, in seconds (Lambda's default: 3). */
  functionTimeoutSeconds?: number;
  /** AWS services for integration Tasks (a moto_server: `{ region, endpoint, credentials }`). */
  aws?: AwsConfig;
  /** A Step Functions Local MockConfigFile (path or object), for `run(input, { testCase })`. */
  mockConfig?: MockConfigSource;
  region?: string;
  accountId?: string;
}

export interface RunOptions {
  /** Responses of mocked states, by state name; these states never run. */
  mocks?: InlineMocks;
  /** A test case of the workflow's mockConfig. */
  testCase?: string;
  /** Virtual start time, epoch milliseconds (default: now). */
  startTime?: number;
  /** The execution's name (default: a random UUID). */
  executionName?: string;
}

interface Source {
  name: string;
  definition: string;
  functions?: readonly LocalFunctionDefinition[];
}

export class Workflow {
  /** The definition as JSON text. */
  readonly definition: string;
  readonly name: string;
  private readonly machine: Machine;
  private readonly region: string;
  private readonly accountId: string;
  private readonly mockConfig: MockConfig | undefined;
  private readonly executor: TaskExecutor;
  private readonly defined: DefinedFunctions;
  private readonly logs: FunctionLog[] = [];

  /** A definition file (`.asl.json`); its name (without `.asl.json`) is the state machine's by default. */
  static fromFile(file: string, options: WorkflowOptions = {}): Workflow {
    const name = basename(file).replace(/(\.asl)?\.json$/i, '');
    return new Workflow({ name, definition: readFileSync(file, 'utf8') }, options);
  }

  /** A definition as JSON text or as a value (what the builder's `buildDefinition(chain)` returns). */
  static fromDefinition(definition: string | JsonObject, options: WorkflowOptions = {}): Workflow {
    const text = typeof definition === 'string' ? definition : JSON.stringify(definition);
    return new Workflow({ name: 'workflow', definition: text }, options);
  }

  /**
   * A state machine of a CloudFormation/SAM template or a CDK cloud assembly (`cdk.out`), by logical id or
   * name, resolved as `stepwise load` resolves it; the template's functions run as the local code it names.
   */
  static fromTemplate(path: string, stateMachine: string, options: WorkflowOptions = {}): Workflow {
    const region = options.region ?? defaultRegion;
    const plan = planPath(path, { region, accountId: options.accountId ?? defaultAccount });
    const found = plan.stateMachines.find((m) => m.logicalId === stateMachine || m.name === stateMachine);
    if (found === undefined) {
      const known = plan.stateMachines.map((m) => `${m.logicalId} (${m.name})`).join(', ') || 'none';
      const problems = plan.problems.map((p) => `\n  not loaded: ${p.logicalId} (${p.type}): ${p.reason}`).join('');
      throw new Error(`${path} has no state machine '${stateMachine}' (loaded: ${known})${problems}`);
    }
    return new Workflow({ name: found.name, definition: found.definition, functions: plan.functions }, options);
  }

  private constructor(source: Source, options: WorkflowOptions) {
    this.definition = source.definition;
    this.name = options.name ?? source.name;
    this.region = options.region ?? defaultRegion;
    this.accountId = options.accountId ?? defaultAccount;
    this.machine = compiled(source.definition);
    this.mockConfig = options.mockConfig === undefined ? undefined : readMockConfig(options.mockConfig);
    const target = { region: this.region, accountId: this.accountId };
    const onLog = (functionName: string, line: string): void => {
      this.logs.push({ functionName, line });
    };
    const shared = {
      ...target,
      onLog,
      ...(options.environment === undefined ? {} : { environment: options.environment }),
    };
    this.defined = new DefinedFunctions({
      ...shared,
      ...(options.python === undefined ? {} : { python: options.python }),
    });
    this.defined.define(source.functions ?? []);
    const { handlers, remoteFunctions } = integrations({
      region: this.region,
      ...(options.aws === undefined ? {} : { aws: options.aws }),
    });
    this.executor = createTaskExecutor({
      ...shared,
      handlers,
      definedFunctions: this.defined.resolve,
      ...(remoteFunctions === undefined ? {} : { remoteFunctions }),
      ...(options.functionsDir === undefined ? {} : { functionsDir: options.functionsDir }),
      ...(options.functionTimeoutSeconds === undefined ? {} : { timeoutSeconds: options.functionTimeoutSeconds }),
    });
  }

  /** Runs one execution to its end on a virtual clock: Waits and retry back-offs take no time. */
  async run(input: JsonValue = {}, options: RunOptions = {}): Promise<WorkflowRun> {
    const mocks = new TestMocks(options.mocks ?? {}, this.mockConfig, this.name, options.testCase);
    const firstLog = this.logs.length;
    const { state, events } = await runLocally(this.machine, {
      execution: this.execution(options.executionName ?? randomUUID()),
      input: JSON.stringify(input),
      startTime: options.startTime ?? Date.now(),
      services: nodeServices,
      invokeTask: async (invocation) => mocks.next(invocation.stateName) ?? this.invoke(invocation),
    });
    return new WorkflowRun({ ...state, events, logs: this.logs.slice(firstLog) });
  }

  /** TestState for one state of this workflow: mocked, or calling its Task for real when no mock is given. */
  async testState(stateName: string, input: JsonValue = {}, options: TestStateOptions = {}): Promise<TestedState> {
    const roleArn = `arn:aws:iam::${this.accountId}:role/stepwise-test`;
    const request: TestStateRequest = {
      roleArn,
      ...TestedState.request(options),
      definition: this.definition,
      stateName,
    };
    request.input = JSON.stringify(input);
    const result = await testState(request, {
      now: () => options.now ?? Date.now(),
      evaluation: nodeServices,
      region: this.region,
      accountId: this.accountId,
      invokeTask: (invocation) => this.invoke(invocation),
    });
    if (result.kind === 'rejected')
      throw new Error(`TestState of '${stateName}' refused: ${result.code}: ${result.message}`);
    return new TestedState(stateName, result.response);
  }

  /** Ends the local functions' worker processes. Call it when the tests are done (e.g. in `after`). */
  close(): void {
    this.executor.close();
    this.defined.close();
  }

  private async invoke(invocation: TaskInvocation): Promise<TaskResult> {
    const outcome = await this.executor.execute(invocation);
    if (!('waitingForCallback' in outcome) && !('handedOver' in outcome) && !('jobStarted' in outcome)) return outcome;
    return {
      error: 'States.TaskFailed',
      cause: `the test kit cannot send task tokens back: mock '${invocation.stateName}', which waits for a callback`,
    };
  }

  private execution(executionName: string): ExecutionInfo {
    const prefix = `arn:aws:states:${this.region}:${this.accountId}`;
    return {
      executionArn: `${prefix}:execution:${this.name}:${executionName}`,
      name: executionName,
      roleArn: `arn:aws:iam::${this.accountId}:role/stepwise-test`,
      stateMachineArn: `${prefix}:stateMachine:${this.name}`,
      stateMachineName: this.name,
    };
  }
}

const defaultRegion = 'us-east-1';
const defaultAccount = '123456789012';

/** Decodes and validates; a definition problem is an error listing each diagnostic where it is. */
function compiled(text: string): Machine {
  const decoded = decodeDefinition(text);
  if (decoded.definition !== undefined) return compileMachine(decoded.definition);
  const lines = decoded.diagnostics.map(
    (d) => `  ${d.location || '/'} (line ${String(d.line)}, column ${String(d.column)}): ${d.code}: ${d.message}`,
  );
  throw new Error(`the definition is not valid:\n${lines.join('\n')}`);
}
