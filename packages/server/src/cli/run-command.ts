// `stepwise run DEFINITION.json`: runs a definition in memory on a virtual clock (Waits and back-offs
// take no time) and prints its output, or its error and cause. Exit 0 SUCCEEDED, 1 otherwise, 2 invalid.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  functionNameOf,
  compileMachine,
  decodeDefinition,
  runLocally,
  type ExecutionInfo,
  type HistoryEvent,
  type TaskInvocation,
  type TaskResult,
} from '@stepwise/core';
import { nodeServices } from '../runtime/services.ts';
import { candidateNames, findFunction } from '../runtime/functions/function-files.ts';
import { createTaskExecutor, type TaskExecutor } from '../runtime/tasks/executor.ts';
import { loadMockConfig, MockConfigError, MockedExecution } from '../runtime/mocks/index.ts';
import { integrations } from '../runtime/tasks/integrations.ts';
import { parseArgs, stringOption, UsageError, type ParsedArgs } from './args.ts';
import { integrationOptionNames, integrationOptionsFrom } from './integration-options.ts';
import type { Io } from './io.ts';
import { printJsonReport } from './json-report.ts';
import { serverOnlyCause } from './server-only-resources.ts';
import { printDiagnostics } from './validate-command.ts';

const region = 'us-east-1';
const account = '123456789012';

const valuedOptions = ['input', 'input-file', 'functions', 'function-timeout', 'mocks', 'test-case', 'name'];

export async function runCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['history', 'json'], [...valuedOptions, ...integrationOptionNames]);
  const file = args.positional[0];
  if (file === undefined) throw new UsageError('run needs a definition file: stepwise run DEFINITION.json');
  const decoded = decodeDefinition(readFileSync(file, 'utf8'));
  if (decoded.definition === undefined) {
    printDiagnostics(file, decoded.diagnostics, io);
    return 2;
  }
  const input = readInput(args);
  const functionsDir = resolve(stringOption(args, 'functions') ?? 'functions');
  const name = stringOption(args, 'name') ?? machineName(file);
  let mocks: MockedExecution | undefined;
  try {
    mocks = readMocks(args, name);
  } catch (error) {
    if (!(error instanceof MockConfigError)) throw error;
    io.err(`stepwise: bad mock configuration\n${error.message}`);
    return 2;
  }
  const { handlers, remoteFunctions } = integrations(integrationOptionsFrom(args, process.env, region));
  const executor = createTaskExecutor({
    handlers,
    ...(remoteFunctions === undefined ? {} : { remoteFunctions }),
    functionsDir,
    region,
    accountId: account,
    timeoutSeconds: functionTimeout(args),
    environment: process.env,
    onLog: (fn, line) => {
      io.err(`[${fn}] ${line}`);
    },
  });
  const execution = localExecution(name);
  try {
    const { state, events } = await runLocally(compileMachine(decoded.definition), {
      execution,
      input,
      startTime: Date.now(),
      services: nodeServices,
      invokeTask: async (invocation) => mocks?.next(invocation.stateName) ?? invokeLocalTask(invocation, executor),
    });
    if (args.options.has('json')) {
      const report = { status: state.status, output: parse(state.output), error: state.error, cause: state.cause };
      printJsonReport(report, args.options.has('history') ? events : undefined, io);
    } else {
      if (args.options.has('history')) printHistory(events, io);
      printOutcome(state, io);
      hintMissingFunction(state.error, state.cause, functionsDir, io);
    }
    return state.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    executor.close();
  }
}

/** The state machine's name: the file's name without `.asl.json` / `.json`, as a valid name. */
function machineName(file: string): string {
  const base = basename(file).replace(/(\.asl)?\.(json|ya?ml)$/i, '');
  return base.replace(/[^A-Za-z0-9_-]/g, '_') || 'machine';
}

function functionTimeout(args: ParsedArgs): number | undefined {
  const text = stringOption(args, 'function-timeout');
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 900) {
    throw new UsageError(
      `--function-timeout must be a number of seconds from 0 to 900 (Lambda's limit), not '${text}'`,
    );
  }
  return seconds;
}

/** `--mocks FILE --test-case NAME`: the test case of this state machine, its invocations counted per state. */
function readMocks(args: ParsedArgs, machine: string): MockedExecution | undefined {
  const file = stringOption(args, 'mocks');
  const testCase = stringOption(args, 'test-case');
  if (file === undefined && testCase === undefined) return undefined;
  if (file === undefined || testCase === undefined) throw new UsageError('--mocks and --test-case go together');
  return new MockedExecution(loadMockConfig(file), machine, testCase);
}

function readInput(args: ParsedArgs): string {
  const inline = stringOption(args, 'input');
  const fromFile = stringOption(args, 'input-file');
  if (inline !== undefined && fromFile !== undefined) throw new UsageError('give --input or --input-file, not both');
  const text = inline ?? (fromFile === undefined ? '{}' : readFileSync(fromFile, 'utf8'));
  try {
    JSON.parse(text);
  } catch (error) {
    const where = fromFile ?? '--input';
    throw new UsageError(`${where} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return text;
}

function localExecution(name: string): ExecutionInfo {
  const executionName = randomUUID();
  return {
    executionArn: `arn:aws:states:${region}:${account}:execution:${name}:${executionName}`,
    name: executionName,
    roleArn: `arn:aws:iam::${account}:role/stepwise-local`,
    stateMachineArn: `arn:aws:states:${region}:${account}:stateMachine:${name}`,
    stateMachineName: name,
  };
}

async function invokeLocalTask(invocation: TaskInvocation, executor: TaskExecutor): Promise<TaskResult> {
  const serverOnly = serverOnlyCause(invocation.stateName, invocation.resource);
  if (serverOnly !== undefined) return { error: 'States.TaskFailed', cause: serverOnly };
  const outcome = await executor.execute(invocation);
  if ('jobStarted' in outcome) {
    const cause = `stepwise run does not wait for jobs: '${invocation.stateName}' runs ${invocation.resource} (serve it, or mock it with --mocks)`;
    return { error: 'States.TaskFailed', cause };
  }
  if (!('waitingForCallback' in outcome) && !('handedOver' in outcome)) return outcome;
  // Nobody can send this token back: in-memory runs end here rather than wait for ever.
  return {
    error: 'States.TaskFailed',
    cause: `stepwise run cannot receive task tokens: '${invocation.stateName}' waits for a callback (mock it with --mocks)`,
    ...('durationSeconds' in outcome ? { durationSeconds: outcome.durationSeconds } : {}),
  };
}

function printOutcome(state: { status: string; output?: string; error?: string; cause?: string }, io: Io): void {
  if (state.status === 'SUCCEEDED') {
    io.out(JSON.stringify(parse(state.output), null, 2));
    return;
  }
  io.err(`${state.status}${state.error === undefined ? '' : `: ${state.error}`}`);
  if (state.cause !== undefined) io.err(state.cause);
}

function hintMissingFunction(error: string | undefined, cause: string | undefined, dir: string, io: Io): void {
  if (error !== 'Lambda.ResourceNotFoundException' || cause === undefined) return;
  const name = functionNameOf(/function:([^:\s]+)/.exec(cause)?.[0] ?? '');
  if (findFunction(dir, name) !== undefined) return;
  io.err(
    `hint: no function '${name}' in ${dir} (looked for ${candidateNames(name)}; set the folder with --functions DIR)`,
  );
}

function printHistory(events: readonly HistoryEvent[], io: Io): void {
  for (const event of events) {
    const { id, previousEventId, type, timestamp, ...details } = event;
    const body = Object.values(details)[0];
    const time = new Date(timestamp).toISOString();
    io.out(
      `${String(id).padStart(4)} ${String(previousEventId).padStart(4)} ${time} ${type} ${body === undefined ? '' : JSON.stringify(body)}`,
    );
  }
}

function parse(text: string | undefined): unknown {
  return text === undefined ? null : JSON.parse(text);
}
