// PutTargets, RemoveTargets and ListTargetsByRule. Stepwise delivers to Step Functions state machines (and their
// versions and aliases); a target of another kind is a failed entry that says so.

import type { TargetRecord } from '../../store/trigger-store.ts';
import { ApiError } from '../errors.ts';
import { existingBus } from './event-buses.ts';
import {
  optionalString,
  pageLimit,
  requiredString,
  ruleNamePattern,
  ruleNotFound,
  validation,
  type EventsDeps,
  type EventsHandler,
} from './events-context.ts';
import { checkTargetInput } from './input-transform.ts';

const stateMachineArn = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:stateMachine:[^:]+(:[^:]+)?$/;

interface FailedEntry {
  TargetId: string;
  ErrorCode: string;
  ErrorMessage: string;
}

/** Checks one target; a failed entry when Stepwise cannot deliver to it. */
function checkTarget(target: Record<string, unknown>): FailedEntry | undefined {
  const id = target.Id;
  if (typeof id !== 'string' || !/^[.\-_A-Za-z0-9]{1,64}$/.test(id))
    throw validation(`Target Id ${String(id)} is not valid.`);
  if (typeof target.Arn !== 'string') throw validation(`Target ${id} has no Arn.`);
  checkTargetInput(target);
  checkRetryPolicy(target);
  if (!stateMachineArn.test(target.Arn)) {
    return {
      TargetId: id,
      ErrorCode: 'ValidationException',
      ErrorMessage: `Stepwise delivers to Step Functions state machines only; ${target.Arn} is not one.`,
    };
  }
  if (typeof target.RoleArn !== 'string') {
    return {
      TargetId: id,
      ErrorCode: 'ValidationException',
      ErrorMessage: `RoleArn is required for target arn ${target.Arn}.`,
    };
  }
  return undefined;
}

function checkRetryPolicy(target: Record<string, unknown>): void {
  const policy = target.RetryPolicy as Record<string, unknown> | undefined;
  if (policy === undefined) return;
  const attempts = policy.MaximumRetryAttempts;
  if (attempts !== undefined && (typeof attempts !== 'number' || attempts < 0 || attempts > 185)) {
    throw validation('RetryPolicy MaximumRetryAttempts must be between 0 and 185.');
  }
  const age = policy.MaximumEventAgeInSeconds;
  if (age !== undefined && (typeof age !== 'number' || age < 60 || age > 86400)) {
    throw validation('RetryPolicy MaximumEventAgeInSeconds must be between 60 and 86400.');
  }
}

async function existingRuleOf(
  deps: EventsDeps,
  request: Record<string, unknown>,
): Promise<{ bus: string; rule: string }> {
  const bus = await existingBus(deps, request.EventBusName);
  const rule = requiredString(request, 'Rule', ruleNamePattern);
  if ((await deps.triggers.getRule(bus.name, rule)) === undefined) throw ruleNotFound(bus.name, rule);
  return { bus: bus.name, rule };
}

export function targetHandlers(deps: EventsDeps): Record<string, EventsHandler> {
  return {
    PutTargets: async (request) => {
      const { bus, rule } = await existingRuleOf(deps, request);
      const targets = request.Targets;
      if (!Array.isArray(targets) || targets.length === 0 || targets.length > 100) {
        throw validation('Targets must be a list of 1 to 100 targets.');
      }
      const failed: FailedEntry[] = [];
      const accepted: TargetRecord[] = [];
      for (const target of targets as Record<string, unknown>[]) {
        const failure = checkTarget(target);
        if (failure === undefined) accepted.push(target as TargetRecord);
        else failed.push(failure);
      }
      const existing = await deps.triggers.listTargets(bus, rule);
      const ids = new Set([...existing.map((t) => t.Id), ...accepted.map((t) => t.Id)]);
      if (ids.size > 5)
        throw new ApiError('LimitExceededException', 'The requested resource exceeds the maximum number allowed.');
      await deps.triggers.putTargets(bus, rule, accepted);
      return { FailedEntryCount: failed.length, FailedEntries: failed };
    },
    RemoveTargets: async (request) => {
      const { bus, rule } = await existingRuleOf(deps, request);
      const ids = request.Ids;
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
        throw validation('Ids must be a list of 1 to 100 target ids.');
      }
      await deps.triggers.removeTargets(bus, rule, ids);
      return { FailedEntryCount: 0, FailedEntries: [] };
    },
    ListTargetsByRule: async (request) => {
      const { bus, rule } = await existingRuleOf(deps, request);
      const limit = pageLimit(request, 'Limit');
      // A rule has at most 5 targets: the token is the index of the page's first one.
      const token = optionalString(request, 'NextToken');
      const from = token === undefined ? 0 : Number(token);
      if (!Number.isInteger(from) || from < 0) throw validation(`NextToken ${String(token)} is not valid.`);
      const targets = await deps.triggers.listTargets(bus, rule);
      const next = from + limit < targets.length ? { NextToken: String(from + limit) } : {};
      return { Targets: targets.slice(from, from + limit), ...next };
    },
  };
}
