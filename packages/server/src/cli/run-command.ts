// `stepwise run DEFINITION.json`: runs a definition in memory on a virtual clock (Waits and back-offs
// take no time) and prints its output, or its error and cause. Exit 0 SUCCEEDED, 1 otherwise, 2 invalid.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  compileMachine,
  decodeDefinition,
  runLocally,
  type ExecutionInfo,
  type HistoryEvent,
  type TaskInvocation,
  type TaskResult,
} from '@stepwise/core';
import { nodeServices } from '../runtime/services.ts';
import { findFunctionFile, functionExtensions, moduleFunctions } from '../runtime/functions/module-functions.ts';
import { functionName, invokeLambdaTask, isLambdaResource } from '../runtime/tasks/lambda.ts';
import { parseArgs, stringOption, UsageError, type ParsedArgs } from './args.ts';
import type { Io } from './io.ts';
import { printDiagnostics } from './validate-command.ts';

const region = 'us-east-1';
const account = '123456789012';

export async function runCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['history', 'json'], ['input', 'input-file', 'functions']);
  const file = args.positional[0];
  if (file === undefined) throw new UsageError('run needs a definition file: stepwise run DEFINITION.json');
  const decoded = decodeDefinition(readFileSync(file, 'utf8'));
  if (decoded.definition === undefined) {
    printDiagnostics(file, decoded.diagnostics, io);
    return 2;
  }
  const input = readInput(args);
  const functionsDir = resolve(stringOption(args, 'functions') ?? 'functions');
  const name =
    basename(file)
      .replace(/\.[^.]*$/, '')
      .replace(/[^A-Za-z0-9_-]/g, '_') || 'machine';
  const execution = localExecution(name);
  const { state, events } = await runLocally(compileMachine(decoded.definition), {
    execution,
    input,
    startTime: Date.now(),
    services: nodeServices,
    invokeTask: (invocation) => invokeLocalTask(invocation, functionsDir),
  });
  if (args.options.has('json')) {
    const report = { status: state.status, output: parse(state.output), error: state.error, cause: state.cause };
    io.out(JSON.stringify(args.options.has('history') ? { ...report, events } : report, null, 2));
  } else {
    if (args.options.has('history')) printHistory(events, io);
    printOutcome(state, io);
    hintMissingFunction(state.error, state.cause, functionsDir, io);
  }
  return state.status === 'SUCCEEDED' ? 0 : 1;
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

function invokeLocalTask(invocation: TaskInvocation, functionsDir: string): Promise<TaskResult> {
  if (!isLambdaResource(invocation.resource)) {
    const cause = `stepwise run can call Lambda functions from ${functionsDir}; ${invocation.resource} is not one`;
    return Promise.resolve({ error: 'States.TaskFailed', cause });
  }
  const resolveFunction = moduleFunctions(functionsDir, `arn:aws:lambda:${region}:${account}:function:`);
  return invokeLambdaTask(invocation, resolveFunction, { region, accountId: account });
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
  const name = functionName(/function:([^:\s]+)/.exec(cause)?.[0] ?? '');
  if (findFunctionFile(dir, name) !== undefined) return;
  const files = functionExtensions.map((extension) => name + extension).join(', ');
  io.err(`hint: no function '${name}' in ${dir} (looked for ${files}; set the folder with --functions DIR)`);
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
