// State machine operations: Create, Update, Delete, Describe, DescribeForExecution, List, ValidateDefinition.

import {
  decodeDefinition,
  formatInvalidDefinitionMessage,
  toValidateResponse,
  variableReferences,
  type JsonValue,
} from '@stepwise/core';
import type { StateMachineRecord, StateMachineType, Store, VersionRecord } from '../store/store.ts';
import type { Handler } from './api.ts';
import { checkName, pageSize, requestTags, type ServiceDeps } from './context.ts';
import { issueToken, readToken } from './page-tokens.ts';
import {
  ApiError,
  executionDoesNotExist,
  invalidArn,
  stateMachineDeleting,
  stateMachineDoesNotExist,
} from './errors.ts';
import { checkLoggingConfiguration } from './logging-configuration.ts';

const defaultLogging = { level: 'OFF', includeExecutionData: false };
const defaultTracing = { enabled: false };
/** Stepwise keeps no keys: every machine is as AWS describes one created without an EncryptionConfiguration. */
const defaultEncryption = { type: 'AWS_OWNED_KEY' };
const roleArnPattern = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

/** AWS's `variableReferences` member of a definition, absent when no state reads a variable. */
export function describedReferences(definition: string): { variableReferences?: Record<string, string[]> } {
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(definition) as JsonValue;
  } catch {
    return {};
  }
  const references = variableReferences(parsed);
  return references === undefined ? {} : { variableReferences: references };
}

/** Decodes a definition for a machine type; any ERROR diagnostic is AWS's InvalidDefinition. */
export function checkDefinition(text: string, type: StateMachineType): void {
  const { definition, diagnostics } = decodeDefinition(text, { type });
  if (definition === undefined) {
    throw new ApiError('InvalidDefinition', formatInvalidDefinitionMessage(diagnostics, text));
  }
}

function checkRoleArn(roleArn: string): void {
  if (!roleArnPattern.test(roleArn)) throw invalidArn(roleArn, `Invalid ARN prefix: ${roleArn}`);
}

function sameConfiguration(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function stateMachineHandlers(deps: ServiceDeps) {
  const { store, arns } = deps;

  const create: Handler = async (request) => {
    const name = request.name as string;
    checkName(name);
    const type = (request.type ?? 'STANDARD') as StateMachineType;
    const definition = request.definition as string;
    const roleArn = request.roleArn as string;
    checkRoleArn(roleArn);
    checkDefinition(definition, type);
    if (request.versionDescription !== undefined && request.publish !== true) {
      throw new ApiError('ValidationException', 'Version description can only be set when publish is true');
    }
    const tags = requestTags(request.tags);
    const now = deps.now();
    const record: StateMachineRecord = {
      arn: arns.stateMachine(name),
      name,
      type,
      definition,
      roleArn,
      revisionId: deps.uuid(),
      creationDate: now,
    };
    if (request.loggingConfiguration !== undefined)
      record.loggingConfiguration = await checkLoggingConfiguration(
        request.loggingConfiguration,
        deps.logs,
        deps.logsAccount,
      );
    if (request.tracingConfiguration !== undefined)
      record.tracingConfiguration = request.tracingConfiguration as JsonValue;
    if (!(await store.createStateMachine(record, tags))) {
      // CreateStateMachine is idempotent for an identical request; anything else is a conflict.
      const existing = await store.getStateMachine(record.arn);
      if (existing?.status === 'DELETING') throw stateMachineDeleting();
      const identical =
        existing !== undefined &&
        existing.type === type &&
        existing.definition === definition &&
        existing.roleArn === roleArn &&
        sameConfiguration(existing.loggingConfiguration, record.loggingConfiguration) &&
        sameConfiguration(existing.tracingConfiguration, record.tracingConfiguration);
      if (!identical || request.publish === true) {
        throw new ApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${record.arn}'`);
      }
      return { stateMachineArn: existing.arn, creationDate: new Date(existing.creationDate) };
    }
    const response: Record<string, unknown> = { stateMachineArn: record.arn, creationDate: new Date(now) };
    if (request.publish === true) {
      const description = request.versionDescription as string | undefined;
      const version = await store.publishVersion(record.arn, {
        creationDate: now,
        ...(description === undefined ? {} : { description }),
      });
      if (version !== undefined) response.stateMachineVersionArn = version.arn;
    }
    return response;
  };

  const update: Handler = async (request) => {
    const arn = request.stateMachineArn as string;
    // A version cannot be updated: AWS answers as for a machine it cannot find.
    if (arns.parseStateMachine(arn).kind === 'version') throw stateMachineDoesNotExist(arn);
    arns.parseUnqualifiedStateMachine(arn);
    const machine = await store.getStateMachine(arn);
    if (machine === undefined) throw stateMachineDoesNotExist(arn);
    if (machine.status === 'DELETING') throw stateMachineDeleting();
    const { definition, roleArn, tracingConfiguration } = request;
    const loggingConfiguration =
      request.loggingConfiguration === undefined
        ? undefined
        : await checkLoggingConfiguration(request.loggingConfiguration, deps.logs, deps.logsAccount);
    if (
      definition === undefined &&
      roleArn === undefined &&
      loggingConfiguration === undefined &&
      tracingConfiguration === undefined &&
      request.encryptionConfiguration === undefined
    ) {
      throw new ApiError(
        'MissingRequiredParameter',
        'Either the definition, the role ARN, the LoggingConfiguration, the EncryptionConfiguration or the TracingConfiguration must be specified',
      );
    }
    if (request.versionDescription !== undefined && request.publish !== true) {
      throw new ApiError('ValidationException', 'Version description can only be set when publish is true');
    }
    if (typeof definition === 'string') checkDefinition(definition, machine.type);
    if (typeof roleArn === 'string') checkRoleArn(roleArn);
    const changed =
      (typeof definition === 'string' && definition !== machine.definition) ||
      (typeof roleArn === 'string' && roleArn !== machine.roleArn) ||
      (loggingConfiguration !== undefined && !sameConfiguration(loggingConfiguration, machine.loggingConfiguration)) ||
      (tracingConfiguration !== undefined &&
        !sameConfiguration(tracingConfiguration as JsonValue, machine.tracingConfiguration));
    const now = deps.now();
    const patch = {
      revisionId: changed ? deps.uuid() : machine.revisionId,
      updateDate: now,
      ...(typeof definition === 'string' ? { definition } : {}),
      ...(typeof roleArn === 'string' ? { roleArn } : {}),
      ...(loggingConfiguration === undefined ? {} : { loggingConfiguration }),
      ...(tracingConfiguration === undefined ? {} : { tracingConfiguration: tracingConfiguration as JsonValue }),
    };
    const description = request.versionDescription as string | undefined;
    // Publishing what the newest version already holds returns that version, as AWS does.
    const current = request.publish === true && !changed ? await newestVersion(arn, machine.revisionId) : undefined;
    const publish =
      request.publish === true && current === undefined
        ? { creationDate: now, ...(description === undefined ? {} : { description }) }
        : undefined;
    const updated = await store.updateStateMachine(arn, patch, publish);
    if (updated === undefined) throw stateMachineDoesNotExist(arn);
    const response: Record<string, unknown> = { updateDate: new Date(now), revisionId: updated.machine.revisionId };
    const version = updated.version ?? current;
    if (version !== undefined) response.stateMachineVersionArn = version.arn;
    return response;
  };

  async function newestVersion(arn: string, revisionId: string): Promise<VersionRecord | undefined> {
    const newest = (await store.listVersions(arn, { limit: 1 })).items[0];
    return newest?.revisionId === revisionId ? newest : undefined;
  }

  const remove: Handler = async (request) => {
    const arn = request.stateMachineArn as string;
    if (/:stateMachine:[^:/]+\/[^:]+$/.test(arn)) {
      throw new ApiError(
        'ValidationException',
        `Deleting a Distributed Map state's labelled ARN is not supported: '${arn}'`,
      );
    }
    const ref = arns.parseStateMachine(arn);
    if (ref.kind !== 'stateMachine') throw invalidArn(arn);
    // Deleting a machine that does not exist succeeds, as on AWS. Express executions live in memory: the
    // machine goes at once (AWS: "eventually", its running executions may still log).
    const machine = await store.getStateMachine(arn);
    if (machine?.type === 'EXPRESS') await store.deleteStateMachine(arn);
    else if (machine !== undefined) await deps.runtime.deleteStateMachine(arn);
    return {};
  };

  const describe: Handler = async (request) => {
    const arn = request.stateMachineArn as string;
    const ref = arns.parseStateMachine(arn);
    if (ref.kind === 'alias') throw invalidArn(arn);
    if (ref.kind === 'version') {
      const version = await store.getVersion(arn);
      if (version === undefined) throw stateMachineDoesNotExist(arn);
      return describeVersion(version, ref.name);
    }
    const machine = await store.getStateMachine(arn);
    if (machine === undefined) throw stateMachineDoesNotExist(arn);
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: machine.status ?? 'ACTIVE',
      definition: machine.definition,
      roleArn: machine.roleArn,
      type: machine.type,
      creationDate: new Date(machine.creationDate),
      loggingConfiguration: machine.loggingConfiguration ?? defaultLogging,
      tracingConfiguration: machine.tracingConfiguration ?? defaultTracing,
      encryptionConfiguration: defaultEncryption,
      // AWS gives a revisionId only once the machine has been updated.
      ...(machine.updateDate === undefined ? {} : { revisionId: machine.revisionId }),
      ...describedReferences(machine.definition),
    };
  };

  const describeForExecution: Handler = async (request) => {
    const arn = request.executionArn as string;
    const ref = arns.parseExecution(arn);
    const execution = ref.kind === 'execution' ? await store.getExecution(arn) : undefined;
    if (execution === undefined) throw executionDoesNotExist(arn);
    const machine = await store.getStateMachine(execution.stateMachineArn);
    const response: Record<string, unknown> = {
      stateMachineArn: execution.stateMachineArn,
      name: arns.parseUnqualifiedStateMachine(execution.stateMachineArn),
      definition: execution.definition,
      roleArn: execution.roleArn,
      updateDate: new Date(machine?.updateDate ?? machine?.creationDate ?? execution.startDate),
      loggingConfiguration: execution.loggingConfiguration ?? defaultLogging,
      tracingConfiguration: execution.tracingConfiguration ?? defaultTracing,
      revisionId: execution.revisionId,
      ...describedReferences(execution.definition),
    };
    if (execution.mapRunArn !== undefined) response.mapRunArn = execution.mapRunArn;
    return response;
  };

  // AWS lists state machines by name; a page token holds the last name it showed.
  const list: Handler = async (request) => {
    const binding = ['ListStateMachines'];
    const last = typeof request.nextToken === 'string' ? readToken(binding, request.nextToken) : undefined;
    const machines = (await allStateMachines(store, arns.accountPrefix)).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    const rest = last === undefined ? machines : machines.filter((m) => m.name > last);
    const limit = pageSize(request.maxResults);
    const items = rest.slice(0, limit);
    const next = rest.length > limit ? items.at(-1)?.name : undefined;
    return {
      stateMachines: items.map((m) => ({
        stateMachineArn: m.arn,
        name: m.name,
        type: m.type,
        creationDate: new Date(m.creationDate),
      })),
      ...(next === undefined ? {} : { nextToken: issueToken(binding, next) }),
    };
  };

  const validate: Handler = (request) => {
    const type = (request.type ?? 'STANDARD') as StateMachineType;
    const response = toValidateResponse(decodeDefinition(request.definition as string, { type }).diagnostics);
    // severity ERROR (the default) hides warnings; maxResults truncates the list.
    const shown =
      request.severity === 'WARNING'
        ? response.diagnostics
        : response.diagnostics.filter((d) => d.severity === 'ERROR');
    const limit = pageSize(request.maxResults);
    return { ...response, diagnostics: shown.slice(0, limit), truncated: shown.length > limit };
  };

  return {
    CreateStateMachine: create,
    UpdateStateMachine: update,
    DeleteStateMachine: remove,
    DescribeStateMachine: describe,
    DescribeStateMachineForExecution: describeForExecution,
    ListStateMachines: list,
    ValidateStateMachineDefinition: validate,
  };
}

function describeVersion(version: VersionRecord, name: string): Record<string, unknown> {
  const response: Record<string, unknown> = {
    stateMachineArn: version.arn,
    name,
    status: 'ACTIVE',
    definition: version.definition,
    roleArn: version.roleArn,
    type: version.type,
    creationDate: new Date(version.creationDate),
    loggingConfiguration: version.loggingConfiguration ?? defaultLogging,
    tracingConfiguration: version.tracingConfiguration ?? defaultTracing,
    revisionId: version.revisionId,
    ...describedReferences(version.definition),
  };
  if (version.description !== undefined) response.description = version.description;
  return response;
}

/** Every state machine of the store (AWS's quota keeps them to some thousands). */
async function allStateMachines(store: Store, arnPrefix: string): Promise<StateMachineRecord[]> {
  const machines: StateMachineRecord[] = [];
  let after: string | undefined;
  do {
    const page = await store.listStateMachines({ limit: 1000, ...(after === undefined ? {} : { after }) }, arnPrefix);
    machines.push(...page.items);
    after = page.nextToken;
  } while (after !== undefined);
  return machines;
}
