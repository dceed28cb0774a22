// Alias operations (Create, Describe, Update, Delete, List) and weighted routing of an alias to a version.

import type { AliasRecord, RoutingEntry } from '../store/store.ts';
import type { Handler } from './api.ts';
import { checkAliasName, pageSize, requestTags, type ServiceDeps } from './context.ts';
import { paged } from './page-tokens.ts';
import {
  ApiError,
  invalidArn,
  resourceNotFound,
  stateMachineDeleting,
  stateMachineDoesNotExist,
  validationError,
} from './errors.ts';

const invalidRouting = 'INVALID_ROUTING_CONFIGURATION';

/**
 * Picks the version an execution started through an alias runs: `random` in [0, 1) falls into the first
 * route's share of 100 or into the second's.
 */
export function routeAlias(routing: readonly RoutingEntry[], random: number): string {
  const [first, second] = routing;
  if (first === undefined) throw new Error('an alias always has a route');
  return second === undefined || random * 100 < first.weight
    ? first.stateMachineVersionArn
    : second.stateMachineVersionArn;
}

export function aliasHandlers(deps: ServiceDeps) {
  const { store, arns } = deps;

  /** Checks a routing configuration as AWS does, in its order: version ARNs, distinct, one machine, weights. */
  async function checkRouting(routing: RoutingEntry[]): Promise<string> {
    const versionArns = routing.map((r) => r.stateMachineVersionArn);
    const received = `Received: [${versionArns.join(', ')}]`;
    const refs = versionArns.map((arn) => arns.parseStateMachine(arn));
    if (refs.some((ref) => ref.kind !== 'version')) {
      throw validationError(
        `Routing configuration must contain state machine version ARNs. ${received}`,
        invalidRouting,
      );
    }
    if (new Set(versionArns).size !== routing.length) {
      throw validationError(
        `Routing configuration must contain distinct state machine version ARNs. ${received}`,
        invalidRouting,
      );
    }
    const machines = new Set(refs.map((ref) => ref.name));
    if (machines.size > 1) {
      throw validationError('Routing configuration must contain versions of the same state machine.', invalidRouting);
    }
    if (routing.reduce((sum, r) => sum + r.weight, 0) !== 100) {
      const weights = routing.map((r) => String(r.weight)).join(', ');
      throw validationError(
        `Sum of routing configuration weights must equal 100. Received: [${weights}]`,
        invalidRouting,
      );
    }
    const machineArn = arns.stateMachine([...machines][0] ?? '');
    // The versions of a DELETING machine went with the DeleteStateMachine call: its status is the answer.
    if ((await store.getStateMachine(machineArn))?.status === 'DELETING') throw stateMachineDeleting();
    for (const route of routing) {
      if ((await store.getVersion(route.stateMachineVersionArn)) === undefined) {
        throw resourceNotFound(`Resource not found: '${route.stateMachineVersionArn}'`, route.stateMachineVersionArn);
      }
    }
    return machineArn;
  }

  async function existingAlias(arn: string): Promise<AliasRecord> {
    const ref = arns.parseStateMachine(arn);
    if (ref.kind !== 'alias') throw invalidArn(arn);
    const alias = await store.getAlias(arn);
    if (alias === undefined) throw resourceNotFound(`Resource not found: '${arn}'`, arn);
    return alias;
  }

  const create: Handler = async (request) => {
    const name = request.name as string;
    checkAliasName(name);
    const routing = request.routingConfiguration as RoutingEntry[];
    const machineArn = await checkRouting(routing);
    const machineName = arns.parseUnqualifiedStateMachine(machineArn);
    const description = request.description as string | undefined;
    const now = deps.now();
    const alias: AliasRecord = {
      arn: arns.alias(machineName, name),
      stateMachineArn: machineArn,
      name,
      routingConfiguration: routing.map((r) => ({
        stateMachineVersionArn: r.stateMachineVersionArn,
        weight: r.weight,
      })),
      creationDate: now,
      ...(description === undefined ? {} : { description }),
    };
    if (!(await store.createAlias(alias, requestTags(request.tags)))) {
      const existing = await store.getAlias(alias.arn);
      const same =
        existing !== undefined &&
        existing.description === alias.description &&
        JSON.stringify(existing.routingConfiguration) === JSON.stringify(alias.routingConfiguration);
      if (!same) {
        throw new ApiError(
          'ConflictException',
          `Failed to create alias because an alias with the same name and a different routing configuration already exists.`,
        );
      }
      return { stateMachineAliasArn: existing.arn, creationDate: new Date(existing.creationDate) };
    }
    return { stateMachineAliasArn: alias.arn, creationDate: new Date(now) };
  };

  const describe: Handler = async (request) => {
    const alias = await existingAlias(request.stateMachineAliasArn as string);
    return {
      stateMachineAliasArn: alias.arn,
      name: alias.name,
      ...(alias.description === undefined ? {} : { description: alias.description }),
      routingConfiguration: alias.routingConfiguration,
      creationDate: new Date(alias.creationDate),
      ...(alias.updateDate === undefined ? {} : { updateDate: new Date(alias.updateDate) }),
    };
  };

  const update: Handler = async (request) => {
    const arn = request.stateMachineAliasArn as string;
    const alias = await existingAlias(arn);
    const routing = request.routingConfiguration as RoutingEntry[] | undefined;
    const description = request.description as string | undefined;
    if (routing === undefined && description === undefined) {
      throw validationError(
        'Either the description or the RoutingConfiguration must be specified',
        'MISSING_REQUIRED_PARAMETER',
      );
    }
    if (routing !== undefined) {
      const machineArn = await checkRouting(routing);
      if (machineArn !== alias.stateMachineArn) {
        throw validationError('Routing configuration must contain versions of the same state machine.', invalidRouting);
      }
    }
    const now = deps.now();
    const updated = await store.updateAlias(arn, {
      updateDate: now,
      ...(description === undefined ? {} : { description }),
      ...(routing === undefined ? {} : { routingConfiguration: routing }),
    });
    if (updated === undefined) throw resourceNotFound(`Resource not found: '${arn}'`, arn);
    return { updateDate: new Date(now) };
  };

  const remove: Handler = async (request) => {
    const arn = request.stateMachineAliasArn as string;
    const ref = arns.parseStateMachine(arn);
    if (ref.kind !== 'alias') throw invalidArn(arn);
    await store.deleteAlias(arn);
    return {};
  };

  const list: Handler = async (request) => {
    const arn = request.stateMachineArn as string;
    arns.parseUnqualifiedStateMachine(arn);
    const machine = await store.getStateMachine(arn);
    if (machine === undefined) throw stateMachineDoesNotExist(arn);
    if (machine.status === 'DELETING') throw stateMachineDeleting();
    const page = await paged(['ListStateMachineAliases', arn], request.nextToken, (after) =>
      store.listAliases(arn, { limit: pageSize(request.maxResults), ...after }),
    );
    return {
      stateMachineAliases: page.items.map((a) => ({
        stateMachineAliasArn: a.arn,
        creationDate: new Date(a.creationDate),
      })),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    };
  };

  return {
    CreateStateMachineAlias: create,
    DescribeStateMachineAlias: describe,
    UpdateStateMachineAlias: update,
    DeleteStateMachineAlias: remove,
    ListStateMachineAliases: list,
  };
}
